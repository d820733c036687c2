"""The question editor: org admins change the check-in questions with plain forms.

Every saved form publishes a NEW version of the questions (``services.graph_version_publish``),
built from a copy of the current definition with exactly that one change. Check-ins already
sent keep the version they answered. A form opened on an older version than the current one is
refused (two admins must not overwrite each other's changes without seeing them); a form that
changes nothing publishes nothing.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.views import actor_of, requires
from medskapa.organisations.models import Organisation

from . import editor_forms as ef
from . import graph as graph_engine
from . import services
from .models import GraphVersion

Definition = dict[str, Any]


def _language() -> str:
    return (get_language() or "sv")[:2]


def _conflict_message() -> str:
    return _(
        "Someone else changed the questions while you had this page open, so nothing was "
        "saved. Open the questions again and make your change there."
    )


class _Refused(Exception):
    """A change that was not saved; ``errors`` says why, ``status`` is the HTTP status."""

    def __init__(self, errors: list[str], status: int) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors
        self.status = status


def _publish(
    request: HttpRequest,
    organisation: Organisation,
    current: GraphVersion,
    definition: Definition,
    *,
    based_on: int,
    note: str,
) -> GraphVersion:
    """Publish ``definition`` as a new version, or raise ``_Refused`` (nothing saved)."""
    if definition == current.definition:
        messages.info(request, _("Nothing was changed, so no new version was made."))
        return current
    if based_on != current.number:
        raise _Refused([_conflict_message()], 409)
    try:
        version = services.graph_version_publish(
            actor=actor_of(request), organisation=organisation, definition=definition, note=note
        )
    except ValidationError as error:
        raise _Refused(
            [
                _(
                    "The change was not saved: the questions would then not work. "
                    "What is wrong (technical details):"
                ),
                *error.messages,
            ],
            400,
        ) from None
    messages.success(
        request,
        _(
            "Saved as version %(number)s. Check-ins that were already sent keep the version "
            "they answered."
        )
        % {"number": version.number},
    )
    return version


def _note(text: str) -> str:
    return text[:200]


# --- Looking things up in a definition --------------------------------------------------------
def _area_index(definition: Definition, key: str) -> int:
    for index, area in enumerate(definition.get("areas") or []):
        if isinstance(area, dict) and area.get("key") == key:
            return index
    raise Http404


def _followup_index(definition: Definition, area_key: str) -> int | None:
    """The area's (first) follow-up; the editor edits one follow-up per area."""
    for index, followup in enumerate(definition.get("followups") or []):
        if isinstance(followup, dict) and followup.get("area") == area_key:
            return index
    return None


def _all_keys(definition: Definition) -> set[str]:
    keys: set[str] = set()
    for section in ("areas", "followups", "free_texts"):
        keys |= {str(item.get("key")) for item in definition.get(section) or []}
    return keys


def _sv(texts: Any) -> str:
    return graph_engine.text_in(texts or {}, "sv") if isinstance(texts, dict) else ""


def _current(organisation: Organisation) -> tuple[GraphVersion, Definition]:
    current = services.current_graph_version(organisation)
    return current, copy.deepcopy(current.definition)


def _overview_url(organisation: Organisation, anchor: str = "") -> str:
    url = reverse("checkins:editor", args=[organisation.pk])
    return f"{url}#{anchor}" if anchor else url


# --- Showing the questions ----------------------------------------------------------------
def _graph_rows(graph: graph_engine.Graph) -> list[dict[str, Any]]:
    rows = []
    last = len(graph.areas) - 1
    for index, area in enumerate(graph.areas):
        texts = [area.title, area.question, area.why]
        followup = next((f for f in graph.followups if f.area == area.key), None)
        if followup is not None:
            texts += [followup.question, *(c.text for c in followup.choices)]
        missing = [
            ef.LANGUAGE_NAMES[language]
            for language in ("en", "ar")
            if any(not t.get(language) for t in texts)
        ]
        rows.append(
            {
                "area": area,
                "followup": followup,
                "missing": missing,
                "first": index == 0,
                "last": index == last,
            }
        )
    return rows


