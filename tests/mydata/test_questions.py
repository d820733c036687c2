"""Asking "why did this person look?": a review item for the organisation's log reviewers,
never for another organisation, and the answer shown to the young person."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from medskapa.access.actions import Denied
from medskapa.access.actor import actor_for_user
from medskapa.mydata import services
from medskapa.mydata.models import ReadQuestion
from tests.mydata.helpers import question_about, read_by
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _ask_url(event_id: int) -> str:
    return reverse("mydata:ask", args=[event_id])


def test_asking_why_creates_a_review_item_the_org_admin_sees_and_another_org_does_not(
    personas: Personas, client_for
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    response = client_for(personas.young).post(
        _ask_url(event.pk), {"text": "Varför tittade du?"}, follow=True
    )
    assert "Din fråga är skickad." in response.content.decode()
    question = ReadQuestion.objects.get()
    assert (question.organisation, question.audit_event_id) == (personas.own, event.pk)
    assert question.asked_by == personas.young and question.status == "open"

    own_page = reverse("mydata:questions", args=[personas.own.pk])
    html = client_for(personas.admin).get(own_page).content.decode()
    assert "Varför tittade du?" in html and str(personas.young) in html
    assert "Varför tittade du?" in client_for(personas.manager).get(own_page).content.decode()
    other_page = reverse("mydata:questions", args=[personas.other.pk])
    assert "Varför tittade du?" not in (
        client_for(personas.outsider_admin).get(other_page).content.decode()
    )
    assert client_for(personas.outsider_admin).get(own_page).status_code == 404
    assert client_for(personas.worker).get(own_page).status_code == 404


def test_the_access_log_page_links_to_the_questions(personas: Personas, client_for) -> None:
    html = client_for(personas.admin).get(reverse("audit:review", args=[personas.own.pk]))
    assert reverse("mydata:questions", args=[personas.own.pk]) in html.content.decode()


@pytest.mark.parametrize("who", ["young_other", "guardian", "outsider_young", "worker"])
def test_nobody_else_may_ask_about_a_read_of_the_young_persons_data(
    who: str, personas: Personas, client_for
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    client = client_for(getattr(personas, who))
    assert client.get(_ask_url(event.pk)).status_code == 404
    assert client.post(_ask_url(event.pk), {"text": "x"}).status_code == 404
    assert not ReadQuestion.objects.exists()


def test_a_young_person_cannot_ask_about_their_own_look_or_a_write(
    personas: Personas, client_for
) -> None:
    own_look = read_by(personas.young, personas.young, personas.own, "checkin.view")
    assert client_for(personas.young).get(_ask_url(own_look.pk)).status_code == 404
    with pytest.raises(Denied):
        services.read_question_create(actor=actor_for_user(personas.young), event=own_look)


def test_a_nul_in_the_form_is_refused_in_words_and_nothing_is_stored(
    personas: Personas, client_for
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    response = client_for(personas.young).post(_ask_url(event.pk), {"text": "Hej\x00då"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not ReadQuestion.objects.exists()


@pytest.mark.parametrize("text", ["Hej\x00då", "Hej \ud800", "Hej\x1bdå"])
def test_the_service_refuses_a_nul_a_control_character_or_a_lone_surrogate(
    text: str, personas: Personas
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    with pytest.raises(ValidationError, match=r"dolda tecken|hidden signs"):
        services.read_question_create(actor=actor_for_user(personas.young), event=event, text=text)
    assert not ReadQuestion.objects.exists()


def test_asking_twice_about_the_same_read_is_refused_in_words(
    personas: Personas, client_for
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    client = client_for(personas.young)
    client.post(_ask_url(event.pk), {"text": ""})
    response = client.post(_ask_url(event.pk), {"text": "Igen"})
    assert response.status_code == 200
    assert "Du har redan frågat om det här." in response.content.decode()
    assert ReadQuestion.objects.count() == 1


def test_the_reviewer_answers_and_the_young_person_sees_the_answer(
    personas: Personas, client_for
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    question = question_about(event, personas.young, personas.own)
    before = client_for(personas.young).get("/me/data/").content.decode()
    assert "Skickad, inte besvarad än" in before
    url = reverse("mydata:handle", args=[personas.own.pk, question.pk])
    client_for(personas.admin).post(url, {"note": "Din kurator läste inför ert möte."})
    question.refresh_from_db()
    assert question.status == "handled" and question.handled_by == personas.admin
    after = client_for(personas.young).get("/me/data/").content.decode()
    assert "Besvarad" in after and "Din kurator läste inför ert möte." in after


def test_an_empty_answer_is_refused_and_the_question_stays_open(
    personas: Personas, client_for
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    question = question_about(event, personas.young, personas.own)
    url = reverse("mydata:handle", args=[personas.own.pk, question.pk])
    client_for(personas.admin).post(url, {"note": "  "})
    question.refresh_from_db()
    assert question.status == "open"


@pytest.mark.parametrize("who", ["outsider_admin", "worker", "young"])
def test_only_the_organisations_reviewers_may_answer(
    who: str, personas: Personas, client_for
) -> None:
    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    question = question_about(event, personas.young, personas.own)
    url = reverse("mydata:handle", args=[personas.own.pk, question.pk])
    assert client_for(getattr(personas, who)).post(url, {"note": "x"}).status_code == 404
    question.refresh_from_db()
    assert question.status == "open"


def test_the_reviewers_page_logs_that_it_showed_the_questions(
    personas: Personas, client_for
) -> None:
    from medskapa.audit.models import AuditEvent

    event = read_by(personas.worker, personas.young, personas.own, "check-ins of a young person")
    question_about(event, personas.young, personas.own)
    client_for(personas.admin).get(reverse("mydata:questions", args=[personas.own.pk]))
    assert AuditEvent.objects.filter(
        action="view", subject_id=personas.young.pk, purpose="questions about reads"
    ).exists()
