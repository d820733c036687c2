"""Import: paste, .txt, .docx, .csv and .xlsx (with a column step); malformed and oversized
files get a clear error and import nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from medskapa.audit.models import AuditEvent
from medskapa.insights import importers
from medskapa.insights.models import Fragment, MaskedSpan, Source
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Intervju 1",
        "method": "interview",
        "date": "2026-03-01",
        "unit": "",
        "age_band": "13-15",
        "participant_role": "young_person",
        "participants": "1",
        "consent_reference": "Blankett 12",
        "retention_until": "2027-03-01",
        "text": "",
        "split_mode": "paragraph",
    }
    data.update(overrides)
    return data


def _url(p: Personas) -> str:
    return reverse("insights:source_create", args=[p.own.pk])


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_pasted_text_is_masked_split_into_paragraphs_and_audited(
    personas: Personas, client_for
) -> None:
    text = (
        "U: Jag heter Alva och jag väntade länge.\n\nI: Hur kändes det?\n\nU: Ring 070-123 45 67."
    )
    response = client_for(personas.designer).post(_url(personas), _form(text=text))
    source = Source.objects.get()
    assert response.status_code == 302 and str(source.pk) in response["Location"]
    fragments = list(source.fragments.order_by("position"))
    assert [f.text for f in fragments] == [
        "Jag heter [namn] och jag väntade länge.",
        "Hur kändes det?",
        "Ring [telefon].",
    ]
    assert [f.speaker_role for f in fragments] == ["young_person", "staff", "young_person"]
    assert "Alva" not in source.text and "070" not in source.text
    assert sorted(MaskedSpan.objects.values_list("original", flat=True)) == [
        "070-123 45 67",
        "Alva",
    ]
    assert all(source.text[f.start : f.end] == f.text for f in fragments)
    assert AuditEvent.objects.filter(action="create", object_id=str(source.pk)).exists()


def test_split_by_sentence(personas: Personas, client_for) -> None:
    text = "Skolan är stressig. Proven kommer samtidigt! Vad ska jag göra?"
    client_for(personas.designer).post(_url(personas), _form(text=text, split_mode="sentence"))
    assert list(Fragment.objects.order_by("position").values_list("text", flat=True)) == [
        "Skolan är stressig.",
        "Proven kommer samtidigt!",
        "Vad ska jag göra?",
    ]


def test_a_txt_file_is_imported(personas: Personas, client_for) -> None:
    upload = SimpleUploadedFile("intervju.txt", "Rad ett om skolan.\nRad två om Emma.".encode())
    client_for(personas.designer).post(_url(personas), _form(file=upload))
    assert list(Fragment.objects.order_by("position").values_list("text", flat=True)) == [
        "Rad ett om skolan.",
        "Rad två om [namn].",
    ]


def test_a_latin1_txt_file_is_read(personas: Personas, client_for) -> None:
    upload = SimpleUploadedFile("gammal.txt", "Väntan på svar är jobbig.".encode("cp1252"))
    client_for(personas.designer).post(_url(personas), _form(file=upload))
    assert Fragment.objects.get().text == "Väntan på svar är jobbig."


def test_a_docx_file_is_imported(personas: Personas, client_for) -> None:
    upload = SimpleUploadedFile("workshop.docx", _docx(["Första stycket.", "Andra, om Oskar."]))
    client_for(personas.designer).post(_url(personas), _form(file=upload))
    assert list(Fragment.objects.order_by("position").values_list("text", flat=True)) == [
        "Första stycket.",
        "Andra, om [namn].",
    ]


def _upload_table(client, personas: Personas, name: str, data: bytes):  # type: ignore[no-untyped-def]
    response = client.post(_url(personas), _form(file=SimpleUploadedFile(name, data)))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].endswith("/sources/new/columns/")
    return response


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_table_is_imported_one_fragment_per_row_after_choosing_the_column(
    kind: str, personas: Personas, client_for
) -> None:
    client = client_for(personas.designer)
    rows = [["id", "svar"], [1, "Jag vill kunna sms:a."], [2, "Mejla lisa@ex.se"], [3, ""]]
    if kind == "csv":
        data = "\n".join(";".join(str(c) for c in row) for row in rows).encode()
    else:
        data = _xlsx(rows)
    _upload_table(client, personas, f"svar.{kind}", data)
    assert Source.objects.count() == 0  # nothing until the column is chosen
    pending = client.session["insights_upload"]
    assert default_storage.exists(pending["file"])  # kept in storage, not in the process
    page = client.get(reverse("insights:mapping", args=[personas.own.pk]))
    assert "svar" in page.content.decode()
    client.post(reverse("insights:mapping", args=[personas.own.pk]), {"text_column": "1"})
    assert list(Fragment.objects.order_by("position").values_list("text", flat=True)) == [
        "Jag vill kunna sms:a.",
        "Mejla [e-post]",
    ]
    assert not default_storage.exists(pending["file"])
    assert "insights_upload" not in client.session


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("trasig.docx", b"PK\x03\x04 not really a zip", "inte ett Word-dokument"),
        ("trasig.xlsx", b"not a workbook", "inte en Excel-arbetsbok"),
        ("bild.png", b"\x89PNG", ".xlsx eller .qdpx"),
        ("tom.txt", b"   \n  ", "Filen har ingen text."),
        ("binar.txt", b"\x00\x01\x02\xff\xfe\x00", "gick inte att läsa som text"),
        ("en-rad.csv", b"bara rubrik", "minst en rad med text"),
    ],
)
def test_malformed_files_get_a_clear_error_and_import_nothing(
    name: str, data: bytes, message: str, personas: Personas, client_for
) -> None:
    response = client_for(personas.designer).post(
        _url(personas), _form(file=SimpleUploadedFile(name, data))
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Source.objects.count() == 0 and Fragment.objects.count() == 0


def test_a_file_over_5_mb_is_refused(personas: Personas, client_for) -> None:
    big = SimpleUploadedFile("stor.txt", b"a" * (importers.MAX_BYTES + 1))
    response = client_for(personas.designer).post(_url(personas), _form(file=big))
    assert response.status_code == 200 and Source.objects.count() == 0


def test_too_many_rows_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importers, "MAX_ROWS", 3)
    data = "\n".join(["text"] + [f"rad {i}" for i in range(5)]).encode()
    with pytest.raises(importers.ImportProblem):
        importers.read_table("csv", data)


def test_nothing_is_imported_when_storing_fails_half_way(
    personas: Personas, client_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medskapa.insights import services

    from .conftest import designer_of

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services.MaskedSpan.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        services.source_create(
            actor=designer_of(personas.own),
            organisation=personas.own,
            title="x",
            method="interview",
            text="Hej Alva.",
        )
    assert Source.objects.count() == 0 and Fragment.objects.count() == 0


def test_an_empty_form_says_what_to_do(personas: Personas, client_for) -> None:
    response = client_for(personas.designer).post(_url(personas), _form())
    assert response.status_code == 200 and Source.objects.count() == 0


def test_a_fragment_is_made_from_a_highlighted_part(personas: Personas, client_for) -> None:
    client = client_for(personas.designer)
    client.post(
        _url(personas), _form(text="Jag väntade länge på ett svar från soc.", split_mode="none")
    )
    source = Source.objects.get()
    url = reverse("insights:source", args=[personas.own.pk, source.pk])
    response = client.post(url, {"start": "4", "end": "21", "speaker_role": "young_person"})
    assert response.status_code == 302
    assert source.fragments.order_by("-position").first().text == "väntade länge på"  # type: ignore[union-attr]
    bad = client.post(url, {"start": "30", "end": "10", "speaker_role": "young_person"})
    assert bad.status_code == 200 and source.fragments.count() == 2


def test_the_mapping_step_without_a_file_sends_back_to_the_form(
    personas: Personas, client_for
) -> None:
    response = client_for(personas.designer).get(
        reverse("insights:mapping", args=[personas.own.pk])
    )
    assert response.status_code == 302
