"""Writes for klarsprak: an organisation edits its officialese list.

The rows are settings, not personal data; each change is still written to the audit log, so an
organisation can see who changed its list. The texts people check are never stored. Each write
declares who may make it (``access.actions.acts``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from medskapa.access.actions import acts
from medskapa.access.actor import Actor
from medskapa.audit.services import Action, record
from medskapa.engines.plainlanguage import check_term, shipped_terms, term_key
from medskapa.engines.plainlanguage.officialese import (
    MAX_FORMS,
    MAX_HARD_LENGTH,
    MAX_WORDS_PER_FORM,
)
from medskapa.organisations.models import Organisation

from .models import OfficialeseTerm

MAX_PLAIN_LENGTH = 200
MAX_NOTE_LENGTH = 300


def _messages() -> dict[str, str]:
    """The engine's English reasons, in the user's language."""
    return {
        "Write the hard word or phrase.": _("Write the hard word or phrase."),
        f"The hard word may be at most {MAX_HARD_LENGTH} characters.": _(
            "The hard word may be at most %(max)d characters."
        )
        % {"max": MAX_HARD_LENGTH},
        f"At most {MAX_FORMS} forms, separated by |.": _("At most %(max)d forms, separated by |.")
        % {"max": MAX_FORMS},
        "A form between | signs is empty.": _("A form between | signs is empty."),
        f"A form may have at most {MAX_WORDS_PER_FORM} words.": _(
            "A form may have at most %(max)d words."
        )
        % {"max": MAX_WORDS_PER_FORM},
        "Use only letters, spaces, hyphens and | between forms.": _(
            "Use only letters, spaces, hyphens and | between forms."
        ),
        "Write a plainer alternative.": _("Write a plainer alternative."),
    }


def _clean(hard: str, plain: str, note: str) -> tuple[str, str, str]:
    hard = "|".join(" ".join(form.split()) for form in hard.split("|"))
    plain, note = " ".join(plain.split()), " ".join(note.split())
    errors: dict[str, list[str]] = {}
    translated = _messages()
    for problem in check_term(hard, plain):
        field = "plain" if problem == "Write a plainer alternative." else "hard"
        errors.setdefault(field, []).append(translated.get(problem, problem))
    if len(plain) > MAX_PLAIN_LENGTH:
        errors.setdefault("plain", []).append(
            _("The alternative may be at most %(max)d characters.") % {"max": MAX_PLAIN_LENGTH}
        )
    if len(note) > MAX_NOTE_LENGTH:
        errors.setdefault("note", []).append(
            _("The note may be at most %(max)d characters.") % {"max": MAX_NOTE_LENGTH}
        )
    if errors:
        raise ValidationError(errors)
    return hard, plain, note


def _shipped_keys() -> set[str]:
    return {t.key for t in shipped_terms()}


def _listed_keys(organisation: Organisation) -> set[str]:
    rows = OfficialeseTerm.objects.filter(organisation=organisation)
    removed = {r.key for r in rows if r.removed}
    return (_shipped_keys() - removed) | {r.key for r in rows if not r.removed}


def _audit(actor: Actor, action: str, organisation: Organisation, key: str) -> None:
    record(
        action=action,
        actor=actor,
        organisation_id=organisation.pk,
        object_type="klarsprak.officialeseterm",
        object_id=key[:64],
        detail="officialese list",
    )


@acts("officialese.manage", on="organisation")
@transaction.atomic
def term_save(
    *,
    actor: Actor,
    organisation: Organisation,
    hard: str,
    plain: str,
    note: str = "",
    original_key: str | None = None,
) -> OfficialeseTerm:
    """Add a term, or change the one listed under ``original_key`` (shipped or own).

    Changing a shipped term stores the organisation's version; changing the headword of a
    shipped term also takes the shipped one off the list.
    """
    hard, plain, note = _clean(hard, plain, note)
    key = term_key(hard)
    listed = _listed_keys(organisation)
    if original_key is not None and original_key not in listed:
        raise ValidationError(_("That word is no longer on the list."))
    if key in listed and key != original_key:
        raise ValidationError(
            {"hard": [_("“%(word)s” is already on the list. Change it there.") % {"word": key}]}
        )
    rows = OfficialeseTerm.objects.select_for_update().filter(organisation=organisation)
    if original_key is not None and original_key != key:
        if original_key in _shipped_keys():
            _hide_shipped(organisation, original_key)
        else:
            rows.filter(key=original_key).delete()
    term, created = rows.update_or_create(
        organisation=organisation,
        key=key,
        defaults={"hard": hard, "plain": plain, "note": note, "removed": False},
    )
    term.full_clean()
    _audit(actor, Action.CREATE if created else Action.UPDATE, organisation, key)
    return term


def _hide_shipped(organisation: Organisation, key: str) -> None:
    shipped = next(t for t in shipped_terms() if t.key == key)
    OfficialeseTerm.objects.update_or_create(
        organisation=organisation,
        key=key,
        defaults={"hard": shipped.hard, "plain": shipped.plain, "note": "", "removed": True},
    )


@acts("officialese.manage", on="organisation")
@transaction.atomic
def term_remove(*, actor: Actor, organisation: Organisation, key: str) -> None:
    """Take a term off the organisation's list (a shipped one can be brought back)."""
    key = term_key(key)
    if key not in _listed_keys(organisation):
        raise ValidationError(_("That word is no longer on the list."))
    if key in _shipped_keys():
        _hide_shipped(organisation, key)
    else:
        OfficialeseTerm.objects.filter(organisation=organisation, key=key).delete()
    _audit(actor, Action.DELETE, organisation, key)


@acts("officialese.manage", on="organisation")
@transaction.atomic
def term_restore(*, actor: Actor, organisation: Organisation, key: str) -> None:
    """Bring back Medskapa's version of a shipped term (undoing a change or a removal)."""
    key = term_key(key)
    if key not in _shipped_keys():
        raise ValidationError(_("Only words from Medskapa's list can be brought back."))
    OfficialeseTerm.objects.filter(organisation=organisation, key=key).delete()
    _audit(actor, Action.UPDATE, organisation, key)
