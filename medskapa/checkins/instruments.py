"""Instruments in check-ins: loading a definition an organisation has the rights to, asking a
young person to answer it, and storing the score the engine computes.

The definition format and the scoring are in ``medskapa.engines.instruments`` (plain Python,
documented in its README.md). This module holds every write (each audit-logged) and the reads
the pages use. Medskapa ships no licensed wording: an organisation loads its own definitions.

How it is used (chosen for this first version): a worker asks one young person on their
caseload to answer an active instrument once; each ask is an ``InstrumentAssignment``. To
follow someone over time, the worker asks again. Instruments do not ride along with the
regular check-in.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actor import Actor
from medskapa.access.registry import scope
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record
from medskapa.engines import instruments as engine
from medskapa.organisations.models import Organisation
from medskapa.web.services import notify

from .models import InstrumentAssignment, InstrumentResponse, InstrumentVersion
from .selectors import case_workers, young_person_membership

MAX_DEFINITION_BYTES = 512 * 1024
SKIP = "skip"


def text_in(texts: Any, language: str, languages: tuple[str, ...] = ()) -> str:
    """A definition text in ``language``, else Swedish, else the definition's first language."""
    if not texts:
        return ""
    for candidate in (language, "sv", *languages):
        if texts.get(candidate):
            return str(texts[candidate])
    return str(next(iter(texts.values()), ""))


def language_for(instrument: engine.Instrument, language: str) -> str:
    """The language the young person reads the instrument in (the page's, when it has it)."""
    for candidate in (language, "sv"):
        if candidate in instrument.languages:
            return candidate
    return instrument.languages[0]


def load(version: InstrumentVersion) -> engine.Instrument:
    return engine.load_definition(version.definition)


