"""The conversations app's rows in the permission matrix (loaded by tests/access/test_matrix.py).

Guides carry no personal data; meetings do (young person and caseload workers only; guardians
never); shared answers are pseudonymous (designers and managers, and the author themself).
"""

from __future__ import annotations

from medskapa.access.actor import actor_for_user
from medskapa.conversations import services
from medskapa.organisations.models import Consent
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import build_world

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
# Published on purpose for every organisation: the built-in guides sit in the shared library.
CROSS_ORGANISATION = {"builtin_guide"}

MATRIX: dict[str, dict[str, set[str]]] = {
    "guide.view": {
        "own_guide": STAFF,
        "builtin_guide": STAFF,
        "other_org_library_guide": STAFF,
        "other_org_guide": NOBODY,
    },
    "guide.edit": {
        "own_guide": {ADMIN, DESIGNER, WORKER},
        "builtin_guide": NOBODY,
        "other_org_library_guide": NOBODY,
        "other_org_guide": NOBODY,
    },
    "guide.publish": {
        "own_guide": {ADMIN, DESIGNER},
        "builtin_guide": NOBODY,
        "other_org_library_guide": NOBODY,
        "other_org_guide": NOBODY,
    },
    "guide.copy": {
        "own_guide": {ADMIN, DESIGNER, WORKER},
        "builtin_guide": {ADMIN, DESIGNER, WORKER},
        "other_org_library_guide": {ADMIN, DESIGNER, WORKER},
        "other_org_guide": NOBODY,
    },
    "guide.create": {"own_org": {ADMIN, DESIGNER, WORKER}, "other_org": NOBODY},
    "guide.list": {"own_org": STAFF, "other_org": NOBODY},
    "meeting.create": {"own_org": {WORKER}, "other_org": NOBODY},
    "meeting.view": {
        "own_meeting": {WORKER, YOUNG},
        "other_young_meeting": NOBODY,
        "other_org_meeting": NOBODY,
    },
    "meeting.prepare": {
        "own_meeting": {YOUNG},
        "other_young_meeting": NOBODY,
        "other_org_meeting": NOBODY,
    },
    "meeting.conduct": {
        "own_meeting": {WORKER},
        "other_young_meeting": NOBODY,
        "other_org_meeting": NOBODY,
    },
    "summary.respond": {
        "own_summary": {YOUNG},
        "other_young_summary": NOBODY,
        "other_org_summary": NOBODY,
    },
    "shared_answer.view": {
        "own_shared_answer": {DESIGNER, MANAGER, YOUNG},
        "other_org_shared_answer": NOBODY,
    },
}


def build_objects(p: Personas) -> dict[str, object]:
    from medskapa.organisations.models import Caseload

    world = build_world(p)
    library_guide = services.guide_copy(
        actor=actor_for_user(p.outsider_designer), guide=world.builtin, organisation=p.other
    )
    services.version_publish(actor=actor_for_user(p.outsider_designer), guide=library_guide)
    services.library_set(
        actor=actor_for_user(p.outsider_designer), guide=library_guide, shared=True
    )
    # young_other is on the colleague's caseload: the worker persona must not reach it.
    Caseload.objects.create(organisation=p.own, worker=p.colleague, young_person=p.young_other)
    other_young_meeting = services.meeting_create(
        actor=actor_for_user(p.colleague),
        organisation=p.own,
        guide=world.guide,
        young_person=p.young_other,
    )
    other_org_meeting = services.meeting_create(
        actor=actor_for_user(p.outsider_worker),
        organisation=p.other,
        guide=world.other_guide,
        young_person=p.outsider_young,
    )

    def shared(meeting, young) -> object:  # type: ignore[no-untyped-def]
        young.birth_year = 2026 - 17
        young.save(update_fields=["birth_year"])
        actor = actor_for_user(young)
        services.answer_save(
            actor=actor,
            meeting=meeting,
            data=services.AnswerInput(card_key="uv-bra-nu", text="Mina vänner."),
        )
        services.answers_share(
            actor=actor, meeting=meeting, shared_keys={"uv-bra-nu"}, share_for_development=True
        )
        from medskapa.conversations.models import SharedAnswer

        return SharedAnswer.objects.get(consent__subject=young)

    def summary(worker, meeting) -> object:  # type: ignore[no-untyped-def]
        return services.summary_write(
            actor=actor_for_user(worker), meeting=meeting, text="Vi pratade om skolan."
        )

    objects = {
        "own_summary": summary(p.worker, world.meeting),
        "other_young_summary": summary(p.colleague, other_young_meeting),
        "other_org_summary": summary(p.outsider_worker, other_org_meeting),
        "own_guide": world.guide,
        "builtin_guide": world.builtin,
        "other_org_library_guide": library_guide,
        "other_org_guide": world.other_guide,
        "own_meeting": world.meeting,
        "other_young_meeting": other_young_meeting,
        "other_org_meeting": other_org_meeting,
        "own_shared_answer": shared(world.meeting, p.young),
        "other_org_shared_answer": shared(other_org_meeting, p.outsider_young),
    }
    assert Consent.objects.filter(subject=p.young).exists()
    return objects
