"""All writes of insights. Each write that touches personal data is audit-logged.

Every public function says who may call it (``access.actions``): a designer's work is
``@acts`` on the object it changes, checked before the body runs; timer and signal work is
``@acts_as_system`` with its reason. Reads are in ``selectors``.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actions import acts, acts_as_system, ensure
from medskapa.access.actor import Actor
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation, Unit
from medskapa.web.registries.shared_texts import text_sources

from . import importers, masking
from .models import (
    AgeBand,
    Fragment,
    MaskedSpan,
    Method,
    ParticipantRole,
    Pattern,
    Source,
    SuggestedTheme,
    Tag,
    ThemeRun,
)
from .selectors import latest_run, people_of
from .text import clean_body, clean_line

log = logging.getLogger(__name__)
MIN_FRAGMENTS_FOR_RUN = 10
STALE_RUN = datetime.timedelta(hours=2)


# --- Sources and fragments ------------------------------------------------------------------
@acts("insights.curate", on="organisation")
def source_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    method: str,
    text: str,
    split_mode: str = "paragraph",
    date: datetime.date | None = None,
    unit: Unit | None = None,
    age_band: str = AgeBand.UNKNOWN,
    participant_role: str = ParticipantRole.YOUNG_PERSON,
    participants: int = 1,
    consent_reference: str = "",
    retention_until: datetime.date | None = None,
    contribution_kind: str = "",
    contributions: Sequence[tuple[str, str]] = (),
    request: HttpRequest | None = None,
    assign_new: bool = True,
) -> Source:
    """Mask ``text``, store it as a source and split it into fragments.

    With ``contributions`` (one (id, pseudonym) per paragraph), each paragraph becomes one
    fragment that keeps its contribution reference.
    """
    return _source_create(
        actor=actor,
        organisation=organisation,
        title=title,
        method=method,
        text=text,
        split_mode=split_mode,
        date=date,
        unit=unit,
        age_band=age_band,
        participant_role=participant_role,
        participants=participants,
        consent_reference=consent_reference,
        retention_until=retention_until,
        contribution_kind=contribution_kind,
        contributions=contributions,
        request=request,
        assign_new=assign_new,
    )


def _source_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    method: str,
    text: str,
    split_mode: str,
    date: datetime.date | None,
    unit: Unit | None,
    age_band: str,
    participant_role: str,
    participants: int,
    consent_reference: str,
    retention_until: datetime.date | None,
    contribution_kind: str,
    contributions: Sequence[tuple[str, str]],
    request: HttpRequest | None,
    assign_new: bool,
) -> Source:
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("Choose a unit of this organisation.")})
    text = clean_body(text, field="text", label=_("The text"))
    title = clean_line(title, field="title", label=_("The title"), max_length=200, required=False)
    consent_reference = clean_line(
        consent_reference,
        field="consent_reference",
        label=_("The consent reference"),
        max_length=200,
        required=False,
    )
    if len(text) > importers.MAX_TEXT_CHARS:
        raise ValidationError(_("The text is too long. Split it into several files."))
    usernames, names = people_of(organisation)
    masked, spans = masking.mask(text, usernames=usernames, names=names)
    pieces = importers.split(masked, split_mode)
    if not pieces:
        raise ValidationError(_("There is no text to import."))
    if contributions and len(contributions) != len(pieces):
        raise ValueError("one contribution per paragraph")
    with transaction.atomic():
        source = Source(
            organisation=organisation,
            # Titles are masked too (no originals kept: a title is retyped, not unmasked).
            title=masking.mask_title(title, usernames=usernames, names=names)
            or _("Untitled source"),
            method=method,
            date=date or timezone.localdate(),
            unit=unit,
            age_band=age_band,
            participant_role=participant_role,
            participants=max(1, participants),
            consent_reference=consent_reference,
            retention_until=retention_until,
            text=masked,
            contribution_kind=contribution_kind,
            created_by=actor.user,
        )
        source.full_clean()
        source.save()
        fragments = [
            Fragment(
                organisation=organisation,
                source=source,
                text=masked[piece.start : piece.end],
                start=piece.start,
                end=piece.end,
                position=i,
                speaker_role=piece.speaker or participant_role,
                contribution_kind=contribution_kind if contributions else "",
                contribution_id=contributions[i][0] if contributions else "",
                pseudonym=contributions[i][1] if contributions else "",
            )
            for i, piece in enumerate(pieces)
        ]
        Fragment.objects.bulk_create(fragments, batch_size=1000)
        span_rows = []
        for span in spans:
            owner = next(
                (f for f in fragments if f.start <= span.start and span.end <= f.end), None
            )
            span_rows.append(
                MaskedSpan(
                    source=source,
                    fragment=owner,
                    start=span.start,
                    end=span.end,
                    kind=span.kind,
                    original=span.original,
                )
            )
        MaskedSpan.objects.bulk_create(span_rows, batch_size=1000)
        record(
            action=Action.CREATE,
            actor=actor,
            request=request,
            organisation_id=organisation.pk,
            obj=source,
            detail=f"{len(fragments)} fragments, {len(spans)} masked",
        )
        if assign_new:
            _assign_to_patterns(organisation, fragments)
    return source


@acts("insights.curate", on="organisation")
def project_import(
    *, actor: Actor, organisation: Organisation, data: bytes, defaults: dict[str, Any]
) -> int:
    """Import a REFI-QDA project (.qdpx): sources, fragments and codes; returns fragments made.

    The parsing lives in ``qdpx``; this is the write's door, so it asks the layer like every
    other import does.
    """
    from . import qdpx

    return qdpx.import_project(actor=actor, organisation=organisation, data=data, defaults=defaults)


@acts("insight_source.manage", on="source")
def fragment_from_selection(
    *,
    actor: Actor,
    source: Source,
    start: int,
    end: int,
    speaker_role: str,
    request: HttpRequest | None = None,
) -> Fragment:
    """A fragment highlighted in the browser: offsets into the source's masked text."""
    start, end = importers._trim(source.text, max(0, start), min(len(source.text), end))
    if end - start < 2:
        raise ValidationError(_("Select at least a few words of the text."))
    if speaker_role not in ParticipantRole.values:
        raise ValidationError(_("Choose who is speaking."))
    with transaction.atomic():
        position = (source.fragments.aggregate(m=Max("position"))["m"] or 0) + 1
        fragment = Fragment.objects.create(
            organisation=source.organisation,
            source=source,
            text=source.text[start:end],
            start=start,
            end=end,
            position=position,
            speaker_role=speaker_role,
        )
        record(
            action=Action.CREATE,
            actor=actor,
            request=request,
            organisation_id=source.organisation_id,
            obj=fragment,
            detail="highlight",
        )
        _assign_to_patterns(source.organisation, [fragment])
    return fragment


