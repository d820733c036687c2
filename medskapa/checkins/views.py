"""Check-in pages: the young person's flow (one question per page, a draft saved at every
step, works without JavaScript), the worker's overview, anonymous campaigns and shared
summaries. Thin: forms validate, services write, selectors read through the permission layer.
"""

from __future__ import annotations

import io
import logging
import secrets
import uuid
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.reads import disclose
from medskapa.access.registry import can, scope
from medskapa.access.views import actor_of, get_object_for, public, requires
from medskapa.accounts.models import User
from medskapa.organisations.models import Organisation, Unit
from medskapa.web.forms import add_service_errors
from medskapa.web.throttle import ALL_METHODS, throttle

from . import forms, selectors, services
from . import graph as graph_engine
from .charts import line_chart
from .models import Campaign, CheckIn, CheckInDraft, ContactRequest, Flag, ShareLink

logger = logging.getLogger(__name__)

DEVICE_COOKIE = "medskapa_device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600


def _language() -> str:
    return (get_language() or "sv")[:2]


# --- One question per page, shared by the personal and the campaign flow ------------------
def _step_form(
    graph: graph_engine.Graph, step: str, answers: graph_engine.Answers, data: Any
) -> tuple[str, Any, forms.forms.Form]:
    """(kind, the question object, a bound or unbound form with the saved answer)."""
    kind, _sep, key = step.partition(":")
    language = _language()
    if kind == "area":
        area = graph.area(key)
        labels = [
            (str(s), graph_engine.text_in(graph.scale_labels[s], language))
            for s in range(graph_engine.SCALE_MAX, graph_engine.SCALE_MIN - 1, -1)
        ]
        labels.append((forms.SKIP, _("I don't want to answer")))
        saved = answers["areas"].get(key, "unset")
        initial = {} if saved == "unset" else {"score": forms.SKIP if saved is None else str(saved)}
        return kind, area, forms.ScoreForm(data, labels=labels, initial=initial)
    if kind == "followup":
        followup = graph.followup(key)
        if followup is None:
            raise Http404
        choices = [(c.key, graph_engine.text_in(c.text, language)) for c in followup.choices]
        initial = {"chosen": answers["followups"].get(key, [])}
        return kind, followup, forms.ChoicesForm(data, choices=choices, initial=initial)
    free_text = graph.free_text(key)
    return kind, free_text, forms.FreeTextForm(data, initial={"text": answers["texts"].get(key)})


def _answer_from(kind: str, form: Any) -> Any:
    return form.answer()


