"""The feedback app's rows in the permission matrix (loaded by tests/access/test_matrix.py)."""

from __future__ import annotations

import uuid

from django.utils import timezone

from medskapa.feedback.models import FeedbackDelivery, FeedbackMessage
from medskapa.organisations.models import Organisation
from medskapa.organisations.roles import Role
from tests.personas import Personas

MANAGER, DESIGNER, YOUNG = Role.MANAGER, Role.DESIGNER, Role.YOUNG_PERSON
NOBODY: set[str] = set()

MATRIX: dict[str, dict[str, set[str]]] = {
    "feedback.write": {"own_org": {MANAGER, DESIGNER}, "other_org": NOBODY},
    "feedback.coverage": {"own_org": {MANAGER, DESIGNER}, "other_org": NOBODY},
    "feedback_message.manage": {
        "own_feedback_message": {MANAGER, DESIGNER},
        "other_org_feedback_message": NOBODY,
    },
    "feedback_delivery.read": {
        "young_feedback_delivery": {YOUNG},
        "other_young_feedback_delivery": NOBODY,
        "young_withdrawn_feedback_delivery": NOBODY,
        "other_org_feedback_delivery": NOBODY,
    },
}


def _message(org: Organisation, *, withdrawn: bool = False) -> FeedbackMessage:
    now = timezone.now()
    return FeedbackMessage.objects.create(
        organisation=org,
        about_kind="checkins.campaign",
        about_id=uuid.uuid4(),
        title="Nu svarar vi snabbare",
        body="Ni sa – vi gjorde.",
        published_at=now,
        recipient_count=1,
        withdrawn_at=now if withdrawn else None,
    )


def _delivery(message: FeedbackMessage, user: object) -> FeedbackDelivery:
    return FeedbackDelivery.objects.create(
        message=message,
        organisation_id=message.organisation_id,
        recipient=user,
        delivered_at=timezone.now(),
    )


def build_objects(p: Personas) -> dict[str, object]:
    own = _message(p.own)
    other = _message(p.other)
    withdrawn = _message(p.own, withdrawn=True)
    return {
        "own_feedback_message": own,
        "other_org_feedback_message": other,
        "young_feedback_delivery": _delivery(own, p.young),
        "other_young_feedback_delivery": _delivery(own, p.young_other),
        "young_withdrawn_feedback_delivery": _delivery(withdrawn, p.young),
        "other_org_feedback_delivery": _delivery(other, p.outsider_young),
    }
