"""Conversation guides: staff pages (guides, library, meetings, summaries) and the young
person's pages (prepare, share, read the summary). Thin: forms, services, scope."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.reads import disclose
from medskapa.access.registry import allowed_actions, can, scope
from medskapa.access.views import actor_of, authenticated, get_object_for, requires
from medskapa.organisations import consent as consent_service
from medskapa.organisations.models import Consent, Organisation
from medskapa.organisations.selectors import case_workers_of, young_people_on_caseload
from medskapa.web.registries import text_review

from . import forms, pdf, pictures, selectors, services
from .models import (
    LANGUAGES,
    AnswerType,
    Guide,
    GuideVersion,
    Meeting,
    localise_card,
    localise_picture,
    picture_names,
)

GUIDE_ACTIONS = ["guide.edit", "guide.publish", "guide.copy"]
PICTURE_FILE_ERRORS = {"picture_type", "picture_empty", "picture_size", "picture_dimensions"}


def content_language() -> str:
    language = (get_language() or "sv")[:2]
    return language if language in LANGUAGES else "sv"


def _errors(error: ValidationError) -> list[str]:
    return list(error.messages)


def _staff_org(request: HttpRequest, organisation: Any) -> Organisation:
    """The organisation in the address, for its staff only (others: 404, audited). A guide in
    the URL is checked against it by the layer (library guides may come from elsewhere)."""
    return get_object_for(request, "guide.list", Organisation, pk=organisation)


def _view_meeting(request: HttpRequest, meeting: Meeting, purpose: str) -> None:
    """Shown to the worker: the layer writes one audit row for the request, with this purpose."""
    disclose(
        request, [meeting], actor=actor_of(request), subject="young_person_id", purpose=purpose
    )


# --- Guides ---------------------------------------------------------------------------------
@requires("guide.list", kwarg="organisation")
def guide_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    org = organisation
    actor = actor_of(request)
    guides = selectors.guides_of(actor, org).prefetch_related("versions")
    language = content_language()
    rows = []
    for guide in guides:
        published = guide.latest_published()
        draft = guide.draft()
        shown = published or draft
        rows.append(
            {
                "guide": guide,
                "title": shown.title(language) if shown else "",
                "published": published,
                "draft": draft,
            }
        )
    return render(
        request,
        "conversations/guide_list.html",
        {
            "organisation": org,
            "rows": rows,
            "is_worker": can(actor, "meeting.create", org),
            "may_copy": bool(scope(actor, "guide.create", Organisation.objects.filter(pk=org.pk))),
        },
    )


@requires("guide.list", kwarg="organisation")
def library(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    org = organisation
    actor = actor_of(request)
    language = content_language()
    rows = []
    for guide in selectors.library(actor):
        published = guide.latest_published()
        if published is None:
            continue
        rows.append(
            {
                "guide": guide,
                "version": published,
                "title": published.title(language),
                "description": published.description(language),
                "cards": len(published.cards()),
                "owner": guide.organisation.name if guide.organisation else guide.origin,
            }
        )
    return render(request, "conversations/library.html", {"organisation": org, "rows": rows})


@requires("guide.view", kwarg="guide")
def guide_detail(request: HttpRequest, organisation: str, guide: Guide) -> HttpResponse:
    org = _staff_org(request, organisation)
    actor = actor_of(request)
    language = content_language()
    published = guide.latest_published()
    draft = guide.draft() if guide.organisation_id == org.pk else None
    shown = published or draft
    actions = allowed_actions(actor, guide, GUIDE_ACTIONS)
    if guide.organisation_id != org.pk:
        actions.discard("guide.edit")
        actions.discard("guide.publish")
    return render(
        request,
        "conversations/guide_detail.html",
        {
            "organisation": org,
            "guide": guide,
            "version": shown,
            "content": shown.localised(language) if shown else None,
            "published": published,
            "draft": draft,
            "versions": guide.versions.filter(status=GuideVersion.Status.PUBLISHED),
            "actions": actions,
            "may_copy_here": "guide.copy" in actions and can(actor, "guide.create", org),
            "is_worker": published is not None and can(actor, "meeting.create", org),
            "language": language,
        },
    )


@requires("guide.copy", kwarg="guide")
@require_POST
def guide_copy(request: HttpRequest, organisation: str, guide: Guide) -> HttpResponse:
    org = get_object_for(request, "guide.create", Organisation, pk=organisation)
    try:
        new = services.guide_copy(actor=actor_of(request), guide=guide, organisation=org)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect("conversations:guide_detail", organisation=org.pk, guide=guide.pk)
    messages.success(request, _("The guide was copied. Edit it and publish a version."))
    return redirect("conversations:guide_edit", organisation=org.pk, guide=new.pk)


def _draft_or_preview(guide: Guide) -> GuideVersion:
    """The draft, or (unsaved) what the next draft would start from."""
    if guide.is_builtin:
        raise Http404
    draft = guide.draft()
    if draft is not None:
        return draft
    source = guide.latest_published()
    last = guide.versions.order_by("-number").first()
    return GuideVersion(
        guide=guide,
        number=(last.number + 1) if last else 1,
        content=source.content if source else {"sections": []},
    )


@requires("guide.edit", kwarg="guide")
@require_http_methods(["GET", "POST"])
def guide_edit(request: HttpRequest, organisation: str, guide: Guide) -> HttpResponse:
    org = _staff_org(request, organisation)
    actor = actor_of(request)
    # Looking changes nothing: the draft is made on the first change.
    draft = _draft_or_preview(guide)
    content = draft.content
    initial = {
        "title_sv": content.get("title", {}).get("sv", ""),
        "title_en": content.get("title", {}).get("en", ""),
        "description_sv": content.get("description", {}).get("sv", ""),
        "description_en": content.get("description", {}).get("en", ""),
    }
    details = forms.GuideDetailsForm(None, initial=initial)
    section_form = forms.SectionForm(None)
    if request.method == "POST":
        operation = request.POST.get("operation", "")
        try:
            if operation == "details":
                details = forms.GuideDetailsForm(request.POST)
                if details.is_valid():
                    data = details.cleaned_data
                    services.guide_update_details(
                        actor=actor,
                        guide=guide,
                        title={"sv": data["title_sv"], "en": data["title_en"]},
                        description={"sv": data["description_sv"], "en": data["description_en"]},
                    )
                    messages.success(request, _("The draft was saved."))
                    return redirect(request.path)
            elif operation == "section":
                section_form = forms.SectionForm(request.POST)
                if section_form.is_valid():
                    data = section_form.cleaned_data
                    services.section_add(
                        actor=actor,
                        guide=guide,
                        title={"sv": data["section_title_sv"], "en": data["section_title_en"]},
                    )
                    messages.success(request, _("The section was added."))
                    return redirect(request.path)
            elif operation in {"up", "down"}:
                services.card_move(
                    actor=actor,
                    guide=guide,
                    key=request.POST.get("card", ""),
                    step=-1 if operation == "up" else 1,
                )
                messages.success(request, _("The card was moved."))
                return redirect(request.path)
            elif operation == "remove":
                services.card_remove(actor=actor, guide=guide, key=request.POST.get("card", ""))
                messages.success(request, _("The card was removed."))
                return redirect(request.path)
            elif operation in {"section_up", "section_down"}:
                index = _section_index(request.POST.get("section", ""))
                services.section_move(
                    actor=actor,
                    guide=guide,
                    index=index,
                    step=-1 if operation == "section_up" else 1,
                )
                messages.success(request, _("The section was moved."))
                return redirect(request.path + f"#edit-section-{index}")
            else:
                messages.error(request, _("Nothing was changed."))
                return redirect(request.path)
        except ValidationError as error:
            for message in _errors(error):
                messages.error(request, message)
            return redirect(request.path)
    language = content_language()
    sections = [
        {
            "index": index,
            "title": (section.get("title") or {}).get(language)
            or (section.get("title") or {}).get("sv", ""),
            "cards": [localise_card(card, language) for card in section.get("cards", [])],
            "first": index == 0,
            "last": index == len(draft.sections) - 1,
        }
        for index, section in enumerate(draft.sections)
    ]
    return render(
        request,
        "conversations/guide_edit.html",
        {
            "organisation": org,
            "guide": guide,
            "draft": draft,
            "details": details,
            "section_form": section_form,
            "sections": sections,
            "may_publish_library": can(actor, "guide.publish", guide),
        },
    )


def _section_index(value: str) -> int:
    if not value.isdigit():
        raise ValidationError(_("There is no such section in this guide."))
    return int(value)


def _draft_section(guide: Guide, index: int) -> dict[str, Any]:
    sections = _draft_or_preview(guide).sections
    if not 0 <= index < len(sections):
        raise Http404
    section: dict[str, Any] = sections[index]
    return section


@requires("guide.edit", kwarg="guide")
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, organisation: str, guide: Guide, index: int) -> HttpResponse:
    """Rename a section of the draft."""
    org = _staff_org(request, organisation)
    section = _draft_section(guide, index)
    title = section.get("title") or {}
    form = forms.SectionRenameForm(
        request.POST or None,
        initial={"title_sv": title.get("sv", ""), "title_en": title.get("en", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.section_rename(
                actor=actor_of(request),
                guide=guide,
                index=index,
                title={"sv": form.cleaned_data["title_sv"], "en": form.cleaned_data["title_en"]},
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(request, _("The section was renamed."))
            url = reverse("conversations:guide_edit", args=[org.pk, guide.pk])
            return redirect(f"{url}#edit-section-{index}")
    language = content_language()
    return render(
        request,
        "conversations/section_form.html",
        {
            "organisation": org,
            "guide": guide,
            "form": form,
            "index": index,
            "title": title.get(language) or title.get("sv", ""),
        },
    )


@requires("guide.edit", kwarg="guide")
@require_http_methods(["GET", "POST"])
def section_delete(
    request: HttpRequest, organisation: str, guide: Guide, index: int
) -> HttpResponse:
    """Ask first, then delete a section of the draft together with its cards."""
    org = _staff_org(request, organisation)
    section = _draft_section(guide, index)
    errors: list[str] = []
    if request.method == "POST":
        try:
            removed = services.section_remove(
                actor=actor_of(request),
                guide=guide,
                index=index,
                fingerprint=request.POST.get("fingerprint", ""),
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(
                request,
                _("The section and its %(count)d cards were deleted from the draft.")
                % {"count": removed},
            )
            return redirect("conversations:guide_edit", organisation=org.pk, guide=guide.pk)
    language = content_language()
    title = section.get("title") or {}
    return render(
        request,
        "conversations/section_delete.html",
        {
            "organisation": org,
            "guide": guide,
            "index": index,
            "title": title.get(language) or title.get("sv", ""),
            "cards": [localise_card(card, language) for card in section.get("cards", [])],
            "fingerprint": selectors.section_fingerprint(section),
            "errors": errors,
        },
        status=400 if errors else 200,
    )


def _picture_response(name: str) -> HttpResponse:
    data = pictures.read(name)
    if data is None:
        raise Http404
    response = HttpResponse(data, content_type=pictures.content_type(name))
    # No caching header here: the site's middleware marks logged-in responses "no-store".
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


@requires("guide.view", kwarg="guide")
def guide_picture(request: HttpRequest, organisation: str, guide: Guide, name: str) -> HttpResponse:
    """A picture named by a version of this guide that the actor may see: the published
    versions for everyone who sees the guide (library guides: all staff), the draft only for
    staff of the owning organisation."""
    org = _staff_org(request, organisation)
    stored = pictures.full_name(name)
    if stored is None:
        raise Http404
    versions = guide.versions.filter(status=GuideVersion.Status.PUBLISHED)
    if guide.organisation_id == org.pk:
        versions = guide.versions.all()
    if not any(stored in picture_names(version.content) for version in versions):
        raise Http404
    return _picture_response(stored)


def _meeting_picture(meeting: Meeting, name: str) -> HttpResponse:
    stored = pictures.full_name(name)
    if stored is None or stored not in picture_names(meeting.version.content):
        raise Http404
    return _picture_response(stored)


@requires("meeting.conduct", kwarg="meeting")
def meeting_picture(
    request: HttpRequest, organisation: str, meeting: Meeting, name: str
) -> HttpResponse:
    """A picture of the guide version the meeting uses, for the worker holding it."""
    return _meeting_picture(meeting, name)


@requires("meeting.prepare", kwarg="meeting")
def my_picture(request: HttpRequest, meeting: Meeting, name: str) -> HttpResponse:
    """A picture of the guide version the young person prepares (their own meeting only)."""
    return _meeting_picture(meeting, name)


@requires("guide.edit", kwarg="guide")
@require_http_methods(["GET", "POST"])
def card_edit(
    request: HttpRequest, organisation: str, guide: Guide, card: str | None = None
) -> HttpResponse:
    org = _staff_org(request, organisation)
    draft = _draft_or_preview(guide)
    existing = draft.card(card) if card else None
    if card and existing is None:
        raise Http404
    try:
        section = int(request.GET.get("section", request.POST.get("section", "0")))
    except ValueError:
        section = 0
    old_picture = localise_picture((existing or {}).get("picture"), content_language())
    form = forms.CardForm(
        request.POST or None,
        request.FILES or None,
        initial=forms.CardForm.initial_from(existing) if existing else None,
        has_picture=old_picture is not None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("picture")
        picture = services.PictureInput(
            # One byte more than allowed is enough to know a file is too big.
            upload=upload.read(pictures.MAX_BYTES + 1) if upload else None,
            alt={"sv": data["picture_alt_sv"], "en": data["picture_alt_en"]},
            decorative=bool(data["picture_decorative"]),
            remove=bool(data.get("picture_remove")),
        )
        try:
            services.card_save(
                actor=actor_of(request),
                guide=guide,
                data=form.card_data(),
                key=card,
                section=section,
                picture=picture,
            )
        except ValidationError as error:
            for message in _errors(error):
                field = (
                    "picture"
                    if getattr(error, "code", None) in PICTURE_FILE_ERRORS
                    else "picture_alt_sv"
                    if getattr(error, "code", None) == "picture_alt"
                    else None
                )
                form.add_error(field, message)
        else:
            messages.success(request, _("The card was saved in the draft."))
            return redirect("conversations:guide_edit", organisation=org.pk, guide=guide.pk)
    return render(
        request,
        "conversations/card_form.html",
        {
            "organisation": org,
            "guide": guide,
            "form": form,
            "card": existing,
            "section": section,
            "picture": old_picture,
        },
    )


@requires("guide.edit", kwarg="guide")
@require_POST
def guide_publish(request: HttpRequest, organisation: str, guide: Guide) -> HttpResponse:
    org = _staff_org(request, organisation)
    try:
        version = services.version_publish(actor=actor_of(request), guide=guide)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
        return redirect("conversations:guide_edit", organisation=org.pk, guide=guide.pk)
    messages.success(request, _("Version %(number)d was published.") % {"number": version.number})
    return redirect("conversations:guide_detail", organisation=org.pk, guide=guide.pk)


@requires("guide.publish", kwarg="guide")
@require_POST
def guide_library(request: HttpRequest, organisation: str, guide: Guide) -> HttpResponse:
    org = _staff_org(request, organisation)
    shared = request.POST.get("shared") == "1"
    try:
        services.library_set(actor=actor_of(request), guide=guide, shared=shared)
    except ValidationError as error:
        for message in _errors(error):
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The guide is now in the shared library.")
            if shared
            else _("The guide was taken out of the shared library."),
        )
    return redirect("conversations:guide_detail", organisation=org.pk, guide=guide.pk)


@requires("guide.view", kwarg="guide")
def guide_pdf(
    request: HttpRequest, organisation: str, guide: Guide, variant: str, language: str
) -> HttpResponse:
    _staff_org(request, organisation)
    if variant not in pdf.VARIANTS or language not in LANGUAGES:
        raise Http404
    versions = guide.versions.filter(status=GuideVersion.Status.PUBLISHED)
    number = request.GET.get("version", "")
    version = (
        versions.filter(number=int(number)).first()
        if number.isdigit()
        else versions.order_by("-number").first()
    )
    if version is None:
        raise Http404
    body = pdf.guide_pdf(version, variant=variant, language=language)
    response = HttpResponse(body, content_type="application/pdf")
    name = slugify(version.title(language)) or "guide"
    filename = f"{name}-v{version.number}-{variant}-{language}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- Meetings: the worker's side ------------------------------------------------------------
@requires("guide.view", kwarg="guide")
@require_http_methods(["GET", "POST"])
def guide_send(request: HttpRequest, organisation: str, guide: Guide) -> HttpResponse:
    org = get_object_for(request, "meeting.create", Organisation, pk=organisation)
    actor = actor_of(request)
    if guide.latest_published() is None:
        raise Http404
    form = forms.SendForm(
        request.POST or None,
        young_people=young_people_on_caseload(actor, org),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                actor=actor,
                organisation=org,
                guide=guide,
                young_person=form.cleaned_data["young_person"],
                planned_for=form.cleaned_data["planned_for"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The guide was sent. %(name)s can prepare answers on their start page.")
                % {"name": meeting.young_person},
            )
            return redirect("conversations:meeting_detail", organisation=org.pk, meeting=meeting.pk)
    return render(
        request,
        "conversations/send_form.html",
        {
            "organisation": org,
            "guide": guide,
            "form": form,
            "title": guide.latest_published().title(content_language()),  # type: ignore[union-attr]
        },
    )


@requires("meeting.create", kwarg="organisation")
def meeting_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    meetings = list(selectors.meetings_for_worker(actor, organisation))
    # One row per young person shown, written by the layer in one batch after the page.
    disclose(request, meetings, actor=actor, subject="young_person_id", purpose="meetings list")
    language = content_language()
    return render(
        request,
        "conversations/meeting_list.html",
        {
            "organisation": organisation,
            "rows": [(m, m.version.title(language), m.current_summary()) for m in meetings],
        },
    )


@requires("meeting.conduct", kwarg="meeting")
def meeting_detail(request: HttpRequest, organisation: str, meeting: Meeting) -> HttpResponse:
    _view_meeting(request, meeting, "meeting overview")
    language = content_language()
    summary = meeting.current_summary()
    return render(
        request,
        "conversations/meeting_detail.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "title": meeting.version.title(language),
            "cards": selectors.cards_with_answers(
                meeting, language, shared_only=True, with_notes=True
            ),
            "summaries": meeting.summaries.prefetch_related("responses"),
            "summary": summary,
        },
    )


@requires("meeting.conduct", kwarg="meeting")
@require_http_methods(["GET", "POST"])
def meeting_mode(
    request: HttpRequest, organisation: str, meeting: Meeting, number: int
) -> HttpResponse:
    """One card at a time, large, for a shared screen; the worker notes next to it."""
    language = content_language()
    cards = selectors.cards_with_answers(meeting, language, shared_only=True, with_notes=True)
    if not 1 <= number <= len(cards):
        raise Http404
    card = cards[number - 1]
    form = forms.NoteForm(request.POST or None, initial={"note": card["note"]})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_save(
                actor=actor_of(request),
                meeting=meeting,
                card_key=card["key"],
                text=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error("note", message)
        else:
            go = request.POST.get("go", "next")
            if go == "previous" and number > 1:
                target = number - 1
            elif go == "next" and number < len(cards):
                target = number + 1
            elif go == "stay":
                target = number
            else:
                return redirect(
                    "conversations:summary_edit", organisation=organisation, meeting=meeting.pk
                )
            return redirect(
                "conversations:meeting_mode",
                organisation=organisation,
                meeting=meeting.pk,
                number=target,
            )
    else:
        _view_meeting(request, meeting, "meeting mode")
    sections = meeting.version.localised(language)["sections"]
    return render(
        request,
        "conversations/meeting_mode.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "card": card,
            "section_title": sections[card_section(meeting, card["key"])]["title"],
            "number": number,
            "total": len(cards),
            "form": form,
        },
    )


def card_section(meeting: Meeting, key: str) -> int:
    found = meeting.version.card(key)
    return int(found["section_index"]) if found else 0


@requires("meeting.conduct", kwarg="meeting")
@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, organisation: str, meeting: Meeting) -> HttpResponse:
    actor = actor_of(request)
    current = meeting.current_summary()
    name = meeting.young_person.display_name or str(meeting.young_person)
    starter = _("Hi %(name)s! Thank you for our talk. You told me that ") % {"name": name}
    form = forms.SummaryForm(
        request.POST or None, initial={"text": current.text if current else starter}
    )
    review: dict[str, Any] = {}
    if text_review.wants_review(request):
        # "Granska texten" without JavaScript: the same page with the panel, nothing saved.
        text = str(request.POST.get("text", ""))
        review = text_review.review_context(text, meeting.organisation)
    elif request.method == "POST" and form.is_valid():
        try:
            services.summary_write(actor=actor, meeting=meeting, text=form.cleaned_data["text"])
        except ValidationError as error:
            for message in _errors(error):
                form.add_error("text", message)
        else:
            messages.success(request, _("The summary was sent to the young person."))
            return redirect(
                "conversations:meeting_detail", organisation=organisation, meeting=meeting.pk
            )
    else:
        _view_meeting(request, meeting, "summary")
    language = content_language()
    return render(
        request,
        "conversations/summary_form.html",
        {
            "organisation": meeting.organisation,
            "meeting": meeting,
            "form": form,
            "summary": current,
            "cards": selectors.cards_with_answers(
                meeting, language, shared_only=True, with_notes=True
            ),
            **review,
        },
    )


# --- Meetings: the young person's side ------------------------------------------------------
@authenticated
def my_guides(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    meetings = selectors.meetings_for_young_person(actor)
    language = content_language()
    return render(
        request,
        "conversations/my_guides.html",
        {"rows": [(m, m.version.title(language), m.current_summary()) for m in meetings]},
    )


def _young_context(meeting: Meeting) -> dict[str, Any]:
    language = content_language()
    return {
        "meeting": meeting,
        "title": meeting.version.title(language),
        "worker": meeting.worker,
        "total": len(meeting.version.cards()),
    }


@requires("meeting.prepare", kwarg="meeting")
def prepare_start(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    language = content_language()
    return render(
        request,
        "conversations/prepare_start.html",
        {
            **_young_context(meeting),
            "description": meeting.version.description(language),
            "answered": meeting.answers.exists(),
        },
    )


def _answer_input(request: HttpRequest, card: dict[str, Any]) -> services.AnswerInput:
    kind = card["answer_type"]
    text = request.POST.get("text", "")
    scale = None
    choices: list[int] = []
    if kind == AnswerType.SCALE and request.POST.get("scale", "").isdigit():
        scale = int(request.POST["scale"])
    if kind == AnswerType.PICK:
        choices = [int(v) for v in request.POST.getlist("choices") if v.isdigit()]
    return services.AnswerInput(
        card_key=card["key"],
        text=text,
        scale=scale,
        choices=choices,
        skipped=request.POST.get("go") == "skip",
    )


@requires("meeting.prepare", kwarg="meeting")
@require_http_methods(["GET", "POST"])
def prepare_card(request: HttpRequest, meeting: Meeting, number: int) -> HttpResponse:
    """One card per page: answer, skip ("Vill inte svara") or go back; at your own pace."""
    language = content_language()
    raw_cards = meeting.version.cards()
    if not 1 <= number <= len(raw_cards):
        raise Http404
    card = localise_card(raw_cards[number - 1], language)
    answer = meeting.answers.filter(card_key=card["key"]).first()
    errors: list[str] = []
    if request.method == "POST":
        go = request.POST.get("go", "next")
        data = _answer_input(request, card)
        has_content = data.text.strip() or data.scale or data.choices or data.skipped
        try:
            if has_content or answer is not None:
                services.answer_save(actor=actor_of(request), meeting=meeting, data=data)
        except ValidationError as error:
            errors = _errors(error)
        else:
            if go == "back":
                if number == 1:
                    return redirect("conversations:prepare_start", meeting=meeting.pk)
                return redirect("conversations:prepare_card", meeting=meeting.pk, number=number - 1)
            if number < len(raw_cards):
                return redirect("conversations:prepare_card", meeting=meeting.pk, number=number + 1)
            return redirect("conversations:prepare_share", meeting=meeting.pk)
    else:
        _view_meeting(request, meeting, "young person's own answers")
    return render(
        request,
        "conversations/prepare_card.html",
        {
            **_young_context(meeting),
            "card": card,
            "number": number,
            "answer": answer,
            "errors": errors,
            "section": meeting.version.localised(language)["sections"][
                int(raw_cards[number - 1]["section_index"])
            ]["title"],
            "scale_steps": [
                (i + 1, card["scale"][i] if i < len(card["scale"]) else "") for i in range(5)
            ],
        },
    )


@requires("meeting.prepare", kwarg="meeting")
@require_http_methods(["GET", "POST"])
def prepare_share(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    """Choose which answers the worker sees before the meeting, and (separately, optional)
    whether they may be used without your name to improve the service."""
    actor = actor_of(request)
    language = content_language()
    errors: list[str] = []
    if request.method == "POST":
        keys = set(request.POST.getlist("share"))
        develop = request.POST.get("develop") == "1"
        try:
            count, consent = services.answers_share(
                actor=actor, meeting=meeting, shared_keys=keys, share_for_development=develop
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(
                request,
                _("Done! %(name)s can now see %(count)d of your answers.")
                % {"name": meeting.worker, "count": count},
            )
            return redirect("conversations:prepare_start", meeting=meeting.pk)
    else:
        _view_meeting(request, meeting, "young person's own answers")
    cards = [
        row
        for row in selectors.cards_with_answers(meeting, language, shared_only=False)
        if row["answer"] is not None and not row["answer"].is_empty and not row["answer"].skipped
    ]
    consent = (
        consent_service.active_consent(
            meeting.young_person, meeting.organisation, Consent.Purpose.SHARE_FOR_DEVELOPMENT
        )
        if actor.user
        else None
    )
    return render(
        request,
        "conversations/prepare_share.html",
        {
            **_young_context(meeting),
            "cards": cards,
            "errors": errors,
            "consent": consent,
            "contacts": case_workers_of(meeting.young_person),
        },
    )


@requires("meeting.prepare", kwarg="meeting")
@require_http_methods(["GET", "POST"])
def my_summary(request: HttpRequest, meeting: Meeting) -> HttpResponse:
    summary = meeting.current_summary()
    if summary is None:
        raise Http404
    form = forms.ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.summary_respond(
                actor=actor_of(request),
                summary=summary,
                verdict=form.cleaned_data["verdict"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            for message in _errors(error):
                form.add_error("comment", message)
        else:
            messages.success(
                request, _("Thank you! %(name)s can see your answer.") % {"name": meeting.worker}
            )
            return redirect("conversations:my_summary", meeting=meeting.pk)
    elif request.method == "GET":
        _view_meeting(request, meeting, "young person's summary")
    return render(
        request,
        "conversations/my_summary.html",
        {
            **_young_context(meeting),
            "summary": summary,
            "responses": summary.responses.all(),
            "form": form,
        },
    )


def prepare_url(meeting: Meeting) -> str:
    return reverse("conversations:prepare_start", kwargs={"meeting": meeting.pk})