# --- Loading definitions (org admins) ----------------------------------------------------------
def parse_definition(text: str | bytes) -> tuple[dict[str, Any], engine.Instrument]:
    """The definition as a dict and as an Instrument, or ValidationError listing every problem."""
    if len(text) > MAX_DEFINITION_BYTES:
        raise ValidationError(
            _("The definition is too big (at most %(kb)s kB).")
            % {"kb": MAX_DEFINITION_BYTES // 1024}
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValidationError(
            _("The text is not valid JSON: %(error)s") % {"error": str(error)[:200]}
        ) from None
    try:
        instrument = engine.load_definition(data)
    except engine.DefinitionError as error:
        raise ValidationError(error.problems) from None
    return data, instrument


@transaction.atomic
def instrument_upload(
    *, actor: Actor, organisation: Organisation, text: str | bytes, rights_confirmed: bool
) -> tuple[InstrumentVersion, bool]:
    """Save a validated definition as a new version (inactive until an admin activates it).

    Returns (version, created); loading the same definition as the latest version again
    creates nothing. Nothing is saved unless the rights are confirmed and the definition is
    valid.
    """
    if not rights_confirmed:
        raise ValidationError(
            {"rights": _("Confirm that your organisation has the right to use this instrument.")}
        )
    data, instrument = parse_definition(text)
    latest = (
        InstrumentVersion.objects.select_for_update()
        .filter(organisation=organisation, key=instrument.id)
        .order_by("-number")
        .first()
    )
    if latest is not None and latest.definition == data:
        return latest, False
    now = timezone.now()
    version = InstrumentVersion.objects.create(
        organisation=organisation,
        key=instrument.id,
        number=(latest.number if latest else 0) + 1,
        name=text_in(instrument.name, "sv", instrument.languages)[:200],
        definition=data,
        rights_confirmed_by=actor.user,
        rights_confirmed_at=now,
        created_by=actor.user,
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=version,
        detail=f"instrument {instrument.id} version {version.number}; rights confirmed",
    )
    return version, True


@transaction.atomic
def instrument_set_active(*, actor: Actor, version: InstrumentVersion, active: bool) -> None:
    """Activate one version (any other version of the same instrument stops being active), or
    deactivate it. Open requests to young people follow the active version."""
    if active:
        InstrumentVersion.objects.filter(
            organisation_id=version.organisation_id, key=version.key, is_active=True
        ).exclude(pk=version.pk).update(is_active=False)
    version.is_active = active
    version.save(update_fields=["is_active"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=version.organisation_id,
        obj=version,
        detail=f"instrument {version.key} version {version.number} "
        f"{'activated' if active else 'deactivated'}",
    )


def active_instruments(organisation: Organisation) -> QuerySet[InstrumentVersion]:
    return InstrumentVersion.objects.filter(organisation=organisation, is_active=True)


def latest_versions(organisation: Organisation) -> list[InstrumentVersion]:
    """Per instrument: its active version, or its newest one."""
    rows = InstrumentVersion.objects.filter(organisation=organisation).order_by(
        "key", "-is_active", "-number"
    )
    seen: set[str] = set()
    result = []
    for row in rows.select_related("rights_confirmed_by"):
        if row.key not in seen:
            seen.add(row.key)
            result.append(row)
    return result


# --- Asking a young person (workers) -----------------------------------------------------------
@transaction.atomic
def assignment_create(
    *, actor: Actor, organisation: Organisation, young_person: User, version: InstrumentVersion
) -> InstrumentAssignment:
    """Ask a young person to answer an active instrument; they get an in-app notification
    (which names no instrument and no person)."""
    if version.organisation_id != organisation.pk or not version.is_active:
        raise ValidationError({"instrument": _("Choose one of the active instruments.")})
    if young_person_membership(young_person, organisation) is None:
        raise ValidationError(_("This young person is not part of the organisation."))
    assignment = InstrumentAssignment.objects.create(
        organisation=organisation,
        young_person=young_person,
        instrument=version,
        assigned_by=actor.user,
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=assignment,
        subject_id=young_person.pk,
        detail=f"asked to answer {version.key} version {version.number}",
    )
    notify(
        recipient_id=young_person.pk,
        organisation_id=organisation.pk,
        kind="checkin.instrument",
        text=_("You have some questions to answer, if you want to."),
        url=reverse("checkins:instrument_start", args=[organisation.pk, assignment.pk]),
    )
    return assignment


@transaction.atomic
def assignment_cancel(*, actor: Actor, assignment: InstrumentAssignment) -> None:
    if assignment.completed_at is None and assignment.cancelled_at is None:
        assignment.cancelled_at = timezone.now()
        assignment.save(update_fields=["cancelled_at"])
        record(
            action=Action.UPDATE,
            actor=actor,
            organisation_id=assignment.organisation_id,
            obj=assignment,
            subject_id=assignment.young_person_id,
            detail="request to answer an instrument withdrawn",
        )


def version_to_answer(assignment: InstrumentAssignment) -> InstrumentVersion | None:
    """The version the young person answers: the one asked for while it is active, else the
    instrument's active version now; None when the instrument is no longer in use."""
    if assignment.instrument.is_active:
        return assignment.instrument
    return active_instruments(assignment.organisation).filter(key=assignment.instrument.key).first()


def is_open(assignment: InstrumentAssignment) -> bool:
    return assignment.completed_at is None and assignment.cancelled_at is None


def open_assignments(young_person: User, organisation: Organisation) -> list[InstrumentAssignment]:
    rows = InstrumentAssignment.objects.filter(
        organisation=organisation,
        young_person=young_person,
        completed_at__isnull=True,
        cancelled_at__isnull=True,
    ).select_related("instrument", "organisation")
    return [row for row in rows if version_to_answer(row) is not None]


def clean_answer(instrument: engine.Instrument, raw: Any) -> int | None:
    """A point on the scale, or None for "Vill inte svara"; ValueError for anything else."""
    if raw is None or raw == SKIP:
        return None
    value = int(str(raw))
    if not instrument.scale.min <= value <= instrument.scale.max:
        raise ValueError("outside the scale")
    return value


def assignment_answer(
    *, assignment: InstrumentAssignment, version: InstrumentVersion, item_id: str, raw: Any
) -> None:
    """Save one answer so far. When the version to answer changed, earlier answers go (they
    were answers to other wording)."""
    instrument = load(version)
    if item_id not in {item.id for item in instrument.items}:
        raise ValueError("no such item")
    value = clean_answer(instrument, raw)
    if assignment.instrument_id != version.pk:
        assignment.instrument = version
        assignment.answers = {}
    assignment.answers = {**assignment.answers, item_id: value}
    assignment.save(update_fields=["instrument", "answers"])


@dataclass(frozen=True)
class Sent:
    response: InstrumentResponse
    created: bool


def response_submit(
    *,
    actor: Actor,
    assignment: InstrumentAssignment,
    idempotency_key: uuid.UUID,
    language: str,
) -> Sent:
    """Store the answers once and the score the engine computes from the answered version. A
    resend with the same key (a double tap, a reload) returns the stored response."""
    young_person = actor.user
    if young_person is None or young_person.pk != assignment.young_person_id:
        raise ValidationError(_("These questions are for someone else."))
    existing = InstrumentResponse.objects.filter(
        young_person=young_person, idempotency_key=idempotency_key
    ).first()
    if existing is not None:
        return Sent(existing, created=False)
    if hasattr(assignment, "response"):
        return Sent(assignment.response, created=False)
    if idempotency_key != assignment.idempotency_key:
        raise ValidationError(_("The page was old. Check your answers and send again."))
    if not is_open(assignment):
        raise ValidationError(_("These questions are closed."))
    version = version_to_answer(assignment)
    if version is None or version.pk != assignment.instrument_id:
        raise ValidationError(_("The questions have changed. Please answer them again."))
    instrument = load(version)
    answers = {item.id: assignment.answers.get(item.id) for item in instrument.items}
    try:
        result = engine.score(instrument, answers)
    except engine.ScoreError as error:
        raise ValidationError(error.problems) from None
    now = timezone.now()
    try:
        with transaction.atomic():
            response = InstrumentResponse.objects.create(
                organisation_id=assignment.organisation_id,
                young_person=young_person,
                assignment=assignment,
                instrument=version,
                idempotency_key=idempotency_key,
                language=language[:10],
                answers=answers,
                valid=result.valid,
                raw=result.raw,
                value=result.value,
                band=result.band_id or "",
                subscales=result.to_dict()["subscales"],
                score=result.to_dict(),
                submitted_at=now,
            )
            assignment.completed_at = now
            assignment.save(update_fields=["completed_at"])
            record(
                action=Action.CREATE,
                actor=actor,
                organisation_id=assignment.organisation_id,
                obj=response,
                subject_id=young_person.pk,
                detail=f"answered {version.key} version {version.number}",
            )
            for worker in case_workers(young_person, assignment.organisation):
                notify(
                    recipient_id=worker.pk,
                    organisation_id=assignment.organisation_id,
                    kind="checkin.instrument_answered",
                    text=_("A young person has answered the questions you sent."),
                    url=reverse(
                        "checkins:person", args=[assignment.organisation_id, young_person.pk]
                    ),
                )
    except IntegrityError:
        stored = InstrumentResponse.objects.get(assignment=assignment)
        return Sent(stored, created=False)
    return Sent(response, created=True)


# --- Reads ------------------------------------------------------------------------------------
def responses_of(
    actor: Actor, young_person: User, organisation: Organisation
) -> QuerySet[InstrumentResponse]:
    """A young person's sent answers, newest first, as far as the actor may see them."""
    return (
        scope(actor, "instrument_response.view", InstrumentResponse.objects.all())
        .filter(organisation=organisation, young_person=young_person)
        .select_related("instrument")
    )


def score_rows(responses: list[InstrumentResponse], language: str) -> list[dict[str, Any]]:
    """One row per response for the worker's table: instrument, value, band and subscales in
    words, in the page's language."""
    rows = []
    for response in responses:
        instrument = load(response.instrument)
        band = next((b for b in instrument.cutoffs if b.id == response.band), None)
        subscales = []
        for sub in instrument.subscales:
            stored = response.subscales.get(sub.id) or {}
            subscales.append(
                {
                    "name": text_in(sub.name, language, instrument.languages),
                    "value": stored.get("value"),
                    "valid": stored.get("valid", False),
                }
            )
        rows.append(
            {
                "response": response,
                "name": text_in(instrument.name, language, instrument.languages),
                "band": text_in(band.label, language, instrument.languages) if band else "",
                "subscales": subscales,
                "skipped": sum(1 for v in response.answers.values() if v is None),
            }
        )
    return rows
