from django.urls import path

from . import views

app_name = "events"

ORG = "org/<uuid:organisation>/events/"
EVENT = ORG + "<uuid:event>/"

urlpatterns = [
    # Staff
    path(ORG, views.event_list, name="list"),
    path(ORG + "new/", views.event_create, name="create"),
    path(ORG + "settings/", views.event_settings, name="settings"),
    path(EVENT, views.event_detail, name="detail"),
    path(EVENT + "edit/", views.event_edit, name="edit"),
    path(EVENT + "cancel/", views.event_cancel, name="cancel_event"),
    path(EVENT + "invite-panel/", views.event_invite_panel, name="invite_panel"),
    path(EVENT + "signups/", views.signup_list, name="signups"),
    path(
        EVENT + "signups/<uuid:signup>/attendance/",
        views.signup_attendance,
        name="attendance",
    ),
    path(
        ORG + "signups/<uuid:signup>/cancel/",
        views.signup_cancel_by_staff,
        name="staff_cancel_signup",
    ),
    path("org/<uuid:organisation>/panel/", views.recruitment, name="recruitment"),
    # Public: links with a single-purpose token first, then the event's own pages.
    path("e/confirm/<str:token>/", views.confirm, name="confirm"),
    path("e/cancel/<str:token>/", views.cancel, name="cancel"),
    path("e/guardian/<str:token>/", views.guardian, name="guardian"),
    path("e/feedback/<str:token>/", views.feedback, name="feedback"),
    path("e/<slug:slug>/", views.event_public, name="public"),
    path("e/<slug:slug>/signed-up/", views.signed_up, name="signed_up"),
    path("e/<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    # A young person's own pages
    path("me/events/", views.my_history, name="mine"),
    path(
        "me/events/<uuid:participation>/feedback/",
        views.participation_feedback,
        name="participation_feedback",
    ),
    path("me/panel/", views.panel_start, name="panel_start"),
    path("me/panel/<uuid:organisation>/", views.panel, name="panel"),
    path("me/panel/leave/<uuid:membership>/", views.panel_leave, name="panel_leave"),
    path(
        "me/panel/invitations/<uuid:invitation>/decline/",
        views.invitation_decline,
        name="invitation_decline",
    ),
]
