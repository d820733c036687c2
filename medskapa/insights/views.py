"""Insights pages: sources, fragments, codebook, theme runs, the affinity board, patterns.

Thin: forms validate, services write (and ask the layer themselves), selectors read through
scope. Objects named in a URL are fetched through their rule (outsiders get 404, audited); the
layer also refuses an object of another organisation than the URL's.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.registry import can
from medskapa.access.views import actor_of, check, get_object_for, requires
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation
from medskapa.web.forms import add_service_errors

from . import exports, forms, importers, selectors, services
from .models import Fragment, MaskedSpan, MaskKind, Pattern, Source, SuggestedTheme, Tag, ThemeRun

UPLOAD_SESSION_KEY = "insights_upload"


# --- Overview -------------------------------------------------------------------------------
@requires("insights.view", kwarg="organisation")
def home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    return render(
        request,
        "insights/home.html",
        {
            "organisation": organisation,
            "sources": selectors.sources_for(actor, organisation)[:200],
            "patterns": selectors.patterns_for(actor, organisation),
            "runs": selectors.runs_for(actor, organisation)[:5],
            "may_curate": can(actor, "insights.curate", organisation),
            "fragment_count": selectors.fragments_for(actor, organisation).count(),
        },
    )


# --- Import ---------------------------------------------------------------------------------
@requires("insights.curate", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    form = forms.SourceForm(
        request.POST or None,
        request.FILES or None,
        organisation=organisation,
        initial={"date": timezone.localdate(), "participants": 1},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        split_mode = data.pop("split_mode")
        text = data.pop("text")
        try:
            if upload is not None:
                kind = importers.kind_of(upload.name or "")
                raw = upload.read(importers.MAX_BYTES + 1)
                importers.check_size(len(raw))
                if kind in importers.PROJECT_KINDS:
                    made = services.project_import(
                        actor=actor, organisation=organisation, data=raw, defaults=_defaults(data)
                    )
                    messages.success(
                        request, _("The project was imported: %(n)d fragments.") % {"n": made}
                    )
                    return redirect("insights:home", organisation=organisation.pk)
                if kind in importers.TABLE_KINDS:
                    importers.read_table(kind, raw)  # refuse a broken file before the next step
                    return _keep_for_mapping(request, organisation, kind, raw, data)
                text = importers.read_text_file(kind, raw)
            source = services.source_create(
                actor=actor,
                organisation=organisation,
                text=text,
                split_mode=split_mode,
                request=request,
                **data,
            )
        except importers.ImportProblem as problem:
            form.add_error("file" if upload is not None else "text", str(problem))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The source was imported as %(n)d fragments.") % {"n": source.fragments.count()},
            )
            return redirect("insights:source", organisation=organisation.pk, source=source.pk)
    return render(
        request, "insights/source_form.html", {"organisation": organisation, "form": form}
    )


def _defaults(data: dict[str, Any]) -> dict[str, Any]:
    """The form's source fields, for every source of an imported project."""
    keep = ("method", "date", "unit", "age_band", "participant_role", "participants")
    fields = {k: data[k] for k in keep}
    fields["consent_reference"] = data.get("consent_reference", "")
    fields["retention_until"] = data.get("retention_until")
    return fields


def _keep_for_mapping(
    request: HttpRequest, organisation: Organisation, kind: str, raw: bytes, data: dict[str, Any]
) -> HttpResponse:
    """The table waits in the file storage (not in this process) for the mapping step; a
    table left waiting from an earlier upload is deleted at once."""
    earlier = request.session.get(UPLOAD_SESSION_KEY)
    actor = actor_of(request)
    if earlier:
        # Possibly another organisation's table: deleted through that organisation, if allowed.
        owner_id = _uuid(earlier.get("organisation"))
        owner = Organisation.objects.filter(pk=owner_id).first() if owner_id else None
        if owner is not None and can(actor, "insights.curate", owner):
            services.pending_upload_delete(
                actor=actor, organisation=owner, name=earlier.get("file", "")
            )
    name = services.pending_upload_save(actor=actor, organisation=organisation, kind=kind, data=raw)
    request.session[UPLOAD_SESSION_KEY] = {
        "organisation": str(organisation.pk),
        "file": name,
        "kind": kind,
        "meta": {
            **{k: v for k, v in data.items() if k not in ("unit", "date", "retention_until")},
            "unit": str(data["unit"].pk) if data.get("unit") else "",
            "date": data["date"].isoformat(),
            "retention_until": data["retention_until"].isoformat()
            if data.get("retention_until")
            else "",
        },
    }
    return redirect("insights:mapping", organisation=organisation.pk)


