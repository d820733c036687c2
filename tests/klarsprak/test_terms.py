"""The organisation's officialese list: listing, adding, changing, removing, bringing back."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.klarsprak import services
from medskapa.klarsprak.models import OfficialeseTerm
from medskapa.klarsprak.panel import build_panel
from medskapa.klarsprak.selectors import term_rows, terms_for
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def url(personas: Personas, name: str = "terms") -> str:
    return reverse(f"klarsprak:{name}", args=[personas.own.pk])


def test_the_list_starts_from_the_shipped_list(personas: Personas, client_for) -> None:
    response = client_for(personas.admin).get(url(personas))
    html = response.content.decode()
    assert response.status_code == 200
    assert "erhålla" in html and "inkomma" in html
    listed, removed = term_rows(actor_for_user(personas.admin), personas.own)
    assert len(listed) >= 60 and removed == []


@pytest.mark.parametrize("role", ["admin", "manager", "designer"])
def test_admins_managers_and_designers_may_edit_the_list(
    personas: Personas, client_for, role: str
) -> None:
    response = client_for(getattr(personas, role)).post(
        url(personas), {"hard": "blankett", "plain": "papper", "note": ""}
    )
    assert response.status_code == 302
    assert OfficialeseTerm.objects.get(organisation=personas.own, key="blankett").plain == "papper"


@pytest.mark.parametrize("role", ["worker", "young", "guardian", "outsider_admin"])
def test_workers_young_people_and_outsiders_may_not_see_or_edit_the_list(
    personas: Personas, client_for, role: str
) -> None:
    client = client_for(getattr(personas, role))
    assert client.get(url(personas)).status_code == 404
    response = client.post(url(personas), {"hard": "blankett", "plain": "papper"})
    assert response.status_code == 404
    for name in ("term_remove", "term_restore"):
        assert client.post(url(personas, name), {"key": "erhålla"}).status_code == 404
    assert not OfficialeseTerm.objects.exists()


def test_adding_a_term_makes_the_panel_suggest_it_and_is_audited(
    personas: Personas, client_for
) -> None:
    client_for(personas.designer).post(
        url(personas), {"hard": "blankett", "plain": "papper", "note": "Om formulär."}
    )
    panel = build_panel("Fyll i blanketterna.", personas.own)
    assert panel.officialese == [
        {"text": "blanketterna", "plain": "papper", "note": "Om formulär."}
    ]
    assert AuditEvent.objects.filter(
        organisation_id=personas.own.pk, object_type="klarsprak.officialeseterm"
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"hard": "", "plain": "x"}, "This field is required."),
        ({"hard": "blankett", "plain": ""}, "This field is required."),
        ({"hard": "blankett1", "plain": "papper"}, "Use only letters, spaces, hyphens"),
        ({"hard": "a||b", "plain": "papper"}, "A form between | signs is empty."),
        ({"hard": "erhålla", "plain": "få"}, "is already on the list"),
        ({"hard": "x" * 201, "plain": "papper"}, "at most 200 characters"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(
    personas: Personas, client_for, data: dict[str, str], message: str
) -> None:
    response = client_for(personas.admin).post(url(personas), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not OfficialeseTerm.objects.exists()


def test_changing_a_shipped_term_stores_the_organisations_version(
    personas: Personas, client_for
) -> None:
    admin = client_for(personas.admin)
    edit = url(personas, "term_edit") + "?key=erhålla"
    assert "erhölls" in admin.get(edit).content.decode()
    response = admin.post(
        url(personas, "term_edit"),
        {"key": "erhålla", "hard": "erhålla|erhöll", "plain": "få, ta emot", "note": ""},
    )
    assert response.status_code == 302
    assert build_panel("Du erhöll svar.", personas.own).officialese[0]["plain"] == "få, ta emot"
    assert build_panel("Du erhöll svar.", personas.other).officialese[0]["plain"] == "få"
    listed, _removed = term_rows(actor_for_user(personas.admin), personas.own)
    assert next(r for r in listed if r.key == "erhålla").source == "changed"


def test_renaming_a_shipped_term_takes_the_old_one_off_the_list(personas: Personas) -> None:
    actor = actor_for_user(personas.admin)
    services.term_save(
        actor=actor,
        organisation=personas.own,
        hard="erhålla sig",
        plain="få",
        original_key="erhålla",
    )
    keys = {t.key for t in terms_for(personas.own)}
    assert "erhålla sig" in keys and "erhålla" not in keys


def test_removing_and_bringing_back_a_shipped_term(personas: Personas, client_for) -> None:
    admin = client_for(personas.admin)
    admin.post(url(personas, "term_remove"), {"key": "erhålla"})
    assert build_panel("Du erhöll svar.", personas.own).officialese == []
    assert "Put back" in admin.get(url(personas)).content.decode()
    admin.post(url(personas, "term_restore"), {"key": "erhålla"})
    assert build_panel("Du erhöll svar.", personas.own).officialese[0]["plain"] == "få"
    assert not OfficialeseTerm.objects.exists()


def test_removing_an_own_term_deletes_it(personas: Personas, client_for) -> None:
    admin = client_for(personas.admin)
    admin.post(url(personas), {"hard": "blankett", "plain": "papper"})
    admin.post(url(personas, "term_remove"), {"key": "blankett"})
    assert not OfficialeseTerm.objects.exists()


@pytest.mark.parametrize("name", ["term_remove", "term_restore"])
def test_removing_or_restoring_an_unknown_word_shows_an_error(
    personas: Personas, client_for, name: str
) -> None:
    response = client_for(personas.admin).post(
        url(personas, name), {"key": "nosuchword"}, follow=True
    )
    assert response.status_code == 200
    assert "alert" in response.content.decode() or "message-error" in response.content.decode()
    assert not OfficialeseTerm.objects.exists()


def test_editing_a_word_not_on_the_list_goes_back_to_the_list(
    personas: Personas, client_for
) -> None:
    response = client_for(personas.admin).get(url(personas, "term_edit") + "?key=nosuch")
    assert response.status_code == 302


def test_one_organisations_terms_never_show_in_anothers_list(
    personas: Personas, client_for
) -> None:
    OfficialeseTerm.objects.create(
        organisation=personas.other, key="formulär", hard="formulär", plain="brev"
    )
    html = client_for(personas.admin).get(url(personas)).content.decode()
    assert "formulär" not in html
    # and the other organisation's admin cannot change this organisation's list
    other_admin = client_for(personas.outsider_admin)
    response = other_admin.post(url(personas, "term_remove"), {"key": "erhålla"})
    assert response.status_code == 404
    assert not OfficialeseTerm.objects.filter(organisation=personas.own).exists()


def test_the_list_can_be_searched(personas: Personas, client_for) -> None:
    html = client_for(personas.admin).get(url(personas) + "?q=erhål").content.decode()
    assert "erhålla" in html and "inkomma" not in html


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hard=st.text(max_size=250), plain=st.text(max_size=250), note=st.text(max_size=350))
def test_any_input_is_saved_or_refused_never_a_server_error(
    personas: Personas, client_for, hard: str, plain: str, note: str
) -> None:
    response = client_for(personas.admin).post(
        url(personas), {"hard": hard, "plain": plain, "note": note}
    )
    assert response.status_code in (200, 302)
