"""The events API router, mounted by medskapa.api.api at ``/api/v1/events``.

- ``GET /events``: events the caller may see (staff: their organisation's; young people and
  guardians: published ones of their organisation), optionally only upcoming.
- ``POST /events/{event_id}/signups``: sign up. A logged-in young person signs up themself (the
  sign-up shows on their own page); an API token (e.g. the organisation's own web site) signs up
  someone from its form. The cancel token is returned once.
- ``POST /events/signups/{signup_id}/cancel``: the young person's own sign-up, or an organiser.
- ``POST /events/panel/{organisation_id}/join`` and ``.../leave``: a young person's panel choice.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from medskapa.access.registry import scope
from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.pagination import Page
from medskapa.api.schemas import ErrorOut, Line, Text, ValidationErrorOut
from medskapa.organisations.models import Membership, Organisation
from medskapa.organisations.roles import Role

from . import services
from .models import Event, PanelChannel, PanelFrequency, PanelMembership, PanelTopic, SignUp

router = Router(tags=["events"])


class EventOut(Schema):
    id: UUID
    organisation_id: UUID
    title: str
    description: str
    starts_at: datetime
    ends_at: datetime
    place: str
    accessibility: str
    seats: int
    age_min: int
    age_max: int
    languages: list[str]
    published: bool
    cancelled: bool
    slug: str

    @staticmethod
    def resolve_languages(obj: Event) -> list[str]:
        return obj.language_list()

    @staticmethod
    def resolve_cancelled(obj: Event) -> bool:
        return obj.is_cancelled


class SignUpIn(Schema):
    name: Line = Field(..., min_length=1, max_length=100)
    birth_year: int = Field(..., ge=1900, le=2100)
    contact_email: Line = Field("", max_length=254)
    contact_phone: Line = Field("", max_length=30)
    needs: Text = Field("", max_length=1000)
    guardian_email: Line = Field("", max_length=254)
    guardian_phone: Line = Field("", max_length=30)
    consent_storage: bool
    consent_photos: bool = False
    submission_key: Line = Field("", max_length=64)


class SignUpOut(Schema):
    id: UUID
    event_id: UUID
    status: str
    created: bool
    cancel_token: str = ""


class PanelIn(Schema):
    topics: list[PanelTopic] = Field(..., min_length=1, max_length=len(PanelTopic.values))
    frequency: PanelFrequency
    channel: PanelChannel
    contact: Line = Field("", max_length=254)


class PanelOut(Schema):
    organisation_id: UUID
    topics: list[str]
    frequency: str
    channel: str
    joined_at: datetime
    left_at: datetime | None


def _invalid(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(
            [
                {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}
                for field, messages in error.message_dict.items()
                for message in messages
            ]
        )
    return ValidationError(
        [{"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in error.messages]
    )


@router.get("", response=list[EventOut], url_name="event_list")
@paginate(Page)
@require("event.view")
def event_list(
    request: HttpRequest, organisation_id: UUID | None = None, upcoming: bool = True
) -> QuerySet[Event]:
    """Events the caller may see, soonest first."""
    events = scope(caller(request), "event.view", Event.objects.all())
    if organisation_id is not None:
        events = events.filter(organisation_id=organisation_id)
    if upcoming:
        events = events.filter(ends_at__gt=timezone.now())
    return events.order_by("starts_at", "id")


@router.post(
    "/{event_id}/signups",
    response={201: SignUpOut, 200: SignUpOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="signup_create",
)
@require("event.view")
def signup_create(request: HttpRequest, event_id: UUID, payload: SignUpIn) -> Status[SignUpOut]:
    """Sign up. Like the web form, the sign-up is ``unconfirmed`` and holds nothing until the
    person opens the link sent to the address given; then it gets a seat, a seat held for a
    guardian, or the waiting list. The same ``submission_key`` twice returns the first sign-up
    (200) instead of making a second."""
    actor = caller(request)
    event = object_for(request, "event.view", Event, pk=event_id)
    user = None
    if (
        actor.user is not None
        and Membership.objects.active()
        .filter(user=actor.user, organisation_id=event.organisation_id, role=Role.YOUNG_PERSON)
        .exists()
    ):
        user = actor.user
    try:
        result = services.signup_create(event=event, user=user, actor=actor, **payload.dict())
    except DjangoValidationError as error:
        raise _invalid(error) from error
    out = SignUpOut(
        id=result.signup.pk,
        event_id=event.pk,
        status=result.signup.status,
        created=result.created,
        cancel_token=result.cancel_token,
    )
    return Status(201 if result.created else 200, out)


@router.post(
    "/signups/{signup_id}/cancel",
    response={200: SignUpOut, 404: ErrorOut},
    url_name="signup_cancel",
)
@require("signup.cancel")
def signup_cancel(request: HttpRequest, signup_id: UUID) -> SignUpOut:
    signup = object_for(request, "signup.cancel", SignUp, pk=signup_id)
    services.signup_cancel(actor=caller(request), signup=signup)
    signup.refresh_from_db()
    return SignUpOut(id=signup.pk, event_id=signup.event_id, status=signup.status, created=False)


def _panel_out(membership: PanelMembership) -> PanelOut:
    return PanelOut(
        organisation_id=membership.organisation_id,
        topics=list(membership.topics),
        frequency=membership.frequency,
        channel=membership.channel,
        joined_at=membership.joined_at,
        left_at=membership.left_at,
    )


@router.post(
    "/panel/{organisation_id}/join",
    response={200: PanelOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="panel_join",
)
@require("panel.join")
def panel_join(request: HttpRequest, organisation_id: UUID, payload: PanelIn) -> PanelOut:
    """Join the organisation's panel, or change one's choices (young people only)."""
    actor = caller(request)
    organisation = object_for(request, "panel.join", Organisation, pk=organisation_id)
    if actor.user is None:  # the rule lets only young people's own sessions through
        raise ValidationError(
            [{"loc": ["body"], "msg": "Only a young person can join.", "type": "value_error"}]
        )
    try:
        membership = services.panel_join(
            actor=actor,
            organisation=organisation,
            topics=[str(t) for t in payload.topics],
            frequency=str(payload.frequency),
            channel=str(payload.channel),
            contact=payload.contact,
        )
    except DjangoValidationError as error:
        raise _invalid(error) from error
    return _panel_out(membership)


@router.post(
    "/panel/{organisation_id}/leave",
    response={200: PanelOut, 404: ErrorOut},
    url_name="panel_leave",
)
@require("panel.join")
def panel_leave(request: HttpRequest, organisation_id: UUID) -> Any:
    """Leave the panel: no more questions, contact details erased."""
    actor = caller(request)
    organisation = object_for(request, "panel.join", Organisation, pk=organisation_id)
    membership = scope(
        actor,
        "panel.leave",
        PanelMembership.objects.filter(organisation=organisation, left_at__isnull=True),
    ).first()
    if membership is None:
        return Status(404, ErrorOut(detail="Not in the panel."))
    return _panel_out(services.panel_leave(actor=actor, membership=membership))