@acts("insight_source.manage", on="source")
def source_delete(*, actor: Actor, source: Source, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        record(
            action=Action.DELETE,
            actor=actor,
            request=request,
            organisation_id=source.organisation_id,
            obj=source,
        )
        source.delete()


@acts("insight_fragment.unmask", on="fragment")
def fragment_unmask(
    *, actor: Actor, fragment: Fragment, reason: str, request: HttpRequest | None = None
) -> str:
    """The fragment with its originals put back; the reason is written to the audit log.

    A deliberate disclosure, not a page read: the designer writes why, and that reason is kept
    in the audit row (``purpose``), which the layer's generic ``disclose`` cannot carry. So the
    row is written here, once per unmasking, before the originals are returned.
    """
    reason = clean_line(reason, field="reason", label=_("The reason"), max_length=200)
    if len(reason) < 5:
        raise ValidationError({"reason": _("Write why you need to see the original text.")})
    spans = MaskedSpan.objects.filter(
        source_id=fragment.source_id, start__gte=fragment.start, end__lte=fragment.end
    )
    record(
        action=Action.VIEW,
        actor=actor,
        request=request,
        organisation_id=fragment.organisation_id,
        obj=fragment,
        purpose=reason,
        detail="unmask",
    )
    return masking.unmask(
        fragment.text,
        [(s.start - fragment.start, s.end - fragment.start, s.original) for s in spans],
    )


# --- Codebook -------------------------------------------------------------------------------
@acts("insights.curate", on="organisation")
def tag_save(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    description: str = "",
    parent: Tag | None = None,
    shortcut: str = "",
    tag: Tag | None = None,
) -> Tag:
    if parent is not None and parent.organisation_id != organisation.pk:
        raise ValidationError({"parent": _("Choose a code of this organisation.")})
    if tag is not None and tag.organisation_id != organisation.pk:
        raise ValidationError(_("Choose a code of this organisation."))
    tag = tag or Tag(organisation=organisation)
    if parent is not None and tag.pk is not None:
        ancestor: Tag | None = parent
        while ancestor is not None:
            if ancestor.pk == tag.pk:
                raise ValidationError({"parent": _("A code cannot be placed under itself.")})
            ancestor = ancestor.parent
    tag.name = clean_line(name, field="name", label=_("The name"), max_length=80)
    tag.description = clean_body(description, field="description", label=_("The description"))
    tag.description = tag.description.strip()
    tag.parent = parent
    tag.shortcut = shortcut.strip()[:1].lower()
    if (
        Tag.objects.filter(organisation=organisation, parent=parent, name__iexact=tag.name)
        .exclude(pk=tag.pk)
        .exists()
    ):
        raise ValidationError({"name": _("There is already a code with that name here.")})
    tag.full_clean(validate_constraints=False)
    tag.save()
    record(action=Action.UPDATE, actor=actor, organisation_id=organisation.pk, obj=tag)
    return tag


@acts("insight_fragment.curate", on="fragment")
def fragment_set_tags(
    *, actor: Actor, fragment: Fragment, tags: Iterable[Tag], request: HttpRequest | None = None
) -> None:
    chosen = [t for t in tags if t.organisation_id == fragment.organisation_id]
    fragment.tags.set(chosen)
    record(
        action=Action.UPDATE,
        actor=actor,
        request=request,
        organisation_id=fragment.organisation_id,
        obj=fragment,
        detail="tags",
    )


@acts("insight_fragment.curate", on="fragment")
def fragment_toggle_tag(*, actor: Actor, fragment: Fragment, tag: Tag) -> bool:
    if tag.organisation_id != fragment.organisation_id:
        raise ValidationError(_("Choose a code of this organisation."))
    if fragment.tags.filter(pk=tag.pk).exists():
        fragment.tags.remove(tag)
        on = False
    else:
        fragment.tags.add(tag)
        on = True
    record(
        action=Action.UPDATE,
        actor=actor,
        organisation_id=fragment.organisation_id,
        obj=fragment,
        detail="tags",
    )
    return on


# --- Theme runs -----------------------------------------------------------------------------
@acts("insights.curate", on="organisation")
def theme_run_start(
    *, actor: Actor, organisation: Organisation, seed: int = 0, enqueue: bool = True
) -> ThemeRun:
    """Queue a theme run (refused while another runs or with too few fragments).

    The designer starts it; the task then runs ``theme_run_execute`` as the system, with the
    designer's id passed along and written to the audit log (``created_by`` keeps it too).
    """
    from .tasks import run_themes

    now = timezone.now()
    busy = ThemeRun.objects.filter(
        organisation=organisation,
        status__in=[ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING],
        created_at__gt=now - STALE_RUN,
    )
    if busy.exists():
        raise ValidationError(_("A theme run is already under way. Wait until it has finished."))
    count = Fragment.objects.filter(organisation=organisation).count()
    if count < MIN_FRAGMENTS_FOR_RUN:
        raise ValidationError(
            _("Import at least %(n)d fragments before you look for themes.")
            % {"n": MIN_FRAGMENTS_FOR_RUN}
        )
    run = ThemeRun.objects.create(
        organisation=organisation,
        seed=seed,
        fragment_count=count,
        created_by=actor.user,
    )
    record(action=Action.CREATE, actor=actor, organisation_id=organisation.pk, obj=run)
    if enqueue:
        run_id = str(run.pk)
        started_by = str(actor.user_id or actor.token_id or "")
        transaction.on_commit(lambda: run_themes.enqueue(run_id=run_id, started_by=started_by))
    return run


def _curated(organisation: Organisation) -> list[Any]:
    from medskapa.engines.patterns import CuratedTheme

    curated = []
    for pattern in Pattern.objects.filter(organisation=organisation).order_by("created_at"):
        members = [str(pk) for pk in pattern.fragments.values_list("pk", flat=True)]
        if members:
            curated.append(
                CuratedTheme(str(pattern.pk), pattern.title, members, list(pattern.keywords))
            )
    return curated


@acts_as_system(
    "The worker's half of a theme run a designer started (theme_run_start checked them); "
    "it reads the organisation's masked fragments and writes only the run's own board."
)
def theme_run_execute(run_id: str | UUID, *, started_by: str = "") -> None:
    """Run the pattern engine for a queued run (called by the task, on any backend).

    ``started_by`` is the id of the designer who started the run; the audit row of the run
    names them, so the system's work is traceable to the person who asked for it.
    """
    from medskapa.engines.patterns import Config, ModelState, discover

    run = ThemeRun.objects.select_related("organisation").get(pk=run_id)
    if run.status not in (ThemeRun.Status.QUEUED, ThemeRun.Status.RUNNING):
        return
    ThemeRun.objects.filter(pk=run.pk).update(
        status=ThemeRun.Status.RUNNING, started_at=timezone.now(), stage="start", progress=0.0
    )
    record(
        action=Action.UPDATE,
        organisation_id=run.organisation_id,
        obj=run,
        detail=f"run by the system for {started_by or run.created_by_id or 'nobody'}",
    )
    last = [0.0]

    def progress(fraction: float, stage: str) -> None:
        if fraction - last[0] >= 0.02 or fraction >= 1.0:
            last[0] = fraction
            ThemeRun.objects.filter(pk=run.pk).update(
                progress=min(0.95, fraction), stage=stage[:100]
            )

    try:
        rows = list(
            Fragment.objects.filter(organisation=run.organisation)
            .order_by("created_at", "pk")
            .values_list("pk", "text")
        )
        previous_run = (
            ThemeRun.objects.filter(
                organisation=run.organisation, status=ThemeRun.Status.FINISHED, state__isnull=False
            )
            .exclude(pk=run.pk)
            .order_by("-finished_at")
            .first()
        )
        previous = (
            ModelState.from_bytes(bytes(previous_run.state))
            if previous_run is not None and previous_run.state is not None
            else None
        )
        result = discover(
            [text for _pk, text in rows],
            ids=[str(pk) for pk, _text in rows],
            config=Config(language="sv", seed=run.seed),
            curated=_curated(run.organisation),
            previous=previous,
            progress=progress,
        )
        _store_result(run, result)
    except Exception as error:  # the run fails visibly; the worker goes on
        log.exception("theme run %s failed", run.pk)
        ThemeRun.objects.filter(pk=run.pk).update(
            status=ThemeRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:1000],
            finished_at=timezone.now(),
        )


