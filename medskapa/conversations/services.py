"""Every write in conversations. Views, the API, commands and the demo all come through here;
each one declares who may call it (``access.actions``), and each write that touches personal
data leaves an audit row."""

from __future__ import annotations

import copy
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_as_system, ensure
from medskapa.access.actor import Actor
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record
from medskapa.organisations import consent as consent_service
from medskapa.organisations.models import Caseload, Consent, Organisation

from . import pictures
from .models import (
    LANGUAGES,
    Answer,
    AnswerType,
    Guide,
    GuideVersion,
    Meeting,
    Note,
    Pseudonym,
    SharedAnswer,
    Summary,
    SummaryResponse,
)
from .selectors import section_fingerprint

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
BUILTIN_ORIGIN = "Medskapa"
# The text a young person agrees to when sharing answers for service development.
SHARE_CONSENT_VERSION = "conversations-share-1"
MAX_TEXT = 4000
MAX_QUESTION = 300
MAX_OPTIONS = 12


# --- Built-in guides ------------------------------------------------------------------------
def _builtin_files() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("*.json"))


@acts_as_system("Loads the guides shipped with the code at start-up; no person acts.")
@transaction.atomic
def ensure_builtin_guides() -> list[Guide]:
    """Load the guides shipped in ``builtin/`` (idempotent, no migration needed).

    A built-in guide belongs to no organisation, sits in the shared library and is read-only.
    When a data file's ``version`` grows, its content becomes a new published version.
    """
    guides = []
    for path in _builtin_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        key = data["key"]
        guide, _created = Guide.objects.get_or_create(
            builtin_key=key,
            defaults={
                "origin": BUILTIN_ORIGIN,
                "in_library": True,
                "library_published_at": timezone.now(),
            },
        )
        content = {k: v for k, v in data.items() if k not in {"key", "version"}}
        number = int(data.get("version", 1))
        if not guide.versions.filter(number=number).exists():
            GuideVersion.objects.create(
                guide=guide,
                number=number,
                status=GuideVersion.Status.PUBLISHED,
                content=content,
                published_at=timezone.now(),
            )
        guides.append(guide)
    return guides


# --- Guides: copy, edit, publish ------------------------------------------------------------
def _new_key() -> str:
    return f"c-{secrets.token_hex(4)}"


def _source_version(guide: Guide) -> GuideVersion:
    version = guide.latest_published()
    if version is None:
        raise ValidationError(_("This guide has no published version yet."))
    return version


@acts("guide.copy", on="guide")
@transaction.atomic
def guide_copy(*, actor: Actor, guide: Guide, organisation: Organisation) -> Guide:
    """Copy a guide's latest published version into ``organisation`` as a new draft (where
    the actor edits guides)."""
    ensure(actor, "guide.create", organisation)
    source = _source_version(guide)
    new = Guide.objects.create(
        organisation=organisation,
        origin=guide.origin,
        copied_from=source,
        created_by=actor.user,
    )
    GuideVersion.objects.create(guide=new, number=1, content=copy.deepcopy(source.content))
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=new,
        detail=f"copied from {guide.pk} v{source.number}",
    )
    return new


def _draft_for(guide: Guide) -> GuideVersion:
    """The guide's draft, started from its latest published version when there is none."""
    if guide.is_builtin:
        raise ValidationError(_("Built-in guides cannot be changed. Copy one to edit it."))
    draft = guide.draft()
    if draft is not None:
        return draft
    source = guide.latest_published()
    last = guide.versions.order_by("-number").first()
    return GuideVersion.objects.create(
        guide=guide,
        number=(last.number + 1) if last else 1,
        content=copy.deepcopy(source.content) if source else {"sections": []},
    )


def _texts(values: dict[str, str], *, required: bool, limit: int, label: str) -> dict[str, str]:
    cleaned = {lang: (values.get(lang) or "").strip() for lang in LANGUAGES}
    if required and not cleaned["sv"]:
        raise ValidationError(_("%(label)s is needed in Swedish.") % {"label": label})
    if any(len(text) > limit for text in cleaned.values()):
        raise ValidationError(
            _("%(label)s can be at most %(limit)d characters.") % {"label": label, "limit": limit}
        )
    return cleaned


