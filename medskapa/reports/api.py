"""The reports API router, mounted by medskapa.api.api: the same suppressed figures as the
pages (hidden cells are null)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Router, Schema
from ninja.errors import ValidationError

from medskapa.api.access import object_for, require
from medskapa.api.auth import caller
from medskapa.api.schemas import ErrorOut, Line
from medskapa.organisations.models import Organisation, Unit

from . import dashboards, exports, selectors

router = Router(tags=["reports"])


class TableOut(Schema):
    key: str
    title: str
    header: list[str]
    rows: list[list[str]]


def _month(text: str | None, fallback: date) -> date:
    if not text:
        return fallback
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise ValidationError(
            [{"loc": ["query", "month"], "msg": "Use YYYY-MM.", "type": "value_error"}]
        ) from None


@router.get(
    "/{organisation_id}/wellbeing",
    response={200: list[TableOut], 404: ErrorOut},
    url_name="reports_wellbeing",
)
@require("reports.view")
def wellbeing(
    request: HttpRequest,
    organisation_id: UUID,
    start: Line | None = None,
    end: Line | None = None,
    unit_id: UUID | None = None,
    age_band: Line | None = None,
    area: Line = "",
) -> list[dict[str, Any]]:
    """Every dashboard table for the filters; cells under five (and those hidden with them)
    read "hidden", as on the page and in CSV."""
    actor = caller(request)
    organisation = object_for(request, "reports.view", Organisation, pk=organisation_id)
    default_start, default_end = selectors.default_period()
    units = selectors.units_in_reach(actor, organisation)
    unit: Unit | None = None
    if unit_id is not None:
        unit = next((u for u in units if u.pk == unit_id), None)
        if unit is None:
            raise ValidationError(
                [{"loc": ["query", "unit_id"], "msg": "Unknown unit.", "type": "value_error"}]
            )
    areas = selectors.areas_of(organisation, (get_language() or "sv")[:2])
    filters = dashboards.Filters(
        start=_month(start, default_start),
        end=_month(end, default_end),
        unit=unit,
        age_band=age_band,
        area=area,
    )
    board = dashboards.build(actor, organisation, filters, areas)
    return [exports.as_dict(t) for t in exports.dashboard_tables(board)]
