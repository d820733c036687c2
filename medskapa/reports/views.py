"""Reports pages: the well-being dashboard, the collaboration-gaps log and reports (HTML, PDF,
CSV). Thin: forms validate, services write, selectors and ``dashboards`` read."""

from __future__ import annotations

import base64
import contextlib
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from medskapa.access.actor import Actor
from medskapa.access.reads import disclose
from medskapa.access.registry import can
from medskapa.access.views import actor_of, requires
from medskapa.audit.services import Action, record
from medskapa.checkins.models import Campaign
from medskapa.organisations.models import Organisation, Unit
from medskapa.web import links
from medskapa.web.forms import add_service_errors
from medskapa.web.registries import text_review
from medskapa.web.registries.report_sections import Period
from medskapa.web.throttle import throttle

from . import charts, dashboards, exports, forms, sections, selectors, services
from .models import Gap, GapLink, Report, ReportSection, ReportSettings


def _language() -> str:
    return (get_language() or "sv")[:2]


def _areas(organisation: Organisation) -> list[tuple[str, str]]:
    return selectors.areas_of(organisation, _language())


# --- Dashboard --------------------------------------------------------------------------------
def _dashboard_state(
    request: HttpRequest, organisation: Organisation
) -> tuple[forms.DashboardFilterForm, dashboards.Dashboard | None]:
    actor = actor_of(request)
    units = selectors.units_in_reach(actor, organisation)
    areas = _areas(organisation)
    paths = dashboards.reach(actor, organisation)
    campaigns = Campaign.objects.filter(organisation=organisation, unit__in=units).order_by(
        "-opens_at"
    )[:50]
    form = forms.DashboardFilterForm(
        request.GET or None,
        units=selectors.unit_choices(units),
        areas=areas,
        campaigns=[(str(c.pk), c.title) for c in campaigns],
        whole_organisation=paths is None,
    )
    start, end = selectors.default_period()
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    unit = next((u for u in units if str(u.pk) == data.get("unit")), None)
    band = data.get("age_band") or None
    filters = dashboards.Filters(
        start=data.get("start") or start,
        end=data.get("end") or end,
        unit=unit,
        age_band="" if band == "unknown" else band,
        area=data.get("area") or "",
        campaign=UUID(data["source"]) if data.get("source") else None,
    )
    board = dashboards.build(actor, organisation, filters, areas)
    if not request.GET:  # show the choices the figures were made with
        form.initial = {
            "start": filters.start,
            "end": filters.end,
            "area": board.selected.area if board.selected else "",
        }
    return form, board


