"""The worker's pages: caseload overview with alarms first, one person's trajectory, handling
flags and contact requests; and that nobody else reaches any of it."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.checkins import services
from medskapa.checkins.models import ContactRequest, Flag
from tests.checkins.helpers import answers, submit
from tests.personas import Personas, make_user


def test_the_caseload_lists_alarms_first_and_logs_who_was_shown(
    personas: Personas, client_for
) -> None:
    calm = make_user("calm", org=personas.own, role="young_person", unit=personas.unit_a)
    from medskapa.organisations.models import Caseload

    Caseload.objects.create(organisation=personas.own, worker=personas.worker, young_person=calm)
    submit(calm, personas.own, answers())
    data = answers(home=1)
    data["followups"] = {"home_hard": ["hurt"]}
    submit(personas.young, personas.own, data)
    page = client_for(personas.worker).get(reverse("checkins:caseload", args=[personas.own.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(str(personas.young)) < html.index(str(calm))
    logged = set(
        AuditEvent.objects.filter(action="view", purpose="check-in overview").values_list(
            "subject_id", flat=True
        )
    )
    assert logged == {personas.young.pk, calm.pk}


def test_the_person_page_shows_answers_and_own_words_and_is_logged(
    personas: Personas, client_for
) -> None:
    data = answers(home=2)
    data["followups"] = {"home_hard": ["arguing"]}
    data["texts"] = {"would_help": "Att någon lyssnar"}
    submit(personas.young, personas.own, data)
    url = reverse("checkins:person", args=[personas.own.pk, personas.young.pk])
    page = client_for(personas.worker).get(url)
    html = page.content.decode()
    assert "Att någon lyssnar" in html and "Det blir mycket bråk" in html
    assert AuditEvent.objects.filter(
        action="view", subject_id=personas.young.pk, purpose="check-ins of a young person"
    ).exists()


def test_opening_the_person_page_marks_contact_requests_read_for_the_young_person(
    personas: Personas, client_for
) -> None:
    request = services.contact_request_create(
        actor=actor_for_user(personas.young),
        organisation=personas.own,
        urgency="today",
        channel="call",
        reach_at="070-123 45 67",
        message="",
        idempotency_key=uuid.uuid4(),
    )
    client_for(personas.worker).get(
        reverse("checkins:person", args=[personas.own.pk, personas.young.pk])
    )
    request.refresh_from_db()
    assert request.read_at is not None and request.read_by == personas.worker
    own_page = client_for(personas.young).get(reverse("checkins:contact", args=[personas.own.pk]))
    assert "Read" in own_page.content.decode() or "Läst" in own_page.content.decode()


def test_handling_a_flag_needs_a_note_and_is_kept(personas: Personas, client_for) -> None:
    submit(personas.young, personas.own, answers(school=1))
    flag = Flag.objects.get()
    client = client_for(personas.worker)
    client.post(reverse("checkins:flag_handle", args=[flag.pk]), {"note": ""})
    flag.refresh_from_db()
    assert flag.handled_at is None
    client.post(reverse("checkins:flag_handle", args=[flag.pk]), {"note": "Ringde Elin"})
    flag.refresh_from_db()
    assert flag.handled_at is not None and flag.handled_note == "Ringde Elin"


@pytest.mark.parametrize(
    "who",
    [
        "colleague",
        "manager",
        "admin",
        "designer",
        "outsider_worker",
        "outsider_admin",
        "young_other",
        "guardian",
    ],
)
def test_nobody_but_the_case_worker_reaches_a_young_persons_check_ins(
    personas: Personas, client_for, who: str
) -> None:
    submit(personas.young, personas.own, answers(school=1))
    flag = Flag.objects.get()
    contact = services.contact_request_create(
        actor=actor_for_user(personas.young),
        organisation=personas.own,
        urgency="today",
        channel="app",
        reach_at="",
        message="hemligt",
        idempotency_key=uuid.uuid4(),
    )
    client = client_for(getattr(personas, who))
    for url in (
        reverse("checkins:person", args=[personas.own.pk, personas.young.pk]),
        reverse("checkins:person", args=[personas.other.pk, personas.young.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 404), (url, response.status_code)
        assert b"hemligt" not in response.content
    for url in (
        reverse("checkins:flag_handle", args=[flag.pk]),
        reverse("checkins:contact_handle", args=[contact.pk]),
    ):
        assert client.post(url, {"note": "x"}).status_code in (302, 404)
    flag.refresh_from_db()
    assert flag.handled_at is None
    assert ContactRequest.objects.get(pk=contact.pk).handled_at is None
    caseload = client.get(reverse("checkins:caseload", args=[personas.own.pk]))
    assert str(personas.young).encode() not in caseload.content or caseload.status_code == 404


def test_a_worker_of_another_organisation_gets_404_for_this_caseload(
    personas: Personas, client_for
) -> None:
    response = client_for(personas.outsider_worker).get(
        reverse("checkins:caseload", args=[personas.own.pk])
    )
    assert response.status_code == 404


def test_a_worker_suggests_a_rhythm_and_the_young_person_sees_it(
    personas: Personas, client_for
) -> None:
    client_for(personas.worker).post(
        reverse("checkins:suggest_rhythm", args=[personas.own.pk, personas.young.pk]),
        {"every_days": "14"},
    )
    page = client_for(personas.young).get(reverse("checkins:reminders", args=[personas.own.pk]))
    assert services.reminder_plan_for(personas.young, personas.own).suggested_every_days == 14
    assert page.status_code == 200
