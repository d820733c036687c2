"""Every guide on paper: an A3 poster (297 x 420 mm) and an A4 booklet, in Swedish and English,
with every card's question in the PDF."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse

from medskapa.conversations import pdf
from medskapa.conversations.models import Guide, localise_card
from tests.personas import Personas

from .conftest import World

pytestmark = pytest.mark.django_db
PT_PER_MM = 72 / 25.4


def _with_streams(data: bytes) -> bytes:
    """The PDF bytes plus every Flate-compressed stream, inflated (page objects sit in
    compressed object streams)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"\n".join(parts)


def media_boxes_mm(data: bytes) -> list[tuple[float, float]]:
    """Page sizes read from the PDF itself (``/MediaBox [x0 y0 x1 y1]``), in millimetres."""
    number = rb"([\d.\-]+)"
    boxes = re.findall(
        rb"/MediaBox\s*\[\s*" + rb"\s+".join([number] * 4) + rb"\s*\]", _with_streams(data)
    )
    return [
        (round((float(x1) - float(x0)) / PT_PER_MM), round((float(y1) - float(y0)) / PT_PER_MM))
        for x0, y0, x1, y1 in boxes
    ]


def document_text(document) -> str:  # type: ignore[no-untyped-def]
    """All text laid out on the pages (WeasyPrint's boxes, before it is written as PDF)."""
    parts: list[str] = []

    def walk(box) -> None:  # type: ignore[no-untyped-def]
        text = getattr(box, "text", None)
        if isinstance(text, str):
            parts.append(text)
        for child in getattr(box, "children", []) or []:
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(" ".join(parts).split())


def questions(guide: Guide, language: str) -> list[str]:
    version = guide.latest_published()
    assert version is not None
    return [localise_card(card, language)["question"] for card in version.cards()]


@pytest.mark.parametrize("key", ["samtalsstod-unga-vuxna", "samtalsguide-skola"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_poster_is_a3_and_holds_every_question(world: World, key: str, language: str) -> None:
    guide = Guide.objects.get(builtin_key=key)
    version = guide.latest_published()
    assert version is not None
    document = pdf.render_document(version, variant="poster", language=language)
    text = document_text(document)
    for question in questions(guide, language):
        assert " ".join(question.split()) in text, question
    data = document.write_pdf()
    assert data.startswith(b"%PDF")
    sizes = media_boxes_mm(data)
    assert sizes and all(size == (297, 420) for size in sizes), sizes


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_booklet_is_a4_and_holds_every_question(world: World, language: str) -> None:
    version = world.school.latest_published()
    assert version is not None
    document = pdf.render_document(version, variant="booklet", language=language)
    text = document_text(document)
    for question in questions(world.school, language):
        assert " ".join(question.split()) in text, question
    sizes = media_boxes_mm(document.write_pdf())
    assert len(sizes) > 1 and all(size == (210, 297) for size in sizes), sizes


def test_the_pdf_text_itself_holds_the_questions_when_pypdf_is_installed(world: World) -> None:
    pypdf = pytest.importorskip("pypdf")
    import io

    version = world.builtin.latest_published()
    assert version is not None
    reader = pypdf.PdfReader(io.BytesIO(pdf.guide_pdf(version, variant="poster", language="sv")))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    for question in questions(world.builtin, "sv"):
        assert question in text, question


def test_staff_download_the_pdf_and_outsiders_do_not(
    world: World, personas: Personas, client_for
) -> None:
    url = reverse("conversations:guide_pdf", args=[personas.own.pk, world.guide.pk, "poster", "sv"])
    response = client_for(personas.designer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert media_boxes_mm(response.content)[0] == (297, 420)
    outsider = reverse(
        "conversations:guide_pdf", args=[personas.other.pk, world.guide.pk, "poster", "sv"]
    )
    assert client_for(personas.outsider_designer).get(outsider).status_code == 404
    bad = reverse("conversations:guide_pdf", args=[personas.own.pk, world.guide.pk, "poster", "xx"])
    assert client_for(personas.designer).get(bad).status_code == 404


def test_the_pdf_never_fetches_anything_from_the_network() -> None:
    with pytest.raises(ValueError, match="outside"):
        pdf._no_network("https://example.com/font.woff2")
