"""The events app's rows in the permission matrix (loaded by tests/access/test_matrix.py).

Personas: manager and worker hold unit_a (which covers unit_a_child), admin and designer are
org-wide. Events: in unit_a, in its child unit, in the sibling unit_a2, for the whole
organisation, a draft in unit_a, and one in the other organisation.
"""

from __future__ import annotations

from medskapa.events.models import Event, PanelInvitation, PanelMembership, Participation, SignUp
from medskapa.organisations.roles import Role
from tests.events.conftest import create_event, sign_up
from tests.personas import Personas

ADMIN, MANAGER, WORKER, DESIGNER, GUARDIAN, YOUNG = (
    Role.ORG_ADMIN,
    Role.MANAGER,
    Role.WORKER,
    Role.DESIGNER,
    Role.GUARDIAN,
    Role.YOUNG_PERSON,
)
STAFF = {ADMIN, MANAGER, WORKER, DESIGNER}
NOBODY: set[str] = set()

MATRIX: dict[str, dict[str, set[str]]] = {
    "events.organise": {"own_org": STAFF, "other_org": NOBODY},
    "events.settings": {"own_org": {ADMIN}, "other_org": NOBODY},
    "events.create_in": {
        "own_unit": STAFF,
        "child_unit": STAFF,
        "sibling_unit": {ADMIN, DESIGNER},
        "other_org_unit": NOBODY,
    },
    "events.create_org_wide": {"own_org": {ADMIN, DESIGNER}, "other_org": NOBODY},
    "event.view": {
        "own_unit_event": STAFF | {GUARDIAN, YOUNG},
        "draft_event": STAFF,
        "other_org_event_": NOBODY,
    },
    "event.manage": {
        "own_unit_event": STAFF,
        "child_unit_event": STAFF,
        "sibling_unit_event": {ADMIN, DESIGNER},
        "org_wide_event": {ADMIN, DESIGNER},
        "other_org_event_": NOBODY,
    },
    "event.view_signups": {
        "own_unit_event": {MANAGER, WORKER, DESIGNER},
        "child_unit_event": {MANAGER, WORKER, DESIGNER},
        "sibling_unit_event": {DESIGNER},
        "org_wide_event": {DESIGNER},
        "other_org_event_": NOBODY,
    },
    "event.mark_attendance": {
        "own_unit_event": {MANAGER, WORKER, DESIGNER},
        "child_unit_event": {MANAGER, WORKER, DESIGNER},
        "sibling_unit_event": {DESIGNER},
        "org_wide_event": {DESIGNER},
        "other_org_event_": NOBODY,
    },
    "signup.cancel": {
        "young_signup": {YOUNG, MANAGER, WORKER, DESIGNER},
        "sibling_anonymous_signup": {DESIGNER},
        "other_org_signup": NOBODY,
    },
    "participation.feedback": {"young_participation": {YOUNG}, "other_participation": NOBODY},
    "panel.join": {"own_org": {YOUNG}, "other_org": NOBODY},
    "panel.leave": {"young_panel": {YOUNG}, "other_young_panel": NOBODY},
    "panel.answer": {"young_invitation": {YOUNG}, "other_young_invitation": NOBODY},
    "panel.recruitment": {"own_org": {MANAGER, DESIGNER}, "other_org": NOBODY},
}


def build_objects(p: Personas) -> dict[str, object]:
    own_unit_event = create_event(p, unit=p.unit_a)
    sibling = create_event(p, unit=p.unit_a2)
    other = create_event(p, organisation=p.other, unit=p.unit_b)
    young_signup = sign_up(own_unit_event, user=p.young).signup
    young_panel = PanelMembership.objects.create(
        user=p.young, organisation=p.own, topics=["workshops"], frequency="monthly", channel="app"
    )
    other_panel = PanelMembership.objects.create(
        user=p.young_other,
        organisation=p.own,
        topics=["workshops"],
        frequency="monthly",
        channel="app",
    )
    objs: dict[str, object] = {
        "own_unit_event": own_unit_event,
        "child_unit_event": create_event(p, unit=p.unit_a_child),
        "sibling_unit_event": sibling,
        "org_wide_event": create_event(p, unit=None),
        "draft_event": create_event(p, unit=p.unit_a, published=False),
        "other_org_event_": other,
        "young_signup": young_signup,
        "sibling_anonymous_signup": sign_up(sibling).signup,
        "other_org_signup": sign_up(other).signup,
        "young_participation": Participation.objects.create(user=p.young, event=own_unit_event),
        "other_participation": Participation.objects.create(
            user=p.young_other, event=own_unit_event
        ),
        "young_panel": young_panel,
        "other_young_panel": other_panel,
        "young_invitation": PanelInvitation.objects.create(
            membership=young_panel, organisation=p.own, event=own_unit_event, topic="workshops"
        ),
        "other_young_invitation": PanelInvitation.objects.create(
            membership=other_panel, organisation=p.own, event=own_unit_event, topic="workshops"
        ),
    }
    assert isinstance(objs["young_signup"], SignUp)
    assert isinstance(objs["own_unit_event"], Event)
    return objs
