"""With the young person's explicit, withdrawable consent, chosen answers go to the pool
without name or case link; without it nothing does."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.conversations import selectors, services
from medskapa.conversations.models import Pseudonym, SharedAnswer
from medskapa.organisations.models import Consent
from tests.personas import Personas

from .conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world: World, personas: Personas) -> World:
    personas.young.birth_year = timezone.localdate().year - 17
    personas.young.save(update_fields=["birth_year"])
    actor = actor_for_user(personas.young)
    for key, text in {
        "uv-bra-nu": "Basket med kompisar.",
        "uv-stolt": "Mitt betyg i svenska.",
    }.items():
        services.answer_save(
            actor=actor, meeting=world.meeting, data=services.AnswerInput(card_key=key, text=text)
        )
    return world


def share_url(world: World) -> str:
    return reverse("conversations:prepare_share", args=[world.meeting.pk])


def test_without_the_checkbox_nothing_reaches_the_pool(
    answered: World, personas: Personas, client_for
) -> None:
    client_for(personas.young).post(share_url(answered), {"share": ["uv-bra-nu", "uv-stolt"]})
    assert SharedAnswer.objects.count() == 0
    assert not Consent.objects.filter(subject=personas.young).exists()


def test_with_consent_only_the_chosen_answers_go_without_name_or_case(
    answered: World, personas: Personas, client_for
) -> None:
    client_for(personas.young).post(share_url(answered), {"share": ["uv-bra-nu"], "develop": "1"})
    consent = Consent.objects.get(subject=personas.young, purpose="share_for_development")
    fragment = SharedAnswer.objects.get()
    assert fragment.text == "Basket med kompisar."
    assert fragment.consent == consent and fragment.age_band == "16-17"
    assert fragment.question == "Vad är bra i ditt liv just nu?"
    # No name, no user id, no meeting or case link; the pseudonym is random.
    values = {str(v) for v in SharedAnswer.objects.values().get().values()}
    young = personas.young
    for identifying in (str(young.pk), young.username, str(young), str(answered.meeting.pk)):
        assert identifying not in values
    assert not hasattr(SharedAnswer, "meeting") and not hasattr(SharedAnswer, "user")
    assert fragment.pseudonym != young.pk.hex and young.pk.hex not in fragment.pseudonym
    assert Pseudonym.objects.get(user=young).value == fragment.pseudonym


def test_designers_read_the_pool_and_workers_do_not(
    answered: World, personas: Personas, client_for
) -> None:
    client_for(personas.young).post(share_url(answered), {"share": ["uv-bra-nu"], "develop": "1"})
    own = personas.own
    assert selectors.shared_answers(actor_for_user(personas.designer), own).count() == 1
    assert selectors.shared_answers(actor_for_user(personas.manager), own).count() == 1
    assert selectors.shared_answers(actor_for_user(personas.worker), own).count() == 0
    assert selectors.shared_answers(actor_for_user(personas.outsider_designer), own).count() == 0


def test_withdrawing_the_consent_removes_what_was_shared(
    answered: World, personas: Personas, client_for
) -> None:
    young = client_for(personas.young)
    young.post(share_url(answered), {"share": ["uv-bra-nu", "uv-stolt"], "develop": "1"})
    assert SharedAnswer.objects.count() == 2
    consent = Consent.objects.get(subject=personas.young)
    page = young.get(share_url(answered)).content.decode()
    assert reverse("organisations:consent_withdraw", args=[consent.pk]) in page
    young.post(reverse("organisations:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert SharedAnswer.objects.count() == 0
    # Sharing with the worker is untouched.
    assert answered.meeting.answers.filter(shared=True).count() == 2


def test_someone_who_may_be_under_13_cannot_consent_alone_and_nothing_changes(
    answered: World, personas: Personas, client_for
) -> None:
    personas.young.birth_year = timezone.localdate().year - 11
    personas.young.save(update_fields=["birth_year"])
    response = client_for(personas.young).post(
        share_url(answered), {"share": ["uv-bra-nu"], "develop": "1"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert SharedAnswer.objects.count() == 0
    assert answered.meeting.answers.filter(shared=True).count() == 0


def test_a_guardians_consent_lets_a_child_share(
    answered: World, personas: Personas, client_for
) -> None:
    from medskapa.organisations.consent import consent_give
    from medskapa.organisations.models import Guardianship

    personas.young.birth_year = timezone.localdate().year - 11
    personas.young.save(update_fields=["birth_year"])
    Guardianship.objects.create(
        organisation=personas.own, guardian=personas.guardian, young_person=personas.young
    )
    consent_give(
        organisation=personas.own,
        subject=personas.young,
        given_by=personas.guardian,
        purpose="share_for_development",
        text_version=services.SHARE_CONSENT_VERSION,
    )
    client_for(personas.young).post(share_url(answered), {"share": ["uv-bra-nu"], "develop": "1"})
    assert SharedAnswer.objects.get().age_band == "8-12"


def test_unticking_the_box_takes_the_yes_back_and_unsharing_removes_a_fragment(
    answered: World, personas: Personas, client_for
) -> None:
    young = client_for(personas.young)
    young.post(share_url(answered), {"share": ["uv-bra-nu", "uv-stolt"], "develop": "1"})
    assert SharedAnswer.objects.count() == 2
    young.post(share_url(answered), {"share": ["uv-bra-nu"], "develop": "1"})
    assert list(SharedAnswer.objects.values_list("card_key", flat=True)) == ["uv-bra-nu"]
    young.post(share_url(answered), {"share": ["uv-bra-nu"]})
    assert SharedAnswer.objects.count() == 0
    consent = Consent.objects.get(subject=personas.young)
    assert consent.withdrawn_at is not None and consent.withdrawn_by == personas.young
