"""Failed log-ins are limited per real client, per client and account, and per account, behind
the TLS proxy: a stranger who knows a young person's username cannot lock them out."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from medskapa.audit.models import AuditEvent
from tests.personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.10"
CLIENT_B = "198.51.100.20"


@pytest.fixture
def behind_proxy(settings) -> None:  # type: ignore[no-untyped-def]
    """What TRUSTED_PROXY_COUNT=1 in the environment gives (tests/web/test_clientip.py)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _via_proxy(client_address: str, spoofed: str = "") -> Client:
    """A browser at ``client_address``; every request reaches us from the proxy."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def _log_in(client: Client, login: str, password: str) -> bool:
    client.post(reverse("account_login"), {"login": login, "password": password})
    return "_auth_user_id" in client.session


def test_ten_failures_from_one_client_do_not_block_another_clients_log_in(
    personas: Personas, behind_proxy: None
) -> None:
    stranger = _via_proxy(CLIENT_A)
    for attempt in range(10):
        assert not _log_in(stranger, f"nobody{attempt}", "fel")
    assert _log_in(_via_proxy(CLIENT_B), "youngother", PASSWORD)


def test_a_stranger_failing_against_sara_does_not_stop_sara_logging_in(
    personas: Personas, behind_proxy: None
) -> None:
    stranger = _via_proxy(CLIENT_A)
    for attempt in range(12):
        _log_in(stranger, "young", f"gissning {attempt}")
    # The stranger's own pair now waits, even with the right password...
    assert not _log_in(stranger, "young", PASSWORD)
    # ...while Sara, on her own phone, logs in as usual.
    assert _log_in(_via_proxy(CLIENT_B), "young", PASSWORD)


def test_the_pair_waits_longer_the_more_it_fails(personas: Personas, behind_proxy: None) -> None:
    # 5 in 5 minutes, then 10 an hour, then 20 a day: each step a longer wait for that pair.
    from allauth.core.internal.ratelimit import parse_rates
    from django.conf import settings

    rates = [r for r in parse_rates(settings.ACCOUNT_RATE_LIMITS["login_failed"]) if r.per == "key"]
    assert [(r.amount, r.duration) for r in rates] == [(5, 300), (10, 3600), (20, 86400)]
    stranger = _via_proxy(CLIENT_A)
    for attempt in range(5):
        _log_in(stranger, "young", f"gissning {attempt}")
    assert not _log_in(stranger, "young", PASSWORD)


def test_a_guess_spread_over_many_clients_meets_the_ceiling_per_account(
    personas: Personas, behind_proxy: None, settings
) -> None:  # type: ignore[no-untyped-def]
    # The real ceiling is 100 an hour; the same rule with a small number keeps the test short.
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "6/h/key",
    }
    personas.young.email = "sara@egen.example"
    personas.young.save(update_fields=["email"])
    for n in range(3):
        botnet = _via_proxy(f"192.0.2.{n + 1}")
        # By username or by e-mail address: one account, one count.
        for login in ("young", "SARA@egen.example"):
            _log_in(botnet, login, "fel")
    assert not _log_in(_via_proxy("192.0.2.200"), "young", PASSWORD)
    assert _log_in(_via_proxy(CLIENT_B), "youngother", PASSWORD)  # other accounts unaffected


def test_successful_log_ins_do_not_count_towards_the_ceiling(
    personas: Personas, behind_proxy: None, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "login_failed_account": "2/h/key",
    }
    for n in range(4):
        assert _log_in(_via_proxy(f"192.0.2.{n + 1}"), "young", PASSWORD)


def test_a_spoofed_forwarded_header_without_a_trusted_proxy_does_not_change_the_key(
    personas: Personas,
) -> None:
    # No proxy configured: every request below comes from the same peer, whatever it claims.
    for attempt in range(5):
        _log_in(_via_proxy(f"192.0.2.{attempt + 1}"), "young", f"fel {attempt}")
    assert not _log_in(_via_proxy("192.0.2.99"), "young", PASSWORD)


def test_the_audit_row_holds_the_real_clients_address(
    personas: Personas, behind_proxy: None
) -> None:
    assert _log_in(_via_proxy(CLIENT_B, spoofed="6.6.6.6"), "young", PASSWORD)
    _log_in(_via_proxy(CLIENT_A, spoofed="6.6.6.6"), "youngother", "fel")
    assert AuditEvent.objects.get(action="login").ip == CLIENT_B
    assert AuditEvent.objects.get(action="login_failed").ip == CLIENT_A


def test_without_a_trusted_proxy_the_audit_row_holds_the_peer_not_the_claim(
    personas: Personas,
) -> None:
    assert _log_in(_via_proxy(CLIENT_B), "young", PASSWORD)
    assert AuditEvent.objects.get(action="login").ip == PROXY
