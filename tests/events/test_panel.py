"""The participant panel: join on one's own terms, leave with one click, and staff see only
counts, with anything under five suppressed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.events import services
from medskapa.events.models import PanelInvitation, PanelMembership
from medskapa.events.selectors import recruitment, suppress
from medskapa.organisations.models import Membership
from medskapa.organisations.roles import Role
from tests.personas import Personas, make_user

from .conftest import MakeEvent

pytestmark = pytest.mark.django_db


def _join(user, org, **kwargs):  # type: ignore[no-untyped-def]
    values = {"topics": ["workshops"], "frequency": "monthly", "channel": "app"}
    values.update(kwargs)
    return services.panel_join(actor=actor_for_user(user), organisation=org, **values)


def test_suppress_hides_counts_under_five() -> None:
    assert suppress(5) == "5"
    assert suppress(12) == "12"
    assert suppress(4) == "färre än 5"
    assert suppress(0) == "färre än 5"


def test_joining_twice_changes_the_choices_of_one_membership(personas: Personas) -> None:
    _join(personas.young, personas.own)
    _join(personas.young, personas.own, topics=["ideas", "talks"], frequency="quarterly")
    membership = PanelMembership.objects.get(user=personas.young)
    assert membership.topics == ["ideas", "talks"] and membership.frequency == "quarterly"


def test_email_or_sms_needs_a_valid_contact_and_the_app_stores_none(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        _join(personas.young, personas.own, channel="sms", contact="")
    with pytest.raises(ValidationError):
        _join(personas.young, personas.own, channel="email", contact="nope")
    membership = _join(personas.young, personas.own, channel="app", contact="0701234567")
    assert membership.contact == ""


def test_leaving_stops_invitations_and_erases_the_contact(
    personas: Personas, make_event: MakeEvent
) -> None:
    membership = _join(personas.young, personas.own, channel="sms", contact="0701234567")
    services.panel_leave(actor=actor_for_user(personas.young), membership=membership)
    membership.refresh_from_db()
    assert membership.left_at is not None and membership.contact == ""
    invited = services.panel_invite_for_event(
        actor=actor_for_user(personas.designer), event=make_event()
    )
    assert invited == 0


def test_invitations_respect_topic_age_and_how_often(
    personas: Personas, make_event: MakeEvent
) -> None:
    designer = actor_for_user(personas.designer)
    _join(personas.young, personas.own, frequency="monthly")
    _join(personas.young_other, personas.own, topics=["questions"])
    first = make_event()
    assert services.panel_invite_for_event(actor=designer, event=first) == 1
    assert services.panel_invite_for_event(actor=designer, event=make_event()) == 0  # too soon
    later = timezone.now() + timedelta(days=29)
    third = make_event(starts_at=later + timedelta(days=5))
    assert services.panel_invite_for_event(actor=designer, event=third, now=later) == 1


def test_signing_up_answers_the_invitation(personas: Personas, make_event: MakeEvent) -> None:
    from .conftest import sign_up

    _join(personas.young, personas.own)
    event = make_event()
    services.panel_invite_for_event(actor=actor_for_user(personas.designer), event=event)
    sign_up(event, user=personas.young)
    invitation = PanelInvitation.objects.get()
    assert invitation.answer == "yes" and invitation.answered_at is not None


def test_recruitment_counts_by_age_and_unit_with_small_groups_suppressed(
    personas: Personas,
) -> None:
    year = timezone.localdate().year
    for n in range(6):
        user = make_user(
            f"panel{n}", org=personas.own, role=Role.YOUNG_PERSON, unit=personas.unit_a2
        )
        user.birth_year = year - 14
        user.save()
        _join(user, personas.own)
    _join(personas.young, personas.own)  # unit_a_child, age unknown
    stats = recruitment(personas.own)
    assert stats.total == "7"
    ages = {row.label: row.shown for row in stats.by_age}
    assert ages["13–15"] == "6"
    assert ages["8–12"] == "färre än 5"
    units = {row.label: row.shown for row in stats.by_unit}
    assert units == {"Ungdomsmottagningen": "6", "Barn och unga, Öst": "färre än 5"}
    assert stats.answer_rate == ""  # too few invitations to say


def test_other_organisations_panels_are_not_counted(personas: Personas) -> None:
    _join(personas.outsider_young, personas.other)
    assert recruitment(personas.own).total == "färre än 5"
    assert not Membership.objects.filter(user=personas.outsider_young, organisation=personas.own)
