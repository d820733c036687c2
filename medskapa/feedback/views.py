"""Feedback pages: staff write and publish, see coverage; young people read their answers.

Staff pages never show who receives a message: only a count ("färre än 5" under five).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.views import actor_of, authenticated, requires
from medskapa.organisations.models import Organisation, Unit
from medskapa.web import links
from medskapa.web.forms import add_service_errors
from medskapa.web.registries import contributions as registry
from medskapa.web.registries import text_review

from . import forms, selectors, services
from .models import FeedbackDelivery, FeedbackMessage


def _about_choices(
    request: HttpRequest, organisation: Organisation, wanted: str
) -> list[tuple[str, str]]:
    actor = actor_of(request)
    choices = selectors.about_choices(actor, organisation)
    parsed = forms.parse_about(wanted) if wanted else None
    if parsed and wanted not in dict(choices):
        found = links.resolve(actor, organisation.pk, [parsed])
        link_kind = links.kind(parsed[0])
        if found and link_kind is not None and registry.has_provider(parsed[0]):
            choices.insert(0, (wanted, f"{link_kind.label}: {found[0].title}"))
    return choices


# --- Staff ----------------------------------------------------------------------------------
@requires("feedback.write", kwarg="organisation")
def message_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    rows = []
    for message in selectors.messages_for(actor, organisation):
        rows.append(
            {
                "message": message,
                "about": selectors.about_target(actor, message),
                "count": (
                    selectors.count_label(message.recipient_count)
                    if message.recipient_count is not None
                    else ""
                ),
            }
        )
    return render(
        request,
        "feedback/staff/message_list.html",
        {"organisation": organisation, "rows": rows},
    )


@requires("feedback.write", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def message_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    wanted = str(request.POST.get("about") or request.GET.get("about", ""))[:200]
    key = str(request.POST.get("contribution_key") or request.GET.get("contribution", ""))[:120]
    initial: dict[str, Any] = {"about": wanted, "contribution_key": key}
    if key:
        initial["kind"] = "we_cannot"
    form = forms.MessageForm(
        request.POST or None,
        initial=initial,
        about_choices=_about_choices(request, organisation, wanted),
    )
    review: dict[str, Any] = {}
    if text_review.wants_review(request):
        review = text_review.review_context(str(request.POST.get("body", "")), organisation)
    elif request.method == "POST" and form.is_valid():
        kind, target_id = form.cleaned_data["about"]
        try:
            message = services.message_create(
                actor=actor,
                organisation=organisation,
                about_kind=kind,
                about_id=target_id,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                contribution_key=form.cleaned_data["contribution_key"] or "",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The message is saved. Read it through, then publish."))
            return redirect("feedback:detail", organisation.pk, message.pk)
    return render(
        request,
        "feedback/staff/message_form.html",
        {"organisation": organisation, "form": form, "contribution_key": key, **review},
        status=400 if form.errors else 200,
    )


@requires("feedback_message.manage", kwarg="message")
@require_http_methods(["GET", "POST"])
def message_edit(
    request: HttpRequest, organisation: UUID, message: FeedbackMessage
) -> HttpResponse:
    if not message.is_draft:
        messages.info(request, _("A published message cannot be changed. Withdraw it instead."))
        return redirect("feedback:detail", message.organisation_id, message.pk)
    form = forms.MessageForm(
        request.POST or None,
        initial={"kind": message.kind, "title": message.title, "body": message.body},
        about_choices=[],
        fixed_about=True,
    )
    review: dict[str, Any] = {}
    if text_review.wants_review(request):
        review = text_review.review_context(str(request.POST.get("body", "")), message.organisation)
    elif request.method == "POST" and form.is_valid():
        try:
            services.message_update(
                actor=actor_of(request),
                message=message,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The message is saved."))
            return redirect("feedback:detail", message.organisation_id, message.pk)
    return render(
        request,
        "feedback/staff/message_form.html",
        {"organisation": message.organisation, "form": form, "message": message, **review},
        status=400 if form.errors else 200,
    )


@requires("feedback_message.manage", kwarg="message")
def message_detail(
    request: HttpRequest, organisation: UUID, message: FeedbackMessage
) -> HttpResponse:
    """The review page: the text as young people will read it, and how many it reaches."""
    actor = actor_of(request)
    if message.recipient_count is not None:
        people = message.recipient_count
        public = message.deliveries.filter(recipient__isnull=True).count()
        contributions = message.reach.count()
    else:
        audience = selectors.message_audience(message)
        people = audience.people
        public = len(audience.channels)
        contributions = sum(1 for c in audience.contributions if c.counts)
    return render(
        request,
        "feedback/staff/message_detail.html",
        {
            "organisation": message.organisation,
            "message": message,
            "about": selectors.about_target(actor, message),
            "people_label": selectors.count_label(people),
            "people": people,
            "public": public,
            "contributions": contributions,
        },
    )


@requires("feedback_message.manage", kwarg="message")
@require_POST
def message_publish(
    request: HttpRequest, organisation: UUID, message: FeedbackMessage
) -> HttpResponse:
    try:
        services.message_publish_request(actor=actor_of(request), message=message)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The message is published."))
    return redirect("feedback:detail", message.organisation_id, message.pk)


@requires("feedback_message.manage", kwarg="message")
@require_POST
def message_withdraw(
    request: HttpRequest, organisation: UUID, message: FeedbackMessage
) -> HttpResponse:
    services.message_withdraw(actor=actor_of(request), message=message)
    messages.success(request, _("The message is withdrawn. Young people no longer see it."))
    return redirect("feedback:detail", message.organisation_id, message.pk)


@requires("feedback.coverage", kwarg="organisation")
def coverage(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Feedback coverage for the organisation, a unit, or one target (campaign, project …)."""
    actor = actor_of(request)
    units = list(Unit.objects.filter(organisation=organisation))
    unit = None
    target = None
    error = ""
    raw_target = str(request.GET.get("target", ""))[:200]
    raw_unit = str(request.GET.get("unit", ""))[:60]
    if raw_target:
        parsed = forms.parse_about(raw_target)
        found = links.resolve(actor, organisation.pk, [parsed]) if parsed else []
        if parsed is None or not found or not registry.has_provider(parsed[0]):
            error = _("We could not find that. Choose again.")
        else:
            target = found[0]
    elif raw_unit:
        unit = next((u for u in units if str(u.pk) == raw_unit), None)
        if unit is None:
            error = _("We could not find that. Choose again.")
    if target is not None:
        result = selectors.coverage_for_target(organisation, target.kind, target.id)
    else:
        result = selectors.coverage_for_unit(organisation, unit)
    names = selectors.unit_names(organisation)
    waiting = [
        {
            "label": _(c.label) if c.label else "",
            "date": c.created_at,
            "unit": names.get(c.unit_path, ""),
            "key": c.key,
            "about": (
                f"{c.closable_via[0]}:{c.closable_via[1]}"
                if c.closable_via
                else (raw_target if target is not None else "")
            ),
        }
        for c in result.waiting
    ]
    return render(
        request,
        "feedback/staff/coverage.html",
        {
            "organisation": organisation,
            "units": units,
            "unit": unit,
            "target": target,
            "targets": selectors.about_choices(actor, organisation),
            "raw_target": raw_target,
            "result": result,
            "waiting": waiting,
            "error": error,
            "may_write": True,
        },
        status=400 if error else 200,
    )


# --- Young people -----------------------------------------------------------------------------
@authenticated
def mine(request: HttpRequest) -> HttpResponse:
    deliveries = list(selectors.inbox_for(actor_of(request))[:100])
    return render(request, "feedback/young/inbox.html", {"deliveries": deliveries})


@requires("feedback_delivery.read", kwarg="delivery")
def mine_detail(request: HttpRequest, delivery: FeedbackDelivery) -> HttpResponse:
    if delivery.message.published_at is None:
        raise Http404
    services.delivery_mark_read(actor=actor_of(request), delivery=delivery)
    return render(
        request,
        "feedback/young/message.html",
        {"delivery": delivery, "message": delivery.message},
    )
