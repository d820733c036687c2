"""Issue 13, findings 6 and 8 (importers): zip bombs are refused before parsing, and what a
file or a person can type never causes a server error nor is stored as something else."""

from __future__ import annotations

import io
import os
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from medskapa.access.actor import actor_for_user
from medskapa.insights import importers, qdpx, services
from medskapa.insights.models import Fragment, MaskedSpan, Pattern, Source, Tag
from medskapa.organisations.models import Role
from tests.personas import Personas

from .conftest import make_source
from .test_import import _form, _url, _xlsx

pytestmark = pytest.mark.django_db
NS = "urn:QDA-XML:project:1.0"
DEFAULTS = {
    "method": "interview",
    "age_band": "unknown",
    "participant_role": "young_person",
    "participants": 1,
}


def _bomb(member: str, unpacked: int = 8 * 1024 * 1024, extra: dict[str, bytes] | None = None):  # type: ignore[no-untyped-def]
    """A zip of a few KB whose ``member`` unpacks to ``unpacked`` bytes of one repeated byte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, body in (extra or {}).items():
            archive.writestr(name, body)
        with archive.open(member, "w", force_zip64=True) as handle:
            chunk = b" " * (1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                handle.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 64 * 1024 < unpacked
    return data


def _import_qdpx(personas: Personas, data: bytes) -> int:
    return qdpx.import_project(
        actor=actor_for_user(personas.designer),
        organisation=personas.own,
        data=data,
        defaults=DEFAULTS,
    )


def _nothing_imported() -> bool:
    return (
        Source.objects.count() == 0
        and Fragment.objects.count() == 0
        and Tag.objects.count() == 0
        and MaskedSpan.objects.count() == 0
    )


# --- Finding 6: zip bombs -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("filename", "member"),
    [
        ("bomb.docx", "word/document.xml"),
        ("bomb.xlsx", "xl/worksheets/sheet1.xml"),
        ("bomb.qdpx", "project.qde"),
    ],
)
def test_a_small_archive_that_unpacks_to_megabytes_is_refused_with_a_clear_error(
    filename: str, member: str, personas: Personas, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    import docx
    import openpyxl

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the parser must not see a bomb")

    monkeypatch.setattr(docx, "Document", never)
    monkeypatch.setattr(openpyxl, "load_workbook", never)
    upload = SimpleUploadedFile(filename, _bomb(member))
    response = client_for(personas.designer).post(_url(personas), _form(file=upload))
    assert response.status_code == 200
    page = response.content.decode()
    assert "inget importerades" in page and "100 gånger" in page
    assert _nothing_imported()


def test_an_archive_over_the_unpacked_limit_is_refused_even_when_barely_compressed(
    personas: Personas, settings
) -> None:
    settings.INSIGHTS_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("project.qde", f'<Project xmlns="{NS}"/>')
        archive.writestr("sources/a.txt", os.urandom(700 * 1024))
        archive.writestr("sources/b.txt", os.urandom(700 * 1024))
    with pytest.raises(importers.ImportProblem, match="1 MB"):
        _import_qdpx(personas, buffer.getvalue())
    assert _nothing_imported()


def test_a_member_that_unpacks_to_more_than_it_declares_is_refused_as_broken(
    personas: Personas,
) -> None:
    """The check reads the declared sizes; a lie about them fails the CRC, never unpacks more."""
    data = bytearray(_bomb("project.qde", 2 * 1024 * 1024))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("project.qde")
    # Patch the central directory's uncompressed size (zip64 extra field) down to 100 bytes.
    declared = info.file_size.to_bytes(8, "little")
    at = bytes(data).rindex(declared)
    data[at : at + 8] = (100).to_bytes(8, "little")
    with pytest.raises(importers.ImportProblem):
        _import_qdpx(personas, bytes(data))
    assert _nothing_imported()


def test_an_ordinary_workbook_and_document_still_import() -> None:
    table = importers.read_table("xlsx", _xlsx([["svar"], ["Det var bra."], ["Mer tid."]]))
    assert table.rows == [["Det var bra."], ["Mer tid."]]


# --- Finding 8: what files hold ---------------------------------------------------------------
def _project(codes: str = "", text: str = "Hej där.", name: str = "Intervju") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "project.qde",
            f'<Project xmlns="{NS}"><CodeBook><Codes>{codes}</Codes></CodeBook><Sources>'
            f'<TextSource guid="s" name="{name}" plainTextPath="internal://s.txt"/>'
            "</Sources></Project>",
        )
        archive.writestr("sources/s.txt", text.encode("utf-8"))
    return buffer.getvalue()


def test_a_project_with_3000_nested_codes_gets_a_clear_error_not_a_server_error(
    personas: Personas, client_for
) -> None:
    nested = "".join(f'<Code guid="c{i}" name="k{i}" isCodable="true">' for i in range(3000))
    nested += "</Code>" * 3000
    upload = SimpleUploadedFile("djup.qdpx", _project(codes=nested))
    response = client_for(personas.designer).post(_url(personas), _form(file=upload))
    assert response.status_code == 200
    assert "djupare än 10 nivåer" in response.content.decode()
    assert _nothing_imported()


def test_codes_nested_ten_deep_still_import(personas: Personas) -> None:
    nested = "".join(f'<Code guid="c{i}" name="k{i}" isCodable="true">' for i in range(10))
    nested += "</Code>" * 10
    _import_qdpx(personas, _project(codes=nested))
    assert Tag.objects.count() == 10


@pytest.mark.parametrize(
    "data",
    [
        _project(text="Hej\x00där."),
        _project(codes='<Code guid="c" name="a&#0;b" isCodable="true"/>'),
        _project(codes='<Code guid="c" name="a\x00b" isCodable="true"/>'),
    ],
)
def test_a_project_with_a_nul_byte_gets_a_clear_error_and_imports_nothing(
    data: bytes, personas: Personas, client_for
) -> None:
    upload = SimpleUploadedFile("nul.qdpx", data)
    response = client_for(personas.designer).post(_url(personas), _form(file=upload))
    assert response.status_code == 200
    page = response.content.decode()
    assert "styrtecken" in page or "REFI-QDA" in page
    assert _nothing_imported()


def test_a_code_name_too_long_is_refused_not_cut(personas: Personas) -> None:
    with pytest.raises(importers.ImportProblem, match="80"):
        _import_qdpx(personas, _project(codes=f'<Code guid="c" name="{"k" * 81}"/>'))
    assert _nothing_imported()


def _with_cached_value(data: bytes, cell: str, value: str) -> bytes:
    """openpyxl writes formulas without a saved value; add one as Excel would."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                start = text.index(f'<c r="{cell}"')
                end = text.index("</c>", start) + len("</c>")
                formula = text[text.index("<f>", start) : text.index("</f>", start) + 4]
                replaced = f'<c r="{cell}" t="str">{formula}<v>{value}</v></c>'
                text = text[:start] + replaced + text[end:]
                body = text.encode()
            target.writestr(item, body)
    return buffer.getvalue()


