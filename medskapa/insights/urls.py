from django.urls import path

from . import views

app_name = "insights"

ORG = "org/<uuid:organisation>/insights/"

urlpatterns = [
    path(ORG, views.home, name="home"),
    path(ORG + "sources/new/", views.source_create, name="source_create"),
    path(ORG + "sources/new/columns/", views.source_mapping, name="mapping"),
    path(ORG + "sources/<uuid:source>/", views.source_detail, name="source"),
    path(ORG + "sources/<uuid:source>/delete/", views.source_delete, name="source_delete"),
    path(ORG + "fragments/<uuid:fragment>/tags/", views.fragment_tags, name="fragment_tags"),
    path(ORG + "fragments/<uuid:fragment>/unmask/", views.fragment_unmask, name="unmask"),
    path(ORG + "codebook/", views.codebook, name="codebook"),
    path(ORG + "runs/new/", views.run_start, name="run_start"),
    path(ORG + "runs/<uuid:run>/", views.run_detail, name="run"),
    path(ORG + "runs/<uuid:run>/status/", views.run_status, name="run_status"),
    path(ORG + "runs/<uuid:run>/board/", views.board_action, name="board"),
    path(ORG + "patterns/<uuid:pattern>/", views.pattern_detail, name="pattern"),
    path(ORG + "shared/", views.bring_in, name="bring_in"),
    path(ORG + "export.<str:fmt>", views.export, name="export"),
]
