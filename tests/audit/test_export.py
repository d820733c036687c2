"""CSV export of the filtered log: its content, the formula guard, and that it is itself logged."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from medskapa.audit.exports import safe_cell
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Organisation
from tests.personas import Personas

from .helpers import Action, log


def export_url(org: Organisation, **params: str) -> str:
    base = reverse("audit:export", args=[org.pk])
    return f"{base}?{urlencode(params)}" if params else base


def read_csv(response: StreamingHttpResponse) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_export_is_a_csv_download_of_the_organisations_events(
    personas: Personas, client_for
) -> None:
    event = log(personas.worker, personas.own.pk, subject=personas.young, purpose="meeting")
    log(personas.outsider_worker, personas.other.pk, purpose="other-org")

    response = client_for(personas.admin).get(export_url(personas.own))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="access-log-egen-')
    assert response["Cache-Control"] == "no-store"
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:3] == ["Event", "Time (Europe/Stockholm)", "Who"]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    row = by_id[str(event.id)]
    assert row["Who"] == "Worker"
    assert row["User id"] == str(personas.worker.pk)
    assert row["Role"] == "Worker"
    assert row["Action"] == "Viewed"
    assert row["About whom"] == "Young"
    assert row["Person id"] == str(personas.young.pk)
    assert row["Purpose"] == "meeting"
    assert row["Request id"] == event.request_id
    assert row["IP address"] == "192.0.2.10"
    assert row["Hash"] == event.hash
    assert row["Time (Europe/Stockholm)"].endswith(("+01:00", "+02:00"))
    assert all(r[11] != "other-org" for r in body)


def test_the_export_follows_the_filters(personas: Personas, client_for) -> None:
    log(personas.worker, personas.own.pk, purpose="a-view")
    log(personas.admin, personas.own.pk, action=Action.UPDATE, purpose="an-update")

    rows = read_csv(client_for(personas.admin).get(export_url(personas.own, action="update")))

    purposes = [row[11] for row in rows[1:]]
    assert purposes == ["an-update"]


@pytest.mark.parametrize(
    "dangerous",
    ['=HYPERLINK("http://evil.example")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_cells_that_a_spreadsheet_would_run_as_formulas_are_quoted(
    personas: Personas, client_for, dangerous: str
) -> None:
    log(personas.worker, personas.own.pk, purpose=dangerous, detail=dangerous)

    rows = read_csv(client_for(personas.admin).get(export_url(personas.own, user="worker")))

    assert rows[1][11] == "'" + dangerous
    assert rows[1][12] == "'" + dangerous
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1", "'=1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (42, "42"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_safe_cell(value: object, cell: str) -> None:
    assert safe_cell(value) == cell


def test_the_export_itself_is_logged(personas: Personas, client_for) -> None:
    response = client_for(personas.manager).get(
        export_url(personas.own, action="view", date_from="2026-01-01")
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.EXPORT, actor_id=personas.manager.pk)
    assert event.organisation_id == personas.own.pk
    assert event.actor_role == "manager"
    assert event.object_type == "audit.auditevent"
    assert "action=view" in event.detail
    assert "date_from=2026-01-01" in event.detail


@pytest.mark.parametrize("who", ["worker", "designer", "young", "outsider_admin"])
def test_no_one_else_can_export_and_nothing_is_exported(
    personas: Personas, client_for, who: str
) -> None:
    log(personas.worker, personas.own.pk, purpose="secret-meeting")
    user = getattr(personas, who)
    response = client_for(user).get(export_url(personas.own))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
    assert AuditEvent.objects.filter(action=Action.DENIED, actor_id=user.pk).exists()


def test_an_export_with_malformed_filters_goes_back_to_the_page_with_the_error(
    personas: Personas, client_for
) -> None:
    client = client_for(personas.admin)
    response = client.get(export_url(personas.own, date_from="2026-13-01"))
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Enter a valid date." in page.content.decode()
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
