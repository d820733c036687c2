from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("org/<uuid:organisation>/", views.organisation_home, name="home"),
    path("org/<uuid:organisation>/settings/", views.organisation_settings, name="settings"),
    path("org/<uuid:organisation>/units/new/", views.unit_create, name="unit_create"),
    path("org/<uuid:organisation>/units/<uuid:unit>/", views.unit_edit, name="unit_edit"),
    path("org/<uuid:organisation>/staff/", views.staff_list, name="staff"),
    path("org/<uuid:organisation>/staff/invite/", views.staff_invite, name="staff_invite"),
    path("org/<uuid:organisation>/staff/<uuid:member>/", views.staff_detail, name="staff_detail"),
    path("org/<uuid:organisation>/young-people/", views.caseload, name="caseload"),
    path(
        "org/<uuid:organisation>/young-people/invite/",
        views.young_person_invite,
        name="young_person_invite",
    ),
    path(
        "org/<uuid:organisation>/young-people/<uuid:young_person>/",
        views.young_person_detail,
        name="young_person_detail",
    ),
    path(
        "org/<uuid:organisation>/young-people/<uuid:young_person>/password-code/",
        views.young_person_password_code,
        name="young_person_password_code",
    ),
    path("org/<uuid:organisation>/pages/<slug:kind>/", views.page_edit, name="page_edit"),
    path("consents/<uuid:consent>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("invites/<uuid:invite>/revoke/", views.invite_revoke, name="invite_revoke"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.join_with_code, name="join_with_code"),
    path("welcome/<str:secret>/", views.staff_accept, name="staff_accept"),
]
