"""Logs are JSON lines with the request id and hold no personal data, even at DEBUG."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.checkins.helpers import answers
from tests.personas import PASSWORD, Personas

# What the demo people are called and what a young person might write about herself.
NAME, USERNAME = "Elin Lindqvist", "elin.sodertalje"
WORKER_EMAIL = "karin.berg@sodertalje.example"
PERSONNUMMER = "20100412-2386"  # valid check digit: the masking engine recognises it
PHONE = "070-123 45 67"
OWN_WORDS = f"Jag heter {NAME}, ring mig på {PHONE}, mitt personnummer är {PERSONNUMMER}"


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """The configured console handler (filters and formatter from settings), writing into a
    buffer, with everything down to DEBUG let through and SQL printed as with DEBUG=1."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    root = logging.getLogger()
    buffer = io.StringIO()
    old_stream, old_level = handler.setStream(buffer), root.level  # type: ignore[attr-defined]
    root.setLevel(logging.DEBUG)
    connection.force_debug_cursor = True
    try:
        yield buffer
    finally:
        connection.force_debug_cursor = False
        root.setLevel(old_level)
        handler.setStream(old_stream)  # type: ignore[attr-defined]


def _lines(buffer: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_a_whole_flow_logs_no_names_emails_or_personal_identity_numbers(
    personas: Personas, captured: io.StringIO, client_for
) -> None:
    young = personas.young
    young.username, young.display_name = USERNAME, NAME
    young.save()
    personas.worker.email = WORKER_EMAIL
    personas.worker.display_name = "Karin Berg"
    personas.worker.save()

    # The young person logs in with her username and sends a check-in with her own words.
    client = Client()
    response = client.post(reverse("account_login"), {"login": USERNAME, "password": PASSWORD})
    assert response.status_code == 302
    data = answers(home=1)
    data["texts"] = {"would_help": OWN_WORDS}
    sent = client.post(
        f"/api/v1/checkins/{personas.own.pk}/checkins",
        json.dumps({"idempotency_key": str(uuid.uuid4()), "answers": data}),
        content_type="application/json",
    )
    assert sent.status_code == 201
    history = client.get(reverse("checkins:history", args=[personas.own.pk]))
    assert history.status_code == 200
    # The worker reads the caseload and the person page; someone mistypes a password.
    worker = client_for(personas.worker)
    assert worker.get(reverse("checkins:caseload", args=[personas.own.pk])).status_code == 200
    person = reverse("checkins:person", args=[personas.own.pk, young.pk])
    assert worker.get(person).status_code == 200
    failed = Client().post(
        reverse("account_login"), {"login": WORKER_EMAIL, "password": "fel lösenord"}
    )
    assert failed.status_code == 200

    text = captured.getvalue()
    lines = _lines(captured)
    # The capture saw the flow: one line per request, each with its id (the URL pattern,
    # never the path); the SQL logger stays quiet even with the debug cursor on.
    requests = [line for line in lines if line["logger"] == "medskapa.requests"]
    assert all(line["request_id"] for line in requests)
    assert [line["route"] for line in requests] == [
        "accounts/login/",
        "api/v1/checkins/<organisation_id>/checkins",
        "me/checkin/<uuid:organisation>/history/",
        "org/<uuid:organisation>/checkins/",
        "org/<uuid:organisation>/checkins/people/<uuid:young_person>/",
        "accounts/login/",
    ]
    assert not [line for line in lines if str(line["logger"]).startswith("django.db.backends")]
    for secret in (NAME, "Elin", "Lindqvist", USERNAME, WORKER_EMAIL, "Karin", PHONE,
                   PERSONNUMMER, "201004122386", OWN_WORDS[:20]):  # fmt: skip
        assert secret.casefold() not in text.casefold(), secret


def test_personal_details_logged_by_mistake_are_masked(db: None, captured: io.StringIO) -> None:
    logging.getLogger("medskapa.somewhere").warning(
        "Could not send to %s (%s), pnr %s, text: %s",
        WORKER_EMAIL,
        PHONE,
        PERSONNUMMER,
        OWN_WORDS,
        extra={"note": f"for {NAME}"},
    )
    try:
        raise ValueError(f"Duplicate key (email)=({WORKER_EMAIL})")
    except ValueError:
        logging.getLogger("medskapa.somewhere").exception("Saving failed")
    text = captured.getvalue()
    for secret in (WORKER_EMAIL, PHONE, PERSONNUMMER, "Elin", "Lindqvist"):
        assert secret not in text, secret
    first, second = _lines(captured)
    assert "[e-post]" in str(first["message"]) and "[personnummer]" in str(first["message"])
    assert first["note"] == "for [namn] [namn]"
    assert "ValueError" in str(second["exc_info"])


def test_secret_tokens_in_paths_are_masked_and_hex_ids_are_kept(
    db: None, captured: io.StringIO
) -> None:
    Client().get("/s/Zq8vLw3nRt5yUi7oPa9sDf1g/", HTTP_X_REQUEST_ID="a1b2c3d4e5f60718")
    line = next(x for x in _lines(captured) if x["logger"] == "django.request")
    assert "Zq8vLw3n" not in str(line)
    assert line["message"] == "Not Found: /s/[token]/"
    assert line["request_id"] == "a1b2c3d4e5f60718"
    assert line["request"] == "GET"
