"""What a young person (or an app) types never causes a 500 or a silent change (issue 13,
finding 8; issue 14, finding 3): a NUL byte, a lone surrogate or a non-string text is refused
with a translated message and nothing is stored; too long own words are said, with a visible
counter, never cut; the error page after a failed send says exactly what is true."""

from __future__ import annotations

import json
import uuid

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from medskapa.checkins.models import CheckIn, CheckInDraft
from tests.checkins.helpers import answers
from tests.checkins.test_young_person_flow import _walk
from tests.personas import Personas

API = "/api/v1/checkins"


def _post_raw(client: Client, org: object, texts_json: str) -> object:
    """The body as raw JSON text, so that escapes such as a lone surrogate reach the server."""
    body = json.dumps({"idempotency_key": str(uuid.uuid4()), "answers": answers()})
    body = body.replace('"texts": {}', f'"texts": {{"feel_good": {texts_json}}}')
    return client.post(f"{API}/{org}/checkins", body, content_type="application/json")


@pytest.mark.parametrize(
    ("texts_json", "message"),
    [
        # The API's boundary (medskapa.api.schemas) answers before the check-in service does.
        ('"hej\\u0000då"', "styrtecken som NUL"),
        ('"hej \\ud800"', "trasigt tecken"),
        ("123", "måste vara text"),
        ('{"a": 1}', "måste vara text"),
        ('["a"]', "måste vara text"),
    ],
)
def test_the_api_refuses_an_unstorable_text_with_a_translated_422_and_stores_nothing(
    personas: Personas, client_for, texts_json: str, message: str
) -> None:
    client = client_for(personas.young)
    response = _post_raw(client, personas.own.pk, texts_json)
    assert response.status_code == 422, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert message in json.dumps(body, ensure_ascii=False)
    assert "{'a'" not in json.dumps(body)
    assert not CheckIn.objects.exists()


def test_the_form_refuses_a_nul_byte_with_a_message_and_saves_nothing(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.young)
    url = reverse("checkins:step", args=[personas.own.pk, "text:feel_good"])
    client.get(url)
    response = client.post(url, {"text": "hej\x00då"})
    assert response.status_code == 400
    assert "tecken som inte går att spara" in response.content.decode()
    draft = CheckInDraft.objects.get(young_person=personas.young)
    assert "feel_good" not in draft.answers["texts"]


def test_too_long_own_words_are_said_with_a_counter_and_never_cut(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.young)
    url = reverse("checkins:step", args=[personas.own.pk, "text:feel_good"])
    page = client.get(url).content.decode()
    assert 'maxlength="2000"' not in page  # the browser would cut a paste without a word
    assert "Högst 2000 tecken" in page and 'id="text-count"' in page
    assert "0 av 2000 tecken" in page
    response = client.post(url, {"text": "a" * 2500})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Du skrev 2500: korta dem med 500" in html
    assert "2500 av 2000 tecken" in html  # the counter, also without JavaScript
    assert "a" * 2500 in html  # the words are kept in the box, not cut
    draft = CheckInDraft.objects.get(young_person=personas.young)
    assert "feel_good" not in draft.answers["texts"]


def test_a_failed_send_says_the_check_in_was_not_sent_and_the_draft_keeps_the_answers(
    personas: Personas, client_for, monkeypatch
) -> None:
    client = client_for(personas.young)
    _walk(client, personas.own.pk, {}, texts={"feel_good": "Min katt"})
    draft = CheckInDraft.objects.get(young_person=personas.young)

    def broken(*args: object, **kwargs: object) -> None:
        raise DatabaseError("the database refused the row")

    monkeypatch.setattr(CheckIn.objects, "create", broken)
    response = client.post(
        reverse("checkins:review", args=[personas.own.pk]),
        {"idempotency_key": str(draft.idempotency_key)},
    )
    html = response.content.decode()
    assert response.status_code == 503
    assert "Din incheckning skickades inte" in html
    assert "Dina svar finns kvar som utkast" in html
    assert "Inget som du redan skickat har försvunnit" not in html
    assert not CheckIn.objects.exists()
    assert CheckInDraft.objects.get(pk=draft.pk).answers["texts"]["feel_good"] == "Min katt"