@transaction.atomic
def _store_result(run: ThemeRun, result: Any) -> None:
    fragments = {str(f.pk): f for f in Fragment.objects.filter(organisation=run.organisation)}
    patterns = {str(p.pk): p for p in Pattern.objects.filter(organisation=run.organisation)}
    for position, theme in enumerate(result.themes):
        pattern = patterns.get(theme.id) if theme.curated else None
        column = SuggestedTheme.objects.create(
            run=run,
            engine_id=theme.id,
            label=pattern.title if pattern else theme.label,
            keywords=list(theme.keywords),
            cohesion=float(theme.cohesion),
            quote_ids=list(_quote_ids(theme, fragments)),
            status=SuggestedTheme.Status.ACCEPTED if pattern else SuggestedTheme.Status.SUGGESTED,
            pattern=pattern,
            position=position,
        )
        members = [fragments[m] for m in theme.members if m in fragments]
        if pattern is not None:
            # Fragments the engine found fitting a pattern join it (incremental assignment).
            extra = [fragments[m] for m in theme.suggested if m in fragments]
            Fragment.objects.filter(pk__in=[f.pk for f in extra]).update(pattern=pattern)
            members += extra
        column.fragments.set(members)
    outliers = SuggestedTheme.objects.create(
        run=run, label=str(_("Fits no theme")), is_outliers=True, position=len(result.themes)
    )
    placed = set(
        SuggestedTheme.fragments.through.objects.filter(suggestedtheme__run=run).values_list(
            "fragment_id", flat=True
        )
    )
    outliers.fragments.set([f for f in fragments.values() if f.pk not in placed])
    run.state = result.state.to_bytes()
    run.status = ThemeRun.Status.FINISHED
    run.progress = 1.0
    run.stage = "done"
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "status", "progress", "stage", "finished_at"])


