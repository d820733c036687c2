from django.urls import path

from .views import public, staff, young

app_name = "projects"

ORG = "org/<uuid:organisation>/projects/"
P = ORG + "<uuid:project>/"
MAP = P + "maps/<uuid:journey>/"
MINE = "me/projects/"

urlpatterns = [
    # The team's pages
    path(ORG, staff.project_list, name="list"),
    path(ORG + "new/", staff.project_create, name="create"),
    path(P, staff.project_detail, name="detail"),
    path(P + "edit/", staff.project_edit, name="edit"),
    path(P + "phases/", staff.phases, name="phases"),
    path(P + "phases/add/", staff.phase_add, name="phase_add"),
    path(P + "phases/<uuid:phase>/", staff.phase_change, name="phase_change"),
    path(P + "library/", staff.library_list, name="library"),
    path(P + "library/<slug:card>/", staff.library_card, name="card"),
    path(P + "cocreators/", staff.cocreators, name="cocreators"),
    path(P + "goals/", staff.goal_list, name="goals"),
    path(P + "goals/<uuid:goal>/", staff.goal_detail, name="goal"),
    path(P + "prototypes/", staff.prototype_list, name="prototypes"),
    path(P + "prototypes/<uuid:prototype>/", staff.prototype_detail, name="prototype"),
    path(P + "prototypes/<uuid:prototype>/edit/", staff.prototype_edit, name="prototype_edit"),
    path(P + "prototypes/<uuid:prototype>/rounds/", staff.prototype_round, name="prototype_round"),
    path(
        P + "prototypes/<uuid:prototype>/ratings/", staff.prototype_rating, name="prototype_rating"
    ),
    path(P + "decisions/", staff.decision_list, name="decisions"),
    path(P + "decisions/<uuid:decision>/", staff.decision_detail, name="decision"),
    path(P + "links/remove/<uuid:link>/", staff.link_remove, name="link_remove"),
    path(P + "links/<str:source_type>/<uuid:source>/", staff.link_picker, name="links"),
    path(MAP, staff.journey_detail, name="map"),
    path(MAP + "edit/", staff.journey_edit, name="map_edit"),
    path(MAP + "stages/add/", staff.stage_add, name="stage_add"),
    path(MAP + "stages/<uuid:stage>/", staff.stage_change, name="stage_change"),
    path(MAP + "cards/add/", staff.card_add, name="card_add"),
    path(MAP + "cards/<uuid:card>/", staff.card_change, name="card_change"),
    path(MAP + "export.pdf", staff.journey_pdf, name="map_pdf"),
    path(MAP + "export.png", staff.journey_png, name="map_png"),
    # A young person's own pages
    path(MINE, young.mine, name="mine"),
    path(MINE + "join/", young.join, name="join"),
    path(MINE + "<uuid:project>/", young.mine_detail, name="mine_detail"),
    path(MINE + "<uuid:project>/leave/", young.mine_leave, name="mine_leave"),
    path(MINE + "<uuid:project>/goals/<uuid:goal>/", young.mine_goal, name="mine_goal"),
    path(
        MINE + "<uuid:project>/prototypes/<uuid:prototype>/",
        young.mine_prototype,
        name="mine_prototype",
    ),
    # The public goal-image link: anyone, one answer per device
    path("malbild/<str:slug>/", public.campaign, name="campaign"),
    path("malbild/<str:slug>/<uuid:goal>/", public.campaign_goal, name="campaign_goal"),
]
