from django.urls import path

from medskapa.ops import views as ops_views

from . import views

app_name = "web"

urlpatterns = [
    path("", views.start, name="start"),
    path("account/", views.account, name="account"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("notifications/", views.notifications, name="notifications"),
    path(
        "notifications/<uuid:notification>/open/",
        views.notification_open,
        name="notification_open",
    ),
    path(
        "org/<uuid:organisation>/accessibility-reports/",
        views.accessibility_reports,
        name="accessibility_reports",
    ),
    path("o/<slug:slug>/<slug:kind>/", views.organisation_page, name="organisation_page"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("metrics", ops_views.metrics_view, name="metrics"),
]