def _quote_ids(theme: Any, fragments: dict[str, Fragment]) -> list[str]:
    """The engine returns quote texts; map them back to member fragment ids."""
    by_text: dict[str, str] = {}
    for member in theme.members:
        fragment = fragments.get(member)
        if fragment is not None:
            by_text.setdefault(fragment.text, member)
    return [by_text[q] for q in theme.quotes if q in by_text]


def _assign_to_patterns(organisation: Organisation, fragments: Sequence[Fragment]) -> int:
    """Assign new fragments to the latest run's themes and patterns (no re-clustering)."""
    from medskapa.engines.patterns import ModelState, assign

    run = latest_run(organisation)
    if run is None or not run.state or not fragments:
        return 0
    try:
        state = ModelState.from_bytes(bytes(run.state))
        assignments = assign(state, [f.text for f in fragments], ids=[str(f.pk) for f in fragments])
    except Exception:  # assignment is a convenience; an import never fails on it
        log.exception("incremental assignment failed for run %s", run.pk)
        return 0
    columns = {c.engine_id: c for c in run.themes.filter(is_outliers=False)}
    outliers = run.themes.filter(is_outliers=True).first()
    by_id = {str(f.pk): f for f in fragments}
    placed = 0
    for assignment in assignments:
        fragment = by_id[assignment.id]
        column = columns.get(assignment.theme_id or "")
        if column is None or column.status == SuggestedTheme.Status.DISCARDED:
            if outliers is not None:
                outliers.fragments.add(fragment)
            continue
        column.fragments.add(fragment)
        if column.pattern_id is not None:
            Fragment.objects.filter(pk=fragment.pk).update(pattern=column.pattern_id)
            placed += 1
    return placed