@requires("insights.curate", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def source_mapping(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    import datetime

    pending = request.session.get(UPLOAD_SESSION_KEY)
    if not pending or pending.get("organisation") != str(organisation.pk):
        messages.error(request, _("Choose the file again."))
        return redirect("insights:source_create", organisation=organisation.pk)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        services.pending_upload_delete(
            actor=actor_of(request), organisation=organisation, name=pending["file"]
        )
        request.session.pop(UPLOAD_SESSION_KEY, None)
        messages.success(request, _("The import was cancelled and the file deleted."))
        return redirect("insights:source_create", organisation=organisation.pk)
    try:
        with default_storage.open(pending["file"], "rb") as handle:
            raw = handle.read()
        table = importers.read_table(pending["kind"], raw)
    except (OSError, importers.ImportProblem):
        services.pending_upload_delete(
            actor=actor_of(request), organisation=organisation, name=pending["file"]
        )
        request.session.pop(UPLOAD_SESSION_KEY, None)
        messages.error(request, _("The file could not be read. Choose it again."))
        return redirect("insights:source_create", organisation=organisation.pk)
    form = forms.MappingForm(request.POST or None, headers=table.headers)
    if request.method == "POST" and form.is_valid():
        column = int(form.cleaned_data["text_column"])
        speaker = form.cleaned_data.get("speaker_column")
        rows = [" ".join(row[column].split()) for row in table.rows]
        if speaker:
            rows = [
                f"{row[int(speaker)].strip()}: {text}" if row[int(speaker)].strip() else text
                for row, text in zip(table.rows, rows, strict=True)
            ]
        rows = [r for r in rows if len(r) >= 2]
        meta = dict(pending["meta"])
        unit = organisation.units.filter(pk=meta.pop("unit")).first() if meta.get("unit") else None
        meta.pop("unit", None)
        meta["date"] = datetime.date.fromisoformat(meta["date"])
        meta["retention_until"] = (
            datetime.date.fromisoformat(meta["retention_until"])
            if meta["retention_until"]
            else None
        )
        try:
            if not rows:
                raise ValidationError(_("That column has no text."))
            source = services.source_create(
                actor=actor_of(request),
                organisation=organisation,
                text="\n\n".join(rows),
                split_mode="paragraph",
                unit=unit,
                request=request,
                **meta,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            services.pending_upload_delete(
                actor=actor_of(request), organisation=organisation, name=pending["file"]
            )
            request.session.pop(UPLOAD_SESSION_KEY, None)
            messages.success(
                request,
                _("The source was imported as %(n)d fragments.") % {"n": source.fragments.count()},
            )
            return redirect("insights:source", organisation=organisation.pk, source=source.pk)
    return render(
        request,
        "insights/mapping.html",
        {
            "organisation": organisation,
            "form": form,
            "headers": table.headers,
            "preview": table.rows[:5],
            "row_count": len(table.rows),
        },
    )


# --- Sources and fragments ------------------------------------------------------------------
@requires("insight_source.view", kwarg="source")
@require_http_methods(["GET", "POST"])
def source_detail(request: HttpRequest, organisation: Any, source: Source) -> HttpResponse:
    actor = actor_of(request)
    may_curate = can(actor, "insight_source.manage", source)
    form = forms.HighlightForm(request.POST or None)
    if request.method == "POST":
        # Highlighting writes: its own action, asked of the layer (404 and audited if not).
        check(request, "insight_source.manage", source)
        if form.is_valid():
            try:
                services.fragment_from_selection(
                    actor=actor, source=source, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The fragment was saved."))
                return redirect("insights:source", organisation=organisation, source=source.pk)
    fragments = list(source.fragments.prefetch_related("tags").select_related("pattern"))
    masked = MaskedSpan.objects.filter(source=source).values_list("kind", flat=True)
    tags = selectors.tags_for(source.organisation)
    return render(
        request,
        "insights/source_detail.html",
        {
            "organisation": source.organisation,
            "source": source,
            "fragments": fragments,
            "masked_kinds": sorted({str(MaskKind(k).label) for k in masked}),
            "masked_count": len(masked),
            "form": form,
            "may_curate": may_curate,
            "may_unmask": bool(fragments) and can(actor, "insight_fragment.unmask", fragments[0]),
            "tags": tags,
        },
    )


@requires("insight_source.manage", kwarg="source")
@require_POST
def source_delete(request: HttpRequest, organisation: Any, source: Source) -> HttpResponse:
    services.source_delete(actor=actor_of(request), source=source, request=request)
    messages.success(request, _("The source and its fragments were deleted."))
    return redirect("insights:home", organisation=organisation)


@requires("insight_fragment.curate", kwarg="fragment")
@require_POST
def fragment_tags(request: HttpRequest, organisation: Any, fragment: Fragment) -> HttpResponse:
    ids = [v for v in request.POST.getlist("tags") if v]
    try:
        tags = list(Tag.objects.filter(organisation_id=fragment.organisation_id, pk__in=ids))
    except ValidationError:
        tags = []
    toggle = request.POST.get("toggle")
    if toggle:
        tag = Tag.objects.filter(
            organisation_id=fragment.organisation_id, pk__in=[_uuid(toggle)]
        ).first()
        if tag is not None:
            services.fragment_toggle_tag(actor=actor_of(request), fragment=fragment, tag=tag)
    else:
        services.fragment_set_tags(
            actor=actor_of(request), fragment=fragment, tags=tags, request=request
        )
    messages.success(request, _("The codes were saved."))
    back = request.POST.get("next") or ""
    if back.startswith("/org/") and "//" not in back:
        return redirect(back)
    return redirect("insights:source", organisation=organisation, source=fragment.source_id)


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@requires("insight_fragment.unmask", kwarg="fragment")
@require_http_methods(["GET", "POST"])
def fragment_unmask(request: HttpRequest, organisation: Any, fragment: Fragment) -> HttpResponse:
    form = forms.UnmaskForm(request.POST or None)
    original = None
    if request.method == "POST" and form.is_valid():
        try:
            original = services.fragment_unmask(
                actor=actor_of(request),
                fragment=fragment,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "insights/unmask.html",
        {
            "organisation": fragment.organisation,
            "fragment": fragment,
            "form": form,
            "original": original,
        },
    )


# --- Codebook -------------------------------------------------------------------------------
@requires("insights.curate", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def codebook(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = forms.TagForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.tag_save(
                actor=actor_of(request), organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The code was saved."))
            return redirect("insights:codebook", organisation=organisation.pk)
    return render(
        request,
        "insights/codebook.html",
        {"organisation": organisation, "form": form, "tags": selectors.tags_for(organisation)},
    )


# --- Theme runs and the board ---------------------------------------------------------------
@requires("insights.curate", kwarg="organisation")
@require_POST
def run_start(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    try:
        run = services.theme_run_start(actor=actor_of(request), organisation=organisation)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("insights:home", organisation=organisation.pk)
    return redirect("insights:run", organisation=organisation.pk, run=run.pk)


@requires("insight_run.view", kwarg="run")
def run_detail(request: HttpRequest, organisation: Any, run: ThemeRun) -> HttpResponse:
    actor = actor_of(request)
    columns = selectors.board(run) if run.status == ThemeRun.Status.FINISHED else []
    return render(
        request,
        "insights/run.html",
        {
            "organisation": run.organisation,
            "run": run,
            "columns": columns,
            "may_curate": can(actor, "insight_run.curate", run),
            "rename_form": forms.RenameForm(),
        },
    )


@requires("insight_run.view", kwarg="run")
def run_status(request: HttpRequest, organisation: Any, run: ThemeRun) -> HttpResponse:
    response = render(request, "insights/includes/run_status.html", {"run": run})
    if run.is_done and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


BOARD_ACTIONS = ("accept", "rename", "discard", "merge", "split", "move")


@requires("insight_run.curate", kwarg="run")
@require_POST
def board_action(request: HttpRequest, organisation: Any, run: ThemeRun) -> HttpResponse:
    actor = actor_of(request)
    action = request.POST.get("action", "")
    themes = run.themes.select_related("pattern", "run")

    def theme(name: str) -> SuggestedTheme:
        found = themes.filter(pk__in=[_uuid(request.POST.get(name))]).first()
        if found is None:
            raise ValidationError(_("Choose a theme on this board."))
        return found

    try:
        if action not in BOARD_ACTIONS:
            raise ValidationError(_("Choose what to do."))
        if action == "accept":
            services.theme_accept(actor=actor, theme=theme("theme"), request=request)
            messages.success(request, _("The theme is now a pattern."))
        elif action == "rename":
            services.theme_rename(
                actor=actor,
                theme=theme("theme"),
                label=request.POST.get("label", ""),
                request=request,
            )
            messages.success(request, _("The theme was renamed."))
        elif action == "discard":
            services.theme_discard(actor=actor, theme=theme("theme"), request=request)
            messages.success(request, _("The theme was discarded."))
        elif action == "merge":
            services.theme_merge(
                actor=actor, theme=theme("theme"), into=theme("into"), request=request
            )
            messages.success(request, _("The themes were merged."))
        elif action == "split":
            source = theme("theme")
            ids = [i for i in (_uuid(v) for v in request.POST.getlist("fragments")) if i]
            chosen = list(source.fragments.filter(pk__in=ids))
            services.theme_split(
                actor=actor,
                theme=source,
                fragments=chosen,
                label=request.POST.get("label", ""),
                request=request,
            )
            messages.success(request, _("The chosen quotes are now a theme of their own."))
        elif action == "move":
            fragment = get_object_for(
                request, "insight_fragment.curate", Fragment, pk=request.POST.get("fragment")
            )
            target = theme("target")
            services.fragment_move(actor=actor, fragment=fragment, target=target, request=request)
            messages.success(
                request, _("The quote was moved to “%(theme)s”.") % {"theme": target.label}
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    if request.headers.get("HX-Request"):
        return HttpResponse(status=204)
    anchor = request.POST.get("anchor", "")
    url = f"{request.path.rsplit('board/', 1)[0]}"
    return redirect(url + (f"#{anchor}" if anchor.replace("-", "").isalnum() else ""))


# --- Patterns -------------------------------------------------------------------------------
def _titles() -> dict[str, str]:
    return {
        "age_band": _("Age band"),
        "role": _("Role"),
        "unit": _("Unit"),
        "method": _("Method"),
        "no_unit": _("No unit"),
    }


@requires("insight_pattern.view", kwarg="pattern")
@require_http_methods(["GET", "POST"])
def pattern_detail(request: HttpRequest, organisation: Any, pattern: Pattern) -> HttpResponse:
    actor = actor_of(request)
    may_manage = can(actor, "insight_pattern.manage", pattern)
    form = forms.PatternForm(
        request.POST or None, initial={"title": pattern.title, "description": pattern.description}
    )
    if request.method == "POST":
        # Describing writes: its own action, asked of the layer (404 and audited if not).
        check(request, "insight_pattern.manage", pattern)
        if form.is_valid():
            try:
                services.pattern_describe(
                    actor=actor, pattern=pattern, request=request, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The pattern was saved."))
                return redirect("insights:pattern", organisation=organisation, pattern=pattern.pk)
    summary = selectors.pattern_summary(actor, pattern, titles=_titles())
    return render(
        request,
        "insights/pattern.html",
        {
            "organisation": pattern.organisation,
            "pattern": pattern,
            "summary": summary,
            "form": form,
            "may_manage": may_manage,
        },
    )


# --- Export and hand-offs -------------------------------------------------------------------
@requires("insights.curate", kwarg="organisation")
def export(request: HttpRequest, organisation: Organisation, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    record(
        action=Action.EXPORT,
        actor=actor_of(request),
        request=request,
        organisation_id=organisation.pk,
        object_type="insights.export",
        detail=fmt,
    )
    return exports.response(organisation, fmt)


@requires("insights.curate", kwarg="organisation")
@require_POST
def bring_in(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    made = services.bring_in_shared_contributions(
        actor=actor_of(request), organisation=organisation, request=request
    )
    messages.success(request, _("%(n)d shared contributions were brought in.") % {"n": made})
    return redirect("insights:home", organisation=organisation.pk)