def _step_page(
    request: HttpRequest,
    *,
    graph: graph_engine.Graph,
    answers: graph_engine.Answers,
    step: str,
    back_url: str | None,
    context: dict[str, Any],
) -> tuple[Any, HttpResponse | None]:
    """Render a question, or on a valid POST return the answer for the caller to save."""
    kind, question, form = _step_form(
        graph, step, answers, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        return _answer_from(kind, form), None
    steps = graph.steps(answers)
    page = {
        **context,
        "kind": kind,
        "question": question,
        "form": form,
        "step_number": steps.index(step) + 1,
        "step_count": len(steps),
        "back_url": back_url,
        "language": _language(),
        "scale_faces": range(graph_engine.SCALE_MAX, graph_engine.SCALE_MIN - 1, -1),
        "text_max": graph_engine.TEXT_MAX_LENGTH,
    }
    return None, render(request, "checkins/step.html", page, status=400 if form.errors else 200)


def _answers_for_review(
    graph: graph_engine.Graph, answers: graph_engine.Answers
) -> list[dict[str, Any]]:
    language = _language()
    rows = []
    for step in graph.steps(answers):
        kind, _sep, key = step.partition(":")
        if kind == "area":
            area = graph.area(key)
            score = answers["areas"].get(key, "unset")
            value = (
                ""
                if score == "unset"
                else _("I don't want to answer")
                if score is None
                else graph_engine.text_in(graph.scale_labels[score], language)
            )
            question = graph_engine.text_in(area.title, language)  # type: ignore[union-attr]
        elif kind == "followup":
            followup = graph.followup(key)
            if followup is None:
                raise Http404
            chosen = answers["followups"].get(key)
            value = (
                ", ".join(
                    graph_engine.text_in(c.text, language)
                    for c in followup.choices
                    if c.key in (chosen or [])
                )
                if chosen
                else ("" if chosen is None else _("Nothing chosen"))
            )
            question = graph_engine.text_in(followup.question, language)
        else:
            free_text = graph.free_text(key)
            if free_text is None:
                raise Http404
            value = answers["texts"].get(key) or ""
            question = graph_engine.text_in(free_text.question, language)
        rows.append({"step": step, "question": question, "value": value})
    return rows


# --- The young person's own check-in --------------------------------------------------------
@requires("checkin.respond", kwarg="organisation")
def start(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    user: User = actor.user  # type: ignore[assignment]
    draft = CheckInDraft.objects.filter(organisation=organisation, young_person=user).first()
    latest = selectors.checkins_of(actor, user, organisation).first()
    contacts = selectors.case_workers(user, organisation)
    return render(
        request,
        "checkins/start.html",
        {"organisation": organisation, "draft": draft, "latest": latest, "contacts": contacts},
    )


@requires("checkin.respond", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, organisation: Organisation, step: str) -> HttpResponse:
    actor = actor_of(request)
    draft = services.draft_for(actor=actor, organisation=organisation)
    graph = draft.graph_version.load()
    if step not in graph.steps(draft.answers):
        return redirect("checkins:step", organisation.pk, graph.first_step())
    previous = graph.previous_step(draft.answers, step)
    back_url = (
        reverse("checkins:step", args=[organisation.pk, previous])
        if previous
        else reverse("checkins:start", args=[organisation.pk])
    )
    answer, response = _step_page(
        request,
        graph=graph,
        answers=draft.answers,
        step=step,
        back_url=back_url,
        context={"organisation": organisation, "campaign": None},
    )
    if response is not None:
        return response
    try:
        draft = services.draft_answer(actor=actor, draft=draft, step=step, raw=answer)
    except graph_engine.AnswerError:
        messages.error(request, _("That answer could not be saved. Please choose again."))
        return redirect("checkins:step", organisation.pk, step)
    following = graph.next_step(draft.answers, step)
    if following is None:
        return redirect("checkins:review", organisation.pk)
    return redirect("checkins:step", organisation.pk, following)


@requires("checkin.respond", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    user: User = actor.user  # type: ignore[assignment]
    if request.method == "POST":
        key = _uuid(request.POST.get("idempotency_key"))
        if key is not None:
            stored = CheckIn.objects.filter(young_person=user, idempotency_key=key).first()
            if stored is not None:  # a double tap or a resend: it is already saved
                return redirect("checkins:done", organisation.pk, stored.pk)
    draft = CheckInDraft.objects.filter(organisation=organisation, young_person=user).first()
    if draft is None:
        return redirect("checkins:start", organisation.pk)
    graph = draft.graph_version.load()
    missing = graph.first_unanswered(draft.answers)
    if request.method == "POST":
        if missing is not None and missing.startswith("area:"):
            messages.error(
                request, _("Answer every question first, or choose “I don't want to answer”.")
            )
            return redirect("checkins:step", organisation.pk, missing)
        if _uuid(request.POST.get("idempotency_key")) != draft.idempotency_key:
            messages.error(request, _("The page was old. Check your answers and send again."))
            return redirect("checkins:review", organisation.pk)
        try:
            submitted = services.checkin_submit_draft(
                actor=actor, draft=draft, language=_language()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("checkins:review", organisation.pk)
        except Exception:
            # Say exactly what is true: look whether the check-in was stored before failing.
            logger.exception("Sending a check-in failed")
            stored = CheckIn.objects.filter(
                young_person=user, idempotency_key=draft.idempotency_key
            ).first()
            if stored is not None:
                return redirect("checkins:done", organisation.pk, stored.pk)
            return render(
                request,
                "checkins/send_failed.html",
                {"organisation": organisation},
                status=503,
            )
        return redirect("checkins:done", organisation.pk, submitted.checkin.pk)
    return render(
        request,
        "checkins/review.html",
        {
            "organisation": organisation,
            "draft": draft,
            "rows": _answers_for_review(graph, draft.answers),
            "missing": missing,
            "contacts": selectors.case_workers(user, organisation),
        },
    )


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


@requires("checkin.respond", kwarg="organisation")
def done(request: HttpRequest, organisation: Organisation, checkin: str) -> HttpResponse:
    item = get_object_for(request, "checkin.view", CheckIn, pk=checkin, organisation=organisation)
    return render(
        request,
        "checkins/done.html",
        {
            "organisation": organisation,
            "checkin": item,
            "contacts": selectors.case_workers(item.young_person, organisation),
        },
    )


@requires("checkin.respond", kwarg="organisation")
def history(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """ "Så har du haft det": the young person's own answers over time."""
    actor = actor_of(request)
    checkins = list(selectors.checkins_of(actor, actor.user, organisation)[:24])  # type: ignore[arg-type]
    graph = services.current_graph_version(organisation).load()
    return render(
        request,
        "checkins/history.html",
        {"organisation": organisation, **_trajectory_context(checkins, graph, "history")},
    )


def _trajectory_context(
    checkins: list[CheckIn], graph: graph_engine.Graph, prefix: str
) -> dict[str, Any]:
    language = _language()
    rows = selectors.trajectories(checkins, graph)
    for index, row in enumerate(rows):
        title = graph_engine.text_in(row["area"].title, language)
        row["title"] = title
        scores = [p.score for p in row["points"] if p.score is not None]
        description = (
            _("%(count)s answers. Latest: %(latest)s of 5.")
            % {"count": len(scores), "latest": row["latest"]}
            if scores
            else _("No answers yet.")
        )
        row["svg"] = line_chart(
            row["points"], title=title, description=description, chart_id=f"{prefix}-{index}"
        )
    dates = [c.submitted_at for c in sorted(checkins, key=lambda c: c.submitted_at)]
    return {
        "trajectories": rows,
        "dates": dates,
        "checkins": checkins,
        "scale_labels": {
            s: graph_engine.text_in(t, language) for s, t in graph.scale_labels.items()
        },
    }


# --- Contact requests ------------------------------------------------------------------------
@requires("checkin.respond", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """ "Jag vill prata med någon": ask the worker to get in touch, and see when it was read."""
    actor = actor_of(request)
    form = forms.ContactRequestForm(request.POST or None, initial={"idempotency_key": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_request_create(
                actor=actor,
                organisation=organisation,
                idempotency_key=form.cleaned_data["idempotency_key"],
                **{k: form.cleaned_data[k] for k in ("urgency", "channel", "reach_at", "message")},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your message has been sent. You can see below when it is read.")
            )
            return redirect("checkins:contact", organisation.pk)
    requests = scope(actor, "contact_request.view", ContactRequest.objects.all()).filter(
        organisation=organisation, young_person=actor.user
    )[:10]
    return render(
        request,
        "checkins/contact.html",
        {
            "organisation": organisation,
            "form": form,
            "requests": requests,
            "contacts": selectors.case_workers(actor.user, organisation),  # type: ignore[arg-type]
        },
        status=400 if form.errors else 200,
    )


# --- Reminders ---------------------------------------------------------------------------------
@requires("checkin.respond", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def reminders(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    plan = services.reminder_plan_for(actor.user, organisation)  # type: ignore[arg-type]
    action = request.POST.get("action")
    if request.method == "POST" and action == "off":
        services.reminder_off(actor=actor, plan=plan)
        messages.success(request, _("Reminders are off."))
        return redirect("checkins:reminders", organisation.pk)
    if request.method == "POST" and action == "later":
        services.reminder_snooze(actor=actor, plan=plan)
        messages.success(request, _("OK! We will remind you in two days."))
        return redirect("checkins:start", organisation.pk)
    form = forms.ReminderForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_plan_update(
                actor=actor,
                plan=plan,
                **{k: form.cleaned_data[k] for k in ("every_days", "channel", "email", "phone")},
            )
        except ValidationError as error:
            plan.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("checkins:reminders", organisation.pk)
    return render(
        request,
        "checkins/reminders.html",
        {"organisation": organisation, "form": form, "plan": plan},
        status=400 if form.errors else 200,
    )


# --- Sharing a summary with another adult ------------------------------------------------
@requires("checkin.respond", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    form = forms.ShareForm(request.POST or None)
    new_link = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.share_link_create(
                actor=actor,
                organisation=organisation,
                shared_with=form.cleaned_data["shared_with"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            new_link = request.build_absolute_uri(reverse("checkins:shared", args=[issued.token]))
            form = forms.ShareForm()
    links = scope(actor, "sharelink.manage", ShareLink.objects.all()).filter(
        organisation=organisation
    )[:20]
    return render(
        request,
        "checkins/share.html",
        {
            "organisation": organisation,
            "form": form,
            "links": links,
            "new_link": new_link,
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@requires("sharelink.manage", kwarg="link")
def share_revoke(request: HttpRequest, link: ShareLink) -> HttpResponse:
    services.share_link_revoke(actor=actor_of(request), link=link)
    messages.success(request, _("The link no longer works."))
    return redirect("checkins:share", link.organisation_id)


@public
@throttle("share_link", methods=ALL_METHODS)
def shared(request: HttpRequest, token: str) -> HttpResponse:
    """What another adult sees through a young person's link: a summary, logged each time."""
    link = selectors.share_link_find(token)
    if link is None:
        return render(request, "checkins/shared_gone.html", status=404)
    services.share_link_opened(link=link)
    disclose(
        request,
        [link],
        actor=actor_of(request),
        subject="young_person_id",
        purpose="summary shared by the young person",
    )
    checkins = list(
        CheckIn.objects.filter(young_person=link.young_person, organisation=link.organisation)[:12]
    )
    graph = services.current_graph_version(link.organisation).load()
    return render(
        request,
        "checkins/shared.html",
        {"link": link, **_trajectory_context(checkins, graph, "shared")},
    )


# --- The worker's pages ------------------------------------------------------------------
@requires("checkin.caseload", kwarg="organisation")
def caseload(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    rows = selectors.caseload_rows(actor, organisation)
    # One batch for the whole caseload, appended after the response (one chain-lock turn).
    disclose(
        request,
        [row.young_person for row in rows],
        actor=actor,
        purpose="check-in overview",
        organisation_id=organisation.pk,
    )
    graph = services.current_graph_version(organisation).load()
    language = _language()
    areas = [(a.key, graph_engine.text_in(a.title, language)) for a in graph.areas]
    alarmed = [row for row in rows if row.has_alarm]
    return render(
        request,
        "checkins/caseload.html",
        {
            "organisation": organisation,
            "rows": rows,
            "areas": areas,
            "alarm_count": sum(len(row.open_alarms) for row in alarmed),
            "alarm_since": min(
                (row.alarm_since for row in alarmed if row.alarm_since), default=None
            ),
        },
    )


@requires("checkin.follow", kwarg="young_person")
def person(request: HttpRequest, organisation: str, young_person: User) -> HttpResponse:
    actor = actor_of(request)
    org = get_object_for(request, "checkin.caseload", Organisation, pk=organisation)
    if selectors.young_person_membership(young_person, org) is None:
        raise Http404
    checkins = list(selectors.checkins_of(actor, young_person, org)[:24])
    graph = services.current_graph_version(org).load()
    groups = selectors.open_flag_groups(actor, young_person, org, _language())
    requests = list(
        scope(actor, "contact_request.handle", ContactRequest.objects.all()).filter(
            organisation=org, young_person=young_person
        )[:20]
    )
    disclose(
        request,
        [young_person],
        actor=actor,
        purpose="check-ins of a young person",
        organisation_id=org.pk,
    )
    services.contact_requests_mark_read(actor=actor, young_person=young_person, requests=requests)
    plan = services.reminder_plan_for(young_person, org)
    latest = checkins[0] if checkins else None
    return render(
        request,
        "checkins/person.html",
        {
            "organisation": org,
            "young_person": young_person,
            "latest": latest,
            "latest_rows": _answers_for_review(latest.graph_version.load(), latest.answers)
            if latest
            else [],
            "alarm_groups": [g for g in groups if g.alarms],
            "alarm_count": sum(len(g.alarms) for g in groups),
            "routine_groups": [g for g in groups if not g.alarms],
            "handled_flags": selectors.handled_flags(actor, young_person, org, _language()),
            "requests": requests,
            "plan": plan,
            "flag_form": forms.FlagHandleForm(),
            "rhythm_form": forms.SuggestRhythmForm(
                initial={"every_days": plan.suggested_every_days}
            ),
            **_trajectory_context(checkins, graph, "person"),
        },
    )


@require_POST
@requires("flag.handle", kwarg="flag")
def flag_handle(request: HttpRequest, flag: Flag) -> HttpResponse:
    form = forms.FlagHandleForm(request.POST)
    if form.is_valid():
        services.flag_handle(actor=actor_of(request), flag=flag, note=form.cleaned_data["note"])
        messages.success(request, _("The flag is marked as handled."))
    else:
        messages.error(request, _("Write what you did, so colleagues can follow it."))
    return redirect("checkins:person", flag.organisation_id, flag.young_person_id)


@require_POST
@requires("checkin.follow", kwarg="young_person")
def flags_handle_routine(
    request: HttpRequest, organisation: str, young_person: User, checkin: str
) -> HttpResponse:
    """All routine flags (low answers, drops) of one check-in handled with one note."""
    org = get_object_for(request, "checkin.caseload", Organisation, pk=organisation)
    target = get_object_for(request, "checkin.view", CheckIn, pk=checkin, young_person=young_person)
    form = forms.FlagHandleForm(request.POST)
    if form.is_valid():
        try:
            handled = services.flags_handle_routine(
                actor=actor_of(request),
                young_person=young_person,
                checkin=target,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s flag is marked as handled.",
                    "%(n)s flags are marked as handled.",
                    len(handled),
                )
                % {"n": len(handled)},
            )
    else:
        messages.error(request, _("Write what you did, so colleagues can follow it."))
    return redirect("checkins:person", org.pk, young_person.pk)


@require_POST
@requires("contact_request.handle", kwarg="contact")
def contact_handle(request: HttpRequest, contact: ContactRequest) -> HttpResponse:
    services.contact_request_handle(actor=actor_of(request), contact=contact)
    messages.success(request, _("The contact request is marked as handled."))
    return redirect("checkins:person", contact.organisation_id, contact.young_person_id)


@require_POST
@requires("checkin.follow", kwarg="young_person")
def suggest_rhythm(request: HttpRequest, organisation: str, young_person: User) -> HttpResponse:
    org = get_object_for(request, "checkin.caseload", Organisation, pk=organisation)
    plan = services.reminder_plan_for(young_person, org)
    form = forms.SuggestRhythmForm(request.POST)
    if form.is_valid():  # the service asks the layer (reminder.suggest) before it writes
        services.reminder_suggest(
            actor=actor_of(request), plan=plan, every_days=form.cleaned_data["every_days"]
        )
        messages.success(request, _("Your suggestion is saved. The young person decides."))
    else:
        messages.error(request, _("Choose how often."))
    return redirect("checkins:person", org.pk, young_person.pk)


# --- Organisation settings: flag rules -------------------------------------------------
@requires("checkin_questions.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def flag_rules(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    rules = services.flag_rules_for(organisation)
    form = forms.FlagRulesForm(request.POST or None, instance=rules)
    if request.method == "POST" and form.is_valid():
        services.flag_rules_update(actor=actor_of(request), organisation=organisation, form=form)
        messages.success(request, _("Saved."))
        return redirect("checkins:flag_rules", organisation.pk)
    return render(
        request,
        "checkins/flag_rules.html",
        {"organisation": organisation, "form": form},
        status=400 if form.errors else 200,
    )


# --- Campaigns: staff side -------------------------------------------------------------
def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@requires("campaign.create", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    graph = services.current_graph_version(organisation).load()
    language = _language()
    units = scope(actor, "unit.view", Unit.objects.all()).filter(organisation=organisation)
    form = forms.CampaignForm(
        request.POST or None,
        units=units,
        areas=[(a.key, graph_engine.text_in(a.title, language)) for a in graph.areas],
        initial={
            "areas": [a.key for a in graph.areas],
            "opens_at": timezone.localtime().replace(second=0, microsecond=0),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                actor=actor,
                organisation=organisation,
                **{
                    k: form.cleaned_data[k]
                    for k in (
                        "unit",
                        "title",
                        "intro",
                        "areas",
                        "languages",
                        "opens_at",
                        "closes_at",
                        "answer_mode",
                    )
                },
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if can(actor, "campaign.manage", campaign):
                return redirect("checkins:campaign", campaign.pk)
            messages.success(request, _("The survey is created."))
            return redirect("checkins:campaigns", organisation.pk)
    return render(
        request,
        "checkins/campaigns.html",
        {
            "organisation": organisation,
            "form": form,
            "campaigns": selectors.campaigns_for(actor, organisation),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@requires("campaign.manage", kwarg="campaign")
def campaign_detail(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    graph = campaign.graph_version.load()
    url = request.build_absolute_uri(reverse("checkins:campaign_public", args=[campaign.slug]))
    return render(
        request,
        "checkins/campaign_detail.html",
        {
            "organisation": campaign.organisation,
            "campaign": campaign,
            "url": url,
            "qr_svg": _qr_svg(url),
            "results": selectors.campaign_results(campaign, graph, _language()),
            "is_open": selectors.campaign_is_open(campaign),
            "codes": selectors.campaign_code_counts(campaign),
            "codes_form": forms.CampaignCodesForm(),
        },
    )


@requires("campaign.manage", kwarg="campaign")
@require_POST
def campaign_codes(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """A sheet of one-time answer codes, shown once to print (only hashes are kept)."""
    form = forms.CampaignCodesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("checkins:campaign", campaign.pk)
    codes = services.campaign_codes_create(
        actor=actor_of(request), campaign=campaign, count=form.cleaned_data["count"]
    )
    url = request.build_absolute_uri(reverse("checkins:campaign_public", args=[campaign.slug]))
    response = render(
        request,
        "checkins/campaign_codes.html",
        {"organisation": campaign.organisation, "campaign": campaign, "codes": codes, "url": url},
    )
    response["Cache-Control"] = "no-store"
    return response


# --- Campaigns: the anonymous participant's side ---------------------------------------
def _open_campaign(slug: str) -> Campaign:
    campaign = Campaign.objects.filter(slug=slug.lower()).select_related("organisation").first()
    if campaign is None:
        raise Http404
    return campaign


def _campaign_session_key(campaign: Campaign) -> str:
    return f"campaign:{campaign.pk}"


def _campaign_answers(request: HttpRequest, campaign: Campaign) -> graph_engine.Answers:
    return request.session.get(_campaign_session_key(campaign)) or graph_engine.empty_answers()


def _device_token(request: HttpRequest) -> str | None:
    token = request.COOKIES.get(DEVICE_COOKIE, "")
    return (
        token
        if 20 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()
        else None
    )


def _with_device_cookie(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if _device_token(request) is None:
        response.set_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(24),
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _with_codes(campaign: Campaign) -> bool:
    return campaign.answer_mode == Campaign.AnswerMode.CODES


def _campaign_code_key(campaign: Campaign) -> str:
    return f"campaign-code:{campaign.pk}"


@public
@throttle("campaign_answer", target="slug")
@require_http_methods(["GET", "POST"])
def campaign_public(request: HttpRequest, slug: str) -> HttpResponse:
    """The survey's first page; with one-time codes, where the pupil types theirs (kept in
    the session until the answer is sent, and used only then)."""
    campaign = _open_campaign(slug)
    graph = campaign.graph_version.load().restricted_to(campaign.areas)
    is_open = selectors.campaign_is_open(campaign)
    code_form = None
    if _with_codes(campaign):
        code_form = forms.CampaignCodeEntryForm(request.POST or None)
        if request.method == "POST" and is_open and code_form.is_valid():
            code = code_form.cleaned_data["code"]
            if selectors.campaign_code_usable(campaign, code):
                request.session[_campaign_code_key(campaign)] = code
                return redirect("checkins:campaign_step", campaign.slug, graph.first_step())
            code_form.add_error(
                "code",
                _("This answer code has already been used or is not right. Ask your teacher."),
            )
    answered = (
        not _with_codes(campaign)
        and _device_token(request) is not None
        and campaign.responses.filter(
            device_hash=services.hash_secret(f"{campaign.pk}:{_device_token(request)}")
        ).exists()
    )
    response = render(
        request,
        "checkins/campaign_public.html",
        {
            "campaign": campaign,
            "is_open": is_open,
            "answered": answered,
            "code_form": code_form,
            "has_code": bool(request.session.get(_campaign_code_key(campaign))),
            "first_step": graph.first_step(),
            "question_count": len(graph.areas),
        },
        status=400 if code_form is not None and code_form.errors else 200,
    )
    return _with_device_cookie(request, response)


@public
@throttle("campaign_step", target="slug")
@require_http_methods(["GET", "POST"])
def campaign_step(request: HttpRequest, slug: str, step: str) -> HttpResponse:
    campaign = _open_campaign(slug)
    if not selectors.campaign_is_open(campaign) or (
        _with_codes(campaign) and not request.session.get(_campaign_code_key(campaign))
    ):
        return redirect("checkins:campaign_public", campaign.slug)
    graph = campaign.graph_version.load().restricted_to(campaign.areas)
    answers = _campaign_answers(request, campaign)
    if step not in graph.steps(answers):
        return redirect("checkins:campaign_step", campaign.slug, graph.first_step())
    previous = graph.previous_step(answers, step)
    back_url = (
        reverse("checkins:campaign_step", args=[campaign.slug, previous])
        if previous
        else reverse("checkins:campaign_public", args=[campaign.slug])
    )
    answer, response = _step_page(
        request,
        graph=graph,
        answers=answers,
        step=step,
        back_url=back_url,
        context={"organisation": campaign.organisation, "campaign": campaign},
    )
    if response is not None:
        return _with_device_cookie(request, response)
    try:
        answers = graph.with_answer(answers, step, answer)
    except graph_engine.AnswerError:
        return redirect("checkins:campaign_step", campaign.slug, step)
    request.session[_campaign_session_key(campaign)] = answers
    following = graph.next_step(answers, step)
    if following is None:
        return redirect("checkins:campaign_review", campaign.slug)
    return redirect("checkins:campaign_step", campaign.slug, following)


@public
@throttle("campaign_answer", target="slug")
@require_http_methods(["GET", "POST"])
def campaign_review(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _open_campaign(slug)
    graph = campaign.graph_version.load().restricted_to(campaign.areas)
    answers = _campaign_answers(request, campaign)
    missing = graph.first_unanswered(answers)
    if request.method == "POST":
        device = _device_token(request)
        if device is None:
            messages.error(
                request, _("Your browser did not keep our cookie. Allow cookies and try again.")
            )
            return _with_device_cookie(request, redirect("checkins:campaign_public", campaign.slug))
        if missing is not None and missing.startswith("area:"):
            return redirect("checkins:campaign_step", campaign.slug, missing)
        try:
            receipt = services.campaign_respond(
                campaign=campaign,
                device_token=device,
                answers=answers,
                language=_language(),
                code=request.session.get(_campaign_code_key(campaign)),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            request.session.pop(_campaign_code_key(campaign), None)
            return redirect("checkins:campaign_public", campaign.slug)
        request.session.pop(_campaign_session_key(campaign), None)
        request.session.pop(_campaign_code_key(campaign), None)
        if receipt.receipt_code:
            request.session[f"receipt:{campaign.pk}"] = receipt.receipt_code
        return redirect("checkins:campaign_done", campaign.slug)
    return render(
        request,
        "checkins/campaign_review.html",
        {"campaign": campaign, "rows": _answers_for_review(graph, answers), "missing": missing},
    )


@public
def campaign_done(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _open_campaign(slug)
    code = request.session.get(f"receipt:{campaign.pk}")
    return render(request, "checkins/campaign_done.html", {"campaign": campaign, "code": code})


@public
@throttle("receipt_code")
@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Look up, with a receipt code, what became of a survey one answered anonymously."""
    form = forms.ReceiptForm(request.POST or None)
    found = None
    results = None
    if request.method == "POST" and form.is_valid():
        found = selectors.campaign_response_by_receipt(form.cleaned_data["code"])
        if found is None:
            form.add_error("code", _("We could not find that code. Check it and try again."))
        else:
            campaign = found.campaign
            results = selectors.campaign_results(
                campaign, campaign.graph_version.load(), _language()
            )
    return render(
        request,
        "checkins/receipt.html",
        {"form": form, "found": found, "results": results},
        status=400 if form.errors else 200,
    )