# --- Curation on the board ------------------------------------------------------------------
def _audit_board(actor: Actor, run: ThemeRun, detail: str, request: HttpRequest | None) -> None:
    record(
        action=Action.UPDATE,
        actor=actor,
        request=request,
        organisation_id=run.organisation_id,
        obj=run,
        detail=detail,
    )


def _column_members(column: SuggestedTheme) -> list[Fragment]:
    return list(column.fragments.all())


@acts("insight_theme.curate", on="theme")
def theme_accept(
    *, actor: Actor, theme: SuggestedTheme, request: HttpRequest | None = None
) -> Pattern:
    if theme.is_outliers:
        raise ValidationError(_("The column of fragments that fit no theme cannot be a pattern."))
    if theme.pattern is not None:
        return theme.pattern
    with transaction.atomic():
        pattern = Pattern.objects.create(
            organisation=theme.run.organisation,
            title=theme.label,
            keywords=list(theme.keywords),
            created_by=actor.user,
        )
        theme.pattern = pattern
        theme.status = SuggestedTheme.Status.ACCEPTED
        theme.save(update_fields=["pattern", "status"])
        Fragment.objects.filter(pk__in=[f.pk for f in _column_members(theme)]).update(
            pattern=pattern
        )
        record(
            action=Action.CREATE,
            actor=actor,
            request=request,
            organisation_id=pattern.organisation_id,
            obj=pattern,
        )
    return pattern


