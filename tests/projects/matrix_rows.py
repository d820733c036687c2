"""The projects app's rows in the permission matrix (loaded by tests/access/test_matrix.py).

Personas: manager and worker hold unit_a (covering unit_a_child); designer and admin are
org-wide. Projects: in unit_a, in its child unit, in the sibling unit_a2, for the whole
organisation, one in unit_a with the worker on its team, and one in the other organisation.
``young`` is a co-creator of the unit_a project only.
"""

from __future__ import annotations

from medskapa.access.actor import actor_for_user
from medskapa.organisations.roles import Role
from medskapa.projects import services
from tests.personas import Personas
from tests.projects.conftest import join, make_goal, make_project, make_prototype

ADMIN, MANAGER, WORKER, DESIGNER, GUARDIAN, YOUNG = (
    Role.ORG_ADMIN,
    Role.MANAGER,
    Role.WORKER,
    Role.DESIGNER,
    Role.GUARDIAN,
    Role.YOUNG_PERSON,
)
NOBODY: set[str] = set()

MATRIX: dict[str, dict[str, set[str]]] = {
    "projects.use": {"own_org": {MANAGER, WORKER, DESIGNER}, "other_org": NOBODY},
    "projects.create_in": {
        "own_unit": {MANAGER, WORKER, DESIGNER},
        "child_unit": {MANAGER, WORKER, DESIGNER},
        "sibling_unit": {DESIGNER},
        "other_org_unit": NOBODY,
    },
    "projects.create_org_wide": {"own_org": {DESIGNER}, "other_org": NOBODY},
    "projects.join": {"own_org": {YOUNG}, "other_org": NOBODY},
    "project.view": {
        "own_unit_project": {MANAGER, WORKER, DESIGNER},
        "child_unit_project": {MANAGER, WORKER, DESIGNER},
        "sibling_unit_project": {DESIGNER},
        "org_wide_project": {DESIGNER},
        "other_org_project": NOBODY,
    },
    "project.manage": {
        "own_unit_project": {MANAGER, DESIGNER},
        "team_project": {MANAGER, WORKER, DESIGNER},
        "child_unit_project": {MANAGER, DESIGNER},
        "sibling_unit_project": {DESIGNER},
        "org_wide_project": {DESIGNER},
        "other_org_project": NOBODY,
    },
    "project.take_part": {
        "own_unit_project": {YOUNG},
        "sibling_unit_project": NOBODY,
        "other_org_project": NOBODY,
    },
    "goal_image.react": {
        "cocreator_goal": {YOUNG},
        "other_project_goal": NOBODY,
        "other_org_goal": NOBODY,
    },
    "prototype.rate": {
        "open_prototype": {YOUNG},
        "closed_prototype": NOBODY,
        "other_org_prototype": NOBODY,
    },
}


def build_objects(p: Personas) -> dict[str, object]:
    own_unit = make_project(p, unit=p.unit_a)
    team = make_project(p, unit=p.unit_a, title="Med arbetaren i teamet")
    services.team_set(actor=actor_for_user(p.designer), project=team, members=[p.worker])
    sibling = make_project(p, unit=p.unit_a2)
    other = make_project(p, organisation=p.other, unit=p.unit_b)
    join(own_unit, p.young)
    join(other, p.outsider_young)
    return {
        "own_unit_project": own_unit,
        "team_project": team,
        "child_unit_project": make_project(p, unit=p.unit_a_child),
        "sibling_unit_project": sibling,
        "org_wide_project": make_project(p, unit=None),
        "other_org_project": other,
        "cocreator_goal": make_goal(own_unit),
        "other_project_goal": make_goal(sibling),
        "other_org_goal": make_goal(other),
        "open_prototype": make_prototype(own_unit, open_for_rating=True),
        "closed_prototype": make_prototype(own_unit, open_for_rating=False),
        "other_org_prototype": make_prototype(other, open_for_rating=True),
    }
