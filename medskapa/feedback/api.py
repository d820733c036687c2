"""The feedback API router, mounted by medskapa.api.api at ``/api/v1/feedback/``.

- ``GET /inbox``: the logged-in young person's answers ("ni sa – vi gjorde"), newest first.
- ``POST /inbox/{delivery_id}/read``: mark one as read.
- ``POST /messages/{message_id}/publish``: staff (designers, managers) publish a message;
  the answer holds only a count, "färre än 5" under five — never who.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.pagination import Page
from medskapa.api.schemas import ErrorOut

from . import selectors, services
from .models import FeedbackDelivery, FeedbackMessage

router = Router(tags=["feedback"])


class DeliveryOut(Schema):
    id: UUID
    organisation_id: UUID
    kind: str
    title: str
    body: str
    delivered_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_kind(obj: FeedbackDelivery) -> str:
        return obj.message.kind

    @staticmethod
    def resolve_title(obj: FeedbackDelivery) -> str:
        return obj.message.title

    @staticmethod
    def resolve_body(obj: FeedbackDelivery) -> str:
        return obj.message.body


class PublishedOut(Schema):
    id: UUID
    status: str
    young_people: str


@router.get("/inbox", response=list[DeliveryOut], url_name="feedback_inbox")
@paginate(Page)
@require("feedback_delivery.read")
def inbox(request: HttpRequest) -> QuerySet[FeedbackDelivery]:
    """The caller's own answers (young people only; anyone else gets an empty list)."""
    return selectors.inbox_for(caller(request))


@router.post("/inbox/{delivery_id}/read", response=DeliveryOut, url_name="feedback_read")
@require("feedback_delivery.read")
def mark_read(request: HttpRequest, delivery_id: UUID) -> FeedbackDelivery:
    delivery = object_for(
        request,
        "feedback_delivery.read",
        FeedbackDelivery.objects.select_related("message"),
        pk=delivery_id,
    )
    return services.delivery_mark_read(actor=caller(request), delivery=delivery)


@router.post(
    "/messages/{message_id}/publish",
    response={200: PublishedOut, 400: ErrorOut},
    url_name="feedback_publish",
)
@require("feedback_message.manage")
def publish(request: HttpRequest, message_id: UUID) -> PublishedOut:
    message = object_for(request, "feedback_message.manage", FeedbackMessage, pk=message_id)
    try:
        message = services.message_publish_request(actor=caller(request), message=message)
    except DjangoValidationError as error:
        raise HttpError(400, " ".join(error.messages)) from error
    message.refresh_from_db()
    count = message.recipient_count
    return PublishedOut(
        id=message.pk,
        status=message.status,
        young_people="" if count is None else selectors.count_label(count),
    )
