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
    path("checkins/flags/<uuid:flag>/handle/", views.flag_handle, name="flag_handle"),
    path("checkins/contact/<uuid:contact>/handle/", views.contact_handle, name="contact_handle"),
    path(f"{org}rules/", views.flag_rules, name="flag_rules"),
    # Anonymous campaigns
    path(f"{org}campaigns/", views.campaigns, name="campaigns"),
    path("checkins/campaigns/<uuid:campaign>/", views.campaign_detail, name="campaign"),
    path("c/receipt/", views.receipt, name="receipt"),
    path("c/<slug:slug>/", views.campaign_public, name="campaign_public"),
    path("c/<slug:slug>/q/<str:step>/", views.campaign_step, name="campaign_step"),
    path("c/<slug:slug>/send/", views.campaign_review, name="campaign_review"),
    path("c/<slug:slug>/thanks/", views.campaign_done, name="campaign_done"),
]
