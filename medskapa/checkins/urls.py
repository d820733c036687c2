from django.urls import path

from . import views

app_name = "checkins"

me = "me/checkin/<uuid:organisation>/"
org = "org/<uuid:organisation>/checkins/"

urlpatterns = [
    # The young person's own check-in
    path(me, views.start, name="start"),
    path(f"{me}q/<str:step>/", views.step, name="step"),
    path(f"{me}send/", views.review, name="review"),
    path(f"{me}done/<uuid:checkin>/", views.done, name="done"),
    path(f"{me}history/", views.history, name="history"),
    path(f"{me}talk/", views.contact, name="contact"),
    path(f"{me}reminders/", views.reminders, name="reminders"),
    path(f"{me}share/", views.share, name="share"),
    path("me/checkin/shares/<uuid:link>/revoke/", views.share_revoke, name="share_revoke"),
    path("s/<str:token>/", views.shared, name="shared"),
    # The worker's pages
    path(org, views.caseload, name="caseload"),
    path(f"{org}people/<uuid:young_person>/", views.person, name="person"),
    path(f"{org}people/<uuid:young_person>/rhythm/", views.suggest_rhythm, name="suggest_rhythm"),
    path(
        f"{org}people/<uuid:young_person>/checkins/<uuid:checkin>/flags/handle/",
        views.flags_handle_routine,
        name="flags_handle_routine",
    ),
    path("checkins/flags/<uuid:flag>/handle/", views.flag_handle, name="flag_handle"),
    path("checkins/contact/<uuid:contact>/handle/", views.contact_handle, name="contact_handle"),
    path(f"{org}rules/", views.flag_rules, name="flag_rules"),
    # Anonymous campaigns
    path(f"{org}campaigns/", views.campaigns, name="campaigns"),
    path("checkins/campaigns/<uuid:campaign>/", views.campaign_detail, name="campaign"),
    path("checkins/campaigns/<uuid:campaign>/codes/", views.campaign_codes, name="campaign_codes"),
    path("c/receipt/", views.receipt, name="receipt"),
    path("c/<slug:slug>/", views.campaign_public, name="campaign_public"),
    path("c/<slug:slug>/q/<str:step>/", views.campaign_step, name="campaign_step"),
    path("c/<slug:slug>/send/", views.campaign_review, name="campaign_review"),
    path("c/<slug:slug>/thanks/", views.campaign_done, name="campaign_done"),
]

# --- BEGIN question editor and instruments (helper block: editor.py, instrument_views.py) ---
from . import editor, instrument_views  # noqa: E402

urlpatterns += [
    path(f"{org}questions/", editor.overview, name="editor"),
    path(f"{org}questions/versions/<int:number>/", editor.version_detail, name="editor_version"),
    path(f"{org}questions/areas/new/", editor.area_add, name="editor_area_add"),
    path(f"{org}questions/areas/<slug:area>/", editor.area_edit, name="editor_area"),
    path(f"{org}questions/areas/<slug:area>/move/", editor.area_move, name="editor_area_move"),
    path(
        f"{org}questions/areas/<slug:area>/remove/", editor.area_remove, name="editor_area_remove"
    ),
    path(
        f"{org}questions/areas/<slug:area>/followup/",
        editor.followup_edit,
        name="editor_followup",
    ),
    path(
        f"{org}questions/areas/<slug:area>/followup/remove/",
        editor.followup_remove,
        name="editor_followup_remove",
    ),
    path(f"{org}questions/own-words/", editor.free_texts, name="editor_free_texts"),
    # Instruments: org admins
    path(f"{org}instruments/", instrument_views.instrument_list, name="instruments"),
    path(
        f"{org}instruments/<uuid:version>/",
        instrument_views.instrument_detail,
        name="instrument_detail",
    ),
    path(
        f"{org}instruments/<uuid:version>/active/",
        instrument_views.instrument_activate,
        name="instrument_activate",
    ),
    # Instruments: workers
    path(
        f"{org}people/<uuid:young_person>/instruments/",
        instrument_views.instrument_assign,
        name="instrument_assign",
    ),
    path(
        "checkins/instruments/requests/<uuid:assignment>/withdraw/",
        instrument_views.instrument_withdraw,
        name="instrument_withdraw",
    ),
    path(
        "checkins/instruments/answers/<uuid:response>/",
        instrument_views.instrument_response,
        name="instrument_response",
    ),
    # Instruments: the young person
    path(
        f"{me}instruments/<uuid:assignment>/",
        instrument_views.instrument_start,
        name="instrument_start",
    ),
    path(
        f"{me}instruments/<uuid:assignment>/q/<int:number>/",
        instrument_views.instrument_item,
        name="instrument_item",
    ),
    path(
        f"{me}instruments/<uuid:assignment>/send/",
        instrument_views.instrument_review,
        name="instrument_review",
    ),
    path(
        f"{me}instruments/done/<uuid:response>/",
        instrument_views.instrument_done,
        name="instrument_done",
    ),
]
# --- END question editor and instruments ---
