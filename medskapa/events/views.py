"""Events: staff pages, the public sign-up and its links, and young people's own pages.

Thin: forms validate, services write, selectors read through scope. Public pages reached from a
link find their sign-up by a hashed single-purpose token; a wrong, used or expired token gets the
same "this link does not work" page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.reads import disclose
from medskapa.access.registry import can, scope
from medskapa.access.views import actor_of, authenticated, check, public, requires
from medskapa.organisations.models import Organisation, OrganisationPage, Unit
from medskapa.organisations.selectors import units_for
from medskapa.web.forms import add_service_errors
from medskapa.web.throttle import ALL_METHODS, throttle

from . import forms, selectors, services
from .ics import CalendarEvent, calendar
from .models import (
    Event,
    PanelChannel,
    PanelInvitation,
    PanelMembership,
    Participation,
    SignUp,
    SignUpToken,
)


def _creatable_units(request: HttpRequest, organisation: Organisation) -> QuerySet[Unit]:
    """Units the actor may organise for: the rule the service asks too (``events.create_in``)."""
    return scope(
        actor_of(request), "events.create_in", Unit.objects.filter(organisation=organisation)
    )


# --- Staff ----------------------------------------------------------------------------------
@requires("events.organise", kwarg="organisation")
def event_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    now = timezone.now()
    events = selectors.events_for(actor, organisation)
    return render(
        request,
        "events/staff/event_list.html",
        {
            "organisation": organisation,
            "upcoming": events.filter(ends_at__gt=now),
            "past": events.filter(ends_at__lte=now).order_by("-starts_at"),
            "may_settings": can(actor, "events.settings", organisation),
            "may_recruit": can(actor, "panel.recruitment", organisation),
        },
    )


@requires("events.organise", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    units = _creatable_units(request, organisation)
    org_wide = can(actor, "events.create_org_wide", organisation)
    form = forms.EventForm(
        request.POST or None,
        units=units,
        initial={"contact": organisation.contact_email, "languages": "svenska"},
    )
    if not org_wide:
        form.fields["unit"].required = True
        form.fields["unit"].empty_label = None  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            event = services.event_create(actor=actor, organisation=organisation, unit=unit, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event was created."))
            return redirect("events:detail", organisation=organisation.pk, event=event.pk)
    return render(
        request,
        "events/staff/event_form.html",
        {"organisation": organisation, "form": form, "event": None},
    )


@requires("event.view", kwarg="event")
def event_detail(request: HttpRequest, organisation: str, event: Event) -> HttpResponse:
    # Young people may see a published event (``event.view``), but this page is the staff's.
    check(request, "events.organise", event.organisation)
    actor = actor_of(request)
    public_url = request.build_absolute_uri(reverse("events:public", kwargs={"slug": event.slug}))
    feedback = event.feedback.all()
    ratings = [f.rating for f in feedback if f.rating is not None]
    return render(
        request,
        "events/staff/event_detail.html",
        {
            "organisation": event.organisation,
            "event": event,
            "counts": selectors.event_counts(event),
            "public_url": public_url,
            "may_manage": can(actor, "event.manage", event),
            "may_see_signups": can(actor, "event.view_signups", event),
            "feedback_count": selectors.suppress(len(feedback)),
            "feedback_enough": len(feedback) >= selectors.SUPPRESS_BELOW,
            "feedback": feedback if len(feedback) >= selectors.SUPPRESS_BELOW else [],
            "average_rating": (
                f"{sum(ratings) / len(ratings):.1f}".replace(".", ",")
                if len(ratings) >= selectors.SUPPRESS_BELOW
                else ""
            ),
            "now": timezone.now(),
        },
    )


@requires("event.manage", kwarg="event")
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, organisation: str, event: Event) -> HttpResponse:
    actor = actor_of(request)
    units = _creatable_units(request, event.organisation)
    if event.unit_id is not None:
        units = units | units_for(actor, event.organisation).filter(pk=event.unit_id)
    initial = {"unit": event.unit}
    form = forms.EventForm(request.POST or None, units=units, instance=event, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            services.event_update(actor=actor, event=event, unit=unit, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event was saved."))
            return redirect("events:detail", organisation=event.organisation_id, event=event.pk)
    event.refresh_from_db()
    return render(
        request,
        "events/staff/event_form.html",
        {"organisation": event.organisation, "form": form, "event": event},
    )


@requires("event.manage", kwarg="event")
@require_POST
def event_cancel(request: HttpRequest, organisation: str, event: Event) -> HttpResponse:
    services.event_cancel(actor=actor_of(request), event=event)
    messages.success(request, _("The event was cancelled and everyone signed up gets a message."))
    return redirect("events:detail", organisation=event.organisation_id, event=event.pk)


@requires("event.manage", kwarg="event")
@require_POST
def event_invite_panel(request: HttpRequest, organisation: str, event: Event) -> HttpResponse:
    try:
        count = services.panel_invite_for_event(actor=actor_of(request), event=event)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Invitations sent to %(count)s panel members.")
            % {"count": selectors.suppress(count)},
        )
    return redirect("events:detail", organisation=event.organisation_id, event=event.pk)


@requires("event.view_signups", kwarg="event")
def signup_list(request: HttpRequest, organisation: str, event: Event) -> HttpResponse:
    actor = actor_of(request)
    signups = list(selectors.signups_for(actor, event))
    # Names and contact details of many people: one batch for the page, a row per sign-up.
    disclose(request, signups, actor=actor, subject="user_id", purpose="sign-up list")
    return render(
        request,
        "events/staff/signup_list.html",
        {
            "organisation": event.organisation,
            "event": event,
            "signups": signups,
            "Status": SignUp.Status,
            "started": event.starts_at <= timezone.now(),
        },
    )


@requires("event.mark_attendance", kwarg="event")
@require_POST
def signup_attendance(
    request: HttpRequest, organisation: str, event: Event, signup: str
) -> HttpResponse:
    found = get_object_or_404(event.signups, pk=signup)
    value = request.POST.get("attended", "")
    attended = {"yes": True, "no": False, "unknown": None}.get(value, "invalid")
    if attended == "invalid":
        messages.error(request, _("Choose came or did not come."))
    else:
        try:
            services.attendance_mark(
                actor=actor_of(request),
                event=event,
                signup=found,
                attended=attended,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved for %(name)s.") % {"name": found.name})
    return redirect("events:signups", organisation=event.organisation_id, event=event.pk)


@requires("signup.cancel", kwarg="signup")
@require_POST
def signup_cancel_by_staff(request: HttpRequest, organisation: str, signup: SignUp) -> HttpResponse:
    services.signup_cancel(actor=actor_of(request), signup=signup)
    messages.success(request, _("The sign-up was cancelled."))
    if can(actor_of(request), "event.view_signups", signup.event):
        return redirect("events:signups", organisation=organisation, event=signup.event_id)
    return redirect("events:mine")


@requires("events.settings", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def event_settings(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    current = selectors.settings_for(organisation)
    form = forms.EventSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.settings_save(
            actor=actor_of(request),
            organisation=organisation,
            **{name: form.cleaned_data[name] for name in form.Meta.fields},
        )
        messages.success(request, _("The settings were saved."))
        return redirect("events:list", organisation=organisation.pk)
    return render(
        request, "events/staff/settings_form.html", {"organisation": organisation, "form": form}
    )


@requires("panel.recruitment", kwarg="organisation")
def recruitment(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(
        request,
        "events/staff/recruitment.html",
        {
            "organisation": organisation,
            "stats": selectors.recruitment(organisation),
            "k": selectors.SUPPRESS_BELOW,
        },
    )


# --- Public pages ---------------------------------------------------------------------------
def _public_event(slug: str) -> Event:
    event = (
        Event.objects.select_related("organisation", "unit")
        .filter(slug=slug)
        .filter(published=True)
        .first()
    ) or Event.objects.filter(slug=slug, cancelled_at__isnull=False).first()
    if event is None:
        raise Http404
    return event


def _notice_context(event: Event) -> dict[str, Any]:
    event_settings = selectors.settings_for(event.organisation)
    has_privacy_page = OrganisationPage.objects.filter(
        organisation_id=event.organisation_id, kind=OrganisationPage.Kind.PRIVACY
    ).exists()
    return {
        "retention_days": event_settings.retention_days,
        "guardian_age": event_settings.guardian_consent_age,
        "guardian_days": event_settings.guardian_link_days,
        "has_privacy_page": has_privacy_page,
    }


def _member_young_person(request: HttpRequest, event: Event) -> Any:
    """The logged-in young person of the event's organisation, so the sign-up is theirs too."""
    actor = actor_of(request)
    return actor.user if can(actor, "panel.join", event.organisation) else None