def _save_draft(actor: Actor, draft: GuideVersion, content: dict[str, Any], detail: str) -> None:
    draft.content = content
    draft.save(update_fields=["content"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=draft.guide.organisation_id,
        obj=draft.guide,
        detail=detail,
    )


@acts("guide.edit", on="guide")
@transaction.atomic
def guide_update_details(
    *, actor: Actor, guide: Guide, title: dict[str, str], description: dict[str, str]
) -> GuideVersion:
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    content["title"] = _texts(title, required=True, limit=200, label=_("The title"))
    content["description"] = _texts(description, required=False, limit=1000, label=_("The text"))
    _save_draft(actor, draft, content, "details")
    return draft


def _find(content: dict[str, Any], key: str) -> tuple[int, int]:
    for s, section in enumerate(content.get("sections", [])):
        for c, card in enumerate(section.get("cards", [])):
            if card.get("key") == key:
                return s, c
    raise ValidationError(_("There is no such card in this guide."))


def _clean_card(data: dict[str, Any]) -> dict[str, Any]:
    answer_type = data.get("answer_type", AnswerType.TEXT)
    if answer_type not in AnswerType.values:
        raise ValidationError(_("Choose a kind of answer from the list."))
    card: dict[str, Any] = {
        "answer_type": answer_type,
        "question": _texts(
            data.get("question", {}), required=True, limit=MAX_QUESTION, label=_("The question")
        ),
        "hint": _texts(data.get("hint", {}), required=False, limit=1000, label=_("The hint")),
        "why": _texts(data.get("why", {}), required=False, limit=300, label=_("The reason")),
    }
    options = [
        _texts(option, required=False, limit=100, label=_("A card"))
        for option in data.get("options", [])
    ]
    options = [option for option in options if option["sv"] or option["en"]]
    if answer_type == AnswerType.PICK:
        if len(options) < 2:
            raise ValidationError(_("A card to pick from needs at least two choices."))
        if len(options) > MAX_OPTIONS:
            raise ValidationError(
                _("A card can have at most %(count)d choices.") % {"count": MAX_OPTIONS}
            )
        card["options"] = options
    if answer_type == AnswerType.SCALE and data.get("scale"):
        card["scale"] = data["scale"]
    return card


@dataclass
class PictureInput:
    """What the card form says about the picture. ``upload``: the raw bytes of a new file;
    without one the card keeps its picture unless ``remove``."""

    upload: bytes | None = None
    alt: dict[str, str] | None = None
    decorative: bool = False
    remove: bool = False


def _card_picture(
    old: dict[str, Any] | None, given: PictureInput
) -> tuple[dict[str, Any] | None, pictures.CleanPicture | None]:
    """The card's picture after the change, and a cleaned upload still to be stored."""
    cleaned = pictures.clean(given.upload) if given.upload is not None else None
    if cleaned is not None:
        base: dict[str, Any] | None = {
            "file": cleaned.name,
            "width": cleaned.width,
            "height": cleaned.height,
        }
    elif given.remove or not isinstance(old, dict) or not pictures.is_stored_name(old.get("file")):
        base = None
    else:
        base = {k: old[k] for k in ("file", "width", "height") if k in old}
    if base is None:
        return None, None
    alt = _texts(
        given.alt if given.alt is not None else dict((old or {}).get("alt") or {}),
        required=False,
        limit=pictures.MAX_ALT,
        label=_("The picture description"),
    )
    decorative = given.decorative if given.alt is not None else bool((old or {}).get("decorative"))
    if not decorative and not alt["sv"]:
        raise ValidationError(
            _(
                "Describe the picture in Swedish for people who cannot see it, "
                "or mark it as decoration only."
            ),
            code="picture_alt",
        )
    if decorative:
        alt = dict.fromkeys(LANGUAGES, "")
    return {**base, "alt": alt, "decorative": decorative}, cleaned


@acts("guide.edit", on="guide")
@transaction.atomic
def card_save(
    *,
    actor: Actor,
    guide: Guide,
    data: dict[str, Any],
    key: str | None = None,
    section: int = 0,
    picture: PictureInput | None = None,
) -> str:
    """Change card ``key`` in the draft, or add a new card at the end of ``section``.

    ``picture`` changes the card's picture (checked and cleaned before anything is saved);
    without it the card keeps the picture it has.
    """
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    sections = content.setdefault("sections", [])
    card = _clean_card(data)
    old_card: dict[str, Any] = {}
    if key is not None:
        s, c = _find(content, key)
        old_card = sections[s]["cards"][c]
    new_picture, upload = _card_picture(old_card.get("picture"), picture or PictureInput())
    if new_picture is not None:
        card["picture"] = new_picture
    if key is None and not 0 <= section < len(sections):
        raise ValidationError(_("There is no such section in this guide."))
    if upload is not None:
        # Only now, when everything else is valid: a rejected card stores no file.
        pictures.store(upload)
    if key is None:
        if not 0 <= section < len(sections):
            raise ValidationError(_("There is no such section in this guide."))
        if "scale" not in card and card["answer_type"] == AnswerType.SCALE:
            card["scale"] = []
        key = _new_key()
        sections[section].setdefault("cards", []).append({"key": key, **card})
        detail = f"card added {key}"
    else:
        s, c = _find(content, key)
        old = sections[s]["cards"][c]
        if card["answer_type"] == AnswerType.SCALE and "scale" not in card:
            card["scale"] = old.get("scale", [])
        sections[s]["cards"][c] = {"key": key, **card}
        detail = f"card changed {key}"
    _save_draft(actor, draft, content, detail)
    return key


@acts("guide.edit", on="guide")
@transaction.atomic
def card_move(*, actor: Actor, guide: Guide, key: str, step: int) -> None:
    """Move a card one place up (-1) or down (+1); across a section's edge it changes section."""
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    sections = content.get("sections", [])
    s, c = _find(content, key)
    cards = sections[s]["cards"]
    target = c + (1 if step > 0 else -1)
    if 0 <= target < len(cards):
        cards[c], cards[target] = cards[target], cards[c]
    elif target < 0 and s > 0:
        sections[s - 1].setdefault("cards", []).append(cards.pop(c))
    elif target >= len(cards) and s + 1 < len(sections):
        sections[s + 1].setdefault("cards", []).insert(0, cards.pop(c))
    else:
        return
    _save_draft(actor, draft, content, f"card moved {key}")


def _section_at(content: dict[str, Any], index: int) -> dict[str, Any]:
    sections = content.get("sections", [])
    if not 0 <= index < len(sections):
        raise ValidationError(_("There is no such section in this guide."))
    section: dict[str, Any] = sections[index]
    return section


@acts("guide.edit", on="guide")
@transaction.atomic
def section_rename(*, actor: Actor, guide: Guide, index: int, title: dict[str, str]) -> None:
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    section = _section_at(content, index)
    section["title"] = _texts(title, required=True, limit=200, label=_("The title"))
    _save_draft(actor, draft, content, f"section {index} renamed")


@acts("guide.edit", on="guide")
@transaction.atomic
def section_move(*, actor: Actor, guide: Guide, index: int, step: int) -> None:
    """Move a section one place up (-1) or down (+1), with its cards. At an end: no change."""
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    _section_at(content, index)
    sections = content["sections"]
    target = index + (1 if step > 0 else -1)
    if not 0 <= target < len(sections):
        return
    sections[index], sections[target] = sections[target], sections[index]
    _save_draft(actor, draft, content, f"section {index} moved to {target}")


@acts("guide.edit", on="guide")
@transaction.atomic
def section_remove(*, actor: Actor, guide: Guide, index: int, fingerprint: str) -> int:
    """Delete a section of the draft together with its cards; returns how many cards went.
    Published versions (and the meetings that use them) keep the section."""
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    section = _section_at(content, index)
    if fingerprint != section_fingerprint(section):
        raise ValidationError(
            _("The section was changed meanwhile. Look at it again before you delete it.")
        )
    removed = len(section.get("cards", []))
    content["sections"].pop(index)
    _save_draft(actor, draft, content, f"section {index} removed with {removed} cards")
    return removed


@acts("guide.edit", on="guide")
@transaction.atomic
def card_remove(*, actor: Actor, guide: Guide, key: str) -> None:
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    s, c = _find(content, key)
    content["sections"][s]["cards"].pop(c)
    _save_draft(actor, draft, content, f"card removed {key}")


@acts("guide.edit", on="guide")
@transaction.atomic
def section_add(*, actor: Actor, guide: Guide, title: dict[str, str]) -> int:
    draft = _draft_for(guide)
    content = copy.deepcopy(draft.content)
    sections = content.setdefault("sections", [])
    sections.append(
        {"title": _texts(title, required=True, limit=200, label=_("The title")), "cards": []}
    )
    _save_draft(actor, draft, content, "section added")
    return len(sections) - 1


@acts("guide.edit", on="guide")
@transaction.atomic
def version_publish(*, actor: Actor, guide: Guide) -> GuideVersion:
    """Freeze the draft as the guide's next published version."""
    draft = guide.draft()
    if draft is None:
        raise ValidationError(_("There are no changes to publish."))
    content = draft.content
    if not content.get("title", {}).get("sv"):
        raise ValidationError(_("The guide needs a title in Swedish."))
    if not any(section.get("cards") for section in content.get("sections", [])):
        raise ValidationError(_("The guide needs at least one card."))
    draft.status = GuideVersion.Status.PUBLISHED
    draft.published_at = timezone.now()
    draft.save(update_fields=["status", "published_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=guide.organisation_id,
        obj=guide,
        detail=f"version {draft.number} published",
    )
    return draft


@acts("guide.publish", on="guide")
@transaction.atomic
def library_set(*, actor: Actor, guide: Guide, shared: bool) -> Guide:
    """Put the guide in the shared library (its published versions), or take it out."""
    if guide.is_builtin:
        raise ValidationError(_("Built-in guides are always in the library."))
    if shared and guide.latest_published() is None:
        raise ValidationError(_("Publish a version first; the library shows published versions."))
    guide.in_library = shared
    guide.library_published_at = timezone.now() if shared else None
    guide.save(update_fields=["in_library", "library_published_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=guide.organisation_id,
        obj=guide,
        detail="library on" if shared else "library off",
    )
    return guide


# --- Meetings -------------------------------------------------------------------------------
@acts("meeting.create", on="organisation")
@transaction.atomic
def meeting_create(
    *,
    actor: Actor,
    organisation: Organisation,
    guide: Guide,
    young_person: User,
    planned_for: Any = None,
) -> Meeting:
    """A worker sends a guide's latest published version to a young person on their caseload."""
    ensure(actor, "guide.view", guide)
    version = _source_version(guide)
    if (
        actor.user is None
        or not Caseload.objects.filter(
            organisation=organisation,
            worker=actor.user,
            young_person=young_person,
            ended_at__isnull=True,
        ).exists()
    ):
        raise ValidationError(_("You can only send a guide to a young person on your caseload."))
    meeting = Meeting.objects.create(
        organisation=organisation,
        version=version,
        worker=actor.user,
        young_person=young_person,
        planned_for=planned_for,
    )
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        obj=meeting,
        subject_id=young_person.pk,
        detail=f"guide {guide.pk} v{version.number} sent",
    )
    return meeting


@dataclass
class AnswerInput:
    card_key: str
    text: str = ""
    scale: int | None = None
    choices: list[int] | None = None
    skipped: bool = False


def _clean_answer(meeting: Meeting, data: AnswerInput) -> dict[str, Any]:
    card = meeting.version.card(data.card_key)
    if card is None:
        raise ValidationError(_("There is no such card in this guide."))
    text = (data.text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("Your answer can be at most %(limit)d characters.") % {"limit": MAX_TEXT}
        )
    kind = card.get("answer_type")
    scale = data.scale
    if scale is not None and (kind != AnswerType.SCALE or not 1 <= scale <= 5):
        raise ValidationError(_("Choose a step from 1 to 5."))
    choices = sorted(set(data.choices or []))
    if choices and (
        kind != AnswerType.PICK or any(not 0 <= i < len(card.get("options", [])) for i in choices)
    ):
        raise ValidationError(_("Choose among the cards shown."))
    if data.skipped:
        return {"text": "", "scale": None, "choices": [], "skipped": True}
    return {"text": text, "scale": scale, "choices": choices, "skipped": False}


@acts("meeting.prepare", on="meeting")
@transaction.atomic
def answer_save(*, actor: Actor, meeting: Meeting, data: AnswerInput) -> Answer:
    """The young person saves (or changes) the answer to one card. Not shared until chosen."""
    values = _clean_answer(meeting, data)
    answer, _created = Answer.objects.update_or_create(
        meeting=meeting, card_key=data.card_key, defaults=values
    )
    if answer.is_empty and answer.shared:
        answer.shared = False
        answer.save(update_fields=["shared"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=meeting.organisation_id,
        obj=meeting,
        subject_id=meeting.young_person_id,
        detail=f"answer {data.card_key}",
    )
    return answer


def _age_band(birth_year: int | None, *, year: int | None = None) -> str:
    if birth_year is None:
        return "okänd"
    age = (year or timezone.localdate().year) - birth_year
    for low, high in ((8, 12), (13, 15), (16, 17), (18, 20)):
        if low <= age <= high:
            return f"{low}-{high}"
    return "under 8" if age < 8 else "över 20"


def _pseudonym_for(organisation: Organisation, user: User) -> Pseudonym:
    pseudonym, _created = Pseudonym.objects.get_or_create(organisation=organisation, user=user)
    return pseudonym


@acts("meeting.prepare", on="meeting")
@transaction.atomic
def answers_share(
    *,
    actor: Actor,
    meeting: Meeting,
    shared_keys: set[str],
    share_for_development: bool = False,
) -> tuple[int, Consent | None]:
    """The young person chooses which answers the worker may see before the meeting.

    With ``share_for_development`` (an explicit consent, withdrawable) the chosen answers also go
    to the organisation's pool of shared words: no name, no meeting, no case; only a random
    pseudonym and an age band. Returns how many answers are shared and the consent, if any.
    """
    answers = list(meeting.answers.all())
    count = 0
    for answer in answers:
        share = answer.card_key in shared_keys and not answer.is_empty and not answer.skipped
        if share != answer.shared:
            answer.shared = share
            answer.save(update_fields=["shared"])
        count += int(share)
    if meeting.prepared_at is None:
        meeting.prepared_at = timezone.now()
        meeting.save(update_fields=["prepared_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=meeting.organisation_id,
        obj=meeting,
        subject_id=meeting.young_person_id,
        detail=f"{count} answers shared with the worker",
    )
    consent = None
    if share_for_development:
        consent = _share_for_development(actor, meeting, answers)
    else:
        _stop_sharing_for_development(actor, meeting)
    return count, consent


def _stop_sharing_for_development(actor: Actor, meeting: Meeting) -> None:
    """An unticked box takes the yes back: the consent is withdrawn, the words deleted."""
    if actor.user is None:
        return
    consent = consent_service.active_consent(
        actor.user, meeting.organisation, Consent.Purpose.SHARE_FOR_DEVELOPMENT
    )
    if consent is not None:
        consent_service.consent_withdraw(consent=consent, withdrawn_by=actor.user)


def _share_for_development(actor: Actor, meeting: Meeting, answers: list[Answer]) -> Consent:
    if actor.user is None:
        raise ValidationError(_("Only you can choose what to share."))
    organisation = meeting.organisation
    purpose = Consent.Purpose.SHARE_FOR_DEVELOPMENT
    consent = consent_service.active_consent(actor.user, organisation, purpose)
    if consent is None:
        # Raises ValidationError (in words) when a guardian must consent instead.
        consent = consent_service.consent_give(
            organisation=organisation,
            subject=actor.user,
            given_by=actor.user,
            purpose=purpose,
            text_version=SHARE_CONSENT_VERSION,
        )
    pseudonym = _pseudonym_for(organisation, actor.user).value
    band = _age_band(actor.user.birth_year)
    version = meeting.version
    # Answers no longer shared leave the pool too.
    SharedAnswer.objects.filter(
        organisation=organisation,
        pseudonym=pseudonym,
        guide=version.guide,
        card_key__in=[a.card_key for a in answers if not a.shared],
    ).delete()
    answers = [a for a in answers if a.shared]
    for answer in answers:
        card = version.card(answer.card_key) or {}
        question = card.get("question", {}).get("sv", "")
        SharedAnswer.objects.update_or_create(
            organisation=organisation,
            pseudonym=pseudonym,
            guide=version.guide,
            card_key=answer.card_key,
            consent=consent,
            defaults={
                "question": question,
                "text": answer.text,
                "scale": answer.scale,
                "choices": [card.get("options", [])[i].get("sv", "") for i in answer.choices],
                "age_band": band,
            },
        )
    # The audit row names the consent, never which meeting or pseudonym the words came from.
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=organisation.pk,
        object_type="conversations.sharedanswer",
        object_id=str(consent.pk),
        subject_id=actor.user.pk,
        detail=f"{len(answers)} answers shared for development",
    )
    return consent


@acts_as_system("Follows a withdrawn consent: the withdrawal is the checked act.")
def shared_answers_remove(*, consent: Consent) -> int:
    """Remove what was shared under a consent (called when it is withdrawn)."""
    deleted, _rows = SharedAnswer.objects.filter(consent=consent).delete()
    if deleted:
        record(
            action=Action.DELETE,
            organisation_id=consent.organisation_id,
            object_type="conversations.sharedanswer",
            object_id=str(consent.pk),
            subject_id=consent.subject_id,
            detail=f"{deleted} shared answers removed: consent withdrawn",
        )
    return deleted


@acts("meeting.conduct", on="meeting")
@transaction.atomic
def note_save(*, actor: Actor, meeting: Meeting, card_key: str, text: str) -> Note:
    if meeting.version.card(card_key) is None:
        raise ValidationError(_("There is no such card in this guide."))
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("A note can be at most %(limit)d characters.") % {"limit": MAX_TEXT}
        )
    note, _created = Note.objects.update_or_create(
        meeting=meeting, card_key=card_key, defaults={"text": text}
    )
    if meeting.held_at is None:
        meeting.held_at = timezone.now()
        meeting.save(update_fields=["held_at"])
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=meeting.organisation_id,
        obj=meeting,
        subject_id=meeting.young_person_id,
        detail=f"note {card_key}",
    )
    return note


@acts("meeting.conduct", on="meeting")
@transaction.atomic
def summary_write(*, actor: Actor, meeting: Meeting, text: str) -> Summary:
    """Send a summary to the young person; a changed text is a new summary, the old one and
    the young person's responses to it stay."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the summary first."))
    if len(text) > MAX_TEXT * 2:
        raise ValidationError(
            _("The summary can be at most %(limit)d characters.") % {"limit": MAX_TEXT * 2}
        )
    if actor.user is None:
        raise ValidationError(_("A summary is written by a person."))
    current = meeting.current_summary()
    if current is not None and current.text == text:
        return current
    summary = Summary.objects.create(
        meeting=meeting,
        number=(current.number + 1) if current else 1,
        text=text,
        written_by=actor.user,
    )
    if meeting.held_at is None:
        meeting.held_at = timezone.now()
        meeting.save(update_fields=["held_at"])
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=meeting.organisation_id,
        obj=summary,
        subject_id=meeting.young_person_id,
        detail=f"summary {summary.number}",
    )
    return summary


@acts("summary.respond", on="summary")
@transaction.atomic
def summary_respond(
    *, actor: Actor, summary: Summary, verdict: str, comment: str = ""
) -> SummaryResponse:
    """The young person marks the summary right or not right; every response is kept."""
    meeting = summary.meeting
    if verdict not in SummaryResponse.Verdict.values:
        raise ValidationError(_("Choose if it is right or not."))
    comment = comment.strip()
    if len(comment) > MAX_TEXT:
        raise ValidationError(
            _("Your comment can be at most %(limit)d characters.") % {"limit": MAX_TEXT}
        )
    if verdict == SummaryResponse.Verdict.DISAGREE and not comment:
        raise ValidationError(_("Write what is not right, so we can fix it."))
    response = SummaryResponse.objects.create(summary=summary, verdict=verdict, comment=comment)
    record(
        action=Action.CREATE,
        actor=actor,
        organisation_id=meeting.organisation_id,
        obj=response,
        subject_id=meeting.young_person_id,
        detail=f"summary {summary.number} {verdict}",
    )
    return response
