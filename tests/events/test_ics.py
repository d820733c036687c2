"""The calendar file follows RFC 5545: CRLF, folding at 75 octets, escaping, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from medskapa.events.ics import CalendarEvent, calendar, escape_text, fold

NOW = datetime(2026, 3, 1, 10, 0, tzinfo=UTC)


def _unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def test_text_values_are_escaped() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters() -> None:
    line = "DESCRIPTION:" + "åäö " * 40
    folded = fold(line)
    for part in folded.split("\r\n"):
        assert len(part.encode("utf-8")) <= 75
    assert _unfold(folded) == line


@given(st.text(min_size=0, max_size=400))
def test_folding_never_loses_or_breaks_anything(text: str) -> None:
    line = "SUMMARY:" + escape_text(text)
    folded = fold(line)
    assert _unfold(folded) == line
    assert all(len(p.encode("utf-8")) <= 75 for p in folded.split("\r\n"))


def test_the_file_has_crlf_lines_uid_and_utc_times() -> None:
    body = calendar(
        CalendarEvent(
            uid="abc@medskapa",
            title="Fika, idéer; och mer",
            starts_at=datetime(2026, 5, 4, 15, 0, tzinfo=UTC),
            ends_at=datetime(2026, 5, 4, 17, 0, tzinfo=UTC),
            location="Storgatan 1",
            description="Rad ett\nRad två " + "x" * 100,
        ),
        now=NOW,
    )
    assert body.endswith("\r\n")
    assert "\n" not in body.replace("\r\n", "")
    lines = _unfold(body).split("\r\n")
    assert "UID:abc@medskapa" in lines
    assert "DTSTAMP:20260301T100000Z" in lines
    assert "DTSTART:20260504T150000Z" in lines
    assert "DTEND:20260504T170000Z" in lines
    assert "SUMMARY:Fika\\, idéer\\; och mer" in lines
    assert any(line.startswith("DESCRIPTION:Rad ett\\nRad två") for line in lines)
