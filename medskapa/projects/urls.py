from django.urls import path

from . import views

app_name = "projects"

ORG = "org/<uuid:organisation>/projects/"
P = ORG + "<uuid:project>/"
MAP = P + "maps/<uuid:journey>/"
MINE = "me/projects/"

urlpatterns = [
    # The team's pages
    path(ORG, views.project_list, name="list"),
    path(ORG + "new/", views.project_create, name="create"),
    path(P, views.project_detail, name="detail"),
    path(P + "edit/", views.project_edit, name="edit"),
    path(P + "phases/", views.phases, name="phases"),
    path(P + "phases/add/", views.phase_add, name="phase_add"),
    path(P + "phases/<uuid:phase>/", views.phase_change, name="phase_change"),
    path(P + "library/", views.library_list, name="library"),
    path(P + "library/<slug:card>/", views.library_card, name="card"),
    path(P + "cocreators/", views.cocreators, name="cocreators"),
    path(P + "goals/", views.goal_list, name="goals"),
    path(P + "goals/<uuid:goal>/", views.goal_detail, name="goal"),
    path(P + "prototypes/", views.prototype_list, name="prototypes"),
    path(P + "prototypes/<uuid:prototype>/", views.prototype_detail, name="prototype"),
    path(P + "prototypes/<uuid:prototype>/edit/", views.prototype_edit, name="prototype_edit"),
    path(P + "prototypes/<uuid:prototype>/rounds/", views.prototype_round, name="prototype_round"),
    path(
        P + "prototypes/<uuid:prototype>/ratings/", views.prototype_rating, name="prototype_rating"
    ),
    path(P + "decisions/", views.decision_list, name="decisions"),
    path(P + "decisions/<uuid:decision>/", views.decision_detail, name="decision"),
    path(P + "links/remove/<uuid:link>/", views.link_remove, name="link_remove"),
    path(P + "links/<str:source_type>/<uuid:source>/", views.link_picker, name="links"),
    path(MAP, views.journey_detail, name="map"),
    path(MAP + "edit/", views.journey_edit, name="map_edit"),
    path(MAP + "stages/add/", views.stage_add, name="stage_add"),
    path(MAP + "stages/<uuid:stage>/", views.stage_change, name="stage_change"),
    path(MAP + "cards/add/", views.card_add, name="card_add"),
    path(MAP + "cards/<uuid:card>/", views.card_change, name="card_change"),
    path(MAP + "export.pdf", views.journey_pdf, name="map_pdf"),
    path(MAP + "export.png", views.journey_png, name="map_png"),
    # A young person's own pages
    path(MINE, views.mine, name="mine"),
    path(MINE + "join/", views.join, name="join"),
    path(MINE + "<uuid:project>/", views.mine_detail, name="mine_detail"),
    path(MINE + "<uuid:project>/leave/", views.mine_leave, name="mine_leave"),
    path(MINE + "<uuid:project>/goals/<uuid:goal>/", views.mine_goal, name="mine_goal"),
    path(
        MINE + "<uuid:project>/prototypes/<uuid:prototype>/",
        views.mine_prototype,
        name="mine_prototype",
    ),
    # The public goal-image link: anyone, one answer per device
    path("malbild/<str:slug>/", views.campaign, name="campaign"),
    path("malbild/<str:slug>/<uuid:goal>/", views.campaign_goal, name="campaign_goal"),
]
