"""All writes of the feedback app.

Publishing derives the recipients at that moment (``registry.walk``) and is idempotent: the
message row is locked, and a message already published is left as it is. Staff never get the
recipients back from any function here, only counts. Each write declares who may call it
(``access.actions``); the reads (audiences, counts) live in ``selectors``.
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_as_system
from medskapa.access.actor import Actor
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation
from medskapa.web import links
from medskapa.web.registries import contributions as registry
from medskapa.web.services import notify
from medskapa.web.sms import send_sms

from .models import FeedbackDelivery, FeedbackMessage, FeedbackReach
from .selectors import message_audience


def _validate_about(
    actor: Actor, organisation: Organisation, about_kind: str, about_id: UUID, key: str
) -> None:
    if not registry.has_provider(about_kind):
        raise ValidationError({"about": _("Choose what the message is about.")})
    if links.kind(about_kind) is not None and not links.resolve(
        actor, organisation.pk, [(about_kind, about_id)]
    ):
        raise ValidationError({"about": _("Choose what the message is about.")})
    if key and key not in {
        c.key for c in registry.walk(organisation.pk, about_kind, about_id) if c.counts
    }:
        raise ValidationError({"about": _("That contribution is not behind what you chose.")})


@acts("feedback.write", on="organisation")
def message_create(
    *,
    actor: Actor,
    organisation: Organisation,
    about_kind: str,
    about_id: UUID,
    kind: str,
    title: str,
    body: str,
    contribution_key: str = "",
) -> FeedbackMessage:
    _validate_about(actor, organisation, about_kind, about_id, contribution_key)
    message = FeedbackMessage(
        organisation=organisation,
        about_kind=about_kind,
        about_id=about_id,
        contribution_key=contribution_key,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        author=actor.user,
    )
    message.full_clean()
    message.save()
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=message)
    return message


@acts("feedback_message.manage", on="message")
def message_update(
    *, actor: Actor, message: FeedbackMessage, kind: str, title: str, body: str
) -> FeedbackMessage:
    if not message.is_draft:
        raise ValidationError(_("A published message cannot be changed. Withdraw it instead."))
    message.kind = kind
    message.title = title.strip()
    message.body = body.strip()
    message.full_clean()
    message.save(update_fields=["kind", "title", "body", "updated_at"])
    record(action=Action.UPDATE, actor=actor, organisation_id=message.organisation_id, obj=message)
    return message


@acts("feedback_message.manage", on="message")
def message_publish_request(*, actor: Actor, message: FeedbackMessage) -> FeedbackMessage:
    """Ask for publishing; the work runs as a task after commit (at once with the immediate
    backend). Asking twice queues nothing new."""
    from .tasks import publish_message

    with transaction.atomic():
        locked = FeedbackMessage.objects.select_for_update().get(pk=message.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("This message was withdrawn."))
        if locked.published_at is not None or locked.publish_requested_at is not None:
            return locked
        locked.publish_requested_at = timezone.now()
        locked.save(update_fields=["publish_requested_at"])
        record(
            action=Action.UPDATE,
            actor=actor,
            organisation_id=locked.organisation_id,
            obj=locked,
            detail="publish requested",
        )
        message_id = str(locked.pk)
        transaction.on_commit(lambda: publish_message.enqueue(message_id=message_id))
    locked.refresh_from_db()
    return locked


def _delivery_url(delivery: FeedbackDelivery) -> str:
    return reverse("feedback:mine_detail", args=[delivery.pk])


def _tell_outside(delivery_ids: list[UUID]) -> None:
    """E-mail or SMS for those who asked for it (no personal details in the text)."""
    base = str(getattr(settings, "MEDSKAPA_BASE_URL", "")).rstrip("/")
    for delivery in FeedbackDelivery.objects.filter(pk__in=delivery_ids).select_related(
        "organisation"
    ):
        if delivery.recipient_id is None:
            continue
        contact = registry.contact_for(delivery.recipient_id, delivery.organisation_id)
        if contact is None:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            text = _("%(org)s has answered what you said. Read it here: %(url)s") % {
                "org": delivery.organisation.name,
                "url": base + _delivery_url(delivery),
            }
            subject = _("You have an answer")
        sent = 0
        if contact.channel == "sms":
            sent = send_sms(contact.address, text)
        elif contact.channel == "email":
            sent = send_mail(subject, text, None, [contact.address])
        if sent:
            FeedbackDelivery.objects.filter(pk=delivery.pk).update(sent_via=contact.channel)


@acts_as_system("The task queued by message_publish_request, which checked the actor.")
def message_publish(*, message_id: UUID | str) -> int:
    """Derive the recipients now and deliver; returns how many young people it reached.

    Idempotent: a second call (a retried task, a double click) finds the message published
    and returns the stored count without delivering again.
    """
    new_ids: list[UUID] = []
    with transaction.atomic():
        message = FeedbackMessage.objects.select_for_update().get(pk=message_id)
        if message.published_at is not None:
            return message.recipient_count or 0
        if message.withdrawn_at is not None:
            return 0
        audience = message_audience(message)
        now = timezone.now()
        people = [
            FeedbackDelivery(
                message=message,
                organisation_id=message.organisation_id,
                recipient_id=user_id,
                delivered_at=now,
            )
            for user_id in sorted(audience.users)
        ]
        channels = [
            FeedbackDelivery(
                message=message,
                organisation_id=message.organisation_id,
                channel_kind=kind,
                channel_id=target,
                delivered_at=now,
            )
            for kind, target in sorted(audience.channels, key=str)
        ]
        FeedbackDelivery.objects.bulk_create(people + channels, ignore_conflicts=True)
        FeedbackReach.objects.bulk_create(
            [
                FeedbackReach(
                    message=message,
                    organisation_id=message.organisation_id,
                    contribution_key=c.key,
                    contributed_at=c.created_at,
                    unit_path=c.unit_path,
                    label=c.label[:100],
                )
                for c in audience.contributions
                if c.counts
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        message.published_at = now
        message.recipient_count = audience.people
        message.save(update_fields=["published_at", "recipient_count"])
        with translation.override(settings.LANGUAGE_CODE):
            text = _("You have an answer about what you said.")
        for delivery in FeedbackDelivery.objects.filter(message=message, recipient__isnull=False):
            notify(
                recipient_id=delivery.recipient_id,  # type: ignore[arg-type]
                organisation_id=message.organisation_id,
                kind="feedback",
                text=text,
                url=_delivery_url(delivery),
            )
            new_ids.append(delivery.pk)
        # One row for the whole publication: the audit log names no recipient either.
        record(
            action=Action.CREATE,
            organisation_id=message.organisation_id,
            object_type="feedback.feedbackdelivery",
            object_id=str(message.pk),
            detail=f"published to {audience.people} young people, {len(channels)} public",
        )
        transaction.on_commit(lambda: _tell_outside(new_ids))
    return audience.people


@acts("feedback_message.manage", on="message")
def message_withdraw(*, actor: Actor, message: FeedbackMessage) -> FeedbackMessage:
    """Withdraw: young people no longer see it (inbox, receipt page); the count stays."""
    if message.withdrawn_at is None:
        message.withdrawn_at = timezone.now()
        message.withdrawn_by = actor.user
        message.save(update_fields=["withdrawn_at", "withdrawn_by"])
        record(
            action=Action.UPDATE,
            actor=actor,
            organisation_id=message.organisation_id,
            obj=message,
            detail="withdrawn",
        )
    return message


@acts("feedback_delivery.read", on="delivery")
def delivery_mark_read(*, actor: Actor, delivery: FeedbackDelivery) -> FeedbackDelivery:
    """The young person opened their answer (only they can mark it read)."""
    if delivery.read_at is None:
        delivery.read_at = timezone.now()
        delivery.save(update_fields=["read_at"])
    return delivery