def test_a_formula_cell_imports_the_value_the_spreadsheet_saved() -> None:
    data = _with_cached_value(
        _xlsx([["svar"], ['=CONCAT("Jag vill ", "ha mer tid.")']]), "A2", "Jag vill ha mer tid."
    )
    assert importers.read_table("xlsx", data).rows == [["Jag vill ha mer tid."]]


def test_a_formula_cell_without_a_saved_value_is_refused_with_its_place(
    personas: Personas, client_for
) -> None:
    data = _xlsx([["id", "svar"], [1, "Bra."], [2, '=CONCAT("a", "b")']])
    upload = SimpleUploadedFile("formel.xlsx", data)
    response = client_for(personas.designer).post(_url(personas), _form(file=upload))
    assert response.status_code == 200
    assert "B3" in response.content.decode()
    assert _nothing_imported()


def test_numbers_and_dates_in_a_workbook_are_text_as_shown_not_python_reprs() -> None:
    import datetime

    data = _xlsx(
        [
            ["a", "b", "c", "d"],
            [3.0, 2.5, datetime.datetime(2026, 3, 1), True],  # noqa: DTZ001 (cells have no zone)
            [7, "x", None, "y"],
        ]
    )
    assert importers.read_table("xlsx", data).rows == [
        ["3", "2.5", "2026-03-01", "TRUE"],
        ["7", "x", "", "y"],
    ]


