"""Organisation administration, invites and the worker's caseload. Thin: forms, services, scope."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
from allauth.account.internal.flows.login import record_authentication
from allauth.core.internal import ratelimit as allauth_ratelimit
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.reads import disclose
from medskapa.access.registry import allowed_actions, can, scope
from medskapa.access.views import actor_of, get_object_for, public, requires
from medskapa.accounts.models import User
from medskapa.web.forms import add_service_errors
from medskapa.web.throttle import ALL_METHODS, throttle

from . import consent as consent_service
from . import forms, selectors, services
from .models import Consent, Invite, Membership, Organisation, OrganisationPage, Unit
from .tasks import send_staff_invite


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


def _log_in(request: HttpRequest, user: User) -> None:
    """Log in a person who just proved themselves with an invite and a new password.

    allauth is told too, so that setting up a second factor right away does not ask for the
    password a second time.
    """
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record_authentication(
        request, user, method="password", username=user.username, reauthenticated=True
    )


# --- Organisation overview ------------------------------------------------------------------
HOME_ACTIONS = [
    "organisation.manage",
    "organisation.invite_young_person",
    "organisation.view_staff",
]


@requires("organisation.view", kwarg="organisation")
def organisation_home(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    # Which buttons to show is the layer's answer, not a comparison of roles.
    actions = allowed_actions(actor, organisation, HOME_ACTIONS)
    return render(
        request,
        "organisations/home.html",
        {
            "organisation": organisation,
            "actions": actions,
            "may_manage": "organisation.manage" in actions,
            "may_invite_young_person": "organisation.invite_young_person" in actions,
            "may_view_staff": "organisation.view_staff" in actions,
            "units": selectors.units_for(actor, organisation),
        },
    )


# --- Units ----------------------------------------------------------------------------------
@requires("organisation.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    units = selectors.units_for(actor, organisation, "unit.manage")
    form = forms.UnitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_create(
                actor=actor,
                organisation=organisation,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The unit was added."))
            return redirect("organisations:home", organisation=organisation.pk)
    return render(
        request,
        "organisations/unit_form.html",
        {"organisation": organisation, "form": form, "unit": None},
    )


@requires("unit.manage", kwarg="unit")
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, organisation: str, unit: Unit) -> HttpResponse:
    actor = actor_of(request)
    units = selectors.units_for(actor, unit.organisation, "unit.manage").exclude(
        path__startswith=unit.path
    )
    initial = {"name": unit.name, "parent": unit.parent}
    form = forms.UnitForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST":
        if "delete" in request.POST:
            try:
                services.unit_delete(actor=actor, unit=unit)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The unit was removed."))
                return redirect("organisations:home", organisation=unit.organisation_id)
        elif form.is_valid():
            try:
                services.unit_update(
                    actor=actor,
                    unit=unit,
                    name=form.cleaned_data["name"],
                    parent=form.cleaned_data["parent"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The unit was saved."))
                return redirect("organisations:home", organisation=unit.organisation_id)
    return render(
        request,
        "organisations/unit_form.html",
        {"organisation": unit.organisation, "form": form, "unit": unit},
    )


# --- Staff ----------------------------------------------------------------------------------
@requires("organisation.view_staff", kwarg="organisation")
def staff_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    memberships = selectors.staff_memberships_for(actor, organisation)
    is_admin = can(actor, "organisation.manage", organisation)
    disclose(request, memberships, actor=actor, subject="user_id", purpose="staff list")
    return render(
        request,
        "organisations/staff_list.html",
        {
            "organisation": organisation,
            "memberships": memberships,
            "invites": selectors.pending_invites_for(actor, organisation) if is_admin else [],
            "is_admin": is_admin,
        },
    )


@requires("organisation.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def staff_invite(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    form = forms.StaffInviteForm(
        request.POST or None, units=selectors.units_for(actor, organisation)
    )
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.staff_invite_create(
                actor=actor,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            url = request.build_absolute_uri(
                reverse("organisations:staff_accept", kwargs={"secret": issued.secret})
            )
            invite_id = str(issued.invite.pk)
            # Queued once the invite is committed, so a worker never looks for a missing row.
            transaction.on_commit(lambda: send_staff_invite.enqueue(invite_id=invite_id, url=url))
            messages.success(
                request, _("The invitation was sent to %(email)s.") % {"email": issued.invite.email}
            )
            return redirect("organisations:staff", organisation=organisation.pk)
    return render(
        request, "organisations/staff_invite.html", {"organisation": organisation, "form": form}
    )


@requires("invite.manage", kwarg="invite")
@require_POST
def invite_revoke(request: HttpRequest, invite: Invite) -> HttpResponse:
    services.invite_revoke(actor=actor_of(request), invite=invite)
    messages.success(request, _("The invitation was withdrawn."))
    if invite.kind == Invite.Kind.STAFF:
        return redirect("organisations:staff", organisation=invite.organisation_id)
    return redirect("organisations:caseload", organisation=invite.organisation_id)


@requires("staff.manage", kwarg="member")
@require_http_methods(["GET", "POST"])
def staff_detail(request: HttpRequest, organisation: str, member: User) -> HttpResponse:
    actor = actor_of(request)
    org = get_object_for(request, "organisation.manage", Organisation, pk=organisation)
    memberships = scope(
        actor,
        "membership.manage",
        Membership.objects.filter(user=member, organisation=org, ended_at__isnull=True),
    ).select_related("unit")
    form = forms.RoleAssignForm(request.POST or None, units=selectors.units_for(actor, org))
    if request.method == "GET":
        disclose(
            request, [member], actor=actor, purpose="staff member's page", organisation_id=org.pk
        )
    if request.method == "POST":
        operation = request.POST.get("operation", "")
        if operation == "add_role" and form.is_valid():
            services.membership_assign(
                actor=actor,
                organisation=org,
                user=member,
                role=form.cleaned_data["role"],
                unit=form.cleaned_data["unit"],
            )
            messages.success(request, _("The role was added."))
            return redirect(request.path)
        if operation == "end_role":
            membership = get_object_for(
                request,
                "membership.manage",
                Membership.objects.filter(user=member, organisation=org),
                pk=request.POST.get("membership", ""),
            )
            services.membership_end(actor=actor, membership=membership)
            messages.success(request, _("The role was removed."))
            return redirect(request.path)
        if operation == "end_sessions":
            count = services.user_end_sessions(actor=actor, user=member, organisation_id=org.pk)
            messages.success(request, _("%(count)d sessions were ended.") % {"count": count})
            return redirect(request.path)
        if operation == "deactivate" and member != actor.user:
            services.user_set_active(actor=actor, user=member, organisation_id=org.pk, active=False)
            messages.success(request, _("The account was deactivated and logged out everywhere."))
            return redirect(request.path)
        if operation == "reactivate":
            services.user_set_active(actor=actor, user=member, organisation_id=org.pk, active=True)
            messages.success(request, _("The account was activated again."))
            return redirect(request.path)
    return render(
        request,
        "organisations/staff_detail.html",
        {
            "organisation": org,
            "member": member,
            "memberships": memberships,
            "form": form,
            "is_self": member == actor.user,
        },
    )


# --- Young people on a worker's caseload ---------------------------------------------------
@requires("organisation.invite_young_person", kwarg="organisation")
def caseload(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    entries = list(selectors.caseload_for(actor, organisation))
    # One row per young person shown, appended by the layer in one batch after the page.
    disclose(request, entries, actor=actor, subject="young_person_id", purpose="caseload list")
    return render(
        request,
        "organisations/caseload.html",
        {
            "organisation": organisation,
            "entries": entries,
            "invites": selectors.pending_invites_for(actor, organisation).filter(
                kind=Invite.Kind.YOUNG_PERSON
            ),
        },
    )


@requires("organisation.invite_young_person", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def young_person_invite(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    worker_units = selectors.units_for(actor, organisation, "unit.invite_young_person")
    form = forms.YoungPersonInviteForm(request.POST or None, units=worker_units)
    if request.method == "POST" and form.is_valid():
        issued = services.young_person_invite_create(
            actor=actor,
            organisation=organisation,
            unit=form.cleaned_data["unit"],
            display_name=form.cleaned_data["display_name"],
            birth_year=form.cleaned_data["birth_year"],
        )
        link = request.build_absolute_uri(
            reverse("organisations:join_with_code", kwargs={"code": issued.secret})
        )
        return render(
            request,
            "organisations/young_person_invite_done.html",
            {
                "organisation": organisation,
                "invite": issued.invite,
                "code": issued.secret,
                "link": link,
                "qr_svg": _qr_svg(link),
            },
        )
    return render(
        request,
        "organisations/young_person_invite.html",
        {"organisation": organisation, "form": form},
    )


@requires("young_person.view", kwarg="young_person")
def young_person_detail(
    request: HttpRequest, organisation: str, young_person: User
) -> HttpResponse:
    actor = actor_of(request)
    org = get_object_for(request, "organisation.view", Organisation, pk=organisation)
    memberships = young_person.memberships.filter(
        organisation=org, ended_at__isnull=True
    ).select_related("unit")
    if not memberships.exists():
        raise Http404  # the young person is not in the organisation named in the address
    disclose(request, [young_person], actor=actor, purpose="young person's page")
    return render(
        request,
        "organisations/young_person_detail.html",
        {
            "organisation": org,
            "young_person": young_person,
            "memberships": memberships,
        },
    )


# --- Joining: public pages reached from an invitation --------------------------------------
def _code_guess(request: HttpRequest, *, dry_run: bool) -> bool:
    """Count (or, dry, just check) a guess against the "invite_code" rate in settings.

    allauth's public helper never limits GET, and an invite link is opened with GET, so this
    uses its internal one (pinned version; the tests prove the limit holds).
    """
    usage = allauth_ratelimit.consume(
        request, app="allauth.account", action="invite_code", dry_run=dry_run, limit_get=True
    )
    return usage is not None


def _find_invite(request: HttpRequest, secret: str, kind: str) -> Invite | None:
    """The usable invite behind a link; wrong guesses count towards the rate limit.

    Past the limit even a right code is refused for a while, or guessing would still pay.
    """
    if not _code_guess(request, dry_run=True):
        return None
    invite = selectors.invite_find(secret, kind)
    if invite is None:
        _code_guess(request, dry_run=False)
    return invite


@public
@throttle("invite_code_space")
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    form = forms.JoinCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "").replace("-", "")
        if not _code_guess(request, dry_run=True):
            form.add_error("code", _("Too many tries. Wait a few minutes and try again."))
        elif _find_invite(request, code, Invite.Kind.YOUNG_PERSON) is not None:
            return redirect("organisations:join_with_code", code=code.upper())
        else:
            form.add_error(
                "code",
                _("We could not find that code. Check it, or ask your contact for a new one."),
            )
    return render(request, "organisations/join.html", {"form": form})


@public
@throttle("invite_code_space", methods=ALL_METHODS)
@require_http_methods(["GET", "POST"])
def join_with_code(request: HttpRequest, code: str) -> HttpResponse:
    invite = _find_invite(request, code, Invite.Kind.YOUNG_PERSON)
    if invite is None:
        return render(request, "organisations/invite_invalid.html", status=404)
    if invite.for_user_id is not None:
        return _new_password_with_code(request, invite)
    form = forms.YoungPersonAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.young_person_invite_accept(
                invite=invite,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log_in(request, user)
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("web:start")
    return render(request, "organisations/join_account.html", {"form": form, "invite": invite})


def _new_password_with_code(request: HttpRequest, invite: Invite) -> HttpResponse:
    form = forms.YoungPersonNewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.young_person_password_code_accept(
                invite=invite, password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log_in(request, user)
            messages.success(request, _("Your new password is saved."))
            return redirect("web:start")
    return render(request, "organisations/join_new_password.html", {"form": form, "invite": invite})


@requires("young_person.reset_login", kwarg="young_person")
@require_POST
def young_person_password_code(
    request: HttpRequest, organisation: str, young_person: User
) -> HttpResponse:
    """A worker gives a young person on their caseload a code to pick a new password."""
    org = get_object_for(request, "organisation.invite_young_person", Organisation, pk=organisation)
    if not young_person.memberships.filter(organisation=org, ended_at__isnull=True).exists():
        raise Http404
    issued = services.young_person_password_code_create(
        actor=actor_of(request), organisation=org, young_person=young_person
    )
    link = request.build_absolute_uri(
        reverse("organisations:join_with_code", kwargs={"code": issued.secret})
    )
    return render(
        request,
        "organisations/young_person_invite_done.html",
        {
            "organisation": org,
            "invite": issued.invite,
            "code": issued.secret,
            "link": link,
            "qr_svg": _qr_svg(link),
            "for_new_password": True,
        },
    )


@public
@throttle("invite_code_space", methods=ALL_METHODS)
@require_http_methods(["GET", "POST"])
def staff_accept(request: HttpRequest, secret: str) -> HttpResponse:
    invite = _find_invite(request, secret, Invite.Kind.STAFF)
    if invite is None:
        return render(request, "organisations/invite_invalid.html", status=404)
    current = request.user if request.user.is_authenticated else None
    if current is not None and (current.email or "").lower() == invite.email.lower():
        if request.method == "POST":
            services.staff_invite_accept(
                invite=invite, password="", display_name="", existing_user=current
            )
            messages.success(request, _("You have joined %(org)s.") % {"org": invite.organisation})
            return redirect("web:start")
        return render(request, "organisations/staff_accept_existing.html", {"invite": invite})
    form = forms.StaffAccountForm(
        request.POST or None, initial={"display_name": invite.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_invite_accept(
                invite=invite,
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _log_in(request, user)
            messages.info(request, _("Your account is ready. Now set up two-step verification."))
            return redirect("mfa_activate_totp")
    return render(request, "organisations/staff_accept.html", {"form": form, "invite": invite})


@requires("organisation.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def organisation_settings(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    form = forms.OrganisationSettingsForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(
            actor=actor_of(request),
            organisation=organisation,
            name=form.cleaned_data["name"],
            contact_email=form.cleaned_data["contact_email"],
            contact_phone=form.cleaned_data["contact_phone"],
        )
        messages.success(request, _("The settings were saved."))
        return redirect("organisations:home", organisation=organisation.pk)
    organisation.refresh_from_db()  # an invalid form must not leave edits on the instance
    return render(
        request, "organisations/settings_form.html", {"organisation": organisation, "form": form}
    )


@requires("consent.manage", kwarg="consent")
@require_POST
def consent_withdraw(request: HttpRequest, consent: Consent) -> HttpResponse:
    actor = actor_of(request)
    if actor.user is None:
        raise Http404
    consent_service.consent_withdraw(consent=consent, withdrawn_by=actor.user)
    messages.success(request, _("The consent was withdrawn."))
    return redirect("web:account")


# --- Organisation pages (accessibility statement, privacy notice) --------------------------
@requires("organisation.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def page_edit(request: HttpRequest, organisation: Organisation, kind: str) -> HttpResponse:
    if kind not in forms.PAGE_KINDS:
        raise Http404
    language = request.POST.get("language") or request.GET.get("language") or "sv"
    page = OrganisationPage.objects.filter(
        organisation=organisation, kind=kind, language=language
    ).first()
    form = forms.PageForm(
        request.POST or None, initial={"language": language, "body": page.body if page else ""}
    )
    if request.method == "POST" and form.is_valid():
        services.page_save(
            actor=actor_of(request),
            organisation=organisation,
            kind=kind,
            language=form.cleaned_data["language"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("The page was saved."))
        return redirect("web:organisation_page", slug=organisation.slug, kind=kind)
    return render(
        request,
        "organisations/page_form.html",
        {
            "organisation": organisation,
            "form": form,
            "kind_label": forms.PAGE_KINDS[kind],
        },
    )
