"""Recipient derivation, publishing (idempotent), withdrawal, per-contribution closing,
e-mail/SMS for panel members, and that staff never see who receives a message."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from medskapa.access.actor import actor_for_user
from medskapa.events import services as events
from medskapa.feedback import selectors, services
from medskapa.feedback.models import FeedbackDelivery, FeedbackReach
from medskapa.web.models import Notification
from medskapa.web.registries import contributions as registry
from medskapa.web.registries.contributions import Contribution, Found, Recipient
from tests.personas import Personas, make_user

from .helpers import campaign, event_with_participant, guide, message, publish, respond, share


def _recipients(m: object) -> set[object]:
    return set(
        FeedbackDelivery.objects.filter(message=m, recipient__isnull=False).values_list(
            "recipient_id", flat=True
        )
    )


def test_shared_answers_reach_exactly_the_young_people_who_shared(personas: Personas) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    share(p.young, p.own, g)  # two answers, one person
    other_guide = guide(p.own)
    share(p.young_other, p.own, other_guide)  # another guide: not behind this message
    share(p.outsider_young, p.other, g)  # another organisation: never
    m = publish(p, message(p, "conversations.guide", g.pk))
    assert _recipients(m) == {p.young.pk}
    assert m.recipient_count == 1
    assert FeedbackReach.objects.filter(message=m).count() == 2


def test_staff_in_the_pseudonym_table_are_never_recipients(personas: Personas) -> None:
    p = personas
    g = guide(p.own)
    share(p.designer, p.own, g)
    share(p.young, p.own, g)
    m = publish(p, message(p, "conversations.guide", g.pk))
    assert _recipients(m) == {p.young.pk}


def test_withdrawn_consent_removes_a_contribution(personas: Personas) -> None:
    p = personas
    g = guide(p.own)
    answer = share(p.young, p.own, g)
    answer.consent.withdrawn_at = timezone.now()
    answer.consent.save()
    m = publish(p, message(p, "conversations.guide", g.pk))
    assert _recipients(m) == set()
    assert m.recipient_count == 0


def test_event_participants_are_told_and_event_feedback_counts(personas: Personas) -> None:
    p = personas
    event = event_with_participant(p, p.young)
    m = publish(p, message(p, "events.event", event.pk))
    assert _recipients(m) == {p.young.pk}
    public = FeedbackDelivery.objects.get(message=m, recipient__isnull=True)
    assert (public.channel_kind, public.channel_id) == ("events.event", event.pk)
    assert [r.contribution_key.split(":")[0] for r in FeedbackReach.objects.filter(message=m)] == [
        "events.feedback"
    ]


def test_campaign_message_goes_to_the_public_channel_only(personas: Personas) -> None:
    p = personas
    c = campaign(p)
    respond(c)
    respond(c)
    m = publish(p, message(p, "checkins.campaign", c.pk))
    deliveries = list(FeedbackDelivery.objects.filter(message=m))
    assert len(deliveries) == 1
    assert deliveries[0].recipient_id is None
    assert (deliveries[0].channel_kind, deliveries[0].channel_id) == ("checkins.campaign", c.pk)
    assert FeedbackReach.objects.filter(message=m).count() == 2


def test_publishing_twice_delivers_once(personas: Personas) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    m = publish(p, message(p, "conversations.guide", g.pk))
    services.message_publish_request(actor=actor_for_user(p.manager), message=m)
    assert services.message_publish(message_id=m.pk) == 1
    assert FeedbackDelivery.objects.filter(message=m).count() == 1
    assert Notification.objects.filter(recipient=p.young, kind="feedback").count() == 1


def test_recipients_are_derived_at_publishing_not_at_writing(personas: Personas) -> None:
    p = personas
    g = guide(p.own)
    m = message(p, "conversations.guide", g.pk)
    share(p.young, p.own, g)  # shared after the message was written, before it was published
    m = publish(p, m)
    assert _recipients(m) == {p.young.pk}


def test_notification_text_names_nobody(personas: Personas) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    publish(p, message(p, "conversations.guide", g.pk))
    note = Notification.objects.get(recipient=p.young, kind="feedback")
    assert p.young.display_name not in note.text
    assert note.url.startswith("/me/feedback/")


def test_a_panel_member_who_chose_sms_also_gets_a_text(personas: Personas, sms_outbox: Any) -> None:
    p = personas
    events.panel_join(
        actor=actor_for_user(p.young),
        organisation=p.own,
        topics=["workshops"],
        frequency="monthly",
        channel="sms",
        contact="0701234567",
    )
    g = guide(p.own)
    share(p.young, p.own, g)
    m = publish(p, message(p, "conversations.guide", g.pk))
    assert [s.to for s in sms_outbox] == ["0701234567"]
    assert "https://medskapa.example/me/feedback/" in sms_outbox[0].body
    assert FeedbackDelivery.objects.get(message=m, recipient=p.young).sent_via == "sms"


def test_a_panel_member_who_chose_e_mail_gets_an_e_mail(personas: Personas) -> None:
    p = personas
    events.panel_join(
        actor=actor_for_user(p.young),
        organisation=p.own,
        topics=["workshops"],
        frequency="monthly",
        channel="email",
        contact="ung@example.com",
    )
    g = guide(p.own)
    share(p.young, p.own, g)
    publish(p, message(p, "conversations.guide", g.pk))
    assert [m.to for m in mail.outbox] == [["ung@example.com"]]


def test_without_a_panel_choice_nothing_leaves_the_app(personas: Personas, sms_outbox: Any) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    publish(p, message(p, "conversations.guide", g.pk))
    assert sms_outbox == [] and mail.outbox == []


def test_closing_one_contribution_tells_only_the_person_behind_it(personas: Personas) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    other = share(p.young_other, p.own, g)
    m = message(
        p,
        "conversations.guide",
        g.pk,
        message_kind="we_cannot",
        contribution_key=f"conversations.shared_answer:{other.pk}",
        title="Vi kan inte ha öppet på natten",
        body="Du ville att vi har öppet på natten. Det kan vi inte, för vi har inte personal då.",
    )
    m = publish(p, m)
    assert _recipients(m) == {p.young_other.pk}
    assert list(
        FeedbackReach.objects.filter(message=m).values_list("contribution_key", flat=True)
    ) == [f"conversations.shared_answer:{other.pk}"]


def test_closing_a_contribution_that_is_not_behind_the_target_is_refused(
    personas: Personas,
) -> None:
    p = personas
    g = guide(p.own)
    with pytest.raises(ValidationError):
        message(p, "conversations.guide", g.pk, contribution_key="checkins.campaign_response:x")


def test_a_target_of_another_organisation_is_refused(personas: Personas) -> None:
    p = personas
    c = campaign(p, org=p.other)
    with pytest.raises(ValidationError):
        message(p, "checkins.campaign", c.pk)


def test_an_unknown_kind_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        message(personas, "nothing.here", uuid.uuid4())


def test_withdrawn_message_disappears_for_young_people(personas: Personas, client_for: Any) -> None:
    p = personas
    g = guide(p.own)
    share(p.young, p.own, g)
    m = publish(p, message(p, "conversations.guide", g.pk))
    delivery = FeedbackDelivery.objects.get(message=m, recipient=p.young)
    young = client_for(p.young)
    assert young.get(reverse("feedback:mine_detail", args=[delivery.pk])).status_code == 200
    services.message_withdraw(actor=actor_for_user(p.designer), message=m)
    assert young.get(reverse("feedback:mine_detail", args=[delivery.pk])).status_code == 404
    assert m.title not in young.get(reverse("feedback:mine")).content.decode()
    with pytest.raises(ValidationError):
        services.message_publish_request(actor=actor_for_user(p.designer), message=m)


def test_walk_follows_links_and_survives_cycles(personas: Personas) -> None:
    p = personas
    org = p.own.pk
    a, b = uuid.uuid4(), uuid.uuid4()
    when = timezone.now()

    def provider_a(organisation_id: uuid.UUID, target: uuid.UUID) -> Found:
        return Found(
            contributions=[Contribution("x:1", org, when, "", Recipient.user(p.young.pk))],
            follow=[("test.b", b)],
        )

    def provider_b(organisation_id: uuid.UUID, target: uuid.UUID) -> Found:
        return Found(
            contributions=[
                Contribution("x:1", org, when, "", Recipient.user(p.young.pk)),
                Contribution("x:2", org, when, "", Recipient.user(p.young_other.pk)),
                Contribution("x:3", p.other.pk, when, "", Recipient.user(p.outsider_young.pk)),
            ],
            follow=[("test.a", a), ("test.missing", a)],
        )

    registry.register_provider("test.a", provider_a)
    registry.register_provider("test.b", provider_b)
    found = registry.walk(org, "test.a", a)
    assert sorted(c.key for c in found) == ["x:1", "x:2"]
    audience = selectors.audience_of(organisation_id=org, about_kind="test.a", about_id=a)
    assert audience.users == {p.young.pk, p.young_other.pk}


def test_count_under_five_is_shown_as_fewer_than_five() -> None:
    assert selectors.count_label(0) == "0"
    assert selectors.count_label(4) == "färre än 5"
    assert selectors.count_label(5) == "5"


def test_staff_pages_never_show_who_receives_the_message(
    personas: Personas, client_for: Any
) -> None:
    p = personas
    p.young.display_name = "Zelmira Qvist"
    p.young.save()
    listener = make_user("zlatanfan", org=p.own, role="young_person", unit=p.unit_a)
    g = guide(p.own)
    share(p.young, p.own, g)
    share(listener, p.own, g)
    designer = client_for(p.designer)
    org = p.own.pk
    create = designer.get(
        reverse("feedback:create", args=[org]) + f"?about=conversations.guide:{g.pk}"
    )
    m = message(p, "conversations.guide", g.pk)
    before = designer.get(reverse("feedback:detail", args=[org, m.pk]))
    with TestCase.captureOnCommitCallbacks(execute=True):
        designer.post(reverse("feedback:publish", args=[org, m.pk]))
    after = designer.get(reverse("feedback:detail", args=[org, m.pk]))
    listing = designer.get(reverse("feedback:list", args=[org]))
    coverage = designer.get(
        reverse("feedback:coverage", args=[org]) + f"?target=conversations.guide:{g.pk}"
    )
    for response in (create, before, after, listing, coverage):
        assert response.status_code == 200
        html = response.content.decode()
        for secret in ("Zelmira", "Qvist", "zlatanfan", str(p.young.pk), str(listener.pk)):
            assert secret not in html
    assert "färre än 5" in before.content.decode()
    assert "färre än 5" in after.content.decode()


def test_the_receipt_code_shows_the_published_message(personas: Personas) -> None:
    p = personas
    c = campaign(p)
    code = respond(c)
    other = campaign(p)
    other_code = respond(other)
    m = publish(p, message(p, "checkins.campaign", c.pk))
    page = Client().get(reverse("checkins:receipt"))
    assert page.status_code == 200
    from django.template import Context, Template

    def receipt_block(campaign_id: object) -> str:
        # The include the lead adds to checkins/receipt.html (see the report).
        return Template(
            '{% load feedback_tags %}{% public_feedback "checkins.campaign" cid %}'
        ).render(Context({"cid": campaign_id}))

    from medskapa.checkins.services import campaign_response_by_receipt

    found = campaign_response_by_receipt(code)
    assert found is not None
    assert m.title in receipt_block(found.campaign.pk)
    found_other = campaign_response_by_receipt(other_code)
    assert found_other is not None
    assert m.title not in receipt_block(found_other.campaign.pk)
    services.message_withdraw(actor=actor_for_user(p.designer), message=m)
    assert m.title not in receipt_block(found.campaign.pk)
