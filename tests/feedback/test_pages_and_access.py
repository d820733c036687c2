"""Feedback pages and API: who gets in (across organisations and people), bad input,
the young person's inbox and the coverage page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from medskapa.feedback.models import FeedbackDelivery, FeedbackMessage, FeedbackReach
from medskapa.organisations.models import Membership
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .helpers import campaign, guide, message, publish, respond, share


def _published_for_young(p: Personas) -> tuple[FeedbackMessage, FeedbackDelivery]:
    g = guide(p.own)
    share(p.young, p.own, g)
    m = publish(p, message(p, "conversations.guide", g.pk))
    return m, FeedbackDelivery.objects.get(message=m, recipient=p.young)


def test_designer_of_one_organisation_never_sees_another_organisations_messages(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    theirs = message(p, "checkins.campaign", campaign(p, org=p.other).pk, org=p.other)
    outsider = client_for(p.outsider_designer)
    assert (
        theirs.title in outsider.get(reverse("feedback:list", args=[p.other.pk])).content.decode()
    )
    designer = client_for(p.designer)
    assert designer.get(reverse("feedback:list", args=[p.other.pk])).status_code == 404
    assert designer.get(reverse("feedback:detail", args=[p.other.pk, theirs.pk])).status_code == 404
    # Own organisation in the address, the other organisation's message: still 404.
    assert designer.get(reverse("feedback:detail", args=[p.own.pk, theirs.pk])).status_code == 404
    assert designer.post(reverse("feedback:publish", args=[p.own.pk, theirs.pk])).status_code == 404
    assert (
        theirs.title not in designer.get(reverse("feedback:list", args=[p.own.pk])).content.decode()
    )


def test_a_message_is_404_under_another_organisations_address_even_for_a_designer_of_both(
    personas: Personas, client_for: Any
) -> None:
    """The layer compares the organisation in the URL with the message's (no ``_same_org``)."""
    p = personas
    Membership.objects.create(user=p.designer, organisation=p.other, role=Role.DESIGNER)
    own = message(p, "checkins.campaign", campaign(p).pk)
    designer = client_for(p.designer)
    assert designer.get(reverse("feedback:detail", args=[p.own.pk, own.pk])).status_code == 200
    for name in ("detail", "edit"):
        response = designer.get(reverse(f"feedback:{name}", args=[p.other.pk, own.pk]))
        assert response.status_code == 404, name
    for name in ("edit", "publish", "withdraw"):
        response = designer.post(reverse(f"feedback:{name}", args=[p.other.pk, own.pk]))
        assert response.status_code == 404, name
    own.refresh_from_db()
    assert own.publish_requested_at is None and own.withdrawn_at is None