@acts("insight_theme.curate", on="theme")
def theme_rename(
    *, actor: Actor, theme: SuggestedTheme, label: str, request: HttpRequest | None = None
) -> None:
    if isinstance(label, str) and not label.strip():
        raise ValidationError({"label": _("Write a name for the theme.")})
    label = clean_line(label, field="label", label=_("The name"), max_length=200)
    with transaction.atomic():
        theme.label = label
        theme.save(update_fields=["label"])
        if theme.pattern is not None:
            theme.pattern.title = label
            theme.pattern.updated_at = timezone.now()
            theme.pattern.save(update_fields=["title", "updated_at"])
        _audit_board(actor, theme.run, "rename", request)


@acts("insight_theme.curate", on="theme")
def theme_discard(
    *, actor: Actor, theme: SuggestedTheme, request: HttpRequest | None = None
) -> None:
    """A suggested theme is set aside; its fragments go to "fits no theme"."""
    if theme.is_outliers or theme.status != SuggestedTheme.Status.SUGGESTED:
        raise ValidationError(_("Only a suggested theme can be discarded."))
    with transaction.atomic():
        outliers = _outliers(theme.run)
        outliers.fragments.add(*_column_members(theme))
        theme.fragments.clear()
        theme.status = SuggestedTheme.Status.DISCARDED
        theme.save(update_fields=["status"])
        _audit_board(actor, theme.run, "discard", request)


def _outliers(run: ThemeRun) -> SuggestedTheme:
    column = run.themes.filter(is_outliers=True).first()
    if column is None:
        column = SuggestedTheme.objects.create(
            run=run, label=str(_("Fits no theme")), is_outliers=True, position=10_000
        )
    return column


def _place(fragments: Sequence[Fragment], target: SuggestedTheme) -> None:
    """Put fragments in ``target`` (and out of every other column of its run)."""
    ids = [f.pk for f in fragments]
    SuggestedTheme.fragments.through.objects.filter(
        suggestedtheme__run_id=target.run_id, fragment_id__in=ids
    ).delete()
    target.fragments.add(*fragments)
    Fragment.objects.filter(pk__in=ids).update(pattern=target.pattern)


@acts("insight_fragment.curate", on="fragment")
def fragment_move(
    *,
    actor: Actor,
    fragment: Fragment,
    target: SuggestedTheme,
    request: HttpRequest | None = None,
) -> None:
    ensure(actor, "insight_theme.curate", target)
    if fragment.organisation_id != target.run.organisation_id:
        raise ValidationError(_("Choose a theme of this organisation."))
    if target.status == SuggestedTheme.Status.DISCARDED:
        raise ValidationError(_("That theme was discarded."))
    with transaction.atomic():
        _place([fragment], target)
        _audit_board(actor, target.run, f"move {fragment.pk}", request)


@acts("insight_theme.curate", on="theme")
def theme_merge(
    *,
    actor: Actor,
    theme: SuggestedTheme,
    into: SuggestedTheme,
    request: HttpRequest | None = None,
) -> None:
    if theme.pk == into.pk or theme.run_id != into.run_id:
        raise ValidationError(_("Choose another theme on the same board."))
    ensure(actor, "insight_theme.curate", into)
    if theme.is_outliers or into.is_outliers:
        raise ValidationError(_("The column of fragments that fit no theme cannot be merged."))
    with transaction.atomic():
        _place(_column_members(theme), into)
        old_pattern = theme.pattern
        if into.pattern is None and old_pattern is not None:
            # Merging a pattern into a suggestion: the result stays a pattern.
            into.pattern = old_pattern
            into.status = SuggestedTheme.Status.ACCEPTED
            into.save(update_fields=["pattern", "status"])
            Fragment.objects.filter(pk__in=[f.pk for f in _column_members(into)]).update(
                pattern=old_pattern
            )
            old_pattern = None
        into.keywords = list(dict.fromkeys(list(into.keywords) + list(theme.keywords)))[:10]
        into.save(update_fields=["keywords"])
        theme.delete()
        if old_pattern is not None and not old_pattern.fragments.exists():
            old_pattern.delete()
        _audit_board(actor, into.run, "merge", request)


