"""Every write of check-in data: drafts, submissions, flags, contact requests, reminders,
share links and campaigns. Views and the API call these; each write of identified data is
audit-logged, and notifications to workers carry no personal details.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_as_system, acts_for_anyone, ensure
from medskapa.access.actor import Actor
from medskapa.accounts.models import User
from medskapa.audit.services import Action, append, event_fields, record
from medskapa.organisations.models import (
    Organisation,
    Unit,
    _new_code,
    hash_secret,
)
from medskapa.organisations.roles import Role
from medskapa.web.services import notify

from . import graph as graph_engine
from . import selectors
from .forms import answer_problem
from .models import (
    AreaScore,
    Campaign,
    CampaignCode,
    CampaignResponse,
    CheckIn,
    CheckInDraft,
    ContactRequest,
    Flag,
    FlagRules,
    GraphVersion,
    QuestionGraph,
    ReminderPlan,
    ShareLink,
)
from .selectors import (
    campaign_code_hash,
    campaign_is_open,
    campaign_response_by_receipt,  # noqa: F401 - kept where other apps look for it
    case_workers,
    reminders_due,
    young_person_membership,
)

logger = logging.getLogger(__name__)

SHARE_LINK_DAYS = 14


# --- Questions ------------------------------------------------------------------------------
# Which version is current, per organisation, in the shared cache: a submission then needs
# no query for it. Publishing clears it; a reader racing a publish may put the old one back
# for at most this long, which only means a few more check-ins on the previous version.
CURRENT_VERSION_SECONDS = 60


def _current_version_key(organisation_id: uuid.UUID) -> str:
    return f"medskapa:checkins:current-questions:{organisation_id}"


def _version_cache_in_use() -> bool:
    """Only a cache outside the database saves anything (the database cache would cost the
    query it saves, and a failing cache query would spoil the caller's transaction)."""
    return not isinstance(caches["default"], DatabaseCache)


def _cache_call(method: Callable[..., Any], *args: Any) -> Any:
    """The cache only saves a query here: when it is down (or its table is missing), go on
    without it rather than refuse a young person's check-in."""
    try:
        return method(*args)
    except Exception:
        logger.warning("The cache is not answering; reading the questions' version instead")
        return None


@acts_as_system(
    "Reads the current questions; stores the built-in ones on first use, the same for every "
    "reader and nobody's data."
)
def current_graph_version(
    organisation: Organisation, *, with_definition: bool = True
) -> GraphVersion:
    """The organisation's current questions; the built-in ones until an admin changes them.

    ``with_definition=False`` (the submission's path) takes which version is current from the
    shared cache (Redis) and leaves the definition in the database until it is read: a
    process that has parsed this version before (``GraphVersion.load``) never reads it again.
    """
    if not with_definition and _version_cache_in_use():
        key = _current_version_key(organisation.pk)
        cached = _cache_call(cache.get, key)
        if cached is not None:
            return GraphVersion.from_db(
                GraphVersion.objects.db, ["id", "graph_id", "number"], cached
            )
        version = (
            GraphVersion.objects.filter(graph__organisation=organisation)
            .defer("definition")
            .order_by("-number")
            .first()
        )
        if version is not None:
            entry = (version.pk, version.graph_id, version.number)
            _cache_call(cache.set, key, entry, CURRENT_VERSION_SECONDS)
            return version
    version = (
        GraphVersion.objects.filter(graph__organisation=organisation).order_by("-number").first()
    )
    if version is None:
        graph, _created = QuestionGraph.objects.get_or_create(organisation=organisation)
        version = graph.current_version()
    if version is None:
        with transaction.atomic():
            QuestionGraph.objects.select_for_update().get(pk=graph.pk)
            version = graph.current_version()
            if version is None:
                version = GraphVersion.objects.create(
                    graph=graph,
                    number=1,
                    definition=graph_engine.default_definition(),
                    note="Medskapa",
                )
    _remember_current(organisation, version)
    return version


def _remember_current(organisation: Organisation, version: GraphVersion) -> None:
    """A full read (a page, the API's questions) warms the submission's cache too, once the
    version is surely committed (at once outside a transaction), so a submission after it
    asks nothing about the questions."""
    if not _version_cache_in_use():
        return
    key = _current_version_key(organisation.pk)
    entry = (version.pk, version.graph_id, version.number)
    transaction.on_commit(lambda: _cache_call(cache.set, key, entry, CURRENT_VERSION_SECONDS))


@acts("checkin_questions.manage", on="organisation")
@transaction.atomic
def graph_version_publish(
    *, actor: Actor, organisation: Organisation, definition: dict[str, Any], note: str
) -> GraphVersion:
    """Save changed questions as a new version; earlier check-ins keep theirs."""
    try:
        graph_engine.load(definition)
    except graph_engine.GraphError as error:
        raise ValidationError(error.problems) from None
    current = current_graph_version(organisation)
    graph = QuestionGraph.objects.select_for_update().get(pk=current.graph_id)
    number = graph.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = GraphVersion.objects.create(
        graph=graph, number=number + 1, definition=definition, note=note, created_by=actor.user
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=version,
        detail=f"questions version {version.number}",
    )
    # Now (for this transaction's own readers) and after commit (for a reader that put the old
    # one back meanwhile).
    if _version_cache_in_use():
        key = _current_version_key(organisation.pk)
        _cache_call(cache.delete, key)
        transaction.on_commit(lambda: _cache_call(cache.delete, key))
    return version


# --- The young person's own check-in ------------------------------------------------------
@acts("checkin.respond", on="organisation")
def draft_for(*, actor: Actor, organisation: Organisation) -> CheckInDraft:
    """The actor's open draft, or a new one on the current questions."""
    young_person = actor.user
    if young_person is None:  # the layer lets only a logged-in young person through
        raise ValidationError(_("Log in to send a check-in."))
    draft = CheckInDraft.objects.filter(
        organisation=organisation, young_person=young_person
    ).first()
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            return CheckInDraft.objects.create(
                organisation=organisation,
                young_person=young_person,
                graph_version=current_graph_version(organisation),
            )
    except IntegrityError:  # a second tab created it at the same moment
        return CheckInDraft.objects.get(organisation=organisation, young_person=young_person)


@acts("checkin_draft.edit", on="draft")
def draft_answer(*, actor: Actor, draft: CheckInDraft, step: str, raw: Any) -> CheckInDraft:
    """Save one answer to the draft; AnswerError when it does not fit the question."""
    graph = draft.graph_version.load()
    draft.answers = graph.with_answer(draft.answers, step, raw)
    draft.save(update_fields=["answers", "updated_at"])
    return draft


@acts("checkin_draft.edit", on="draft")
def draft_discard(*, actor: Actor, draft: CheckInDraft) -> None:
    draft.delete()


def _text_of(answers: Any, error: graph_engine.AnswerError) -> Any:
    """The longest own words in an answer set refused as too long (for saying by how much)."""
    if error.code != "text_long" or not isinstance(answers, dict):
        return None
    texts = answers.get("texts")
    if not isinstance(texts, dict):
        return None
    return max((t for t in texts.values() if isinstance(t, str)), key=len, default=None)


def _alone_or_savepoint() -> Any:
    """One INSERT commits on its own (no BEGIN/COMMIT round trips); inside a caller's
    transaction it gets a savepoint, so a duplicate key leaves that transaction usable."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


@dataclass(frozen=True)
class Submitted:
    checkin: CheckIn
    created: bool


@acts("checkin.respond", on="organisation")
def checkin_submit(
    *,
    actor: Actor,
    organisation: Organisation,
    answers: Any,
    idempotency_key: uuid.UUID,
    language: str,
    graph_version: GraphVersion | None = None,
    submitted_at: datetime | None = None,
) -> Submitted:
    """Store a check-in once: a resend with the same key returns the stored one.

    The young person's answer is committed on its own first, as one row, so nothing that
    follows can lose it and many young people never wait on each other. What follows from it
    (area scores, flags, the case worker's notification, the audit row) is derived by
    ``processing.process_submitted`` in batches; ``processing.schedule`` runs it at once with
    the immediate tasks backend and through a worker otherwise. An alarm waits for neither:
    its flag and the worker's note are derived here (``processing.alarm_derive``), and the
    alarm answer's help numbers come from ``has_alarm``.
    """
    from . import processing

    young_person = actor.user
    if young_person is None:
        raise ValidationError(_("Log in to send a check-in."))
    grant = actor.grant_in(organisation.pk, Role.YOUNG_PERSON)
    if grant is None:
        raise ValidationError(_("You are not part of this organisation."))
    version = graph_version or current_graph_version(organisation, with_definition=False)
    graph = version.load()
    try:
        cleaned = graph.validate_answers(answers)
    except graph_engine.AnswerError as error:
        raise ValidationError(answer_problem(error, _text_of(answers, error))) from None
    try:
        with _alone_or_savepoint():
            checkin = CheckIn.objects.create(
                organisation=organisation,
                young_person=young_person,
                unit_id=grant.unit_id,
                graph_version=version,
                idempotency_key=idempotency_key,
                language=language[:10],
                answers=cleaned,
                has_alarm=bool(graph.alarms(cleaned)),
                submitted_at=submitted_at or timezone.now(),
            )
    except IntegrityError:
        # A resend, or the same key twice at the same moment: the first one is stored.
        existing = CheckIn.objects.filter(
            young_person=young_person, idempotency_key=idempotency_key
        ).first()
        if existing is None:  # the integrity error was something else
            raise
        return Submitted(existing, created=False)
    if checkin.has_alarm:
        try:
            processing.alarm_derive(checkin)
        except Exception:  # stored and still pending: the batch derives the alarm instead
            logger.exception("Could not flag the alarm of check-in %s at once", checkin.pk)
    processing.schedule(organisation.pk)
    return Submitted(checkin, created=True)


@acts("checkin_draft.edit", on="draft")
def checkin_submit_draft(*, actor: Actor, draft: CheckInDraft, language: str) -> Submitted:
    """Send the draft; it is gone at once, so a new check-in starts from empty answers."""
    submitted = checkin_submit(
        actor=actor,
        organisation=draft.organisation,
        answers=draft.answers,
        idempotency_key=draft.idempotency_key,
        language=language,
        graph_version=draft.graph_version,
    )
    CheckInDraft.objects.filter(pk=draft.pk).delete()
    return submitted


# --- Flags -------------------------------------------------------------------------------------
@acts_as_system("The organisation's flag rules, stored with the defaults on first read.")
def flag_rules_for(organisation: Organisation) -> FlagRules:
    rules, _created = FlagRules.objects.get_or_create(organisation=organisation)
    return rules


def _person_url(checkin_or_request: CheckIn | ContactRequest) -> str:
    return reverse(
        "checkins:person",
        args=[checkin_or_request.organisation_id, checkin_or_request.young_person_id],
    )


@acts("flag.handle", on="flag")
@transaction.atomic
def flag_handle(*, actor: Actor, flag: Flag, note: str) -> Flag:
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write what you did, so colleagues can follow it.")})
    flag.handled_at = timezone.now()
    flag.handled_by = actor.user
    flag.handled_note = note[:2000]
    flag.save(update_fields=["handled_at", "handled_by", "handled_note"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=flag.organisation_id,
        obj=flag,
        subject_id=flag.young_person_id,
        detail="flag handled",
    )
    return flag


@acts("checkin.follow", on="young_person")
@transaction.atomic
def flags_handle_routine(
    *, actor: Actor, young_person: User, checkin: CheckIn, note: str
) -> list[Flag]:
    """Handle every open routine flag (low answers, drops) of one check-in with one note.

    Sixteen "low answer" flags of one check-in are one thing to follow up, so one note says
    what was done; an alarm answer is never swept up here: it keeps its own note and button
    (``flag_handle``). Each flag is checked with the layer (``flag.handle``) before any is
    changed, and all of them change, or none.
    """
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Write what you did, so colleagues can follow it.")})
    flags = list(
        Flag.objects.select_for_update()
        .filter(checkin=checkin, young_person=young_person, handled_at__isnull=True)
        .exclude(kind=Flag.Kind.ALARM)
        .order_by("pk")
    )
    if not flags:
        raise ValidationError(_("There are no open routine flags on this check-in."))
    for flag in flags:
        ensure(actor, "flag.handle", flag)
    now = timezone.now()
    Flag.objects.filter(pk__in=[f.pk for f in flags]).update(
        handled_at=now, handled_by=actor.user, handled_note=note[:2000]
    )
    append(
        checkin.organisation_id,
        [
            event_fields(
                action=Action.UPDATE,
                actor=actor,
                organisation_id=flag.organisation_id,
                obj=flag,
                subject_id=flag.young_person_id,
                detail="flag handled",
            )
            for flag in flags
        ],
    )
    return flags


@acts("checkin_questions.manage", on="organisation")
@transaction.atomic
def flag_rules_update(*, actor: Actor, organisation: Organisation, form: Any) -> FlagRules:
    """Save the organisation's flag rules from their (valid) form."""
    rules: FlagRules = form.save(commit=False)
    if rules.organisation_id != organisation.pk:
        raise ValidationError(_("These rules belong to another organisation."))
    rules.save()
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=rules,
        detail="flag rules",
    )
    return rules


# --- Contact requests ---------------------------------------------------------------------
@acts("checkin.respond", on="organisation")
def contact_request_create(
    *,
    actor: Actor,
    organisation: Organisation,
    urgency: str,
    channel: str,
    reach_at: str,
    message: str,
    idempotency_key: uuid.UUID,
) -> ContactRequest:
    young_person = actor.user
    if young_person is None or young_person_membership(young_person, organisation) is None:
        raise ValidationError(_("You are not part of this organisation."))
    existing = ContactRequest.objects.filter(
        young_person=young_person, idempotency_key=idempotency_key
    ).first()
    if existing is not None:
        return existing
    if channel in (ContactRequest.Channel.CALL, ContactRequest.Channel.TEXT) and not reach_at:
        raise ValidationError({"reach_at": _("Write the number we can call or text.")})
    with transaction.atomic():
        contact = ContactRequest.objects.create(
            organisation=organisation,
            young_person=young_person,
            urgency=urgency,
            channel=channel,
            reach_at=reach_at.strip()[:40],
            message=message.strip()[:1000],
            idempotency_key=idempotency_key,
        )
        record(
            action=Action.CREATE,
            actor=actor,
            organisation_id=organisation.pk,
            obj=contact,
            subject_id=young_person.pk,
        )
        for worker in case_workers(young_person, organisation):
            notify(
                recipient_id=worker.pk,
                organisation_id=organisation.pk,
                kind="checkin.contact_request",
                text=_("A young person wants to talk to you."),
                url=_person_url(contact),
                email=flag_rules_for(organisation).email_workers,
            )
    return contact


@acts("checkin.follow", on="young_person")
def contact_requests_mark_read(
    *, actor: Actor, young_person: User, requests: list[ContactRequest]
) -> None:
    """The worker opened the person's page: the young person sees it was read."""
    unread = [r.pk for r in requests if r.read_at is None and r.young_person_id == young_person.pk]
    if unread:
        ContactRequest.objects.filter(pk__in=unread).update(
            read_at=timezone.now(), read_by=actor.user
        )


@acts("contact_request.handle", on="contact")
@transaction.atomic
def contact_request_handle(*, actor: Actor, contact: ContactRequest) -> None:
    now = timezone.now()
    contact.handled_at = now
    contact.read_at = contact.read_at or now
    contact.read_by = contact.read_by or actor.user
    contact.save(update_fields=["handled_at", "read_at", "read_by"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=contact.organisation_id,
        obj=contact,
        subject_id=contact.young_person_id,
        detail="contact request handled",
    )


# --- Reminders ------------------------------------------------------------------------------
@acts_as_system(
    "A young person's reminder settings, stored empty on first read: no reminder is sent "
    "until they choose one."
)
def reminder_plan_for(young_person: User, organisation: Organisation) -> ReminderPlan:
    plan, _created = ReminderPlan.objects.get_or_create(
        organisation=organisation, young_person=young_person
    )
    return plan


@acts("reminder.manage", on="plan")
def reminder_plan_update(
    *, actor: Actor, plan: ReminderPlan, every_days: int, channel: str, email: str, phone: str
) -> ReminderPlan:
    if channel == ReminderPlan.Channel.EMAIL and every_days and not email:
        raise ValidationError({"email": _("Write the e-mail address for the reminders.")})
    if channel == ReminderPlan.Channel.SMS and every_days and not phone:
        raise ValidationError({"phone": _("Write the mobile number for the reminders.")})
    plan.every_days = every_days
    plan.channel = channel
    plan.email = email
    plan.phone = phone
    plan.snoozed_until = None
    plan.save()
    return plan


@acts("reminder.manage", on="plan")
def reminder_snooze(*, actor: Actor, plan: ReminderPlan, days: int = 2) -> None:
    plan.snoozed_until = timezone.now() + timedelta(days=days)
    plan.save(update_fields=["snoozed_until"])


@acts("reminder.manage", on="plan")
def reminder_off(*, actor: Actor, plan: ReminderPlan) -> None:
    plan.every_days = 0
    plan.save(update_fields=["every_days"])


@acts("reminder.suggest", on="plan")
@transaction.atomic
def reminder_suggest(*, actor: Actor, plan: ReminderPlan, every_days: int) -> None:
    """The worker suggests a rhythm; the young person decides whether to use it."""
    plan.suggested_every_days = every_days
    plan.save(update_fields=["suggested_every_days"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=plan.organisation_id,
        obj=plan,
        subject_id=plan.young_person_id,
        detail=f"suggested every {every_days} days",
    )


@acts_as_system("The reminder timer (manage.py send_checkin_reminders).")
def reminders_send_due(now: datetime | None = None) -> int:
    """Send every reminder that is due, once; called by ``manage.py send_checkin_reminders``."""
    from django.core.mail import send_mail
    from django.utils import translation

    from medskapa.web.sms import send_sms

    now = now or timezone.now()
    sent = 0
    for plan in reminders_due(now):
        url = reverse("checkins:start", args=[plan.organisation_id])
        with translation.override(plan.young_person.preferred_language or "sv"):
            text = _("Hi! Do you want to tell us how you are doing? It takes a few minutes.")
            if plan.channel == ReminderPlan.Channel.EMAIL and plan.email:
                from medskapa.web.notifications import _absolute

                send_mail(_("How are you doing?"), f"{text}\n{_absolute(url)}", None, [plan.email])
            elif plan.channel == ReminderPlan.Channel.SMS and plan.phone:
                from medskapa.web.notifications import _absolute

                send_sms(plan.phone, f"{text} {_absolute(url)}")
            else:
                notify(
                    recipient_id=plan.young_person_id,
                    organisation_id=plan.organisation_id,
                    kind="checkin.reminder",
                    text=text,
                    url=url,
                )
        plan.last_sent_at = now
        plan.save(update_fields=["last_sent_at"])
        sent += 1
    return sent


# --- Sharing a summary ----------------------------------------------------------------------
@dataclass(frozen=True)
class IssuedShareLink:
    link: ShareLink
    token: str


@acts("checkin.respond", on="organisation")
@transaction.atomic
def share_link_create(
    *, actor: Actor, organisation: Organisation, shared_with: str, days: int = SHARE_LINK_DAYS
) -> IssuedShareLink:
    young_person = actor.user
    if young_person is None or young_person_membership(young_person, organisation) is None:
        raise ValidationError(_("You are not part of this organisation."))
    shared_with = shared_with.strip()
    if not shared_with:
        raise ValidationError({"shared_with": _("Write who the link is for.")})
    days = max(1, min(days, 30))
    token = secrets.token_urlsafe(24)
    link = ShareLink.objects.create(
        organisation=organisation,
        young_person=young_person,
        shared_with=shared_with[:100],
        token_hash=hash_secret(token),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=link,
        subject_id=young_person.pk,
        detail=f"summary shared for {days} days",
    )
    return IssuedShareLink(link, token)


@acts_for_anyone("Opening a share link: the holder of the secret link, throttled.")
def share_link_opened(*, link: ShareLink) -> None:
    """When the link was last opened: the young person sees it on their sharing page."""
    ShareLink.objects.filter(pk=link.pk).update(last_opened_at=timezone.now())


@acts("sharelink.manage", on="link")
@transaction.atomic
def share_link_revoke(*, actor: Actor, link: ShareLink) -> None:
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
        record(
            action=Action.UPDATE,
            actor=actor,
            organisation_id=link.organisation_id,
            obj=link,
            subject_id=link.young_person_id,
            detail="share link revoked",
        )


# --- Anonymous campaigns --------------------------------------------------------------------
@acts("campaign.create", on="organisation")
@transaction.atomic
def campaign_create(
    *,
    actor: Actor,
    organisation: Organisation,
    unit: Unit,
    title: str,
    intro: str,
    areas: list[str],
    languages: list[str],
    opens_at: datetime,
    closes_at: datetime,
    answer_mode: str = Campaign.AnswerMode.LINK,
) -> Campaign:
    version = current_graph_version(organisation)
    known = {a.key for a in version.load().areas}
    errors: dict[str, str] = {}
    if unit.organisation_id != organisation.pk:
        errors["unit"] = _("Choose one of your organisation's units.")
    if not areas or not set(areas) <= known:
        errors["areas"] = _("Choose at least one life area.")
    if closes_at <= opens_at:
        errors["closes_at"] = _("The closing time must be after the opening time.")
    if answer_mode not in Campaign.AnswerMode.values:
        errors["answer_mode"] = _("Choose who can answer.")
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        organisation=organisation,
        unit=unit,
        title=title.strip()[:200],
        intro=intro.strip()[:2000],
        slug=_new_code().lower(),
        areas=[a for a in (x.key for x in version.load().areas) if a in set(areas)],
        languages=languages or ["sv"],
        graph_version=version,
        opens_at=opens_at,
        closes_at=closes_at,
        answer_mode=answer_mode,
        created_by=actor.user,
    )
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=campaign)
    return campaign


CAMPAIGN_CODES_MAX = 60


@acts("campaign.manage", on="campaign")
@transaction.atomic
def campaign_codes_create(*, actor: Actor, campaign: Campaign, count: int) -> list[str]:
    """A sheet of one-time answer codes for a class. The codes are returned once, to print;
    only their hashes are kept."""
    if not 1 <= count <= CAMPAIGN_CODES_MAX:
        raise ValidationError(
            {"count": _("Choose between 1 and %(max)d codes.") % {"max": CAMPAIGN_CODES_MAX}}
        )
    codes = [_new_code() for _ in range(count)]
    CampaignCode.objects.bulk_create(
        CampaignCode(campaign=campaign, code_hash=campaign_code_hash(campaign, code))
        for code in codes
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=campaign.organisation_id,
        obj=campaign,
        detail=f"{count} answer codes",
    )
    return codes


@dataclass(frozen=True)
class CampaignReceipt:
    response: CampaignResponse
    receipt_code: str | None  # None when this device had already answered


@acts_for_anyone(
    "An anonymous survey answer: guarded by a one-time code (or one answer per device for an "
    "open link) and by the throttles on the survey's pages."
)
def campaign_respond(
    *,
    campaign: Campaign,
    device_token: str,
    answers: Any,
    language: str,
    code: str | None = None,
) -> CampaignReceipt:
    """One anonymous answer per device (open link) or per one-time code (codes): a resend
    from the same device changes nothing; a used or unknown code is refused.

    With codes, the code is marked used in the answer's transaction by one conditional
    update, so two sends with one code store one answer; the answer keeps no trace of the
    code (its device hash is random: pupils may share a classroom tablet)."""
    if not campaign_is_open(campaign):
        raise ValidationError(_("This survey is closed."))
    with_codes = campaign.answer_mode == Campaign.AnswerMode.CODES
    if with_codes:
        if not code:
            raise ValidationError(_("Write the answer code you got from your teacher."))
        device_hash = secrets.token_hex(32)
    else:
        device_hash = hash_secret(f"{campaign.pk}:{device_token}")
        existing = CampaignResponse.objects.filter(
            campaign=campaign, device_hash=device_hash
        ).first()
        if existing is not None:
            return CampaignReceipt(existing, None)
    graph = campaign.graph_version.load().restricted_to(campaign.areas)
    try:
        cleaned = graph.validate_answers(answers)
    except graph_engine.AnswerError as error:
        raise ValidationError(answer_problem(error, _text_of(answers, error))) from None
    receipt_code = _new_code()
    now = timezone.now()
    try:
        with transaction.atomic():
            # One answer at a time per campaign, so the count that renews the shown results
            # is exact.
            locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
            if with_codes and not _campaign_code_use(campaign, code or ""):
                raise ValidationError(
                    _("This answer code has already been used or is not right. Ask your teacher.")
                )
            response = CampaignResponse.objects.create(
                campaign=campaign,
                device_hash=device_hash,
                receipt_hash=hash_secret(receipt_code),
                language=language[:10],
                answers=cleaned,
                submitted_at=now,
            )
            AreaScore.objects.bulk_create(
                AreaScore(
                    organisation_id=campaign.organisation_id,
                    campaign_response=response,
                    unit_path=campaign.unit.path,
                    area=area,
                    score=score,
                    submitted_at=now,
                )
                for area, score in cleaned["areas"].items()
            )
            _campaign_results_renew(locked)
    except IntegrityError:
        response = CampaignResponse.objects.get(campaign=campaign, device_hash=device_hash)
        return CampaignReceipt(response, None)
    return CampaignReceipt(response, receipt_code)


def _campaign_code_use(campaign: Campaign, code: str) -> bool:
    return bool(
        CampaignCode.objects.filter(
            campaign=campaign, code_hash=campaign_code_hash(campaign, code), used=False
        ).update(used=True)
    )


def _campaign_results_renew(campaign: Campaign) -> None:
    """Renew the results staff and receipt holders see, only when at least
    ``selectors.RESULTS_STEP`` answers came in since: two views in a row then never differ by
    one answer, however often someone looks. The last few answers wait for the next step."""
    responses = CampaignResponse.objects.filter(campaign=campaign).count()
    if selectors.results_due(campaign.results_responses, responses):
        campaign.results = selectors.campaign_counts(campaign)
        campaign.results_responses = responses
        campaign.save(update_fields=["results", "results_responses"])
