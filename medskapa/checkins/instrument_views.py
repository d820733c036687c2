"""Instrument pages: org admins load definitions and (de)activate them; a worker asks a young
person on their caseload to answer one; the young person answers one item per page (works
without JavaScript, answers saved at every step) and sends once; the worker sees the scores.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.reads import disclose
from medskapa.access.views import actor_of, get_object_for, requires
from medskapa.accounts.models import User
from medskapa.engines import instruments as engine
from medskapa.organisations.models import Organisation

from . import instruments
from .models import InstrumentAssignment, InstrumentResponse, InstrumentVersion
from .selectors import case_workers, young_person_membership


def _language() -> str:
    return (get_language() or "sv")[:2]


# --- Forms -------------------------------------------------------------------------------------
class UploadForm(forms.Form):
    definition = forms.CharField(
        label=gettext_lazy("Paste the definition (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false", "dir": "ltr"}),
        max_length=instruments.MAX_DEFINITION_BYTES,
    )
    file = forms.FileField(
        label=gettext_lazy("… or choose a file (.json)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )
    rights = forms.BooleanField(
        label=gettext_lazy(
            "We have the right to use this instrument: it is open access, or we have a "
            "licence or permission from whoever owns it."
        ),
        error_messages={
            "required": gettext_lazy(
                "Confirm that your organisation has the right to use this instrument."
            )
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > instruments.MAX_DEFINITION_BYTES:
                self.add_error("file", _("The file is too big (at most 512 kB)."))
                return data
            content = upload.read()
            try:
                data["text"] = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", _("The file must be text in UTF-8 (a .json file)."))
        elif (data.get("definition") or "").strip():
            data["text"] = data["definition"]
        elif "definition" not in self.errors:
            self.add_error("definition", _("Paste a definition, or choose a file."))
        return data


class AssignForm(forms.Form):
    instrument: forms.ModelChoiceField[InstrumentVersion] = forms.ModelChoiceField(
        label=gettext_lazy("Instrument"),
        queryset=InstrumentVersion.objects.none(),
        empty_label=None,
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments.active_instruments(organisation)  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    answer = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose an answer, or “I don't want to answer”.")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = choices  # type: ignore[attr-defined]


def _errors_of(error: ValidationError) -> list[str]:
    return list(error.messages)


# --- Org admins: loading definitions -----------------------------------------------------------
@requires("instrument.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def instrument_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    shipped = engine.shipped_definitions()
    initial: dict[str, Any] = {}
    start_from = request.GET.get("from", "")
    if start_from in shipped:
        path = next(
            p
            for p in sorted(engine.DEFINITIONS.glob("*.json"))
            if engine.load_definition(p.read_text(encoding="utf-8")).id == start_from
        )
        initial["definition"] = path.read_text(encoding="utf-8")
    form = UploadForm(request.POST or None, request.FILES or None, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            version, created = instruments.instrument_upload(
                actor=actor_of(request),
                organisation=organisation,
                text=form.cleaned_data["text"],
                rights_confirmed=form.cleaned_data["rights"],
            )
        except ValidationError as error:
            problems = _errors_of(error)
        else:
            if created:
                messages.success(
                    request,
                    _("The definition is saved. Check it, then activate it when you are ready."),
                )
            else:
                messages.info(request, _("This definition was already loaded. Nothing changed."))
            return redirect("checkins:instrument_detail", organisation.pk, version.pk)
    return render(
        request,
        "checkins/instruments/list.html",
        {
            "organisation": organisation,
            "form": form,
            "problems": problems,
            "instruments": instruments.latest_versions(organisation),
            "shipped": [
                (key, instruments.text_in(i.name, _language(), i.languages))
                for key, i in shipped.items()
            ],
            "language": _language(),
        },
        status=400 if (form.errors or problems) else 200,
    )


def _version_in(organisation: Organisation, version: str) -> InstrumentVersion:
    try:
        return InstrumentVersion.objects.select_related("rights_confirmed_by").get(
            organisation=organisation, pk=version
        )
    except (InstrumentVersion.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


def _instrument_context(instrument: engine.Instrument, language: str) -> dict[str, Any]:
    lang = instruments.language_for(instrument, language)
    labels = instrument.scale.labels.get(lang, {})
    return {
        "instrument": instrument,
        "text_language": lang,
        "name": instruments.text_in(instrument.name, lang),
        "instructions": instruments.text_in(instrument.instructions, lang),
        "items": [
            {
                "item": item,
                "text": instruments.text_in(item.text, lang),
                "subscale": next(
                    (
                        instruments.text_in(s.name, lang)
                        for s in instrument.subscales
                        if s.id == item.subscale
                    ),
                    "",
                ),
            }
            for item in instrument.items
        ],
        "points": [(p, labels.get(p, "")) for p in instrument.scale.points],
        "bands": [(b, instruments.text_in(b.label, lang)) for b in instrument.cutoffs],
        "subscales": [(s, instruments.text_in(s.name, lang)) for s in instrument.subscales],
    }


@requires("instrument.manage", kwarg="organisation")
def instrument_detail(
    request: HttpRequest, organisation: Organisation, version: str
) -> HttpResponse:
    row = _version_in(organisation, version)
    others = InstrumentVersion.objects.filter(organisation=organisation, key=row.key).exclude(
        pk=row.pk
    )
    return render(
        request,
        "checkins/instruments/detail.html",
        {
            "organisation": organisation,
            "version": row,
            "others": others,
            "answered": InstrumentResponse.objects.filter(instrument=row).count(),
            **_instrument_context(instruments.load(row), _language()),
        },
    )


@require_POST
@requires("instrument.manage", kwarg="organisation")
def instrument_activate(
    request: HttpRequest, organisation: Organisation, version: str
) -> HttpResponse:
    row = _version_in(organisation, version)
    active = request.POST.get("active") == "1"
    instruments.instrument_set_active(actor=actor_of(request), version=row, active=active)
    messages.success(
        request,
        _("The instrument is active: workers can ask young people to answer it.")
        if active
        else _("The instrument is no longer active. Answers already sent are kept."),
    )
    return redirect("checkins:instrument_detail", organisation.pk, row.pk)


# --- Workers: asking a young person, reading the answers ---------------------------------------
@require_POST
@requires("instrument.assign", kwarg="young_person")
def instrument_assign(request: HttpRequest, organisation: str, young_person: User) -> HttpResponse:
    org = get_object_for(request, "checkin.caseload", Organisation, pk=organisation)
    if young_person_membership(young_person, org) is None:
        raise Http404
    form = AssignForm(request.POST, organisation=org)
    if form.is_valid():
        try:
            instruments.assignment_create(
                actor=actor_of(request),
                organisation=org,
                young_person=young_person,
                version=form.cleaned_data["instrument"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Sent. The young person gets a notice and answers when they want.")
            )
    else:
        messages.error(request, _("Choose one of the active instruments."))
    return redirect("checkins:person", org.pk, young_person.pk)


@require_POST
@requires("instrument.withdraw", kwarg="assignment")
def instrument_withdraw(request: HttpRequest, assignment: InstrumentAssignment) -> HttpResponse:
    instruments.assignment_cancel(actor=actor_of(request), assignment=assignment)
    messages.success(request, _("The request is withdrawn."))
    return redirect("checkins:person", assignment.organisation_id, assignment.young_person_id)


def _answer_rows(
    instrument: engine.Instrument, answers: dict[str, Any], language: str
) -> list[dict[str, Any]]:
    lang = instruments.language_for(instrument, language)
    labels = instrument.scale.labels.get(lang, {})
    rows = []
    for number, item in enumerate(instrument.items, start=1):
        value = answers.get(item.id, "unset")
        rows.append(
            {
                "number": number,
                "item": item,
                "text": instruments.text_in(item.text, lang),
                "answered": value != "unset",
                "value": value if value != "unset" else None,
                "label": labels.get(value, "") if isinstance(value, int) else "",
            }
        )
    return rows


@requires("instrument_response.view", kwarg="response")
def instrument_response(request: HttpRequest, response: InstrumentResponse) -> HttpResponse:
    """One sent response: the answers item by item, and (for the worker) the score."""
    actor = actor_of(request)
    is_own = response.young_person_id == actor.user_id
    # The layer records the worker's VIEW (an identified rule); this names its purpose.
    disclose(
        request,
        [response],
        actor=actor,
        subject="young_person_id",
        purpose="instrument answers of a young person",
    )
    instrument = instruments.load(response.instrument)
    return render(
        request,
        "checkins/instruments/response.html",
        {
            "organisation": response.organisation,
            "response": response,
            "is_own": is_own,
            "rows": _answer_rows(instrument, response.answers, _language()),
            "score": instruments.score_rows([response], _language())[0],
            **_instrument_context(instrument, _language()),
        },
    )


# --- The young person answers, one item per page -----------------------------------------------
def _open_assignment(
    request: HttpRequest, organisation: Organisation, assignment: str
) -> tuple[InstrumentAssignment, InstrumentVersion, engine.Instrument]:
    """The young person's own open request in this organisation (404 for anyone else), and the
    version they answer now."""
    item = get_object_for(
        request,
        "instrument.respond",
        InstrumentAssignment.objects.select_related("instrument", "organisation"),
        pk=assignment,
        organisation=organisation,
    )
    version = instruments.version_to_answer(item)
    if version is None:
        raise Http404
    return item, version, instruments.load(version)


def _stored_answers(assignment: InstrumentAssignment, version: InstrumentVersion) -> dict[str, Any]:
    return dict(assignment.answers) if assignment.instrument_id == version.pk else {}


def _base_context(
    assignment: InstrumentAssignment, instrument: engine.Instrument
) -> dict[str, Any]:
    return {
        "organisation": assignment.organisation,
        "assignment": assignment,
        "contacts": case_workers(assignment.young_person, assignment.organisation),
        **_instrument_context(instrument, _language()),
    }


@requires("checkin.respond", kwarg="organisation")
def instrument_start(
    request: HttpRequest, organisation: Organisation, assignment: str
) -> HttpResponse:
    item, version, instrument = _open_assignment(request, organisation, assignment)
    answers = _stored_answers(item, version)
    first_open = next(
        (n for n, i in enumerate(instrument.items, start=1) if i.id not in answers), None
    )
    return render(
        request,
        "checkins/instruments/start.html",
        {
            **_base_context(item, instrument),
            "started": bool(answers),
            "first_open": first_open,
        },
    )


def _radios(
    form: ItemForm, instrument: engine.Instrument, reverse: bool, labels: Any
) -> list[dict[str, Any]]:
    scale = instrument.scale
    radios = []
    for radio in form["answer"]:
        value = str(radio.data["value"])
        point = None if value == instruments.SKIP else int(value)
        radios.append(
            {
                "radio": radio,
                # A reversed item's face turns with the scoring: a smile always means "good".
                "face": ""
                if point is None
                else (scale.min + scale.max - point if reverse else point),
                "skip": point is None,
            }
        )
    return radios


@requires("checkin.respond", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def instrument_item(
    request: HttpRequest, organisation: Organisation, assignment: str, number: int
) -> HttpResponse:
    row, version, instrument = _open_assignment(request, organisation, assignment)
    if not 1 <= number <= len(instrument.items):
        return redirect("checkins:instrument_start", organisation.pk, row.pk)
    item = instrument.items[number - 1]
    lang = instruments.language_for(instrument, _language())
    labels = instrument.scale.labels.get(lang, {})
    choices = [(str(p), labels.get(p) or str(p)) for p in instrument.scale.points]
    choices.append((instruments.SKIP, _("I don't want to answer")))
    saved = _stored_answers(row, version).get(item.id, "unset")
    initial = (
        {} if saved == "unset" else {"answer": instruments.SKIP if saved is None else str(saved)}
    )
    form = ItemForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            instruments.assignment_answer(
                assignment=row, version=version, item_id=item.id, raw=form.cleaned_data["answer"]
            )
        except ValueError:
            messages.error(request, _("That answer could not be saved. Please choose again."))
            return redirect("checkins:instrument_item", organisation.pk, row.pk, number)
        if number < len(instrument.items):
            return redirect("checkins:instrument_item", organisation.pk, row.pk, number + 1)
        return redirect("checkins:instrument_review", organisation.pk, row.pk)
    return render(
        request,
        "checkins/instruments/item.html",
        {
            **_base_context(row, instrument),
            "form": form,
            "item": item,
            "item_text": instruments.text_in(item.text, lang),
            "number": number,
            "count": len(instrument.items),
            "faces": instrument.scale.min == 1 and instrument.scale.max == 5,
            "radios": _radios(form, instrument, item.reverse, labels),
        },
        status=400 if form.errors else 200,
    )


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


@requires("checkin.respond", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def instrument_review(
    request: HttpRequest, organisation: Organisation, assignment: str
) -> HttpResponse:
    actor = actor_of(request)
    key = _uuid(request.POST.get("idempotency_key"))
    if request.method == "POST" and key is not None:
        stored = InstrumentResponse.objects.filter(
            young_person=actor.user, idempotency_key=key, organisation=organisation
        ).first()
        if stored is not None:  # a double tap or a resend: it is already saved
            return redirect("checkins:instrument_done", organisation.pk, stored.pk)
    row, version, instrument = _open_assignment(request, organisation, assignment)
    rows = _answer_rows(instrument, _stored_answers(row, version), _language())
    missing = next((r["number"] for r in rows if not r["answered"]), None)
    skipped = sum(1 for r in rows if r["answered"] and r["value"] is None)
    errors: list[str] = []
    if request.method == "POST":
        if missing is not None:
            messages.error(
                request, _("Answer every question first, or choose “I don't want to answer”.")
            )
            return redirect("checkins:instrument_item", organisation.pk, row.pk, missing)
        try:
            sent = instruments.response_submit(
                actor=actor,
                assignment=row,
                idempotency_key=key or uuid.uuid4(),
                language=_language(),
            )
        except ValidationError as error:
            errors = list(error.messages)
        else:
            return redirect("checkins:instrument_done", organisation.pk, sent.response.pk)
    return render(
        request,
        "checkins/instruments/review.html",
        {
            **_base_context(row, instrument),
            "rows": rows,
            "missing": missing,
            "skipped": skipped,
            "too_many_skipped": skipped > instrument.missing.max_missing,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@requires("checkin.respond", kwarg="organisation")
def instrument_done(
    request: HttpRequest, organisation: Organisation, response: str
) -> HttpResponse:
    sent = get_object_for(
        request,
        "instrument_response.view",
        InstrumentResponse,
        pk=response,
        organisation=organisation,
    )
    return render(
        request,
        "checkins/instruments/done.html",
        {
            "organisation": organisation,
            "response": sent,
            "contacts": case_workers(sent.young_person, organisation),
        },
    )
