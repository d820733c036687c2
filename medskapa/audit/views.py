"""The access-log review pages for org admins and managers. Thin: forms, selectors, services.

Reading the log is itself logged (it shows who looked at which young person), and so are the
export and the recording of a review.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from medskapa.access.views import actor_of, requires
from medskapa.organisations.models import Organisation

from . import exports, selectors, services
from .forms import EventFilterForm, ReviewForm
from .services import Action

PAGE_SIZE = 50
REVIEWS_SHOWN = 50


def _redirect_with_ids(
    request: HttpRequest, organisation: Organisation, form: EventFilterForm
) -> HttpResponse | None:
    """Post/Redirect/Get: the names or e-mail addresses typed into the filters become ids, so
    no personal data ends up in a URL (browser history, server logs). None when a filter
    matches too many people or nobody; the form then carries the error."""
    replace: dict[str, str] = {}
    for field in ("user", "subject"):
        text = form.cleaned_data.get(field, "").strip()
        if not text:
            continue
        ids = selectors.people_ids(organisation, text)
        if not ids:
            form.add_error(field, _("Nobody in the organisation matches this."))
        elif len(ids) > selectors.MAX_PEOPLE_PER_FILTER:
            form.add_error(field, _("Too many people match this. Write more of the name."))
        else:
            replace[field] = ",".join(str(i) for i in ids)
    if form.errors:
        return None
    page_url = reverse("audit:review", kwargs={"organisation": organisation.pk})
    query = form.query_string(replace)
    return redirect(f"{page_url}?{query}" if query else page_url)


@requires("audit.review", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    form = EventFilterForm(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST" and form.is_valid():
        response = _redirect_with_ids(request, organisation, form)
        if response is not None:
            return response
    context: dict[str, object] = {
        "organisation": organisation,
        "form": form,
        "filters_valid": False,
        "reviews": selectors.reviews_for(actor, organisation)[:REVIEWS_SHOWN],
        "time_zone": timezone.get_default_timezone_name(),
    }
    if form.is_valid():
        events = selectors.events_for(actor, organisation, form.filters())
        page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
        query = form.query_string()
        filters = form.filters()
        context.update(
            filters_valid=True,
            page=page,
            rows=selectors.rows_for(page.object_list),
            filter_query=query,
            # The ids in the address, named again for the reviewer.
            filtered_who=selectors.names_for_filter(organisation, filters.user),
            filtered_subject=selectors.names_for_filter(organisation, filters.subject),
        )
        services.record(
            action=Action.VIEW,
            actor=actor,
            request=request,
            organisation_id=organisation.pk,
            object_type="audit.auditevent",
            purpose="access-log review",
            detail="&".join(filter(None, [query, f"page={page.number}"])),
        )
    return render(request, "audit/review.html", context)


@requires("audit.review", kwarg="organisation")
@require_GET
def export(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    form = EventFilterForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("The export needs valid filters. Check them and try again."))
        page_url = reverse("audit:review", kwargs={"organisation": organisation.pk})
        return redirect(f"{page_url}?{request.GET.urlencode()}")
    query = form.query_string()
    # Logged before the first row leaves: an export that cannot be logged does not happen.
    services.record(
        action=Action.EXPORT,
        actor=actor,
        request=request,
        organisation_id=organisation.pk,
        object_type="audit.auditevent",
        purpose="access-log export",
        detail=query,
    )
    rows = selectors.iter_rows(selectors.events_for(actor, organisation, form.filters()))
    response = StreamingHttpResponse(
        exports.csv_lines(rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="access-log-{organisation.slug}-{stamp}.csv"'
    )
    # A streaming response is an HttpResponseBase; the access layer's typing asks for
    # HttpResponse although Django accepts any response here.
    return cast(HttpResponse, response)


@requires("audit.review", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def review_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.record_review(
                actor=actor,
                request=request,
                organisation_id=organisation.pk,
                kind=data["kind"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                filters=data["filters"],
                findings=data["findings"],
            )
            messages.success(request, _("The review was recorded."))
            return redirect("audit:review", organisation=organisation.pk)
    else:
        form = ReviewForm(initial=_initial_from_filters(request))
    return render(request, "audit/review_form.html", {"organisation": organisation, "form": form})


def _initial_from_filters(request: HttpRequest) -> dict[str, object]:
    """Start the review form from the log page's filters, when they came along and are valid."""
    filters = EventFilterForm(request.GET)
    if not request.GET or not filters.is_valid():
        return {}
    initial: dict[str, object] = {"filters": filters.query_string()}
    if filters.cleaned_data.get("date_from"):
        initial["period_start"] = filters.cleaned_data["date_from"]
    if filters.cleaned_data.get("date_to"):
        initial["period_end"] = filters.cleaned_data["date_to"]
    return initial
