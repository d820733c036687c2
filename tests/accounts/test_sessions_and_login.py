"""Log-in, session lifetime and password rules."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from medskapa.accounts import sessions
from medskapa.audit.models import AuditEvent
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def _age_session(client: Client, *, idle: int = 0, since_login: int = 0) -> None:
    session = client.session
    now = time.time()
    session[sessions.SEEN_AT] = int(now - idle)
    session[sessions.LOGIN_AT] = int(now - max(since_login, idle))
    session.save()


def test_staff_session_ends_after_30_idle_minutes(personas: Personas, client_for) -> None:
    client = client_for(personas.worker)
    _age_session(client, idle=31 * 60)
    response = client.get(reverse("web:account"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert "_auth_user_id" not in client.session


def test_staff_session_survives_29_idle_minutes(personas: Personas, client_for) -> None:
    client = client_for(personas.worker)
    _age_session(client, idle=29 * 60)
    assert client.get(reverse("web:account")).status_code == 200


def test_young_person_gets_a_longer_idle_time_than_staff(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    _age_session(client, idle=45 * 60)
    assert client.get(reverse("web:account")).status_code == 200


def test_any_session_ends_after_its_absolute_lifetime(personas: Personas, client_for) -> None:
    client = client_for(personas.young)
    _age_session(client, idle=60, since_login=13 * 60 * 60)
    assert client.get(reverse("web:account")).status_code == 302


def test_log_in_gives_a_new_session_id(personas: Personas) -> None:
    client = Client()
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    response = client.post(reverse("account_login"), {"login": "young", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before


def test_young_person_logs_in_with_username_and_lands_on_start(personas: Personas) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": "young", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("web:start"))
    assert page.templates[0].name == "web/start_young_person.html"
    assert AuditEvent.objects.filter(action="login", subject_id=personas.young.pk).exists()


def test_staff_log_in_asks_for_the_second_factor(personas: Personas) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "worker@egen.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_failed_log_in_is_audited_without_the_typed_text(personas: Personas) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "worker@egen.example", "password": "fel lösenord"}
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="login_failed")
    assert event.subject_id == personas.worker.pk
    assert event.organisation_id == personas.own.pk
    assert "fel" not in event.detail and "worker@" not in event.detail


def test_log_out_ends_the_session_on_the_server(personas: Personas, client_for) -> None:
    from django.contrib.sessions.models import Session

    client = client_for(personas.young)
    key = client.session.session_key
    client.post(reverse("account_logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_after_five_failed_log_ins_even_the_right_password_waits(personas: Personas) -> None:
    client = Client()
    for attempt in range(5):
        client.post(reverse("account_login"), {"login": "young", "password": f"fel {attempt}"})
    response = client.post(reverse("account_login"), {"login": "young", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()


@pytest.mark.parametrize("password", ["kort", "12345678", "password", "qwertyuiop", "x" * 257])
def test_weak_or_absurd_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["åtta tkn", "blå katt hoppar högt", "Lösenord utan siffror eller tecken", "y" * 64, "z" * 256],
)
def test_long_passwords_without_composition_rules_are_accepted(password: str) -> None:
    validate_password(password)


def test_passwords_are_hashed_with_argon2id() -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from medskapa import settings as project_settings  # the tests swap in a fast hasher

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert Argon2PasswordHasher().encode("lösenord", "saltsaltsalt").startswith("argon2$argon2id$")


def test_staff_without_second_factor_goes_from_log_in_straight_to_setting_it_up(
    personas: Personas,
) -> None:
    from tests.personas import make_user

    make_user("ny", org=personas.own, role="worker", email="ny@egen.example", mfa=False)
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "ny@egen.example", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("mfa_activate_totp")
    assert response.status_code == 200  # no second password prompt on the way


def _start_staff_log_in(personas: Personas) -> Client:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "worker@egen.example", "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    return client


def test_a_lost_phone_is_handled_with_a_recovery_code(personas: Personas) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    codes = RecoveryCodes.activate(personas.worker).get_unused_codes()
    client = _start_staff_log_in(personas)
    response = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(personas.worker.pk)
    # A recovery code works once.
    client.post(reverse("account_logout"))
    again = _start_staff_log_in(personas)
    again.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert "_auth_user_id" not in again.session


def test_guessing_the_two_step_code_is_rate_limited(personas: Personas) -> None:
    from allauth.mfa.totp.internal.auth import hotp_value

    from tests.personas import TOTP_SECRET

    client = _start_staff_log_in(personas)
    right = str(hotp_value(TOTP_SECRET, int(time.time()) // 30)).zfill(6)
    wrong = str((int(right) + 1) % 1_000_000).zfill(6)
    for _attempt in range(5):
        client.post(reverse("mfa_authenticate"), {"code": wrong})
    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
