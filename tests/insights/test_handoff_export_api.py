"""Shared contributions come into insights without names; exports; the API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.audit.models import AuditEvent
from medskapa.insights import selectors
from medskapa.insights.models import Fragment, Pattern, Source, Tag
from medskapa.organisations.roles import Role
from tests.personas import Personas

from .conftest import make_source

pytestmark = pytest.mark.django_db


def _shared_answer(p: Personas, text: str, pseudonym: str):  # type: ignore[no-untyped-def]
    from medskapa.conversations.models import SharedAnswer
    from medskapa.organisations.models import Consent

    consent = Consent.objects.create(
        organisation=p.own,
        subject=p.young,
        given_by=p.young,
        purpose=Consent.Purpose.values[0],
        text_version="1",
    )
    return SharedAnswer.objects.create(
        organisation=p.own,
        card_key="k1",
        question="Hur är det i skolan?",
        text=text,
        age_band="13-15",
        consent=consent,
        pseudonym=pseudonym,
    )


def test_shared_answers_and_event_feedback_come_in_once_without_names(
    personas: Personas, client_for
) -> None:
    from medskapa.events.models import EventFeedback
    from tests.events.conftest import create_event

    answer = _shared_answer(personas, "Skolan är stressig, fråga Emma.", "p-123")
    _shared_answer(personas, "", "p-124")  # no text: nothing to bring in
    event = create_event(personas, unit=personas.unit_a)
    EventFeedback.objects.create(organisation=personas.own, event=event, text="Roligt!", rating=5)
    client = client_for(personas.designer)
    client.post(reverse("insights:bring_in", args=[personas.own.pk]))
    fragments = {f.contribution_kind: f for f in Fragment.objects.all()}
    shared = fragments["conversations.sharedanswer"]
    assert shared.text == "Skolan är stressig, fråga [namn]."
    assert (shared.contribution_id, shared.pseudonym) == (str(answer.pk), "p-123")
    assert shared.source.method == "meeting" and shared.source.age_band == "13-15"
    assert fragments["events.eventfeedback"].source.method == "event_feedback"
    assert personas.young.username not in shared.source.title
    client.post(reverse("insights:bring_in", args=[personas.own.pk]))
    assert Fragment.objects.count() == 2  # not twice
    answer.delete()  # consent withdrawn upstream
    assert not Fragment.objects.filter(contribution_id=str(answer.pk)).exists()


def test_csv_and_json_exports_hold_fragments_tags_and_patterns(
    personas: Personas, client_for
) -> None:
    source = make_source(personas.own, "=HYPERLINK(x)\n\nJag heter Alva.")
    tag = Tag.objects.create(organisation=personas.own, name="Skola")
    first, second = source.fragments.order_by("position")
    first.tags.add(tag)
    pattern = Pattern.objects.create(organisation=personas.own, title="Skolan")
    Fragment.objects.filter(pk=second.pk).update(pattern=pattern)
    make_source(personas.other, "Annan organisation.")
    client = client_for(personas.designer)
    body = client.get(reverse("insights:export", args=[personas.own.pk, "csv"])).content
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [r["text"] for r in rows] == ["'=HYPERLINK(x)", "Jag heter [namn]."]
    assert rows[0]["tags"] == "Skola" and rows[1]["pattern"] == "Skolan"
    data = json.loads(
        client.get(reverse("insights:export", args=[personas.own.pk, "json"])).content
    )
    assert len(data["fragments"]) == 2 and data["tags"][0]["name"] == "Skola"
    assert data["patterns"][0]["fragment_ids"] == [str(second.pk)]
    assert "Alva" not in json.dumps(data)
    assert AuditEvent.objects.filter(action="export").count() == 2
    assert client.get(reverse("insights:export", args=[personas.own.pk, "xml"])).status_code == 404
    manager = client_for(personas.manager)
    assert manager.get(reverse("insights:export", args=[personas.own.pk, "csv"])).status_code == 404


def test_the_api_creates_and_lists_sources_fragments_and_patterns(
    personas: Personas, api_for
) -> None:
    api = api_for(Role.DESIGNER)
    org = personas.own.pk
    created = api.post(
        f"/insights/{org}/sources",
        {"title": "Från API", "method": "survey", "text": "Ring 070-123 45 67.\n\nHej Alva."},
    )
    assert created.status_code == 201, created.content
    assert created.json()["fragment_count"] == 2
    items = api.get(f"/insights/{org}/fragments").json()["items"]
    assert [i["text"] for i in items] == ["Ring [telefon].", "Hej [namn]."]
    assert api.get(f"/insights/{org}/sources").json()["count"] == 1
    pattern = Pattern.objects.create(organisation=personas.own, title="Kontakt")
    assert api.get(f"/insights/{org}/patterns").json()["items"][0]["title"] == "Kontakt"
    assert api.get(f"/insights/patterns/{pattern.pk}").json()["title"] == "Kontakt"
    bad = api.post(f"/insights/{org}/sources", {"title": "x", "method": "nope", "text": "hej"})
    assert bad.status_code == 422
    assert Source.objects.count() == 1


def test_the_api_keeps_organisations_and_roles_apart(personas: Personas, api_for) -> None:
    make_source(personas.own, "Vår text.")
    pattern = Pattern.objects.create(organisation=personas.own, title="Vår")
    outsider = api_for(Role.DESIGNER, org=personas.other)
    assert outsider.get(f"/insights/{personas.own.pk}/fragments").status_code == 404
    assert outsider.get(f"/insights/patterns/{pattern.pk}").status_code == 404
    manager = api_for(Role.MANAGER)
    assert manager.get(f"/insights/{personas.own.pk}/fragments").status_code == 200
    refused = manager.post(
        f"/insights/{personas.own.pk}/sources", {"title": "x", "method": "survey", "text": "hej"}
    )
    assert refused.status_code == 404
    assert api_for(Role.WORKER).get(f"/insights/{personas.own.pk}/fragments").status_code == 404


def test_demo_seed_makes_fragments_a_run_and_patterns_idempotently(personas: Personas) -> None:
    from django.core.management.base import OutputWrapper

    from medskapa.insights import demo

    personas.own.slug = "sodertalje"
    personas.own.save()
    out = OutputWrapper(io.StringIO())
    demo.seed(out)
    demo.seed(out)
    assert 250 <= Fragment.objects.filter(organisation=personas.own).count() <= 400
    assert Source.objects.filter(organisation=personas.own).count() == 5
    assert Pattern.objects.filter(organisation=personas.own).count() >= 2
    assert selectors.latest_run(personas.own) is not None
    assert actor_for_user(personas.designer).is_authenticated


def test_sources_past_their_retention_date_are_deleted(personas: Personas) -> None:
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    today = timezone.localdate()
    old = make_source(personas.own, "Gammal.", retention_until=today - datetime.timedelta(days=1))
    kept = make_source(personas.own, "Ny.", retention_until=today)
    call_command("run_insights_housekeeping", stdout=io.StringIO())
    assert not Source.objects.filter(pk=old.pk).exists()
    assert Source.objects.filter(pk=kept.pk).exists()
    assert AuditEvent.objects.filter(action="delete", detail="retention").count() == 1
