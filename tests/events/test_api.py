"""The events API: list, sign up, cancel; panel join and leave; nothing across organisations."""

from __future__ import annotations

import pytest
from django.test import Client

from medskapa.events.models import PanelMembership, SignUp
from medskapa.organisations.roles import Role
from tests.api.conftest import API, ApiClient
from tests.personas import Personas

from .conftest import MakeEvent, create_event

pytestmark = pytest.mark.django_db


def _payload(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Alva",
        "birth_year": 2008,
        "contact_email": "alva@example.com",
        "consent_storage": True,
        "submission_key": "api-1",
    }
    data.update(overrides)
    return data


def test_the_list_shows_only_the_callers_organisation(
    personas: Personas, make_event: MakeEvent, api_for
) -> None:
    own = make_event()
    create_event(personas, organisation=personas.other, unit=personas.unit_b)
    items = api_for(Role.DESIGNER).get("/events").json()["items"]
    assert [item["id"] for item in items] == [str(own.pk)]


def test_a_token_signs_up_someone_once_pending_their_link_and_cancels(
    personas: Personas, make_event: MakeEvent, api_for
) -> None:
    api: ApiClient = api_for(Role.DESIGNER)
    event = make_event()
    first = api.post(f"/events/{event.pk}/signups", _payload())
    assert first.status_code == 201
    # Through the API too, nothing is held until the person opens the link they were sent.
    assert first.json()["status"] == SignUp.Status.UNCONFIRMED
    assert first.json()["cancel_token"] == ""
    again = api.post(f"/events/{event.pk}/signups", _payload())
    assert again.status_code == 200 and again.json()["cancel_token"] == ""
    signup_id = first.json()["id"]
    cancelled = api.post(f"/events/signups/{signup_id}/cancel")
    assert cancelled.json()["status"] == SignUp.Status.CANCELLED


def test_bad_sign_up_input_is_a_422_not_a_500(make_event: MakeEvent, api_for) -> None:
    api = api_for(Role.DESIGNER)
    event = make_event()
    response = api.post(f"/events/{event.pk}/signups", _payload(consent_storage=False))
    assert response.status_code == 422
    response = api.post(f"/events/{event.pk}/signups", _payload(name="a\x00b"))
    assert response.status_code == 422
    assert SignUp.objects.count() == 0


def test_another_organisations_event_is_404(personas: Personas, api_for) -> None:
    theirs = create_event(personas, organisation=personas.other, unit=personas.unit_b)
    response = api_for(Role.ORG_ADMIN).post(f"/events/{theirs.pk}/signups", _payload())
    assert response.status_code == 404


def test_a_young_person_joins_and_leaves_the_panel_by_api(
    personas: Personas, make_event: MakeEvent, client_for
) -> None:
    client: Client = client_for(personas.young)
    url = f"{API}/events/panel/{personas.own.pk}"
    body = {"topics": ["workshops", "ideas"], "frequency": "monthly", "channel": "app"}
    assert client.post(f"{url}/join", body, content_type="application/json").status_code == 200
    assert PanelMembership.objects.get(user=personas.young).topics == ["workshops", "ideas"]
    assert client.post(f"{url}/leave").json()["left_at"] is not None
    event = make_event()
    response = client.post(
        f"{API}/events/{event.pk}/signups", _payload(), content_type="application/json"
    )
    assert response.status_code == 201
    assert SignUp.objects.get().user == personas.young
    other = client_for(personas.outsider_young)
    assert other.post(f"{url}/join", body, content_type="application/json").status_code == 404


def test_staff_tokens_cannot_join_the_panel(personas: Personas, api_for) -> None:
    response = api_for(Role.ORG_ADMIN).post(
        f"/events/panel/{personas.own.pk}/join",
        {"topics": ["workshops"], "frequency": "monthly", "channel": "app"},
    )
    assert response.status_code == 404
