"""The access-log review page: who gets in, what they see, and how the filters behave."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from medskapa.access.actor import Actor
from medskapa.audit.models import AuditEvent
from medskapa.audit.views import PAGE_SIZE
from medskapa.organisations.models import Organisation
from tests.personas import Personas

from .helpers import Action, log, log_at


def url(org: Organisation, **params: str) -> str:
    base = reverse("audit:review", args=[org.pk])
    if not params:
        return base
    from urllib.parse import urlencode

    return f"{base}?{urlencode(params)}"


@pytest.fixture
def own_events(personas: Personas) -> list[AuditEvent]:
    return [
        log(personas.worker, personas.own.pk, subject=personas.young, purpose="own-meeting-note"),
        log(personas.admin, personas.own.pk, action=Action.UPDATE, purpose="own-unit-rename"),
    ]


@pytest.fixture
def other_events(personas: Personas) -> list[AuditEvent]:
    return [
        log(
            personas.outsider_worker,
            personas.other.pk,
            subject=personas.outsider_young,
            purpose="other-org-meeting",
        )
    ]


# --- Who gets in ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["admin", "manager"])
def test_admin_and_manager_see_their_organisations_events(
    personas: Personas, client_for, own_events: list[AuditEvent], role: str
) -> None:
    response = client_for(getattr(personas, role)).get(url(personas.own))
    assert response.status_code == 200
    body = response.content.decode()
    assert "own-meeting-note" in body
    assert "own-unit-rename" in body
    assert "Worker" in body  # the actor's name (display name of the persona)
    assert "Young" in body  # the young person the event is about


@pytest.mark.parametrize("role", ["worker", "colleague", "designer", "guardian", "young"])
def test_other_roles_of_the_organisation_get_404_and_the_refusal_is_logged(
    personas: Personas, client_for, own_events: list[AuditEvent], role: str
) -> None:
    user = getattr(personas, role)
    response = client_for(user).get(url(personas.own))
    assert response.status_code == 404
    assert "own-meeting-note" not in response.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.DENIED,
        actor_id=user.pk,
        object_type="organisations.organisation",
        object_id=str(personas.own.pk),
        detail="audit.review",
    ).exists()


def test_outsider_admin_gets_404_for_our_log_and_the_refusal_is_logged(
    personas: Personas, client_for, own_events: list[AuditEvent]
) -> None:
    response = client_for(personas.outsider_admin).get(url(personas.own))
    assert response.status_code == 404
    assert "own-meeting-note" not in response.content.decode()
    assert AuditEvent.objects.filter(
        action=Action.DENIED, actor_id=personas.outsider_admin.pk, object_id=str(personas.own.pk)
    ).exists()


def test_outsider_admin_never_sees_our_events_in_their_own_log(
    personas: Personas,
    client_for,
    own_events: list[AuditEvent],
    other_events: list[AuditEvent],
) -> None:
    client = client_for(personas.outsider_admin)
    for params in ({}, {"subject": str(personas.young.pk)}, {"user": "worker"}):
        response = client.get(url(personas.other, **params))
        assert response.status_code == 200
        body = response.content.decode()
        assert "own-meeting-note" not in body
        assert "own-unit-rename" not in body
    assert "other-org-meeting" in client.get(url(personas.other)).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(personas: Personas, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(url(personas.own))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_an_admin_without_a_second_factor_sees_no_events(
    personas: Personas, client_for, own_events: list[AuditEvent]
) -> None:
    Authenticator.objects.filter(user=personas.admin).delete()
    response = client_for(personas.admin).get(url(personas.own))
    assert response.status_code != 200
    assert "own-meeting-note" not in response.content.decode()


def test_the_page_is_never_cached(personas: Personas, client_for) -> None:
    response = client_for(personas.admin).get(url(personas.own))
    assert response["Cache-Control"] == "no-store"


def test_reading_the_log_is_itself_logged(personas: Personas, client_for) -> None:
    client_for(personas.manager).get(url(personas.own, action="update"))
    event = AuditEvent.objects.get(actor_id=personas.manager.pk, object_type="audit.auditevent")
    assert event.action == Action.VIEW
    assert event.organisation_id == personas.own.pk
    assert "action=update" in event.detail


# --- What a row shows -------------------------------------------------------------------------
def test_rows_show_role_purpose_request_id_and_address(
    personas: Personas, client_for, own_events: list[AuditEvent]
) -> None:
    body = client_for(personas.admin).get(url(personas.own)).content.decode()
    worker_event = own_events[0]
    assert worker_event.request_id in body
    assert "192.0.2.10" in body
    assert "Viewed" in body
    assert "Changed" in body
    assert "organisations.caseload" in body


def test_token_and_anonymous_actors_are_named_as_such(personas: Personas, client_for) -> None:
    token = Actor(token_id=uuid.uuid4(), label="integration")
    log(None, personas.own.pk, actor=token, purpose="by-token")
    log(None, personas.own.pk, action=Action.LOGIN_FAILED, purpose="by-nobody")
    body = client_for(personas.admin).get(url(personas.own)).content.decode()
    assert "API token" in body
    assert "unknown" in body


def test_times_are_shown_in_stockholm_time(
    personas: Personas, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_at(monkeypatch, datetime(2026, 7, 1, 10, 0, tzinfo=UTC), personas.worker, personas.own.pk)
    body = client_for(personas.admin).get(url(personas.own)).content.decode()
    assert "2026-07-01 12:00:00" in body  # UTC+2 in summer


# --- Filters ----------------------------------------------------------------------------------
def test_filter_by_action(personas: Personas, client_for, own_events: list[AuditEvent]) -> None:
    body = client_for(personas.admin).get(url(personas.own, action="update")).content.decode()
    assert "own-unit-rename" in body
    assert "own-meeting-note" not in body


def test_filter_by_subject_id_and_by_name(
    personas: Personas, client_for, own_events: list[AuditEvent]
) -> None:
    log(personas.worker, personas.own.pk, subject=personas.young_other, purpose="about-other")
    client = client_for(personas.admin)
    for subject in (str(personas.young.pk), "young"):
        body = client.get(url(personas.own, subject=subject)).content.decode()
        assert "own-meeting-note" in body
        assert "own-unit-rename" not in body
        if subject != "young":
            assert "about-other" not in body


def test_filter_by_user_email_part_and_by_id(
    personas: Personas, client_for, own_events: list[AuditEvent]
) -> None:
    client = client_for(personas.manager)
    for user in ("worker@egen", str(personas.worker.pk), "WORKER"):
        body = client.get(url(personas.own, user=user)).content.decode()
        assert "own-meeting-note" in body
        assert "own-unit-rename" not in body


def test_the_user_filter_only_resolves_users_of_the_organisation(
    personas: Personas, client_for
) -> None:
    # The outsider worker wrote in our chain (say, a former colleague's token gone astray):
    # "outworker" matches no user of our organisation, so the text filter finds nothing.
    log(personas.outsider_worker, personas.own.pk, purpose="stray")
    body = client_for(personas.admin).get(url(personas.own, user="outworker")).content.decode()
    assert "stray" not in body
    assert "No events match the filters." in body


def test_filter_by_period_uses_whole_days_in_stockholm(
    personas: Personas, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23:30 UTC on 1 March is 00:30 on 2 March in Stockholm (UTC+1 in winter).
    log_at(
        monkeypatch,
        datetime(2026, 3, 1, 22, 30, tzinfo=UTC),
        personas.worker,
        personas.own.pk,
        purpose="first-of-march",
    )
    log_at(
        monkeypatch,
        datetime(2026, 3, 1, 23, 30, tzinfo=UTC),
        personas.worker,
        personas.own.pk,
        purpose="second-of-march",
    )
    log_at(
        monkeypatch,
        datetime(2026, 3, 3, 12, 0, tzinfo=UTC),
        personas.worker,
        personas.own.pk,
        purpose="third-of-march",
    )
    client = client_for(personas.admin)

    body = client.get(
        url(personas.own, date_from="2026-03-02", date_to="2026-03-02")
    ).content.decode()
    assert "second-of-march" in body
    assert "first-of-march" not in body
    assert "third-of-march" not in body

    body = client.get(url(personas.own, date_to="2026-03-01")).content.decode()
    assert "first-of-march" in body
    assert "second-of-march" not in body


def test_filters_combine(personas: Personas, client_for, own_events: list[AuditEvent]) -> None:
    body = (
        client_for(personas.admin)
        .get(url(personas.own, user="admin", action="view"))
        .content.decode()
    )
    assert "own-unit-rename" not in body
    assert "own-meeting-note" not in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-02-30"}, "Enter a valid date."),
        ({"date_from": "yesterday"}, "Enter a valid date."),
        ({"date_to": "0001-01-01"}, "Choose a date between"),
        ({"date_from": "9999-12-31"}, "Choose a date between"),
        ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "on or after the start date"),
        ({"action": "drop table"}, "Select a valid choice."),
        ({"user": "x" * 2001}, "at most 2000 characters"),
        ({"subject": "a\x00b"}, "Null characters are not allowed."),
    ],
)
def test_malformed_filters_give_the_page_with_an_error_not_a_500(
    personas: Personas,
    client_for,
    own_events: list[AuditEvent],
    params: dict[str, str],
    message: str,
) -> None:
    response = client_for(personas.admin).get(url(personas.own, **params))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'role="alert"' in body
    assert "own-meeting-note" not in body  # no events under filters that could not be read


@pytest.mark.parametrize(
    "params",
    [
        {"subject": "not-a-uuid-0000"},
        {"user": "3f1c2b7e-zzzz"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
    ],
)
def test_odd_but_harmless_input_is_read_as_text_or_the_nearest_page(
    personas: Personas, client_for, params: dict[str, str]
) -> None:
    response = client_for(personas.admin).get(url(personas.own, **params))
    assert response.status_code == 200


def test_the_log_is_paginated_fifty_a_page(personas: Personas, client_for) -> None:
    for number in range(PAGE_SIZE + 5):
        log(personas.worker, personas.own.pk, purpose=f"event-{number:03d}")
    client = client_for(personas.admin)

    # Filtered to the worker, so the admin's own reading of the log stays out of the count.
    first = client.get(url(personas.own, user="worker@egen")).content.decode()
    assert "event-054" in first  # newest first
    assert "event-005" in first
    assert "event-004" not in first
    assert "55 events match the filters." in first
    next_link = first.split('rel="next"')[0].rsplit("href=", 1)[1]
    assert "page=2" in next_link
    assert "user=worker%40egen" in next_link  # the filters survive paging

    second = client.get(url(personas.own, user="worker@egen", page="2")).content.decode()
    assert "event-004" in second
    assert "event-005" not in second


def test_names_typed_into_the_filters_never_reach_the_address_bar(
    personas: Personas, client_for, own_events: list[AuditEvent]
) -> None:
    client = client_for(personas.admin)
    response = client.post(url(personas.own), {"user": "worker@egen"})
    assert response.status_code == 302
    location = response["Location"]
    assert "worker" not in location and "egen" not in location
    assert str(personas.worker.pk) in location
    page = client.get(location)
    assert page.status_code == 200
    assert personas.worker.display_name in page.context["filtered_who"]


def test_a_filter_that_matches_nobody_says_so(
    personas: Personas, client_for, own_events: list[AuditEvent]
) -> None:
    response = client_for(personas.admin).post(url(personas.own), {"subject": "ingen-alls"})
    assert response.status_code == 200
    assert response.context["form"].errors["subject"]
