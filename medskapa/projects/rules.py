"""Who may do what in projects; registered from AppConfig.ready.

Decisions (DOMAIN.md, "who may see what"):
- Projects are service development, so they belong to designers, managers and workers.
  Designers work across the organisation and see every project; managers and workers see the
  projects of their unit tree (a project owned by a unit above theirs is not theirs). A project
  for the whole organisation (no unit) is seen by designers only.
- Starting a project is asked about its unit (``projects.create_in``): designers anywhere,
  managers and workers in their own unit tree; a project for the whole organisation is started
  by designers only (``projects.create_org_wide``). The service asks, so the web form and the
  API cannot differ.
- Managing a project (editing it, phases, activities, goal images, prototypes, decisions, journey
  maps, links, the join code) is for designers, managers in the unit tree, and workers in the
  unit tree who are on the project's team.
- Org admins run the platform (users, roles, settings) and do not see projects: projects hold
  young people's words (reaction comments), which the default policy gives designers and
  managers, not admins.
- Young people join with the project's code and then see the young-person view of the projects
  they take part in: never the team's notes, and never who reacted or rated.
- Staff never see who reacted or rated; only counts, with groups under five suppressed.
"""

from __future__ import annotations

from django.db.models import Q

from medskapa.access.actor import Actor
from medskapa.access.registry import rule
from medskapa.organisations.models import Organisation, Unit
from medskapa.organisations.roles import Role

from .models import CoCreator, GoalImage, Project, Prototype

TEAM_ROLES = (Role.DESIGNER, Role.MANAGER, Role.WORKER)


def _visible(actor: Actor, prefix: str = "") -> Q:
    org_wide = Q(**{f"{prefix}organisation_id__in": actor.org_ids(Role.DESIGNER)})
    in_units = actor.q_within_units(
        [Role.MANAGER, Role.WORKER],
        org_field=f"{prefix}organisation_id",
        path_field=f"{prefix}unit__path",
    )
    return org_wide | in_units


def _manageable(actor: Actor, prefix: str = "") -> Q:
    org_wide = Q(**{f"{prefix}organisation_id__in": actor.org_ids(Role.DESIGNER)})
    managers = actor.q_within_units(
        [Role.MANAGER], org_field=f"{prefix}organisation_id", path_field=f"{prefix}unit__path"
    )
    workers = Q(pk__in=[])
    if actor.user is not None:
        on_team = Project.objects.filter(team=actor.user).values("pk")
        workers = actor.q_within_units(
            [Role.WORKER], org_field=f"{prefix}organisation_id", path_field=f"{prefix}unit__path"
        ) & Q(**{f"{prefix}pk__in": on_team})
    return org_wide | managers | workers


def _cocreator(actor: Actor, prefix: str = "") -> Q:
    if actor.user is None:
        return Q(pk__in=[])
    joined = CoCreator.objects.filter(
        user=actor.user, project__organisation_id__in=actor.org_ids(Role.YOUNG_PERSON)
    ).values("project_id")
    return Q(**{f"{prefix}pk__in": joined})


@rule("projects.use", Organisation)
def _use(actor: Actor) -> Q:
    """Designers, managers and workers see their organisation's project list and start projects."""
    return Q(pk__in=actor.org_ids(*TEAM_ROLES))


@rule("projects.create_in", Unit)
def _create_in(actor: Actor) -> Q:
    """Designers start projects in any unit; managers and workers in their own unit tree."""
    designers = Q(organisation_id__in=actor.org_ids(Role.DESIGNER))
    in_units = actor.q_within_units(
        [Role.MANAGER, Role.WORKER], org_field="organisation_id", path_field="path"
    )
    return designers | in_units


@rule("projects.create_org_wide", Organisation)
def _create_org_wide(actor: Actor) -> Q:
    """A project for the whole organisation (no unit) is started by designers only."""
    return Q(pk__in=actor.org_ids(Role.DESIGNER))


@rule("projects.join", Organisation)
def _join(actor: Actor) -> Q:
    """Young people join a project of their own organisation with its code."""
    return Q(pk__in=actor.org_ids(Role.YOUNG_PERSON))


@rule("project.view", Project)
def _view(actor: Actor) -> Q:
    """Designers (org-wide); managers and workers for projects of their unit tree."""
    return _visible(actor)


@rule("project.manage", Project)
def _manage(actor: Actor) -> Q:
    """Designers; managers of the unit tree; workers of the unit tree on the project's team."""
    return _manageable(actor)


@rule("project.take_part", Project)
def _take_part(actor: Actor) -> Q:
    """Co-creators: young people of the organisation who joined the project."""
    return _cocreator(actor)


@rule("goal_image.react", GoalImage)
def _react(actor: Actor) -> Q:
    """Co-creators react to their project's goal images."""
    return _cocreator(actor, "project__")


@rule("prototype.rate", Prototype)
def _rate(actor: Actor) -> Q:
    """Co-creators rate their project's prototypes that the team opened for rating."""
    return _cocreator(actor, "project__") & Q(open_for_rating=True)
