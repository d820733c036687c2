"""Organisations, their units and staff. Every id goes through the permission layer: an
organisation outside the caller's grants is a 404 (and a refusal in the audit log)."""

from typing import Any
from uuid import UUID

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from medskapa.access.reads import disclose
from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.pagination import Page
from medskapa.api.schemas import (
    ErrorOut,
    OrganisationDetailOut,
    OrganisationOut,
    StaffOut,
    UnitIn,
    UnitOut,
    ValidationErrorOut,
)
from medskapa.organisations import selectors, services
from medskapa.organisations.models import Membership, Organisation, Unit

router = Router(tags=["organisations"])

# Service field names -> the API's field names, for errors that point at a field.
_FIELD_NAMES = {"name": "name", "parent": "parent_id"}


def _invalid(field: str | None, *messages: str) -> ValidationError:
    loc: list[str] = ["body", "payload"] + ([field] if field else [])
    return ValidationError([{"loc": loc, "msg": m, "type": "value_error"} for m in messages])


def _invalid_from(error: DjangoValidationError) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return _invalid(None, *error.messages)
    errors: list[dict[str, Any]] = []
    for field, messages in error.message_dict.items():
        api_field = None if field == NON_FIELD_ERRORS else _FIELD_NAMES.get(field)
        errors.extend(_invalid(api_field, *messages).errors)
    return ValidationError(errors)


@router.get("", response=list[OrganisationOut], url_name="organisation_list")
@paginate(Page)
@require("organisation.view")
def organisation_list(request: HttpRequest) -> QuerySet[Organisation]:
    """The organisations the caller belongs to (a token: its own organisation only)."""
    return selectors.organisations_for(caller(request))


@router.get(
    "/{organisation_id}",
    response={200: OrganisationDetailOut, 404: ErrorOut},
    url_name="organisation_detail",
)
@require("organisation.view")
def organisation_detail(request: HttpRequest, organisation_id: UUID) -> Organisation:
    return object_for(request, "organisation.view", Organisation, pk=organisation_id)


@router.get(
    "/{organisation_id}/units",
    response={200: list[UnitOut], 404: ErrorOut},
    url_name="unit_list",
)
@paginate(Page)
@require("unit.view")
def unit_list(request: HttpRequest, organisation_id: UUID) -> QuerySet[Unit]:
    """The unit tree, in tree order (staff only; others get an empty list)."""
    organisation = object_for(request, "organisation.view", Organisation, pk=organisation_id)
    return selectors.units_for(caller(request), organisation)


@router.post(
    "/{organisation_id}/units",
    response={201: UnitOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="unit_create",
)
@require("organisation.manage")
def unit_create(request: HttpRequest, organisation_id: UUID, payload: UnitIn) -> Status[Unit]:
    """Add a unit, at the top level or under ``parent_id`` (a unit of the same organisation)."""
    actor = caller(request)
    organisation = object_for(request, "organisation.manage", Organisation, pk=organisation_id)
    parent = None
    if payload.parent_id is not None:
        parent = (
            selectors.units_for(actor, organisation, "unit.manage")
            .filter(pk=payload.parent_id)
            .first()
        )
        if parent is None:
            raise _invalid("parent_id", _("There is no such unit in this organisation."))
    try:
        unit = services.unit_create(
            actor=actor, organisation=organisation, name=payload.name, parent=parent
        )
    except DjangoValidationError as error:
        raise _invalid_from(error) from error
    except IntegrityError as error:  # a concurrent request made the same unit first
        raise _invalid("name", _("A unit with this name already exists here.")) from error
    return Status(201, unit)


@router.get(
    "/{organisation_id}/staff",
    response={200: list[StaffOut], 404: ErrorOut},
    url_name="staff_list",
)
@paginate(Page)
@require("organisation.view_staff")
def staff_list(request: HttpRequest, organisation_id: UUID) -> QuerySet[Membership]:
    """Staff and their roles: personal data, so each read leaves a VIEW entry in the audit log
    (the list as a whole, written by the layer with the request's other reads)."""
    actor = caller(request)
    organisation = object_for(request, "organisation.view_staff", Organisation, pk=organisation_id)
    disclose(
        request,
        [organisation],
        actor=actor,
        subject="",
        purpose="api: staff list",
        organisation_id=organisation.pk,
    )
    return selectors.staff_memberships_for(actor, organisation)
