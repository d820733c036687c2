"""Conversation guides (samtalsstöd) and the meetings that use them.

A ``Guide`` is owned by an organisation (or, for the built-in guides, by nobody: origin
"Medskapa"). Its content lives in ``GuideVersion.content``: a JSON snapshot of sections of
question cards, with text per language (``{"sv": ..., "en": ...}``). A published version is
immutable; editing works on the guide's one draft version, and publishing the draft makes the
next version. A ``Meeting`` records the version it used, so later edits never change what a
young person answered.

Identified data (answers, notes, summaries, responses) hangs off ``Meeting`` and is seen only
by the young person and the workers who have them on their caseload. What a young person
shares with consent for service development is copied, without name or case link, to
``SharedAnswer`` under a random pseudonym; the link back to the person lives apart in
``Pseudonym`` so authors of feedback can later reach them without seeing who they are.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Consent, Organisation

LANGUAGES = ("sv", "en")


class AnswerType(models.TextChoices):
    TEXT = "text", _("Free text")
    SCALE = "scale", _("Scale of five steps")
    PICK = "pick", _("Pick cards from a set")
    SKIP = "skip", _("Talk only (no answer)")


def text_in(value: Any, language: str) -> str:
    """The text of a ``{"sv": ..., "en": ...}`` field in ``language``, else in Swedish."""
    if isinstance(value, dict):
        return str(value.get(language) or value.get("sv") or value.get("en") or "")
    return str(value or "")


class Guide(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # None: a built-in guide shipped with Medskapa (read-only, in the library).
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="guides"
    )
    builtin_key = models.SlugField(max_length=60, unique=True, null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=200)
    copied_from = models.ForeignKey(
        "GuideVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    in_library = models.BooleanField(_("in the shared library"), default=False)
    library_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("conversation guide")
        verbose_name_plural = _("conversation guides")

    def __str__(self) -> str:
        version = self.latest_published() or self.draft()
        return version.title("sv") if version else str(self.pk)

    @property
    def is_builtin(self) -> bool:
        return self.organisation_id is None

    def latest_published(self) -> GuideVersion | None:
        return (
            self.versions.filter(status=GuideVersion.Status.PUBLISHED).order_by("-number").first()
        )

    def draft(self) -> GuideVersion | None:
        return self.versions.filter(status=GuideVersion.Status.DRAFT).first()


class GuideVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    content = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["guide", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guideversion_unique_number"),
            models.UniqueConstraint(
                fields=["guide"],
                condition=models.Q(status="draft"),
                name="guideversion_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title('sv')} v{self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = GuideVersion.objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() == self.Status.PUBLISHED:
                raise ValidationError(_("A published version cannot be changed."))
        super().save(*args, **kwargs)

    # --- Reading the content ---------------------------------------------------------------
    def title(self, language: str) -> str:
        return text_in(self.content.get("title"), language)

    def description(self, language: str) -> str:
        return text_in(self.content.get("description"), language)

    def audience(self, language: str) -> str:
        return text_in(self.content.get("audience"), language)

    @property
    def sections(self) -> list[dict[str, Any]]:
        return list(self.content.get("sections", []))

    def cards(self) -> list[dict[str, Any]]:
        """Every card in order, each with its section's index."""
        result = []
        for index, section in enumerate(self.sections):
            for card in section.get("cards", []):
                result.append({**card, "section_index": index})
        return result

    def card(self, key: str) -> dict[str, Any] | None:
        return next((c for c in self.cards() if c.get("key") == key), None)

    def localised(self, language: str) -> dict[str, Any]:
        """The content in one language, for templates and the PDF."""
        return {
            "title": self.title(language),
            "description": self.description(language),
            "audience": self.audience(language),
            "sections": [
                {
                    "title": text_in(section.get("title"), language),
                    "cards": [localise_card(card, language) for card in section.get("cards", [])],
                }
                for section in self.sections
            ],
        }


def localise_card(card: dict[str, Any], language: str) -> dict[str, Any]:
    answer_type = card.get("answer_type", AnswerType.TEXT)
    return {
        "key": card.get("key", ""),
        "type_label": AnswerType(answer_type).label if answer_type in AnswerType.values else "",
        "question": text_in(card.get("question"), language),
        "hint": text_in(card.get("hint"), language),
        "why": text_in(card.get("why"), language),
        "answer_type": answer_type,
        "options": [text_in(option, language) for option in card.get("options", [])],
        "scale": [text_in(step, language) for step in card.get("scale", [])],
        "picture": localise_picture(card.get("picture"), language),
    }


