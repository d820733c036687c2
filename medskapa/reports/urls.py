from django.urls import path

from . import views

app_name = "reports"

org = "org/<uuid:organisation>/reports/"

urlpatterns = [
    path(org, views.dashboard, name="dashboard"),
    path(f"{org}csv/<slug:table>/", views.dashboard_csv, name="dashboard_csv"),
    path(f"{org}gaps/", views.gaps, name="gaps"),
    path(f"{org}gaps/csv/<slug:table>/", views.gaps_csv, name="gaps_csv"),
    path(f"{org}gaps/new/", views.gap_new, name="gap_new"),
    path(f"{org}gaps/thanks/", views.gap_thanks, name="gap_thanks"),
    path(f"{org}settings/", views.settings_page, name="settings"),
    path(f"{org}yearly/", views.reports, name="reports"),
    path("reports/gaps/<uuid:gap>/", views.gap_detail, name="gap"),
    path("reports/gaps/<uuid:gap>/reporter/", views.gap_reporter, name="gap_reporter"),
    path("reports/<uuid:report>/", views.report_detail, name="report"),
    path("reports/<uuid:report>/edit/", views.report_edit, name="report_edit"),
    path("reports/<uuid:report>/pdf/", views.report_pdf, name="report_pdf"),
    path("reports/<uuid:report>/csv/<slug:table>/", views.report_csv, name="report_csv"),
    path("reports/<uuid:report>/texts/new/", views.section_edit, name="section_new"),
    path("reports/<uuid:report>/texts/<uuid:section>/", views.section_edit, name="section"),
]
