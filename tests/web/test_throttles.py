"""Every public or code-based page is throttled per client (through the trusted proxy) and per
target: the request over the limit gets a translated 429 with Retry-After and stores nothing,
while another client still gets through.

Limits with a small first number are tested as configured; for the larger ones the test sets
the same rule with a small number (the numbers themselves are listed in settings.THROTTLES)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from medskapa.access.actor import actor_for_user
from medskapa.checkins import services as checkin_services
from medskapa.checkins.models import CampaignResponse
from medskapa.events import services as event_services
from medskapa.events.models import SignUp
from medskapa.organisations.services import young_person_invite_create
from medskapa.projects import services as project_services
from medskapa.projects.models import CoCreator, Reaction
from medskapa.reports import services as report_services
from medskapa.reports.models import Agency, Gap
from medskapa.web.models import AccessibilityReport
from medskapa.web.throttle import limits_for, parse_limits, too_many_requests
from tests.events.conftest import create_event
from tests.personas import PASSWORD, Personas
from tests.projects.conftest import make_goal, make_project

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
A = "203.0.113.10"
B = "198.51.100.20"
TOO_MANY = "För många försök. Försök igen om en stund."


@pytest.fixture(autouse=True)
def behind_proxy(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def _via(address: str, user: Any = None) -> Client:
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")
    if user is not None:
        client.force_login(user)
    return client


def _assert_refused(response: Any) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert TOO_MANY in response.content.decode()


def _first_amount(name: str) -> int:
    return limits_for(name)[0].amount


def test_the_refusal_page_is_translated_and_says_when_to_come_back(settings) -> None:  # type: ignore[no-untyped-def]
    with translation.override("sv"):
        response = too_many_requests(RequestFactory().get("/"), retry_after=125)
    assert response.status_code == 429 and response["Retry-After"] == "125"
    assert TOO_MANY in response.content.decode() and "3 min" in response.content.decode()
    arabic = _via(A)
    arabic.cookies["medskapa_language"] = "ar"
    settings.THROTTLES = {**settings.THROTTLES, "receipt_code": "1/m/client"}
    arabic.post(reverse("checkins:receipt"), {"code": "AAAA2222"})
    page = arabic.post(reverse("checkins:receipt"), {"code": "AAAA2222"})
    assert page.status_code == 429 and "محاولات كثيرة جدًا" in page.content.decode()


def test_the_api_gets_its_refusal_as_json() -> None:
    response = too_many_requests(RequestFactory().get("/api/v1/projects"), retry_after=30)
    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/json"
    assert "detail" in json.loads(response.content)


def test_every_configured_limit_reads_and_says_what_it_counts(settings) -> None:  # type: ignore[no-untyped-def]
    for name, spec in settings.THROTTLES.items():
        assert parse_limits(spec), name
    with pytest.raises(ValueError):
        parse_limits("5/m/everyone")


# --- Receipt codes: guessing slowed to 5 a minute and 20 an hour per client, 1,000 an hour for
# everybody together: ~40-bit codes then take years to hit. -------------------------------------
def _receipt(personas: Personas) -> str:
    campaign = _campaign(personas)
    receipt = checkin_services.campaign_respond(
        campaign=campaign,
        device_token="d" * 30,
        language="sv",
        answers={"areas": {"school": 4, "friends": 4}},
    )
    assert receipt.receipt_code
    return receipt.receipt_code


def test_receipt_code_guesses_are_slowed_and_past_the_limit_even_a_right_code_waits(
    personas: Personas,
) -> None:
    code = _receipt(personas)
    guesser = _via(A)
    url = reverse("checkins:receipt")
    assert [(lim.amount, lim.seconds) for lim in limits_for("receipt_code")] == [
        (5, 60),
        (20, 3600),
        (1000, 3600),
    ]
    for n in range(_first_amount("receipt_code")):
        assert guesser.post(url, {"code": f"WRONG{n}"}).status_code == 400
    refused = guesser.post(url, {"code": code})
    _assert_refused(refused)
    assert _via(B).post(url, {"code": code}).status_code == 200


def test_a_spoofed_forwarded_header_without_a_trusted_proxy_does_not_escape_the_throttle(
    personas: Personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    url = reverse("checkins:receipt")
    for n in range(_first_amount("receipt_code")):
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").post(url, {"code": "X1"})
    spoofed = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.200")
    _assert_refused(spoofed.post(url, {"code": "X1"}))


# --- Event sign-up: 10 per 10 minutes per client and event -------------------------------------
def _signup_form(n: int) -> dict[str, str]:
    return {
        "name": f"Person {n}",
        "birth_year": "2008",
        "contact_email": f"p{n}@example.com",
        "consent_storage": "on",
        "submission_key": f"form-{n}",
    }


def test_event_sign_ups_are_throttled_per_client_and_event(personas: Personas) -> None:
    event = create_event(personas, unit=personas.unit_a, seats=50)
    url = reverse("events:public", args=[event.slug])
    filler = _via(A)
    allowed = _first_amount("event_signup")
    for n in range(allowed):
        assert filler.post(url, _signup_form(n)).status_code == 302  # to the receipt
    _assert_refused(filler.post(url, _signup_form(99)))
    assert SignUp.objects.filter(event=event).count() == allowed
    assert _via(B).post(url, _signup_form(100)).status_code == 302
    assert SignUp.objects.filter(event=event).count() == allowed + 1


# --- Event links (cancel, guardian approval, feedback): every opening is a guess ---------------
def test_event_links_are_throttled_per_client_and_the_refused_post_cancels_nothing(
    personas: Personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLES = {**settings.THROTTLES, "event_link": "2/10m/client"}
    event = create_event(personas, unit=personas.unit_a)
    result = event_services.signup_create(
        event=event,
        name="Alva",
        birth_year=2008,
        contact_email="alva@example.com",
        consent_storage=True,
        submission_key="k",
    )
    result = event_services.signup_confirm(token=result.confirm_token)  # the person's own link
    assert result is not None
    guesser = _via(A)
    assert guesser.get(reverse("events:guardian", args=["made-up"])).status_code == 404
    assert guesser.get(reverse("events:feedback", args=["made-up"])).status_code == 404
    _assert_refused(guesser.post(reverse("events:cancel", args=[result.cancel_token])))
    result.signup.refresh_from_db()
    assert result.signup.status != SignUp.Status.CANCELLED
    assert _via(B).post(reverse("events:cancel", args=[result.cancel_token])).status_code == 200
    result.signup.refresh_from_db()
    assert result.signup.status == SignUp.Status.CANCELLED


# --- Anonymous campaign answers: per client and campaign, and per campaign ---------------------
def _campaign(personas: Personas) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    return checkin_services.campaign_create(
        actor=actor_for_user(personas.designer),
        organisation=personas.own,
        unit=personas.unit_a,
        title="Klass 7B",
        intro="",
        areas=["school", "friends"],
        languages=["sv"],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
    )


def _answer_campaign(client: Client, slug: str) -> Any:
    client.get(reverse("checkins:campaign_public", args=[slug]))
    for step, data in (
        ("area:school", {"score": "5"}),
        ("area:friends", {"score": "skip"}),
        ("text:feel_good", {"text": ""}),
        ("text:would_help", {"text": ""}),
    ):
        client.post(reverse("checkins:campaign_step", args=[slug, step]), data)
    return client.post(reverse("checkins:campaign_review", args=[slug]))


def test_campaign_answers_are_throttled_per_client_and_campaign(
    personas: Personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLES = {**settings.THROTTLES, "campaign_answer": "2/10m/client+target"}
    campaign = _campaign(personas)
    for _ in range(2):  # a new device each time, as a ballot stuffer would
        assert _answer_campaign(_via(A), campaign.slug).status_code == 302
    _assert_refused(_answer_campaign(_via(A), campaign.slug))
    assert CampaignResponse.objects.filter(campaign=campaign).count() == 2
    assert _answer_campaign(_via(B), campaign.slug).status_code == 302
    assert CampaignResponse.objects.filter(campaign=campaign).count() == 3


def test_campaign_steps_are_throttled_per_client_and_campaign(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLES = {**settings.THROTTLES, "campaign_step": "2/10m/client+target"}
    campaign = _campaign(personas)
    url = reverse("checkins:campaign_step", args=[campaign.slug, "area:school"])
    client = _via(A)
    client.get(reverse("checkins:campaign_public", args=[campaign.slug]))
    for _ in range(2):
        assert client.post(url, {"score": "5"}).status_code == 302
    _assert_refused(client.post(url, {"score": "4"}))
    assert client.session[f"campaign:{campaign.pk}"]["areas"]["school"] == 5
    assert _via(B).post(url, {"score": "5"}).status_code == 302


# --- Public goal-image reactions --------------------------------------------------------------
def test_goal_image_reactions_are_throttled_per_client_and_campaign(
    personas: Personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLES = {**settings.THROTTLES, "goal_reaction": "2/10m/client+target"}
    project = make_project(personas, unit=personas.unit_a)
    goal = make_goal(project)
    project_services.campaign_set(
        actor=actor_for_user(personas.designer), project=project, open_=True
    )
    project.refresh_from_db()
    url = f"/malbild/{project.campaign_slug}/{goal.pk}/"

    def react(address: str) -> Any:
        device = _via(address)
        device.get(f"/malbild/{project.campaign_slug}/")
        return device.post(url, {"choice": "agree", "comment": ""})

    assert [react(A).status_code for _ in range(2)] == [302, 302]
    _assert_refused(react(A))
    assert Reaction.objects.filter(goal_image=goal).count() == 2
    assert react(B).status_code == 302
    assert Reaction.objects.filter(goal_image=goal).count() == 3


# --- Project join codes: per client, per person, and per organisation --------------------------
def test_project_join_code_guesses_are_slowed_per_client(personas: Personas) -> None:
    project = make_project(personas, unit=personas.unit_a)
    code = project_services.join_code_create(
        actor=actor_for_user(personas.designer), project=project
    )
    guesser = _via(A, personas.young)
    for n in range(_first_amount("project_join_code")):
        assert guesser.post("/me/projects/join/", {"code": f"AAAA222{n}"}).status_code == 200
    _assert_refused(guesser.post("/me/projects/join/", {"code": code}))
    assert not CoCreator.objects.filter(user=personas.young).exists()
    joined = _via(B, personas.young_other).post("/me/projects/join/", {"code": code})
    assert joined.status_code == 302
    assert CoCreator.objects.filter(user=personas.young_other).exists()


def test_project_join_codes_have_a_ceiling_per_organisation(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLES = {**settings.THROTTLES, "project_join_code": "5/m/client,2/h/target"}
    _via(A, personas.young).post("/me/projects/join/", {"code": "AAAA2222"})
    _via(B, personas.young_other).post("/me/projects/join/", {"code": "AAAA3333"})
    _assert_refused(_via("192.0.2.7", personas.young).post("/me/projects/join/", {"code": "X"}))
    other_org = _via("192.0.2.8", personas.outsider_young)
    assert other_org.post("/me/projects/join/", {"code": "AAAA4444"}).status_code == 200


# --- Invite and new-password codes: allauth's per-client limit plus a ceiling for everybody ----
def test_invite_code_links_have_a_ceiling_for_everybody(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLES = {**settings.THROTTLES, "invite_code_space": "2/h/global"}
    issued = young_person_invite_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        unit=None,
        display_name="Kim",
    )
    url = reverse("organisations:join_with_code", args=[issued.secret])
    assert _via(A).get(reverse("organisations:join_with_code", args=["AAAA"])).status_code == 404
    assert _via(B).get(url).status_code == 200
    data = {"username": "kim", "password1": PASSWORD, "password2": PASSWORD}
    _assert_refused(_via("192.0.2.9").post(url, data))
    assert not type(personas.young).objects.filter(username="kim").exists()


# --- A young person's share link ---------------------------------------------------------------
def test_share_links_are_throttled_per_client(personas: Personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.THROTTLES = {**settings.THROTTLES, "share_link": "2/10m/client"}
    guesser = _via(A)
    for n in range(2):
        assert guesser.get(reverse("checkins:shared", args=[f"guess{n}"])).status_code == 404
    _assert_refused(guesser.get(reverse("checkins:shared", args=["guess3"])))
    assert _via(B).get(reverse("checkins:shared", args=["guess4"])).status_code == 404


# --- Accessibility reports and collaboration-gap reports ---------------------------------------
def test_accessibility_reports_are_throttled_per_client(db: None) -> None:
    url = reverse("web:accessibility")
    data = {"page": "/", "description": "Knappen syns inte.", "contact": ""}
    allowed = _first_amount("accessibility_report")
    reporter = _via(A)
    for _ in range(allowed):
        assert reporter.post(url, data).status_code == 302
    _assert_refused(reporter.post(url, data))
    assert AccessibilityReport.objects.count() == allowed
    assert _via(B).post(url, data).status_code == 302
    assert AccessibilityReport.objects.count() == allowed + 1


def test_collaboration_gap_reports_are_throttled_per_person(personas: Personas) -> None:
    report_services.ensure_defaults(personas.own)
    agency = Agency.objects.filter(organisation=personas.own).first()
    assert agency is not None
    url = f"/org/{personas.own.pk}/reports/gaps/new/"
    data = {"agencies": [str(agency.pk)], "what_happened": "Ingen ringde.", "sip": "unknown"}
    allowed = _first_amount("gap_report")
    young = _via(A, personas.young)
    for _ in range(allowed):
        assert young.post(url, data).status_code == 302
    _assert_refused(young.post(url, data))
    assert Gap.objects.count() == allowed
    assert _via(B, personas.young_other).post(url, data).status_code == 302
    assert Gap.objects.count() == allowed + 1
