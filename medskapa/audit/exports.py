"""The access log as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .selectors import EventRow

# A spreadsheet treats a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    """The value as text, with a leading quote when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def header() -> list[str]:
    return [
        _("Event"),
        _("Time (%(zone)s)") % {"zone": timezone.get_default_timezone_name()},
        _("Who"),
        _("User id"),
        _("Kind of actor"),
        _("Role"),
        _("Action"),
        _("Object type"),
        _("Object id"),
        _("About whom"),
        _("Person id"),
        _("Purpose"),
        _("Detail"),
        _("Request id"),
        _("IP address"),
        _("Hash"),
    ]


def cells(row: EventRow) -> list[str]:
    event = row.event
    local = timezone.localtime(event.occurred_at, timezone.get_default_timezone())
    values = [
        event.id,
        local.isoformat(timespec="seconds"),
        row.who,
        event.actor_id,
        event.actor_kind,
        row.role,
        event.get_action_display(),
        event.object_type,
        event.object_id,
        row.subject,
        event.subject_id,
        event.purpose,
        event.detail,
        event.request_id,
        event.ip,
        event.hash,
    ]
    return [safe_cell(value) for value in values]


class _Echo:
    """A file-like object that hands back what the CSV writer writes, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[EventRow]) -> Iterator[str]:
    """The CSV, line by line; starts with a byte-order mark so spreadsheets read UTF-8 (å, ä, ö)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + str(writer.writerow(header()))
    for row in rows:
        yield str(writer.writerow(cells(row)))