@requires("reports.view", kwarg="organisation")
@require_GET
def dashboard(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form, board = _dashboard_state(request, organisation)
    context: dict[str, Any] = {"organisation": organisation, "form": form, "board": board}
    if board is not None:
        context.update(_board_context(board))
    context["query"] = request.GET.urlencode()
    return render(request, "reports/dashboard.html", context)


def _board_context(board: dashboards.Dashboard) -> dict[str, Any]:
    context: dict[str, Any] = {"tables": {t.key: t for t in exports.dashboard_tables(board)}}
    context["areas_chart"] = charts.stacked_bars(
        [s.line for s in board.areas],
        title=_("How young people answered, per life area"),
        chart_id="chart-areas",
    )
    if board.selected is not None:
        context["time_chart"] = charts.means_over_time(
            board.selected.months,
            title=_("Mean per month: %(area)s") % {"area": board.selected.title},
            chart_id="chart-time",
        )
    context["breakdown_charts"] = {
        b.key: charts.stacked_bars(b.rows, title=b.caption, chart_id=f"chart-{b.key}")
        for b in board.breakdowns
    }
    return context


def _csv_response(table: exports.ExportTable, name: str) -> HttpResponse:
    response = HttpResponse(table.csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(name)}-{table.filename}"'
    return response


@requires("reports.view", kwarg="organisation")
@require_GET
def dashboard_csv(request: HttpRequest, organisation: Organisation, table: str) -> HttpResponse:
    _form, board = _dashboard_state(request, organisation)
    found = exports.find(exports.dashboard_tables(board), table) if board else None
    if found is None:
        raise Http404
    record(
        action=Action.EXPORT,
        actor=actor_of(request),
        request=request,
        organisation_id=organisation.pk,
        object_type="reports.dashboard",
        detail=table,
    )
    return _csv_response(found, organisation.slug)


# --- Collaboration gaps -------------------------------------------------------------------------
def _is_young(actor: Actor, organisation: Organisation) -> bool:
    """A young person's report: simpler words, and their own unit is used (the layer says)."""
    return can(actor, "gap.report_as_young_person", organisation)


@requires("gap.report", kwarg="organisation")
@throttle("gap_report", target="organisation")
@require_http_methods(["GET", "POST"])
def gap_new(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    services.ensure_defaults(organisation)
    young = _is_young(actor, organisation)
    agencies = list(selectors.agencies_in_use(organisation))
    units = (
        None
        if young
        else selectors.unit_choices(
            list(Unit.objects.filter(organisation=organisation).order_by("path"))
        )
    )
    form = forms.GapForm(
        request.POST or None, agencies=[(str(a.pk), a.name) for a in agencies], units=units
    )
    if request.method == "POST" and form.is_valid():
        chosen = [a for a in agencies if str(a.pk) in form.cleaned_data["agencies"]]
        unit_id = form.cleaned_data.get("unit")
        unit = (
            Unit.objects.filter(organisation=organisation, pk=unit_id).first() if unit_id else None
        )
        try:
            services.gap_report(
                actor=actor,
                organisation=organisation,
                agencies=chosen,
                what_happened=form.cleaned_data["what_happened"],
                consequence=form.cleaned_data["consequence"],
                sip=form.cleaned_data["sip"],
                unit=unit,
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reports:gap_thanks", organisation.pk)
    return render(
        request,
        "reports/gap_form.html",
        {"organisation": organisation, "form": form, "young": young},
    )


@requires("gap.report", kwarg="organisation")
@require_GET
def gap_thanks(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    young = _is_young(actor_of(request), organisation)
    return render(
        request, "reports/gap_thanks.html", {"organisation": organisation, "young": young}
    )


def _period(request: HttpRequest) -> tuple[forms.PeriodForm, Any, Any]:
    form = forms.PeriodForm(request.GET or None)
    start, end = selectors.default_period()
    if request.GET and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
        if end < start:
            form.add_error("end", _("The last month comes before the first."))
            start, end = selectors.default_period()
    return form, start, end


@requires("reports.view", kwarg="organisation")
@require_GET
def gaps(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    form, start, end = _period(request)
    tables = selectors.gap_tables(actor, organisation, start, end)
    return render(
        request,
        "reports/gaps.html",
        {
            "organisation": organisation,
            "form": form,
            "gap_tables": exports.gap_tables(tables),
            "total": tables.total,
            "gaps": selectors.gaps_for_review(actor, organisation)[:100],
            "query": request.GET.urlencode(),
            "may_configure": can(actor, "reports.settings", organisation),
        },
    )


@requires("reports.view", kwarg="organisation")
@require_GET
def gaps_csv(request: HttpRequest, organisation: Organisation, table: str) -> HttpResponse:
    actor = actor_of(request)
    _form, start, end = _period(request)
    found = exports.find(
        exports.gap_tables(selectors.gap_tables(actor, organisation, start, end)), table
    )
    if found is None:
        raise Http404
    record(
        action=Action.EXPORT,
        actor=actor,
        request=request,
        organisation_id=organisation.pk,
        object_type="reports.gaps",
        detail=table,
    )
    return _csv_response(found, organisation.slug)


@requires("gap.review", kwarg="gap")
@require_http_methods(["GET", "POST"])
def gap_detail(request: HttpRequest, gap: Gap) -> HttpResponse:
    actor = actor_of(request)
    organisation = gap.organisation
    categories = list(selectors.categories_in_use(organisation))
    form = forms.GapReviewForm(
        request.POST if request.POST.get("form") == "review" else None,
        categories=[(str(c.pk), c.name) for c in categories],
        initial={"category": str(gap.category_id or ""), "note": gap.review_note},
    )
    if request.method == "POST" and request.POST.get("form") == "review" and form.is_valid():
        chosen = next((c for c in categories if str(c.pk) == form.cleaned_data["category"]), None)
        try:
            services.gap_review(
                actor=actor,
                gap=gap,
                category=chosen,
                note=form.cleaned_data["note"],
                request=request,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review is saved."))
            return redirect("reports:gap", gap.pk)
    if request.method == "POST" and request.POST.get("form") == "link":
        try:
            services.gap_link_add(
                actor=actor,
                gap=gap,
                kind=request.POST.get("kind", ""),
                target_id=UUID(request.POST.get("target", "")),
                request=request,
            )
        except (ValidationError, ValueError):
            messages.error(request, _("That could not be found, or you may not link to it."))
        else:
            messages.success(request, _("The link is added."))
        return redirect("reports:gap", gap.pk)
    if request.method == "POST" and request.POST.get("form") == "unlink":
        with contextlib.suppress(ValueError):
            services.gap_link_remove(
                actor=actor, gap=gap, link_id=UUID(request.POST.get("link", "")), request=request
            )
        return redirect("reports:gap", gap.pk)
    query = request.GET.get("q", "").strip()[:100]
    kind_key = request.GET.get("kind", "")
    results = []
    link_kind = links.kind(kind_key)
    if query and link_kind is not None:
        results = link_kind.search(actor, organisation.pk, query)
    gap_links = list(GapLink.objects.filter(gap=gap))
    targets = links.resolve(actor, organisation.pk, [(lk.kind, lk.target_id) for lk in gap_links])
    by_target = {(t.kind, t.id): t for t in targets}
    return render(
        request,
        "reports/gap_detail.html",
        {
            "organisation": organisation,
            "gap": gap,
            "form": form,
            "kinds": links.kinds(),
            "query": query,
            "kind_key": kind_key,
            "results": results,
            "links": [(lk, by_target.get((lk.kind, lk.target_id))) for lk in gap_links],
            "may_see_reporter": can(actor, "gap.view_reporter", gap),
        },
    )


@requires("gap.view_reporter", kwarg="gap")
@require_POST
def gap_reporter(request: HttpRequest, gap: Gap) -> HttpResponse:
    # Shown on purpose (a POST, so the layer's own read audit does not fire): say so here.
    disclose(
        request,
        [gap],
        actor=actor_of(request),
        subject="reported_by_id",
        purpose="follow up a collaboration gap",
    )
    reporter = gap.reported_by
    return render(
        request,
        "reports/gap_reporter.html",
        {"organisation": gap.organisation, "gap": gap, "reporter": reporter},
    )


@requires("reports.settings", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    services.ensure_defaults(organisation)
    which = request.POST.get("form", "")
    agencies = forms.ListForm(
        request.POST if which == "agencies" else None,
        prefix="agencies",
        initial={"names": "\n".join(a.name for a in selectors.agencies_in_use(organisation))},
    )
    categories = forms.ListForm(
        request.POST if which == "categories" else None,
        prefix="categories",
        initial={"names": "\n".join(c.name for c in selectors.categories_in_use(organisation))},
    )
    settings_row, _created = ReportSettings.objects.get_or_create(organisation=organisation)
    logo = forms.LogoForm(
        request.POST if which == "logo" else None,
        request.FILES if which == "logo" else None,
        initial={"logo_text": settings_row.logo_text},
    )
    if request.method == "POST":
        bound = {"agencies": agencies, "categories": categories, "logo": logo}.get(which)
        if bound is not None and bound.is_valid():
            try:
                if which == "logo":
                    services.logo_save(
                        actor=actor,
                        organisation=organisation,
                        upload=bound.cleaned_data["logo"],
                        text=bound.cleaned_data["logo_text"],
                        remove=bound.cleaned_data["remove"],
                    )
                else:
                    services.list_save(
                        actor=actor,
                        organisation=organisation,
                        kind=which,
                        names=bound.cleaned_data["names"].splitlines(),
                    )
            except ValidationError as error:
                bound.add_error("logo" if which == "logo" else "names", error.messages)
            else:
                messages.success(request, _("Saved."))
                return redirect("reports:settings", organisation.pk)
    return render(
        request,
        "reports/settings.html",
        {
            "organisation": organisation,
            "agencies_form": agencies,
            "categories_form": categories,
            "logo_form": logo,
            "settings_row": settings_row,
            "logo_data": _logo_data(settings_row),
        },
    )


def _logo_data(settings_row: ReportSettings | None) -> str:
    """The logo as a data: URL (works in the PDF and needs no media URL)."""
    if settings_row is None or not settings_row.logo:
        return ""
    try:
        with settings_row.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


# --- Reports -------------------------------------------------------------------------------
def _report_units(actor: Actor, organisation: Organisation) -> tuple[list[Unit], bool]:
    return selectors.units_in_reach(actor, organisation), dashboards.reach(
        actor, organisation
    ) is None


@requires("report.create", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    units, whole = _report_units(actor, organisation)
    start, end = selectors.default_period()
    form = forms.ReportForm(
        request.POST or None,
        units=selectors.unit_choices(units),
        whole_organisation=whole,
        initial={"period_start": start, "period_end": end},
    )
    if request.method == "POST" and form.is_valid():
        unit = next((u for u in units if str(u.pk) == form.cleaned_data.get("unit")), None)
        if unit is None and not whole:
            form.add_error("unit", _("Choose a unit."))
        else:
            try:
                report = services.report_create(
                    actor=actor,
                    organisation=organisation,
                    title=form.cleaned_data["title"],
                    unit=unit,
                    period_start=form.cleaned_data["period_start"],
                    period_end=form.cleaned_data["period_end"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("reports:report", report.pk)
    return render(
        request,
        "reports/reports.html",
        {
            "organisation": organisation,
            "form": form,
            "reports": selectors.reports_for(actor, organisation).select_related("unit"),
        },
    )


def report_content(actor: Actor, report: Report) -> dict[str, Any]:
    """Everything a report shows, for the HTML page and the PDF alike."""
    organisation = report.organisation
    areas = _areas(organisation)
    board = dashboards.build(
        actor,
        organisation,
        dashboards.Filters(start=report.period_start, end=report.period_end, unit=report.unit),
        areas,
    )
    gap_data = selectors.gap_tables(actor, organisation, report.period_start, report.period_end)
    period = Period(report.period_start, report.period_end, report.unit)
    series_charts = [
        (
            series,
            charts.means_over_time(
                series.months,
                title=_("Mean per month: %(area)s") % {"area": series.title},
                chart_id=f"chart-time-{series.area}",
            ),
        )
        for series in board.areas
    ]
    settings_row = ReportSettings.objects.filter(organisation=organisation).first()
    dashboard_tables = exports.dashboard_tables(board)
    return {
        "organisation": organisation,
        "report": report,
        "report_sections": list(report.sections.all()),
        "board": board,
        "areas_table": dashboard_tables[0],
        "areas_chart": charts.stacked_bars(
            [s.line for s in board.areas],
            title=_("How young people answered, per life area"),
            chart_id="chart-areas",
        ),
        "series_charts": series_charts,
        "gap_tables": exports.gap_tables(gap_data),
        "gap_total": gap_data.total,
        "registered": sections.rendered(actor, organisation, period),
        "logo_data": _logo_data(settings_row),
        "logo_text": settings_row.logo_text if settings_row else "",
        "all_tables": dashboard_tables + exports.gap_tables(gap_data),
    }


@requires("report.manage", kwarg="report")
@require_GET
def report_detail(request: HttpRequest, report: Report) -> HttpResponse:
    return render(request, "reports/report.html", report_content(actor_of(request), report))


@requires("report.manage", kwarg="report")
@require_GET
def report_pdf(request: HttpRequest, report: Report) -> HttpResponse:
    from weasyprint import HTML

    actor = actor_of(request)
    html = render_to_string("reports/report_pdf.html", report_content(actor, report), request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    record(
        action=Action.EXPORT,
        actor=actor,
        request=request,
        organisation_id=report.organisation_id,
        obj=report,
        detail="pdf",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(report.title) or "rapport"}.pdf"'
    )
    return response


@requires("report.manage", kwarg="report")
@require_GET
def report_csv(request: HttpRequest, report: Report, table: str) -> HttpResponse:
    actor = actor_of(request)
    found = exports.find(report_content(actor, report)["all_tables"], table)
    if found is None:
        raise Http404
    record(
        action=Action.EXPORT,
        actor=actor,
        request=request,
        organisation_id=report.organisation_id,
        obj=report,
        detail=table,
    )
    return _csv_response(found, slugify(report.title) or "rapport")


@requires("report.manage", kwarg="report")
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, report: Report) -> HttpResponse:
    actor = actor_of(request)
    form = forms.ReportForm(
        request.POST or None,
        units=None,
        whole_organisation=False,
        initial={
            "title": report.title,
            "period_start": report.period_start,
            "period_end": report.period_end,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                actor=actor,
                report=report,
                title=form.cleaned_data["title"],
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("reports:report", report.pk)
    return render(
        request,
        "reports/report_edit.html",
        {"organisation": report.organisation, "report": report, "form": form},
    )


@requires("report.manage", kwarg="report")
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, report: Report, section: UUID | None = None) -> HttpResponse:
    actor = actor_of(request)
    current = None
    if section is not None:
        current = ReportSection.objects.filter(report=report, pk=section).first()
        if current is None:
            raise Http404
    form = forms.SectionForm(
        request.POST or None,
        initial={"heading": current.heading, "body": current.body} if current else None,
    )
    context: dict[str, Any] = {
        "organisation": report.organisation,
        "report": report,
        "section": current,
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        if text_review.wants_review(request):
            context.update(
                text_review.review_context(form.cleaned_data["body"], report.organisation)
            )
            return render(request, "reports/section_form.html", context)
        if request.POST.get("delete") and current is not None:
            services.section_delete(actor=actor, report=report, section=current)
            return redirect("reports:report", report.pk)
        try:
            services.section_save(
                actor=actor,
                report=report,
                section=current,
                heading=form.cleaned_data["heading"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The text is saved."))
            return redirect("reports:report", report.pk)
    return render(request, "reports/section_form.html", context)