def localise_picture(picture: Any, language: str) -> dict[str, Any] | None:
    """A card's picture for templates: ``file`` (the name to put in a picture URL), ``alt``
    (empty only for a decorative picture), ``width`` and ``height``. None without a picture.

    In the content a picture is ``{"file": "conversations/pictures/<sha256>.<ext>", "alt":
    {"sv": ..., "en": ...}, "decorative": bool, "width": int, "height": int}``; the stored
    file never changes (its name is its content's hash), so a published version keeps it.
    """
    if not isinstance(picture, dict) or not isinstance(picture.get("file"), str):
        return None
    name = picture["file"]
    decorative = bool(picture.get("decorative"))
    return {
        "file": name.rsplit("/", 1)[-1],
        "stored_name": name,
        "alt": "" if decorative else text_in(picture.get("alt"), language),
        "decorative": decorative,
        "width": int(picture.get("width") or 0) or None,
        "height": int(picture.get("height") or 0) or None,
    }


def picture_names(content: dict[str, Any]) -> set[str]:
    """Every stored picture a version's content names."""
    return {
        card["picture"]["file"]
        for section in content.get("sections", [])
        for card in section.get("cards", [])
        if isinstance(card.get("picture"), dict) and isinstance(card["picture"].get("file"), str)
    }


class Meeting(models.Model):
    """One use of a guide with one young person: prepared, held, summarised, confirmed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(GuideVersion, on_delete=models.PROTECT, related_name="meetings")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="meetings_held"
    )
    young_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meetings"
    )
    planned_for = models.DateField(_("meeting date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    prepared_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.version} · {self.created_at:%Y-%m-%d}"

    def current_summary(self) -> Summary | None:
        return self.summaries.order_by("-number").first()


class Answer(models.Model):
    """What the young person answered to one card, and whether they share it before the
    meeting (only shared answers reach the worker)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="answers")
    card_key = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    skipped = models.BooleanField(default=False)
    shared = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "card_key"], name="answer_one_per_card")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.card_key}"

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.scale or self.choices) and not self.skipped


class Note(models.Model):
    """What the worker wrote next to a card during the meeting."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    card_key = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "card_key"], name="note_one_per_card")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.card_key}"


class Summary(models.Model):
    """A summary written to the young person ("Du berättade att ..."). Each new text is a new
    row, so the young person's responses stay next to the text they answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="summaries")
    number = models.PositiveIntegerField(default=1)
    text = models.TextField(_("summary"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="summary_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} #{self.number}"


class SummaryResponse(models.Model):
    """The young person's "stämmer" / "stämmer inte", with a comment. Kept, never edited."""

    class Verdict(models.TextChoices):
        AGREE = "agree", _("That is right")
        DISAGREE = "disagree", _("That is not right")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    summary = models.ForeignKey(Summary, on_delete=models.CASCADE, related_name="responses")
    verdict = models.CharField(max_length=10, choices=Verdict.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.summary_id} {self.verdict}"


def _new_pseudonym() -> str:
    return secrets.token_hex(8)


class Pseudonym(models.Model):
    """The only link from a pseudonym to a person. Never shown to readers of fragments."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Random, not derived from any id: knowing the user's id gives nothing.
    value = models.CharField(max_length=32, unique=True, default=_new_pseudonym)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="pseudonym_one_per_org")
        ]

    def __str__(self) -> str:
        return self.value


class SharedAnswer(models.Model):
    """An answer shared for service development with consent: no name, no meeting, no case.

    The insights app will consume these; until then they wait here with their consent. When
    the consent is withdrawn they are deleted (see ``signals``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    guide = models.ForeignKey(Guide, on_delete=models.SET_NULL, null=True, related_name="+")
    card_key = models.CharField(max_length=40)
    question = models.TextField()
    text = models.TextField(blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    age_band = models.CharField(max_length=10)
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=32, db_index=True)
    created_at = models.DateField(default=timezone.localdate)  # a day, not a moment

    class Meta:
        ordering = ["-created_at", "card_key"]

    def __str__(self) -> str:
        return f"{self.pseudonym}:{self.card_key}"
