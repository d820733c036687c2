"""The client's address behind our TLS proxy: read from the header only as far as we trust it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from medskapa.web.clientip import client_ip, client_network

ROOT = Path(__file__).resolve().parents[2]
PROXY = "10.0.0.2"


def _request(xff: str | None = None, remote: str = PROXY, **headers: str):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote, **headers}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9")) == PROXY


def test_with_one_proxy_the_rightmost_entry_is_the_client_and_spoofed_entries_count_for_nothing(
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("203.0.113.7")) == "203.0.113.7"
    # The client wrote "1.2.3.4"; our proxy appended what it saw.
    assert client_ip(_request("1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_with_two_proxies_the_second_entry_from_the_right_is_the_client(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("1.2.3.4, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"


def test_a_request_that_went_round_the_proxies_falls_back_to_the_peer(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("203.0.113.7")) == PROXY
    assert client_ip(_request(None)) == PROXY
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("not-an-address")) == PROXY


def test_a_trusted_header_replaces_the_forwarded_list(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    request = _request("1.2.3.4", HTTP_X_REAL_IP="198.51.100.4")
    assert client_ip(request) == "198.51.100.4"
    assert client_ip(_request("1.2.3.4")) == PROXY  # header missing: the peer


def test_addresses_are_normalised_and_ipv6_counted_by_its_64_network(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("203.0.113.7:51234")) == "203.0.113.7"
    assert client_ip(_request("[2001:DB8:0:0:1::5]:443")) == "2001:db8::1:0:0:5"
    assert client_network(_request("2001:db8:0:0:1::5")) == "2001:db8::"


def _setting(env: dict[str, str], name: str) -> subprocess.CompletedProcess[str]:
    code = f"from django.conf import settings; print(settings.{name})"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "name", "expected"),
    [
        ({"TRUSTED_PROXY_COUNT": "1"}, "ALLAUTH_TRUSTED_PROXY_COUNT", "1"),
        ({}, "ALLAUTH_TRUSTED_PROXY_COUNT", "0"),
        (
            {"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP"},
            "ALLAUTH_TRUSTED_CLIENT_IP_HEADER",
            "X-Real-IP",
        ),
    ],
)
def test_the_proxy_settings_come_from_the_environment(
    tmp_path: Path, env: dict[str, str], name: str, expected: str
) -> None:
    result = _setting({**env, "MEDSKAPA_VAR_DIR": str(tmp_path)}, name)
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_a_proxy_count_that_is_not_a_number_stops_the_start(tmp_path: Path) -> None:
    result = _setting({"TRUSTED_PROXY_COUNT": "one", "MEDSKAPA_VAR_DIR": str(tmp_path)}, "DEBUG")
    assert result.returncode != 0 and "TRUSTED_PROXY_COUNT" in result.stderr