def test_workers_and_young_people_cannot_write_or_see_coverage(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    for user in (p.worker, p.young, p.admin, p.guardian):
        c = client_for(user)
        assert c.get(reverse("feedback:create", args=[p.own.pk])).status_code == 404
        assert c.get(reverse("feedback:coverage", args=[p.own.pk])).status_code == 404


def test_young_person_sees_only_their_own_deliveries(personas: Personas, client_for: Any) -> None:
    p = personas
    m, delivery = _published_for_young(p)
    other = client_for(p.young_other)
    assert other.get(reverse("feedback:mine_detail", args=[delivery.pk])).status_code == 404
    assert m.title not in other.get(reverse("feedback:mine")).content.decode()
    assert (
        client_for(p.designer).get(reverse("feedback:mine_detail", args=[delivery.pk])).status_code
        == 404
    )
    young = client_for(p.young)
    inbox = young.get(reverse("feedback:mine")).content.decode()
    assert m.title in inbox and "Ny" in inbox
    page = young.get(reverse("feedback:mine_detail", args=[delivery.pk]))
    assert page.status_code == 200 and m.body.split(".")[0] in page.content.decode()
    delivery.refresh_from_db()
    assert delivery.read_at is not None


def test_writing_publishing_and_withdrawing_through_the_pages(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    manager = client_for(p.manager)
    org = p.own.pk
    response = manager.post(
        reverse("feedback:create", args=[org]),
        {
            "about": f"conversations.guide:{g.pk}",
            "kind": "we_did",
            "title": "Nu svarar vi inom två dagar",
            "body": "Ni sa att väntetiden var lång. Nu svarar vi inom två dagar.",
        },
    )
    assert response.status_code == 302
    m = FeedbackMessage.objects.get()
    assert m.author == p.manager and m.is_draft
    edit = manager.post(
        reverse("feedback:edit", args=[org, m.pk]),
        {"kind": "we_did", "title": "Vi svarar inom två dagar", "body": m.body},
    )
    assert edit.status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        manager.post(reverse("feedback:publish", args=[org, m.pk]))
    m.refresh_from_db()
    assert m.is_live and m.title == "Vi svarar inom två dagar"
    assert manager.get(reverse("feedback:edit", args=[org, m.pk])).status_code == 302
    manager.post(reverse("feedback:withdraw", args=[org, m.pk]))
    m.refresh_from_db()
    assert m.status == "withdrawn"


def test_bad_input_gets_a_clear_error_and_changes_nothing(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    designer = client_for(p.designer)
    org = p.own.pk
    for about in ("", "nonsense", "checkins.campaign:not-a-uuid", "x" * 500):
        response = designer.post(
            reverse("feedback:create", args=[org]),
            {"about": about, "kind": "we_did", "title": "T", "body": "B"},
        )
        assert response.status_code == 400
    theirs = campaign(p, org=p.other)
    response = designer.post(
        reverse("feedback:create", args=[org]),
        {"about": f"checkins.campaign:{theirs.pk}", "kind": "we_did", "title": "T", "body": "B"},
    )
    assert response.status_code == 400
    assert FeedbackMessage.objects.count() == 0
    bad = designer.get(reverse("feedback:coverage", args=[org]) + "?target=nope:123")
    assert bad.status_code == 400


def test_klarsprak_review_shows_the_panel_and_saves_nothing(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    c = campaign(p)
    response = client_for(p.designer).post(
        reverse("feedback:create", args=[p.own.pk]),
        {
            "about": f"checkins.campaign:{c.pk}",
            "kind": "we_did",
            "title": "T",
            "body": "Handläggningen av ärendet har genomförts enligt gällande föreskrifter.",
            "klarsprak_review": "1",
        },
    )
    assert response.status_code == 200
    assert "LIX" in response.content.decode()
    assert FeedbackMessage.objects.count() == 0


def test_coverage_page_shows_share_median_and_waiting_without_names(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    c = campaign(p)
    respond(c)
    old = campaign(p)
    respond(old)
    old.responses.update(submitted_at=timezone.now() - timedelta(days=120))
    m = publish(p, message(p, "checkins.campaign", c.pk))
    assert FeedbackReach.objects.filter(message=m).count() == 1
    page = client_for(p.manager).get(reverse("feedback:coverage", args=[p.own.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "1 (50 %)" in html
    assert p.unit_a.name in html  # the waiting answer's unit, no name or text
    target = client_for(p.designer).get(
        reverse("feedback:coverage", args=[p.own.pk]) + f"?target=checkins.campaign:{c.pk}"
    )
    assert "1 (100 %)" in target.content.decode()
    unit = client_for(p.designer).get(
        reverse("feedback:coverage", args=[p.own.pk]) + f"?unit={p.unit_a2.pk}"
    )
    assert "–" in unit.content.decode()


def test_api_inbox_lists_own_answers_and_marks_read(personas: Personas, client_for: Any) -> None:
    p = personas
    m, delivery = _published_for_young(p)
    young = client_for(p.young)
    data = young.get("/api/v1/feedback/inbox").json()
    assert [item["title"] for item in data["items"]] == [m.title]
    assert client_for(p.young_other).get("/api/v1/feedback/inbox").json()["items"] == []
    assert client_for(p.designer).get("/api/v1/feedback/inbox").json()["items"] == []
    read = young.post(f"/api/v1/feedback/inbox/{delivery.pk}/read")
    assert read.status_code == 200 and read.json()["read_at"]
    assert (
        client_for(p.young_other).post(f"/api/v1/feedback/inbox/{delivery.pk}/read").status_code
        == 404
    )


def test_api_publish_returns_only_a_count(personas: Personas, client_for: Any) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    m = message(p, "conversations.guide", g.pk)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client_for(p.designer).post(f"/api/v1/feedback/messages/{m.pk}/publish")
    assert response.status_code == 200
    body = response.json()
    assert body["young_people"] in ("färre än 5", "fewer than 5", "")
    assert str(p.young.pk) not in response.content.decode()
    assert (
        client_for(p.outsider_designer)
        .post(f"/api/v1/feedback/messages/{m.pk}/publish")
        .status_code
        == 404
    )


def test_my_feedback_include_lists_own_answers_or_says_none_yet(personas: Personas) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    p = personas
    m, _delivery = _published_for_young(p)
    template = Template("{% load feedback_tags %}{% my_feedback %}")

    def render(user: object) -> str:
        request = RequestFactory().get("/me/events/")
        request.user = user  # type: ignore[assignment]
        return template.render(Context({"request": request}))

    assert m.title in render(p.young)
    other = render(p.young_other)
    assert m.title not in other and "Inga svar än" in other


def test_a_waiting_contribution_is_closed_with_a_reason_from_the_coverage_page(
    personas: Personas, client_for: Any
) -> None:
    import re

    p = personas
    c = campaign(p)
    respond(c)
    c.responses.update(submitted_at=timezone.now() - timedelta(days=100))
    designer = client_for(p.designer)
    org = p.own.pk
    page = designer.get(reverse("feedback:coverage", args=[org])).content.decode()
    link = re.search(r'href="(/org/[^"]+/feedback/new/\?about=[^"]+)"', page)
    assert link is not None
    form = designer.get(link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200
    key = f"checkins.campaign_response:{c.responses.get().pk}"
    assert key in form.content.decode()
    response = designer.post(
        reverse("feedback:create", args=[org]),
        {
            "about": f"checkins.campaign:{c.pk}",
            "contribution_key": key,
            "kind": "we_cannot",
            "title": "Vi kan inte flytta skolstarten",
            "body": "Du ville börja skolan senare. Det kan vi inte, för bussarna går då.",
        },
    )
    assert response.status_code == 302
    m = FeedbackMessage.objects.get()
    assert (m.kind, m.contribution_key) == ("we_cannot", key)
    publish(p, m)
    after = designer.get(reverse("feedback:coverage", args=[org])).content.decode()
    assert "1 (100 %)" in after and "Inget har väntat mer än 90 dagar." in after