@public
@throttle("event_signup", target="slug")
@require_http_methods(["GET", "POST"])
def event_public(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    now = timezone.now()
    young = _member_young_person(request, event)
    initial: dict[str, Any] = {}
    if young is not None:
        initial = {"name": young.display_name or young.username, "birth_year": young.birth_year}
    form = forms.SignUpForm(request.POST or None, initial=initial)
    is_open = event.published and not event.is_cancelled and event.starts_at > now
    if request.method == "POST" and is_open and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.signup_create(
                event=event,
                name=data["name"],
                birth_year=data["birth_year"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                needs=data["needs"],
                guardian_email=data["guardian_email"],
                guardian_phone=data["guardian_phone"],
                consent_storage=data["consent_storage"],
                consent_photos=data["consent_photos"],
                submission_key=data["submission_key"],
                user=young,
                actor=actor_of(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Post/redirect/get: a reload does not send the form again, and the receipt page
            # finds the sign-up through this browser's session only.
            request.session[RECEIPT_SESSION_KEY] = str(result.signup.pk)
            return redirect("events:signed_up", slug=event.slug)
    held = event.signups.filter(status__in=SignUp.HOLDS_SEAT).count()
    return render(
        request,
        "events/public/event.html",
        {
            "event": event,
            "form": form,
            "is_open": is_open,
            "seats_left": max(event.seats - held, 0),
            "logged_in_young": young is not None,
            **_notice_context(event),
        },
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )


RECEIPT_SESSION_KEY = "events_signup"


def _receipt_signup(request: HttpRequest, event: Event) -> SignUp | None:
    """The sign-up this browser just sent for this event, if any (kept in its session)."""
    signup_id = request.session.get(RECEIPT_SESSION_KEY)
    if not signup_id:
        return None
    return event.signups.filter(pk=signup_id).first()


@public
@throttle("event_link")
@require_http_methods(["GET", "POST"])
def signed_up(request: HttpRequest, slug: str) -> HttpResponse:
    """What happens next: the link is on its way, and nothing is booked until it is opened.

    POST sends the link again (capped per address and day by the service).
    """
    event = _public_event(slug)
    signup = _receipt_signup(request, event)
    if signup is None:
        return redirect("events:public", slug=event.slug)
    if request.method == "POST":
        if services.signup_resend_confirmation(signup=signup):
            messages.success(request, _("We have sent a new link."))
        else:
            messages.error(
                request,
                _(
                    "We cannot send more links to this address today. Sign up again "
                    "tomorrow, or with another address."
                ),
            )
        return redirect("events:signed_up", slug=event.slug)
    if signup.status != SignUp.Status.UNCONFIRMED:
        return render(
            request,
            "events/public/signed_up.html",
            {"event": event, "signup": signup, "created": True, "Status": SignUp.Status},
        )
    addresses = [a for a in (signup.contact_email, signup.contact_phone) if a]
    address = (
        _("%(first)s and %(second)s") % {"first": addresses[0], "second": addresses[1]}
        if len(addresses) == 2
        else "".join(addresses)
    )
    return render(
        request,
        "events/public/awaiting_confirmation.html",
        {
            "event": event,
            "signup": signup,
            "address": address,
            "expired": signup.confirm_by is not None and signup.confirm_by <= timezone.now(),
        },
    )


@public
@throttle("event_link", methods=ALL_METHODS)
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to the address a person gave. GET asks (mail scanners open links too);
    POST books the seat. A second POST, or a link opened after confirming, changes nothing."""
    token_row = selectors.confirmation_link(token)
    if token_row is None:
        return _invalid_link(request)
    signup = token_row.signup
    event = signup.event
    already = signup.status != SignUp.Status.UNCONFIRMED
    if not already and not token_row.is_usable():
        return _invalid_link(request)
    if request.method == "POST" and not already:
        try:
            result = services.signup_confirm(token=token)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("events:public", slug=event.slug)
        if result is None:
            return _invalid_link(request)
        cancel_url = (
            request.build_absolute_uri(
                reverse("events:cancel", kwargs={"token": result.cancel_token})
            )
            if result.cancel_token
            else ""
        )
        return render(
            request,
            "events/public/signed_up.html",
            {
                "event": event,
                "signup": result.signup,
                "created": True,
                "cancel_url": cancel_url,
                "Status": SignUp.Status,
            },
        )
    if already:
        return render(
            request,
            "events/public/signed_up.html",
            {"event": event, "signup": signup, "created": False, "Status": SignUp.Status},
        )
    return render(request, "events/public/confirm.html", {"event": event, "signup": signup})


@public
def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _public_event(slug)
    body = calendar(
        CalendarEvent(
            uid=f"{event.pk}@medskapa",
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            location=event.place,
            description=event.description,
            url=request.build_absolute_uri(reverse("events:public", kwargs={"slug": event.slug})),
            cancelled=event.is_cancelled,
        ),
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def _invalid_link(request: HttpRequest) -> HttpResponse:
    return render(request, "events/public/link_invalid.html", status=404)


@public
@throttle("event_link", methods=ALL_METHODS)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.token_find(token, SignUpToken.Purpose.CANCEL)
    if found is None:
        return _invalid_link(request)
    signup = found.signup
    if request.method == "POST":
        services.signup_cancel_by_token(token=token)
        return render(request, "events/public/cancelled.html", {"event": signup.event})
    return render(
        request,
        "events/public/cancel.html",
        {
            "event": signup.event,
            "signup": signup,
            "cancellable": signup.status in services.CANCELLABLE,
        },
    )


@public
@throttle("event_link", methods=ALL_METHODS)
@require_http_methods(["GET", "POST"])
def guardian(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.token_find(token, SignUpToken.Purpose.GUARDIAN)
    if found is None:
        return _invalid_link(request)
    signup = found.signup
    if request.method == "POST":
        answer = request.POST.get("answer", "")
        if answer in {"yes", "no"}:
            services.guardian_answer(token=token, approve=answer == "yes")
            return render(
                request,
                "events/public/guardian_done.html",
                {"event": signup.event, "approved": answer == "yes"},
            )
    return render(
        request,
        "events/public/guardian.html",
        {"event": signup.event, "signup": signup, **_notice_context(signup.event)},
    )


@public
@throttle("event_link", methods=ALL_METHODS)
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    found = selectors.token_find(token, SignUpToken.Purpose.FEEDBACK)
    if found is None:
        return _invalid_link(request)
    event = found.signup.event
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_by_token(
                token=token, rating=form.rating_value(), text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "events/public/feedback_done.html", {"event": event})
    return render(
        request,
        "events/public/feedback.html",
        {"event": event, "form": form},
    )


# --- Young people's own pages ---------------------------------------------------------------
@authenticated
def my_history(request: HttpRequest) -> HttpResponse:
    """ "What you have taken part in": sign-ups, participations, invitations, panel."""
    user = request.user
    history = selectors.history_of(user)  # type: ignore[arg-type]
    may_join = scope(actor_of(request), "panel.join", Organisation.objects.all()).exists()
    return render(
        request,
        "events/mine/history.html",
        {"history": history, "may_join": may_join, "Status": SignUp.Status},
    )


@requires("participation.feedback", kwarg="participation")
@require_http_methods(["GET", "POST"])
def participation_feedback(request: HttpRequest, participation: Participation) -> HttpResponse:
    if participation.feedback_given_at is not None:
        messages.info(request, _("You have already told us what you thought. Thank you!"))
        return redirect("events:mine")
    form = forms.FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_by_participant(
                actor=actor_of(request),
                participation=participation,
                rating=form.rating_value(),
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you! We read everything."))
            return redirect("events:mine")
    return render(
        request,
        "events/public/feedback.html",
        {"event": participation.event, "form": form, "logged_in": True},
    )


@authenticated
def panel_start(request: HttpRequest) -> HttpResponse:
    first = scope(actor_of(request), "panel.join", Organisation.objects.order_by("name")).first()
    if first is None:
        raise Http404
    return redirect("events:panel", organisation=first.pk)


@requires("panel.join", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    user = actor_of(request).user
    membership = PanelMembership.objects.filter(
        user=user, organisation=organisation, left_at__isnull=True
    ).first()
    initial: dict[str, Any] = {"frequency": "quarterly", "channel": PanelChannel.APP}
    if membership is not None:
        initial = {
            "topics": membership.topics,
            "frequency": membership.frequency,
            "channel": membership.channel,
            "contact": membership.contact,
        }
    form = forms.PanelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_join(
                actor=actor_of(request),
                organisation=organisation,
                topics=form.cleaned_data["topics"],
                frequency=form.cleaned_data["frequency"],
                channel=form.cleaned_data["channel"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your choices are saved.")
                if membership is not None
                else _("Welcome to the panel! We will ask you as you chose."),
            )
            return redirect("events:mine")
    return render(
        request,
        "events/mine/panel.html",
        {"organisation": organisation, "form": form, "membership": membership},
    )


@requires("panel.leave", kwarg="membership")
@require_POST
def panel_leave(request: HttpRequest, membership: PanelMembership) -> HttpResponse:
    services.panel_leave(actor=actor_of(request), membership=membership)
    messages.success(
        request,
        _("You have left the panel. We will not ask you again, and your contact details are gone."),
    )
    return redirect("events:mine")


@requires("panel.answer", kwarg="invitation")
@require_POST
def invitation_decline(request: HttpRequest, invitation: PanelInvitation) -> HttpResponse:
    services.panel_invitation_answer(
        actor=actor_of(request), invitation=invitation, answer=PanelInvitation.Answer.NO
    )
    messages.success(request, _("Thank you for the answer."))
    return redirect("events:mine")
