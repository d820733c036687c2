"""Consent: who may give it, the guardian rule for under-13s, withdrawal."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from medskapa.organisations.consent import (
    active_consent,
    consent_give,
    consent_withdraw,
    needs_guardian,
)
from medskapa.organisations.models import Consent, Guardianship
from tests.personas import Personas

pytestmark = pytest.mark.django_db
PURPOSE = Consent.Purpose.SHARE_FOR_DEVELOPMENT


def _set_age(personas: Personas, age: int) -> None:
    personas.young.birth_year = timezone.localdate().year - age
    personas.young.save()


def _consent_by_themself(personas: Personas) -> Consent:
    return consent_give(
        organisation=personas.own,
        subject=personas.young,
        given_by=personas.young,
        purpose=PURPOSE,
        text_version="1",
    )


def _consent_by_guardian(personas: Personas) -> Consent:
    Guardianship.objects.create(
        organisation=personas.own, guardian=personas.guardian, young_person=personas.young
    )
    return consent_give(
        organisation=personas.own,
        subject=personas.young,
        given_by=personas.guardian,
        purpose=PURPOSE,
        text_version="2",
    )


def test_a_fifteen_year_old_consents_alone(personas: Personas) -> None:
    _set_age(personas, 15)
    consent = _consent_by_themself(personas)
    assert active_consent(personas.young, personas.own, PURPOSE) == consent
    assert not consent.given_by_guardian


def test_an_eleven_year_old_cannot_consent_alone(personas: Personas) -> None:
    _set_age(personas, 11)
    with pytest.raises(ValidationError):
        consent_give(
            organisation=personas.own,
            subject=personas.young,
            given_by=personas.young,
            purpose=PURPOSE,
            text_version="1",
        )
    assert not Consent.objects.exists()


def test_unknown_age_counts_as_under_the_limit(personas: Personas) -> None:
    assert personas.young.birth_year is None
    assert needs_guardian(personas.young)


def test_someone_turning_thirteen_this_year_still_needs_a_guardian(personas: Personas) -> None:
    _set_age(personas, 13)
    assert needs_guardian(personas.young)
    _set_age(personas, 14)
    assert not needs_guardian(personas.young)


def test_a_recorded_guardian_consents_for_a_child(personas: Personas) -> None:
    _set_age(personas, 9)
    consent = _consent_by_guardian(personas)
    assert consent.given_by_guardian


def test_a_stranger_cannot_consent_for_a_child(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        consent_give(
            organisation=personas.own,
            subject=personas.young,
            given_by=personas.worker,
            purpose=PURPOSE,
            text_version="1",
        )


def test_the_child_can_withdraw_a_consent_the_guardian_gave(personas: Personas) -> None:
    consent = _consent_by_guardian(personas)
    consent_withdraw(consent=consent, withdrawn_by=personas.young)
    assert active_consent(personas.young, personas.own, PURPOSE) is None
    consent.refresh_from_db()
    assert consent.withdrawn_by == personas.young


def test_a_worker_cannot_withdraw_someone_elses_consent(personas: Personas) -> None:
    _set_age(personas, 16)
    consent = _consent_by_themself(personas)
    with pytest.raises(ValidationError):
        consent_withdraw(consent=consent, withdrawn_by=personas.worker)


def test_a_guardian_sees_the_child_and_withdraws_a_consent_from_the_start_page(
    personas: Personas, client_for
) -> None:
    from django.urls import reverse

    _set_age(personas, 10)
    consent = _consent_by_guardian(personas)
    client = client_for(personas.guardian)
    page = client.get(reverse("web:start"))
    assert page.templates[0].name == "web/start_guardian.html"
    html = page.content.decode()
    assert str(personas.young) in html
    assert "116 111" in html  # help numbers on a citizen's page
    client.post(reverse("organisations:consent_withdraw", args=[consent.pk]))
    assert active_consent(personas.young, personas.own, PURPOSE) is None


def test_the_young_person_withdraws_from_the_account_page(personas: Personas, client_for) -> None:
    from django.urls import reverse

    _set_age(personas, 15)
    consent = _consent_by_themself(personas)
    client = client_for(personas.young)
    assert str(consent.pk) in client.get(reverse("web:account")).content.decode()
    client.post(reverse("organisations:consent_withdraw", args=[consent.pk]))
    assert active_consent(personas.young, personas.own, PURPOSE) is None


def test_nobody_else_can_withdraw_a_consent(personas: Personas, client_for) -> None:
    from django.urls import reverse

    _set_age(personas, 15)
    consent = _consent_by_themself(personas)
    url = reverse("organisations:consent_withdraw", args=[consent.pk])
    for other in (personas.worker, personas.admin, personas.guardian, personas.outsider_young):
        assert client_for(other).post(url).status_code == 404
    assert active_consent(personas.young, personas.own, PURPOSE) == consent