@acts("insight_theme.curate", on="theme")
def theme_split(
    *,
    actor: Actor,
    theme: SuggestedTheme,
    fragments: Sequence[Fragment],
    label: str,
    request: HttpRequest | None = None,
) -> SuggestedTheme:
    members = {f.pk for f in _column_members(theme)}
    chosen = [f for f in fragments if f.pk in members]
    if not chosen:
        raise ValidationError({"fragments": _("Choose the quotes to split off.")})
    if len(chosen) == len(members) and not theme.is_outliers:
        raise ValidationError({"fragments": _("Leave at least one quote in the theme.")})
    label = clean_line(
        label, field="label", label=_("The name"), max_length=200, required=False
    ) or str(_("New theme"))
    with transaction.atomic():
        position = (theme.run.themes.aggregate(m=Max("position"))["m"] or 0) + 1
        new = SuggestedTheme.objects.create(run=theme.run, label=label, position=position)
        _place(chosen, new)
        _audit_board(actor, theme.run, "split", request)
    return new


@acts("insight_pattern.manage", on="pattern")
def pattern_describe(
    *,
    actor: Actor,
    pattern: Pattern,
    title: str,
    description: str,
    request: HttpRequest | None = None,
) -> None:
    if isinstance(title, str) and not title.strip():
        raise ValidationError({"title": _("Write a name for the pattern.")})
    title = clean_line(title, field="title", label=_("The name"), max_length=200)
    description = clean_body(description, field="description", label=_("The description"))
    pattern.title = title
    pattern.description = description.strip()
    pattern.updated_at = timezone.now()
    pattern.save(update_fields=["title", "description", "updated_at"])
    SuggestedTheme.objects.filter(pattern=pattern).update(label=title)
    record(
        action=Action.UPDATE,
        actor=actor,
        request=request,
        organisation_id=pattern.organisation_id,
        obj=pattern,
    )


# --- Hand-offs from other apps --------------------------------------------------------------
@acts("insights.curate", on="organisation")
def bring_in_shared_contributions(
    *, actor: Actor, organisation: Organisation, request: HttpRequest | None = None
) -> int:
    """Make sources and fragments of the answers shared with consent in conversations and the
    feedback given on events, that are not in insights yet. No names, no case: each fragment
    keeps the contribution's id and pseudonym only. Returns the number of fragments made."""
    made = 0
    done = set(
        Fragment.objects.filter(organisation=organisation)
        .exclude(contribution_id="")
        .values_list("contribution_kind", "contribution_id")
    )
    for kind, source in text_sources().items():
        known = _TEXT_KINDS.get(kind)
        if known is None:  # a kind insights does not know how to title: not taken
            continue
        title, method = known
        taken = {contribution_id for done_kind, contribution_id in done if done_kind == kind}
        for group in source(organisation.pk, taken):
            made += _contribution_source(
                actor=actor,
                organisation=organisation,
                title=title(group.subject),
                method=method,
                age_band=group.age_band if group.age_band in AgeBand.values else AgeBand.UNKNOWN,
                kind=kind,
                rows=group.rows,
                date=group.date,
                unit=group.unit,
                request=request,
            )
    return made


# How insights titles and counts each kind of shared text (sources register in core).
_TEXT_KINDS: dict[str, tuple[Callable[[str], str], str]] = {
    "conversations.sharedanswer": (
        lambda subject: _("Shared answers: %(guide)s") % {"guide": subject or _("conversation")},
        Method.MEETING,
    ),
    "events.eventfeedback": (
        lambda subject: _("Feedback: %(event)s") % {"event": subject},
        Method.EVENT_FEEDBACK,
    ),
}