def test_a_csv_cell_with_a_control_character_is_refused() -> None:
    with pytest.raises(importers.ImportProblem, match="styrtecken"):
        importers.read_table("csv", "svar\nhej\x01där\n".encode())


# --- Finding 8: what people type --------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Intervju\x00"),
        ("title", "Intervju \ud800"),
        ("text", "Hej\x00 där"),
        ("text", "Hej \udfff där"),
        ("consent_reference", "Blankett\x07"),
        ("title", 12345),
        ("text", 12345),
    ],
)
def test_the_source_service_refuses_unstorable_or_non_string_text(
    field: str, value: object, personas: Personas
) -> None:
    arguments: dict[str, Any] = {"title": "Intervju", "text": "Jag fick vänta länge."}
    arguments[field] = value
    with pytest.raises(ValidationError):
        make_source(personas.own, **{"text": arguments.pop("text")}, **arguments)
    assert _nothing_imported()


def test_a_title_over_200_characters_is_refused_not_cut(personas: Personas) -> None:
    with pytest.raises(ValidationError, match="200"):
        make_source(personas.own, title="T" * 201)


def test_source_titles_are_masked(personas: Personas) -> None:
    source = make_source(personas.own, title="Intervju med Amir 081114-2381")
    assert source.title == "Intervju med [namn] [personnummer]"


def test_codebook_names_with_nul_or_surrogates_are_refused(personas: Personas) -> None:
    actor = actor_for_user(personas.designer)
    for name in ("Skola\x00", "Skola\ud800", 42):
        with pytest.raises(ValidationError):
            services.tag_save(actor=actor, organisation=personas.own, name=name)  # type: ignore[arg-type]
    assert Tag.objects.count() == 0


def test_theme_and_pattern_names_over_200_are_refused_with_the_count_not_cut(
    personas: Personas,
) -> None:
    from .conftest import finished_run, seed_corpus

    seed_corpus(personas.own)
    run = finished_run(personas.own)
    theme = run.themes.filter(is_outliers=False).first()
    assert theme is not None
    actor = actor_for_user(personas.designer)
    with pytest.raises(ValidationError, match="201"):
        services.theme_rename(actor=actor, theme=theme, label="x" * 201)
    theme.refresh_from_db()
    assert theme.label != "x" * 200
    with pytest.raises(ValidationError):
        services.theme_rename(actor=actor, theme=theme, label="Namn\x00")
    pattern = Pattern.objects.create(organisation=personas.own, title="Kontakt")
    with pytest.raises(ValidationError, match="201"):
        services.pattern_describe(actor=actor, pattern=pattern, title="p" * 201, description="")
    pattern.refresh_from_db()
    assert pattern.title == "Kontakt"


def test_the_board_shows_a_message_for_a_theme_name_too_long(
    personas: Personas, client_for
) -> None:
    from django.urls import reverse

    from .conftest import finished_run, seed_corpus

    seed_corpus(personas.own)
    run = finished_run(personas.own)
    theme = run.themes.filter(is_outliers=False).first()
    assert theme is not None
    client = client_for(personas.designer)
    response = client.post(
        reverse("insights:board", args=[personas.own.pk, run.pk]),
        {"action": "rename", "theme": str(theme.pk), "label": "y" * 250},
        follow=True,
    )
    assert response.status_code == 200
    assert "högst 200 tecken" in response.content.decode()


@pytest.mark.parametrize(
    "payload",
    [
        {"title": "Från API", "method": "survey", "text": "Hej\u0000 där"},
        {"title": "Från API", "method": "survey", "text": "Hej \ud800 där"},
        {"title": "Från \ud800", "method": "survey", "text": "Hej där."},
        {"title": "Från API", "method": "survey", "text": 12345},
    ],
)
def test_the_api_answers_422_for_unstorable_or_non_string_text(
    payload: dict[str, Any], personas: Personas, api_for
) -> None:
    import json

    api = api_for(Role.DESIGNER)
    body = json.dumps(payload)  # escapes a lone surrogate as \ud800, as a client would send it
    response = api.post(f"/insights/{personas.own.pk}/sources", body)
    assert response.status_code == 422, response.content
    assert Source.objects.count() == 0
