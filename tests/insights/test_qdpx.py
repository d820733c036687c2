"""REFI-QDA (.qdpx): an export imported again gives the same fragments, codes and patterns."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.insights import importers, qdpx
from medskapa.insights.models import Fragment, Pattern, Source, Tag
from tests.personas import Personas

from .conftest import make_source

pytestmark = pytest.mark.django_db
DEFAULTS = {
    "method": "interview",
    "age_band": "unknown",
    "participant_role": "young_person",
    "participants": 1,
}


def _snapshot(organisation: object) -> list[tuple[str, str, tuple[str, ...], str]]:
    rows = []
    for f in Fragment.objects.filter(organisation=organisation).prefetch_related("tags"):
        tags = tuple(sorted(t.full_name for t in f.tags.all()))
        rows.append((f.source.title, f.text, tags, f.pattern.title if f.pattern else ""))
    return sorted(rows)


def test_export_then_import_gives_the_same_fragments_codes_and_patterns(
    personas: Personas,
) -> None:
    first = make_source(personas.own, "Jag heter Alva.\n\nVäntan är lång.\n\nSkolan är bra.")
    make_source(personas.own, "Min kompis Ali ringde 070-123 45 67.", title="Workshop")
    parent = Tag.objects.create(organisation=personas.own, name="Kontakt", description="Soc")
    child = Tag.objects.create(organisation=personas.own, name="Väntan", parent=parent)
    a, b, _c = first.fragments.order_by("position")
    a.tags.add(parent)
    b.tags.add(child, parent)
    pattern = Pattern.objects.create(organisation=personas.own, title="Väntan utan besked")
    Fragment.objects.filter(pk=b.pk).update(pattern=pattern)

    data = qdpx.export(personas.own)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "project.qde" in archive.namelist()
        xml = archive.read("project.qde").decode()
        assert 'xmlns="urn:QDA-XML:project:1.0"' in xml and "Alva" not in xml
    made = qdpx.import_project(
        actor=actor_for_user(personas.outsider_designer),
        organisation=personas.other,
        data=data,
        defaults=DEFAULTS,
    )
    assert made == 4
    assert _snapshot(personas.other) == _snapshot(personas.own)
    assert Tag.objects.get(organisation=personas.other, name="Väntan").parent.name == "Kontakt"  # type: ignore[union-attr]


def test_an_imported_project_is_masked_and_selections_follow(personas: Personas) -> None:
    text = "Jag heter Alva och bor här. Ring 070-123 45 67 om skolan."
    buffer = io.BytesIO()
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Från QualCoder">'
        '<CodeBook><Codes><Code guid="c1" name="Skola" isCodable="true"/></Codes></CodeBook>'
        '<Sources><TextSource guid="s1" name="Intervju" plainTextPath="internal://s1.txt">'
        '<PlainTextSelection guid="p1" startPosition="0" endPosition="27"/>'
        '<PlainTextSelection guid="p2" startPosition="28" endPosition="57">'
        '<Coding guid="x"><CodeRef targetGUID="c1"/></Coding></PlainTextSelection>'
        "</TextSource></Sources></Project>"
    )
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
        archive.writestr("sources/s1.txt", text)
    qdpx.import_project(
        actor=actor_for_user(personas.designer),
        organisation=personas.own,
        data=buffer.getvalue(),
        defaults=DEFAULTS,
    )
    texts = list(Fragment.objects.order_by("position").values_list("text", flat=True))
    assert texts == ["Jag heter [namn] och bor här.", "Ring [telefon] om skolan."]
    assert "Alva" not in Source.objects.get().text
    assert Fragment.objects.get(position=1).tags.get().name == "Skola"


@pytest.mark.parametrize(
    "data",
    [
        b"not a zip",
        b"",
    ],
)
def test_a_broken_project_imports_nothing(data: bytes, personas: Personas) -> None:
    with pytest.raises(importers.ImportProblem):
        qdpx.import_project(
            actor=actor_for_user(personas.designer),
            organisation=personas.own,
            data=data,
            defaults=DEFAULTS,
        )
    assert Source.objects.count() == 0


def _zip(xml: str, files: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
        for name, body in (files or {}).items():
            archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _zip('<!DOCTYPE x [<!ENTITY a "aaaa">]><Project xmlns="urn:QDA-XML:project:1.0"/>'),
        _zip("<Other/>"),
        _zip(
            '<Project xmlns="urn:QDA-XML:project:1.0"><Sources>'
            '<TextSource guid="s" name="x" plainTextPath="internal://missing.txt"/>'
            "</Sources></Project>"
        ),
        _zip(
            '<Project xmlns="urn:QDA-XML:project:1.0"><Sources>'
            '<TextSource guid="s" name="x" plainTextPath="internal://s.txt">'
            '<PlainTextSelection guid="p" startPosition="5" endPosition="999"/>'
            "</TextSource></Sources></Project>",
            {"sources/s.txt": "kort"},
        ),
    ],
)
def test_a_malformed_project_imports_nothing_at_all(data: bytes, personas: Personas) -> None:
    with pytest.raises(importers.ImportProblem):
        qdpx.import_project(
            actor=actor_for_user(personas.designer),
            organisation=personas.own,
            data=data,
            defaults=DEFAULTS,
        )
    assert Source.objects.count() == 0 and Fragment.objects.count() == 0


def test_the_pages_export_and_import_a_project(personas: Personas, client_for) -> None:
    make_source(personas.own, "Väntan är lång.\n\nSkolan är bra.")
    client = client_for(personas.designer)
    response = client.get(reverse("insights:export", args=[personas.own.pk, "qdpx"]))
    assert response["Content-Type"] == "application/zip"
    Source.objects.all().delete()
    upload = SimpleUploadedFile("projekt.qdpx", response.content)
    form = {
        "title": "Import",
        "method": "interview",
        "date": "2026-03-01",
        "age_band": "13-15",
        "participant_role": "young_person",
        "participants": "1",
        "split_mode": "paragraph",
        "file": upload,
    }
    imported = client.post(reverse("insights:source_create", args=[personas.own.pk]), form)
    assert imported.status_code == 302
    assert sorted(Fragment.objects.values_list("text", flat=True)) == [
        "Skolan är bra.",
        "Väntan är lång.",
    ]
