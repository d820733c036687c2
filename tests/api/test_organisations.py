"""Organisations, units and staff over the API: scoped to the caller, 404 outside it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from medskapa.api.models import ApiToken, parse_token
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Unit
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import API, ApiClient, ClientFor

ApiFor = Callable[..., ApiClient]


def api_token_id(api: ApiClient) -> object:
    parsed = parse_token(api.token)
    assert parsed is not None
    return ApiToken.objects.get(prefix=parsed.prefix).pk


# --- Listing and detail -------------------------------------------------------------------
def test_a_token_lists_only_its_own_organisation(personas: Personas, api_for: ApiFor) -> None:
    body = api_for(Role.ORG_ADMIN, org=personas.other).get("/organisations").json()
    assert body["count"] == 1
    assert [o["id"] for o in body["items"]] == [str(personas.other.pk)]


def test_a_token_sees_its_organisation_in_detail(personas: Personas, api_for: ApiFor) -> None:
    response = api_for(Role.WORKER).get(f"/organisations/{personas.own.pk}")
    assert response.status_code == 200
    assert response.json()["name"] == personas.own.name


@pytest.mark.parametrize("suffix", ["", "/units", "/staff"])
def test_a_token_of_the_other_organisation_gets_404(
    personas: Personas, api_for: ApiFor, suffix: str
) -> None:
    response = api_for(Role.ORG_ADMIN, org=personas.other).get(
        f"/organisations/{personas.own.pk}{suffix}"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_a_refusal_is_written_to_the_audit_log(personas: Personas, api_for: ApiFor) -> None:
    api_for(Role.ORG_ADMIN, org=personas.other).get(f"/organisations/{personas.own.pk}/staff")
    event = AuditEvent.objects.get(action="denied")
    assert event.actor_kind == "token"
    assert event.object_id == str(personas.own.pk)


def test_an_unknown_id_is_404_and_a_malformed_one_is_422(
    personas: Personas, api_for: ApiFor
) -> None:
    api = api_for()
    assert api.get("/organisations/00000000-0000-0000-0000-000000000000").status_code == 404
    assert api.get("/organisations/not-a-uuid").status_code == 422


def test_a_session_user_lists_their_organisations(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.outsider_worker).get(f"{API}/organisations").json()
    assert [o["id"] for o in body["items"]] == [str(personas.other.pk)]


def test_a_session_user_gets_404_for_another_organisation(
    personas: Personas, client_for: ClientFor
) -> None:
    response = client_for(personas.admin).get(f"{API}/organisations/{personas.other.pk}/units")
    assert response.status_code == 404


# --- Units ----------------------------------------------------------------------------------
def test_staff_list_the_unit_tree(personas: Personas, api_for: ApiFor) -> None:
    body = api_for(Role.DESIGNER).get(f"/organisations/{personas.own.pk}/units").json()
    names = [u["name"] for u in body["items"]]
    assert sorted(names) == sorted(["Barn och unga", "Barn och unga, Öst", "Ungdomsmottagningen"])
    child = next(u for u in body["items"] if u["id"] == str(personas.unit_a_child.pk))
    assert child["parent_id"] == str(personas.unit_a.pk)
    assert child["depth"] == 1


def test_a_young_person_sees_no_units(personas: Personas, client_for: ClientFor) -> None:
    body = client_for(personas.young).get(f"{API}/organisations/{personas.own.pk}/units").json()
    assert body == {"items": [], "count": 0}


def test_lists_are_paginated(personas: Personas, api_for: ApiFor) -> None:
    api = api_for()
    body = api.get(f"/organisations/{personas.own.pk}/units?limit=1&offset=1").json()
    assert body["count"] == 3 and len(body["items"]) == 1
    assert api.get(f"/organisations/{personas.own.pk}/units?limit=100000").status_code == 422
    assert api.get(f"/organisations/{personas.own.pk}/units?offset=-1").status_code == 422


def test_an_admin_token_adds_a_unit(personas: Personas, api_for: ApiFor) -> None:
    response = api_for(Role.ORG_ADMIN).post(
        f"/organisations/{personas.own.pk}/units",
        {"name": "  Fältgruppen ", "parent_id": str(personas.unit_a.pk)},
    )
    assert response.status_code == 201, response.content
    unit = Unit.objects.get(pk=response.json()["id"])
    assert unit.name == "Fältgruppen"
    assert unit.parent == personas.unit_a
    assert unit.path.startswith(personas.unit_a.path)
    event = AuditEvent.objects.get(action="create", object_id=str(unit.pk))
    assert event.actor_kind == "token"
    assert event.organisation_id == personas.own.pk


@pytest.mark.parametrize("role", [Role.DESIGNER, Role.MANAGER, Role.WORKER])
def test_other_roles_cannot_add_a_unit(personas: Personas, api_for: ApiFor, role: str) -> None:
    response = api_for(role).post(f"/organisations/{personas.own.pk}/units", {"name": "Ny"})
    assert response.status_code in {403, 404}
    assert not Unit.objects.filter(name="Ny").exists()


def test_an_outsider_admin_cannot_add_a_unit_here(personas: Personas, api_for: ApiFor) -> None:
    response = api_for(Role.ORG_ADMIN, org=personas.other).post(
        f"/organisations/{personas.own.pk}/units", {"name": "Ny"}
    )
    assert response.status_code == 404
    assert not Unit.objects.filter(name="Ny").exists()


def test_a_session_admin_adds_a_unit(personas: Personas, client_for: ClientFor) -> None:
    response = client_for(personas.admin).post(
        f"{API}/organisations/{personas.own.pk}/units",
        {"name": "Via webbläsaren"},
        content_type="application/json",
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="create", object_id=response.json()["id"])
    assert event.actor_kind == "user" and event.actor_id == personas.admin.pk


# --- Staff ----------------------------------------------------------------------------------
def test_an_admin_token_lists_staff_and_the_read_is_audited(
    personas: Personas, api_for: ApiFor
) -> None:
    api = api_for(Role.ORG_ADMIN)
    body = api.get(f"/organisations/{personas.own.pk}/staff").json()
    user_ids = {s["user_id"] for s in body["items"]}
    staff = [
        personas.admin,
        personas.manager,
        personas.worker,
        personas.colleague,
        personas.designer,
    ]
    assert user_ids == {str(u.pk) for u in staff}
    assert str(personas.young.pk) not in user_ids
    assert str(personas.outsider_admin.pk) not in user_ids
    manager = next(s for s in body["items"] if s["user_id"] == str(personas.manager.pk))
    assert manager["role"] == Role.MANAGER and manager["unit_name"] == personas.unit_a.name
    assert manager["email"] == personas.manager.email

    event = AuditEvent.objects.get(action="view")
    assert event.actor_kind == "token"
    assert event.actor_id == api_token_id(api)
    assert event.actor_role == Role.ORG_ADMIN
    assert event.organisation_id == personas.own.pk


@pytest.mark.parametrize("role", [Role.DESIGNER, Role.WORKER])
def test_designers_and_workers_do_not_see_staff(
    personas: Personas, api_for: ApiFor, role: str
) -> None:
    response = api_for(role).get(f"/organisations/{personas.own.pk}/staff")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()


def test_a_session_manager_sees_staff_of_their_own_units(
    personas: Personas, client_for: ClientFor
) -> None:
    body = client_for(personas.manager).get(f"{API}/organisations/{personas.own.pk}/staff").json()
    user_ids = {s["user_id"] for s in body["items"]}
    assert user_ids == {
        str(personas.manager.pk),
        str(personas.worker.pk),
        str(personas.colleague.pk),
    }
