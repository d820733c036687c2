"""Bad input never gives a 500 and never changes anything."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medskapa.accounts.models import User
from medskapa.organisations.models import Invite, Unit
from tests.personas import Personas

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
any_text = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=400)
form_data = st.dictionaries(
    st.sampled_from(
        [
            "code",
            "username",
            "password1",
            "password2",
            "name",
            "parent",
            "email",
            "role",
            "unit",
            "display_name",
            "operation",
            "membership",
            "language",
            "body",
        ]
    ),
    st.one_of(any_text, st.just(""), st.just("0" * 5000), st.uuids().map(str)),
    max_size=8,
)


@HYPOTHESIS
@given(data=form_data)
def test_join_code_form_never_fails(personas: Personas, data: dict[str, str]) -> None:
    response = Client().post(reverse("organisations:join"), data)
    assert response.status_code in {200, 302}


@HYPOTHESIS
@given(code=any_text, data=form_data)
def test_join_with_any_code_never_fails(personas: Personas, code: str, data: dict) -> None:
    users = User.objects.count()
    code = code.replace("/", "") or "x"
    response = Client().post(reverse("organisations:join_with_code", args=[code]), data)
    assert response.status_code in {200, 302, 404}
    assert User.objects.count() == users


@HYPOTHESIS
@given(data=form_data)
def test_unit_and_invite_forms_never_fail_and_change_nothing_when_invalid(
    personas: Personas, data: dict[str, str]
) -> None:
    client = Client()
    client.force_login(personas.admin)
    for name, model in (
        ("organisations:unit_create", Unit),
        ("organisations:staff_invite", Invite),
    ):
        before = model.objects.count()
        response = client.post(reverse(name, args=[personas.own.pk]), data)
        assert response.status_code in {200, 302}
        if response.status_code == 200:
            assert model.objects.count() == before


@HYPOTHESIS
@given(data=form_data)
def test_staff_detail_operations_never_fail(personas: Personas, data: dict[str, str]) -> None:
    client = Client()
    client.force_login(personas.admin)
    url = reverse("organisations:staff_detail", args=[personas.own.pk, personas.colleague.pk])
    data = {**data, "operation": data.get("operation", "end_role")}
    response = client.post(url, data)
    assert response.status_code in {200, 302, 404}
    personas.colleague.refresh_from_db()
    if data["operation"] not in {"deactivate", "end_sessions", "reactivate"}:
        assert personas.colleague.is_active


@HYPOTHESIS
@given(code=st.text(alphabet="ABCDEFGHJKMNPQRSTUVWXYZ23456789", min_size=8, max_size=8))
def test_guessing_codes_finds_no_invite(personas: Personas, code: str) -> None:
    response = Client().get(reverse("organisations:join_with_code", args=[code]))
    assert response.status_code == 404
