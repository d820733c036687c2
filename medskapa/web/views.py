"""The shell's own pages: start pages, account, public notices and error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from medskapa.access.registry import scope
from medskapa.access.views import actor_of, authenticated, get_object_for, public, requires
from medskapa.accounts.models import User
from medskapa.organisations.models import Membership, Organisation, OrganisationPage
from medskapa.organisations.roles import Role
from medskapa.organisations.selectors import (
    case_workers_of,
    children_of,
    consents_for,
    organisations_for,
)

from .forms import AccessibilityReportForm
from .models import AccessibilityReport, Notification
from .panels import panels_for
from .services import (
    accessibility_report_create,
    accessibility_report_mark_handled,
    notification_mark_read,
)
from .throttle import throttle


@public
def start(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.is_authenticated:
        return render(request, "web/landing.html")
    if not actor.may_see_identified_data:
        return redirect("mfa_activate_totp")  # staff set up their second factor first
    roles = actor.roles()
    panels = [(panel, panel.context(request)) for panel in panels_for(roles)]
    context: dict[str, Any] = {"panels": panels, "roles": roles, "Role": Role}
    if roles == {Role.GUARDIAN}:
        context["children"] = children_of(request.user)  # type: ignore[arg-type]
        context["consents"] = consents_for(actor)
        return render(request, "web/start_guardian.html", context)
    if roles <= {Role.YOUNG_PERSON, Role.GUARDIAN} and roles:
        context["contacts"] = case_workers_of(request.user)  # type: ignore[arg-type]
        return render(request, "web/start_young_person.html", context)
    context["organisations"] = organisations_for(actor)
    return render(request, "web/start_staff.html", context)


@authenticated
def account(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.active()
        .filter(user_id=actor_of(request).user_id)  # type: ignore[misc]
        .select_related("organisation", "unit")
    )
    return render(
        request,
        "web/account.html",
        {"memberships": memberships, "consents": consents_for(actor_of(request))},
    )


@requires("notification.view")
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's own notifications, unread first; each says only what kind of thing."""
    items = scope(actor_of(request), "notification.view", Notification.objects.all()).order_by(
        "-read_at", "-created_at"
    )[:100]
    return render(request, "web/notifications.html", {"notifications": items})


@require_POST
@requires("notification.view", kwarg="notification")
def notification_open(request: HttpRequest, notification: Notification) -> HttpResponse:
    notification_mark_read(actor=actor_of(request), notification=notification)
    if not notification.url.startswith("/") or notification.url.startswith("//"):
        return redirect("web:notifications")
    return redirect(notification.url)


def _organisation_text(organisation: Organisation | None, kind: str) -> OrganisationPage | None:
    if organisation is None:
        return None
    pages = OrganisationPage.objects.filter(organisation=organisation, kind=kind)
    return pages.filter(language=get_language()).first() or pages.filter(language="sv").first()


@public
@throttle("accessibility_report", target="slug")
@require_http_methods(["GET", "POST"])
def accessibility(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug) if slug else None
    form = AccessibilityReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accessibility_report_create(
            organisation=organisation or _only_organisation_of(request),
            page=form.cleaned_data["page"],
            description=form.cleaned_data["description"],
            contact=form.cleaned_data["contact"],
        )
        messages.success(request, _("Thank you! We have received your report."))
        return redirect(request.path)
    return render(
        request,
        "web/accessibility.html",
        {
            "organisation": organisation,
            "page": _organisation_text(organisation, OrganisationPage.Kind.ACCESSIBILITY),
            "form": form,
        },
    )


def _only_organisation_of(request: HttpRequest) -> Organisation | None:
    """A logged-in person's report goes to their organisation, when they have exactly one."""
    organisations = list(organisations_for(actor_of(request))[:2])
    return organisations[0] if len(organisations) == 1 else None


@requires("organisation.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def accessibility_reports(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    reports = scope(
        actor,
        "accessibility_report.manage",
        AccessibilityReport.objects.filter(organisation=organisation),
    )
    if request.method == "POST":
        report = get_object_for(
            request, "accessibility_report.manage", reports, pk=request.POST.get("report", "")
        )
        accessibility_report_mark_handled(actor=actor, report=report)
        messages.success(request, _("The report is marked as handled."))
        return redirect(request.path)
    return render(
        request,
        "web/accessibility_reports.html",
        {
            "organisation": organisation,
            "open_reports": reports.filter(handled_at__isnull=True),
            "handled_reports": reports.filter(handled_at__isnull=False)[:50],
        },
    )


@public
def privacy(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug) if slug else None
    return render(
        request,
        "web/privacy.html",
        {
            "organisation": organisation,
            "page": _organisation_text(organisation, OrganisationPage.Kind.PRIVACY),
        },
    )


@public
def organisation_page(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    if kind == OrganisationPage.Kind.ACCESSIBILITY:
        return accessibility(request, slug=slug)
    if kind == OrganisationPage.Kind.PRIVACY:
        return privacy(request, slug=slug)
    raise Http404


@public
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, and for a logged-in person the choice follows them to their
    other devices (the cookie only remembers it on this one)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=user.pk).update(preferred_language=language)
    return response


@public
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever failed must not fail again while showing this page.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
