"""The check-ins app's rows in the permission matrix (loaded by tests/access/test_matrix.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services
from medskapa.checkins.models import ContactRequest, Flag, ReminderPlan
from medskapa.organisations.roles import Role
from tests.checkins.helpers import answers, submit
from tests.personas import Personas

ADMIN, MANAGER, WORKER, DESIGNER, YOUNG = (
    Role.ORG_ADMIN,
    Role.MANAGER,
    Role.WORKER,
    Role.DESIGNER,
    Role.YOUNG_PERSON,
)
NOBODY: set[str] = set()

MATRIX: dict[str, dict[str, set[str]]] = {
    "checkin.respond": {"own_org": {YOUNG}, "other_org": NOBODY},
    "checkin.view": {
        "young_checkin": {YOUNG, WORKER},
        "young_not_on_caseload_checkin": NOBODY,
        "other_org_checkin": NOBODY,
    },
    "checkin.follow": {
        "young_on_caseload": {WORKER},
        "young_not_on_caseload": NOBODY,
        "other_org_young": NOBODY,
    },
    "checkin.caseload": {"own_org": {WORKER}, "other_org": NOBODY},
    "flag.handle": {"young_flag": {WORKER}, "other_org_flag": NOBODY},
    "contact_request.view": {
        "young_contact_request": {YOUNG, WORKER},
        "other_org_contact_request": NOBODY,
    },
    "contact_request.handle": {
        "young_contact_request": {WORKER},
        "other_org_contact_request": NOBODY,
    },
    "reminder.suggest": {"young_reminder_plan": {WORKER}, "other_org_reminder_plan": NOBODY},
    "reminder.manage": {
        "young_reminder_plan": {YOUNG},
        "other_young_reminder_plan": NOBODY,
        "other_org_reminder_plan": NOBODY,
    },
    "checkin_draft.edit": {
        "young_draft": {YOUNG},
        "other_young_draft": NOBODY,
        "other_org_draft": NOBODY,
    },
    "sharelink.manage": {"young_share_link": {YOUNG}, "other_young_share_link": NOBODY},
    "checkin_questions.manage": {"own_org": {ADMIN}, "other_org": NOBODY},
    "campaign.create": {"own_org": {DESIGNER, MANAGER, WORKER}, "other_org": NOBODY},
    "campaign.manage": {
        "unit_a_campaign": {DESIGNER, MANAGER, WORKER},
        "child_unit_campaign": {DESIGNER, MANAGER, WORKER},
        "sibling_unit_campaign": {DESIGNER},
        "other_org_campaign": NOBODY,
    },
    # --- Instruments (appended with medskapa/checkins/instruments.py) ---
    "instrument.manage": {"own_org": {ADMIN}, "other_org": NOBODY},
    "instrument.assign": {
        "young_on_caseload": {WORKER},
        "young_not_on_caseload": NOBODY,
        "other_org_young": NOBODY,
    },
    "instrument.respond": {
        "young_instrument_request": {YOUNG},
        "young_answered_instrument_request": NOBODY,
        "other_young_instrument_request": NOBODY,
        "other_org_instrument_request": NOBODY,
    },
    "instrument.withdraw": {
        "young_instrument_request": {WORKER},
        "young_answered_instrument_request": NOBODY,
        "other_young_instrument_request": NOBODY,
        "other_org_instrument_request": NOBODY,
    },
    "instrument_response.view": {
        "young_instrument_response": {YOUNG, WORKER},
        "other_young_instrument_response": NOBODY,
        "other_org_instrument_response": NOBODY,
    },
}


def build_objects(p: Personas) -> dict[str, object]:
    young_checkin = submit(p.young, p.own, answers(home=1))
    other_checkin = submit(p.outsider_young, p.other, answers(home=1))

    def request(user: object, org: object) -> ContactRequest:
        import uuid

        return services.contact_request_create(
            actor=actor_for_user(user),
            organisation=org,
            urgency="soon",  # type: ignore[arg-type]
            channel="app",
            reach_at="",
            message="",
            idempotency_key=uuid.uuid4(),
        )

    def campaign(unit: object, org: object, creator: object) -> object:
        now = timezone.now()
        return services.campaign_create(
            actor=actor_for_user(creator),
            organisation=org,
            unit=unit,  # type: ignore[arg-type]
            title="Klass 7B",
            intro="",
            areas=["school"],
            languages=["sv"],
            opens_at=now,
            closes_at=now + timedelta(days=7),
        )

    return {
        **instrument_objects(p),
        "young_checkin": young_checkin,
        "young_not_on_caseload_checkin": submit(p.young_other, p.own),
        "other_org_checkin": other_checkin,
        "young_flag": Flag.objects.filter(checkin=young_checkin).first(),
        "other_org_flag": Flag.objects.filter(checkin=other_checkin).first(),
        "young_contact_request": request(p.young, p.own),
        "other_org_contact_request": request(p.outsider_young, p.other),
        "young_reminder_plan": services.reminder_plan_for(p.young, p.own),
        "other_young_reminder_plan": services.reminder_plan_for(p.young_other, p.own),
        "young_draft": services.draft_for(actor=actor_for_user(p.young), organisation=p.own),
        "other_young_draft": services.draft_for(
            actor=actor_for_user(p.young_other), organisation=p.own
        ),
        "other_org_draft": services.draft_for(
            actor=actor_for_user(p.outsider_young), organisation=p.other
        ),
        "other_org_reminder_plan": services.reminder_plan_for(p.outsider_young, p.other),
        "young_share_link": services.share_link_create(
            actor=actor_for_user(p.young), organisation=p.own, shared_with="Kurator"
        ).link,
        "other_young_share_link": services.share_link_create(
            actor=actor_for_user(p.young_other), organisation=p.own, shared_with="Kurator"
        ).link,
        "unit_a_campaign": campaign(p.unit_a, p.own, p.designer),
        "child_unit_campaign": campaign(p.unit_a_child, p.own, p.designer),
        "sibling_unit_campaign": campaign(p.unit_a2, p.own, p.designer),
        "other_org_campaign": campaign(p.unit_b, p.other, p.outsider_designer),
    }


def instrument_objects(p: Personas) -> dict[str, object]:
    """Requests to answer an instrument and sent answers, in both organisations."""

    from tests.checkins.test_instruments import DEFINITION, loaded

    own = loaded(p.admin, p.own, DEFINITION)
    other = loaded(p.outsider_admin, p.other, DEFINITION)

    def ask(worker: object, org: object, young: object, version: object) -> object:
        from medskapa.checkins import instruments

        return instruments.assignment_create(
            actor=actor_for_user(worker),
            organisation=org,  # type: ignore[arg-type]
            young_person=young,  # type: ignore[arg-type]
            version=version,  # type: ignore[arg-type]
        )

    def answered(worker: object, org: object, young: object, version: object) -> object:
        from medskapa.checkins import instruments

        request = ask(worker, org, young, version)
        request.answers = {"a": 3, "b": 3, "c": 3}  # type: ignore[attr-defined]
        request.save()  # type: ignore[attr-defined]
        return instruments.response_submit(
            actor=actor_for_user(young),
            assignment=request,  # type: ignore[arg-type]
            idempotency_key=request.idempotency_key,  # type: ignore[attr-defined]
            language="sv",
        ).response

    young_answer = answered(p.worker, p.own, p.young, own)
    return {
        "young_instrument_request": ask(p.worker, p.own, p.young, own),
        "young_answered_instrument_request": young_answer.assignment,  # type: ignore[attr-defined]
        "other_young_instrument_request": ask(p.worker, p.own, p.young_other, own),
        "other_org_instrument_request": ask(p.outsider_worker, p.other, p.outsider_young, other),
        "young_instrument_response": young_answer,
        "other_young_instrument_response": answered(p.worker, p.own, p.young_other, own),
        "other_org_instrument_response": answered(
            p.outsider_worker, p.other, p.outsider_young, other
        ),
    }


__all__ = ["MATRIX", "ReminderPlan", "build_objects"]
