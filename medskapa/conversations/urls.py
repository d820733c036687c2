from django.urls import path

from . import views

app_name = "conversations"

ORG = "org/<uuid:organisation>/guides/"
GUIDE = ORG + "<uuid:guide>/"
MEETING = ORG + "meetings/<uuid:meeting>/"
ME = "me/guides/<uuid:meeting>/"

urlpatterns = [
    # Staff: guides and the shared library.
    path(ORG, views.guide_list, name="guide_list"),
    path(ORG + "library/", views.library, name="library"),
    path(GUIDE, views.guide_detail, name="guide_detail"),
    path(GUIDE + "copy/", views.guide_copy, name="guide_copy"),
    path(GUIDE + "edit/", views.guide_edit, name="guide_edit"),
    path(GUIDE + "cards/new/", views.card_edit, name="card_new"),
    path(GUIDE + "cards/<slug:card>/", views.card_edit, name="card_edit"),
    path(GUIDE + "sections/<int:index>/", views.section_edit, name="section_edit"),
    path(GUIDE + "sections/<int:index>/delete/", views.section_delete, name="section_delete"),
    path(GUIDE + "pictures/<str:name>", views.guide_picture, name="guide_picture"),
    path(GUIDE + "publish/", views.guide_publish, name="guide_publish"),
    path(GUIDE + "library/", views.guide_library, name="guide_library"),
    path(GUIDE + "pdf/<slug:variant>/<slug:language>/", views.guide_pdf, name="guide_pdf"),
    path(GUIDE + "send/", views.guide_send, name="guide_send"),
    # Staff: meetings with young people on the caseload.
    path(ORG + "meetings/", views.meeting_list, name="meeting_list"),
    path(MEETING, views.meeting_detail, name="meeting_detail"),
    path(MEETING + "cards/<int:number>/", views.meeting_mode, name="meeting_mode"),
    path(MEETING + "summary/", views.summary_edit, name="summary_edit"),
    path(MEETING + "pictures/<str:name>", views.meeting_picture, name="meeting_picture"),
    # Young people: prepare, share, read the summary.
    path("me/guides/", views.my_guides, name="my_guides"),
    path(ME, views.prepare_start, name="prepare_start"),
    path(ME + "cards/<int:number>/", views.prepare_card, name="prepare_card"),
    path(ME + "share/", views.prepare_share, name="prepare_share"),
    path(ME + "summary/", views.my_summary, name="my_summary"),
    path(ME + "pictures/<str:name>", views.my_picture, name="my_picture"),
]