def _graph_context(version: GraphVersion) -> dict[str, Any]:
    graph = version.load()
    return {
        "version": version,
        "graph": graph,
        "rows": _graph_rows(graph),
        "language": _language(),
    }


@requires("checkin_questions.manage", kwarg="organisation")
def overview(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    current = services.current_graph_version(organisation)
    versions = (
        GraphVersion.objects.filter(graph_id=current.graph_id)
        .select_related("created_by")
        .order_by("-number")
    )
    return render(
        request,
        "checkins/editor/overview.html",
        {
            "organisation": organisation,
            "versions": versions,
            "editable": True,
            **_graph_context(current),
        },
    )


@requires("checkin_questions.manage", kwarg="organisation")
def version_detail(request: HttpRequest, organisation: Organisation, number: int) -> HttpResponse:
    current = services.current_graph_version(organisation)
    version = (
        GraphVersion.objects.filter(graph_id=current.graph_id, number=number)
        .select_related("created_by")
        .first()
    )
    if version is None:
        raise Http404
    return render(
        request,
        "checkins/editor/version.html",
        {
            "organisation": organisation,
            "is_current": version.pk == current.pk,
            "editable": False,
            **_graph_context(version),
        },
    )


# --- Areas -------------------------------------------------------------------------------------
def _area_initial(area: dict[str, Any], version: int) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": version, "icon": area.get("icon") or "heart"}
    for prefix in ("title", "question", "why"):
        initial.update(ef.initial_texts(area.get(prefix), prefix))
    return initial


def _area_page(
    request: HttpRequest,
    organisation: Organisation,
    form: ef.AreaForm,
    area: dict[str, Any] | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "checkins/editor/area_form.html",
        {
            "organisation": organisation,
            "form": form,
            "area": area,
            "area_title": _sv(area.get("title")) if area else "",
        },
        status=status,
    )


def _refused(form: Any, refused: _Refused) -> int:
    form.add_error(None, refused.errors)
    return refused.status


@requires("checkin_questions.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, organisation: Organisation, area: str) -> HttpResponse:
    current, definition = _current(organisation)
    index = _area_index(definition, area)
    original = definition["areas"][index]
    form = ef.AreaForm(request.POST or None, initial=_area_initial(original, current.number))
    if request.method == "POST" and form.is_valid():
        definition["areas"][index] = {**original, **form.area_definition(area)}
        try:
            _publish(
                request,
                organisation,
                current,
                definition,
                based_on=form.cleaned_data["version"],
                note=_note(
                    _("Changed the area %(title)s") % {"title": form.cleaned_data["title_sv"]}
                ),
            )
        except _Refused as refused:
            return _area_page(request, organisation, form, original, _refused(form, refused))
        return redirect(_overview_url(organisation, f"area-{area}"))
    return _area_page(request, organisation, form, original, 400 if form.errors else 200)


@requires("checkin_questions.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def area_add(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    current, definition = _current(organisation)
    form = ef.AreaForm(request.POST or None, initial={"version": current.number, "icon": "star"})
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data["title_sv"]
        areas = definition.get("areas") or []
        # Two areas whose titles reduce to the same key would be two names for one thing.
        existing = {str(a.get("key")) for a in areas}
        existing |= {ef.make_key(_sv(a.get("title")), set(), "area") for a in areas}
        if ef.make_key(title, set(), "area") in existing:
            form.add_error(
                "title_sv",
                _(
                    "There is already an area with this title (or one very like it). "
                    "Choose another title."
                ),
            )
            return _area_page(request, organisation, form, None, 400)
        # "new" is taken by the URL of this page.
        key = ef.make_key(title, _all_keys(definition) | {"new"}, "area")
        definition.setdefault("areas", []).append(form.area_definition(key))
        try:
            _publish(
                request,
                organisation,
                current,
                definition,
                based_on=form.cleaned_data["version"],
                note=_note(_("Added the area %(title)s") % {"title": title}),
            )
        except _Refused as refused:
            return _area_page(request, organisation, form, None, _refused(form, refused))
        return redirect(_overview_url(organisation, f"area-{key}"))
    return _area_page(request, organisation, form, None, 400 if form.errors else 200)


@require_POST
@requires("checkin_questions.manage", kwarg="organisation")
def area_move(request: HttpRequest, organisation: Organisation, area: str) -> HttpResponse:
    current, definition = _current(organisation)
    index = _area_index(definition, area)
    direction = request.POST.get("direction")
    form = ef.VersionOnlyForm(request.POST)
    areas = definition["areas"]
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else -1
    if not form.is_valid() or not 0 <= other < len(areas):
        messages.error(request, _("The area could not be moved that way."))
        return redirect(_overview_url(organisation, f"area-{area}"))
    areas[index], areas[other] = areas[other], areas[index]
    title = _sv(areas[other].get("title"))
    note = (
        _("Moved the area %(title)s up")
        if direction == "up"
        else _("Moved the area %(title)s down")
    ) % {"title": title}
    try:
        _publish(
            request,
            organisation,
            current,
            definition,
            based_on=form.cleaned_data["version"],
            note=_note(note),
        )
    except _Refused as refused:
        messages.error(request, " ".join(refused.errors))
    return redirect(_overview_url(organisation, f"area-{area}"))


@requires("checkin_questions.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def area_remove(request: HttpRequest, organisation: Organisation, area: str) -> HttpResponse:
    current, definition = _current(organisation)
    index = _area_index(definition, area)
    original = definition["areas"][index]
    form = ef.VersionOnlyForm(request.POST or None, initial={"version": current.number})
    only_area = len(definition["areas"]) == 1
    status = 200
    if request.method == "POST" and form.is_valid() and not only_area:
        del definition["areas"][index]
        definition["followups"] = [
            f for f in definition.get("followups") or [] if f.get("area") != area
        ]
        try:
            _publish(
                request,
                organisation,
                current,
                definition,
                based_on=form.cleaned_data["version"],
                note=_note(_("Removed the area %(title)s") % {"title": _sv(original.get("title"))}),
            )
        except _Refused as refused:
            status = _refused(form, refused)
        else:
            return redirect(_overview_url(organisation, "areas-heading"))
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "checkins/editor/area_remove.html",
        {
            "organisation": organisation,
            "form": form,
            "area": original,
            "area_title": _sv(original.get("title")),
            "has_followup": _followup_index(definition, area) is not None,
            "only_area": only_area,
        },
        status=status,
    )


# --- The area's follow-up question ---------------------------------------------------------
@requires("checkin_questions.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def followup_edit(request: HttpRequest, organisation: Organisation, area: str) -> HttpResponse:
    current, definition = _current(organisation)
    area_def = definition["areas"][_area_index(definition, area)]
    index = _followup_index(definition, area)
    original: dict[str, Any] = definition["followups"][index] if index is not None else {}
    choices = [c for c in original.get("choices") or [] if isinstance(c, dict)]
    known = frozenset(str(c.get("key")) for c in choices)
    initial: dict[str, Any] = {"version": current.number, "at_most": original.get("at_most", 2)}
    initial.update(ef.initial_texts(original.get("question"), "question"))
    form = ef.FollowUpForm(request.POST or None, initial=initial)
    formset = ef.ChoiceFormSet(
        request.POST or None,
        prefix="choices",
        known_keys=known,
        initial=[
            {
                "key": c.get("key"),
                "alarm": bool(c.get("alarm")),
                **ef.initial_texts(c.get("text"), "text"),
            }
            for c in choices
        ],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            previous = {str(c.get("key")): c for c in choices}
            taken = set(known)
            new_choices = []
            for row in formset.kept():
                key = row["key"] or ef.make_key(row["text_sv"], taken, "choice")
                taken.add(key)
                new_choices.append(
                    {
                        **previous.get(key, {}),
                        "key": key,
                        "text": ef.texts_of(row, "text"),
                        "alarm": bool(row["alarm"]),
                    }
                )
            followup = {
                **original,
                "key": original.get("key")
                or ef.make_key(f"{area}_hard", _all_keys(definition), "followup"),
                "area": area,
                "at_most": form.cleaned_data["at_most"],
                "question": ef.texts_of(form.cleaned_data, "question"),
                "choices": new_choices,
            }
            followups = definition.setdefault("followups", [])
            if index is None:
                followups.append(followup)
            else:
                followups[index] = followup
            try:
                _publish(
                    request,
                    organisation,
                    current,
                    definition,
                    based_on=form.cleaned_data["version"],
                    note=_note(
                        _("Changed the follow-up question for %(title)s")
                        % {"title": _sv(area_def.get("title"))}
                    ),
                )
            except _Refused as refused:
                status = _refused(form, refused)
            else:
                return redirect(_overview_url(organisation, f"area-{area}"))
    return render(
        request,
        "checkins/editor/followup_form.html",
        {
            "organisation": organisation,
            "form": form,
            "formset": formset,
            "area": area_def,
            "area_title": _sv(area_def.get("title")),
            "is_new": index is None,
        },
        status=status,
    )


@requires("checkin_questions.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def followup_remove(request: HttpRequest, organisation: Organisation, area: str) -> HttpResponse:
    current, definition = _current(organisation)
    area_def = definition["areas"][_area_index(definition, area)]
    index = _followup_index(definition, area)
    if index is None:
        raise Http404
    form = ef.VersionOnlyForm(request.POST or None, initial={"version": current.number})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            del definition["followups"][index]
            try:
                _publish(
                    request,
                    organisation,
                    current,
                    definition,
                    based_on=form.cleaned_data["version"],
                    note=_note(
                        _("Removed the follow-up question for %(title)s")
                        % {"title": _sv(area_def.get("title"))}
                    ),
                )
            except _Refused as refused:
                status = _refused(form, refused)
            else:
                return redirect(_overview_url(organisation, f"area-{area}"))
    return render(
        request,
        "checkins/editor/followup_remove.html",
        {
            "organisation": organisation,
            "form": form,
            "area": area_def,
            "area_title": _sv(area_def.get("title")),
            "question": _sv(definition["followups"][index].get("question")),
        },
        status=status,
    )


# --- Questions answered in the young person's own words ----------------------------------------
@requires("checkin_questions.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def free_texts(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    current, definition = _current(organisation)
    originals = [t for t in definition.get("free_texts") or [] if isinstance(t, dict)]
    known = frozenset(str(t.get("key")) for t in originals)
    form = ef.VersionOnlyForm(request.POST or None, initial={"version": current.number})
    formset = ef.FreeTextFormSet(
        request.POST or None,
        prefix="texts",
        known_keys=known,
        initial=[
            {"key": t.get("key"), **ef.initial_texts(t.get("question"), "question")}
            for t in originals
        ],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            previous = {str(t.get("key")): t for t in originals}
            taken = _all_keys(definition)
            kept = []
            for row in formset.kept():
                key = row["key"] or ef.make_key(row["question_sv"], taken, "text")
                taken.add(key)
                kept.append(
                    {**previous.get(key, {}), "key": key, "question": ef.texts_of(row, "question")}
                )
            definition["free_texts"] = kept
            try:
                _publish(
                    request,
                    organisation,
                    current,
                    definition,
                    based_on=form.cleaned_data["version"],
                    note=_note(_("Changed the questions answered in own words")),
                )
            except _Refused as refused:
                status = _refused(form, refused)
            else:
                return redirect(_overview_url(organisation, "texts-heading"))
    return render(
        request,
        "checkins/editor/free_texts.html",
        {"organisation": organisation, "form": form, "formset": formset},
        status=status,
    )