def _contribution_source(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    method: str,
    age_band: str,
    kind: str,
    rows: list[tuple[str, str, str]],
    date: datetime.date,
    unit: Unit | None = None,
    request: HttpRequest | None = None,
) -> int:
    texts = [" ".join(text.split()) for _id, _pseudonym, text in rows]
    keep = [(row, text) for row, text in zip(rows, texts, strict=True) if len(text) >= 2]
    if not keep:
        return 0
    pseudonyms = {pseudonym for (_i, pseudonym, _t), _text in keep if pseudonym}
    _source_create(
        actor=actor,
        organisation=organisation,
        title=title,
        method=method,
        text="\n\n".join(text for _row, text in keep),
        split_mode="paragraph",
        date=date,
        unit=unit,
        age_band=age_band,
        participant_role=ParticipantRole.YOUNG_PERSON,
        participants=max(1, len(pseudonyms)) if pseudonyms else len(keep),
        consent_reference=kind,
        contribution_kind=kind,
        contributions=[(row[0], row[1]) for row, _text in keep],
        retention_until=None,
        request=request,
        assign_new=True,
    )
    return len(keep)


@acts_as_system(
    "Consent was withdrawn in another app (a signal on the contribution's deletion): its "
    "fragments must go whoever deleted it; the app that deleted it checked and audited that."
)
def contribution_withdrawn(kind: str, contribution_id: str) -> None:
    """A shared contribution was deleted (consent withdrawn): its fragments go too."""
    Fragment.objects.filter(contribution_kind=kind, contribution_id=contribution_id).delete()


@acts_as_system("Gallring on a daily timer: retention dates the designers set have passed.")
def sources_past_retention_delete(today: datetime.date | None = None) -> int:
    """Gallring: sources whose "keep until" date has passed go, with fragments and originals."""
    today = today or timezone.localdate()
    expired = list(Source.objects.filter(retention_until__lt=today))
    for source in expired:
        with transaction.atomic():
            record(
                action=Action.DELETE,
                organisation_id=source.organisation_id,
                obj=source,
                detail="retention",
            )
            source.delete()
    return len(expired)


# --- Uploads waiting for the column step ----------------------------------------------------
UPLOADS_DIR = "insights/uploads"
PENDING_UPLOAD_LIFETIME = datetime.timedelta(days=1)


@acts("insights.curate", on="organisation")
def pending_upload_save(*, actor: Actor, organisation: Organisation, kind: str, data: bytes) -> str:
    """Keep an uploaded table (unmasked!) in the file storage until its column step; returns
    its storage name. It is deleted when the step ends, is cancelled, or after a day."""
    return default_storage.save(
        f"{UPLOADS_DIR}/{organisation.pk}/{uuid.uuid4().hex}.{kind}", ContentFile(data)
    )


@acts("insights.curate", on="organisation")
def pending_upload_delete(*, actor: Actor, organisation: Organisation, name: str) -> None:
    """Delete one pending upload (only ever a name under the organisation's uploads folder)."""
    if name.startswith(f"{UPLOADS_DIR}/{organisation.pk}/") and ".." not in name:
        default_storage.delete(name)


@acts_as_system("Housekeeping on a timer: abandoned uploads hold unmasked personal data.")
def pending_uploads_delete_stale(now: datetime.datetime | None = None) -> int:
    """Housekeeping: delete every pending upload older than a day (an abandoned column step
    leaves unmasked names and personal identity numbers behind). Returns files deleted."""
    cutoff = (now or timezone.now()) - PENDING_UPLOAD_LIFETIME
    deleted = 0
    try:
        folders, _files = default_storage.listdir(UPLOADS_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for folder in folders:
        _subfolders, files = default_storage.listdir(f"{UPLOADS_DIR}/{folder}")
        for filename in files:
            name = f"{UPLOADS_DIR}/{folder}/{filename}"
            if default_storage.get_modified_time(name) < cutoff:
                default_storage.delete(name)
                deleted += 1
    return deleted
