"""POST /api/v1/klarsprak/analyse: the analysis as JSON, for staff of the organisation."""

from __future__ import annotations

import pytest

from medskapa.klarsprak.models import OfficialeseTerm
from medskapa.organisations.roles import Role
from tests.api.conftest import ApiClient, IssueToken
from tests.personas import Personas

pytestmark = pytest.mark.django_db
URL = "/analyse"


def body(personas: Personas, text: str, **extra: object) -> dict[str, object]:
    return {"organisation_id": str(personas.own.pk), "text": text, **extra}


def test_a_token_gets_the_analysis_as_json(personas: Personas, issue_token: IssueToken) -> None:
    api = ApiClient(issue_token(role=Role.WORKER).plaintext)
    response = api.post(
        "/klarsprak" + URL, body(personas, "Ansökan ska skickas in. Du erhåller svar.")
    )
    assert response.status_code == 200, response.content
    data = response.json()
    # 7 words, 2 sentences, 3 long: 3.5 + 42.86 = 46.4
    assert data["lix"] == 46.4
    assert data["level"] == "medium"
    assert data["meets_target"] is False
    assert [p["word"] for p in data["passives"]] == ["skickas"]
    assert data["officialese"][0]["plain"] == "få"


def test_the_organisations_own_terms_are_used(personas: Personas, issue_token: IssueToken) -> None:
    OfficialeseTerm.objects.create(
        organisation=personas.own, key="blankett", hard="blankett", plain="papper"
    )
    api = ApiClient(issue_token(role=Role.DESIGNER).plaintext)
    data = api.post("/klarsprak" + URL, body(personas, "En blankett.")).json()
    assert [o["plain"] for o in data["officialese"]] == ["papper"]


def test_another_organisation_is_a_404(personas: Personas, issue_token: IssueToken) -> None:
    api = ApiClient(issue_token(role=Role.ORG_ADMIN, org=personas.other).plaintext)
    assert api.post("/klarsprak" + URL, body(personas, "Hej.")).status_code == 404


def test_a_text_over_the_cap_is_a_422(personas: Personas, issue_token: IssueToken) -> None:
    api = ApiClient(issue_token(role=Role.WORKER).plaintext)
    response = api.post("/klarsprak" + URL, body(personas, "a" * 20_001))
    assert response.status_code == 422
    assert "at most 20000 characters" in response.content.decode()


def test_a_bad_long_sentence_limit_is_a_422(personas: Personas, issue_token: IssueToken) -> None:
    api = ApiClient(issue_token(role=Role.WORKER).plaintext)
    response = api.post("/klarsprak" + URL, body(personas, "Hej.", long_sentence_words=0))
    assert response.status_code == 422


def test_a_young_persons_session_is_refused(personas: Personas, client_for) -> None:
    response = client_for(personas.young).post(
        "/api/v1/klarsprak/analyse", body(personas, "Hej."), content_type="application/json"
    )
    assert response.status_code == 404
