"""Card pictures: only real PNG/JPEG/WebP pictures within 2 MB and 4000 × 4000 px are kept,
re-encoded without metadata, stored by content through the default storage, described for
screen readers, kept by published versions, drawn on every card view and in the PDFs, and
served only to people who may see the guide."""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from medskapa.access.actor import actor_for_user
from medskapa.conversations import pdf, pictures, services
from medskapa.conversations.models import Guide, GuideVersion
from tests.personas import Personas

from .conftest import World
from .test_pdf import _with_streams

pytestmark = pytest.mark.django_db


def picture_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (40, 30), mode: str = "RGB", **save: Any
) -> bytes:
    image = Image.new(mode, size, (200, 80, 40) if mode == "RGB" else None)
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0132] = "2026:05:01 12:00:00"  # DateTime
    exif[0x8825] = {1: "N", 2: (59.0, 19.0, 48.0), 3: "E", 4: (17.0, 38.0, 0.0)}  # GPS
    return picture_bytes("JPEG", exif=exif.tobytes())


def stored_files() -> list[str]:
    try:
        return default_storage.listdir(pictures.FOLDER)[1]
    except FileNotFoundError:
        return []


def first_key(guide: Guide) -> str:
    version = guide.latest_published()
    assert version is not None
    return str(version.cards()[0]["key"])


def card_form_data(version: GuideVersion, key: str, **extra: Any) -> dict[str, Any]:
    card = version.card(key)
    assert card is not None
    data = {
        "section": "0",
        "question_sv": card["question"]["sv"],
        "question_en": card["question"].get("en", ""),
        "answer_type": card["answer_type"],
        "options_sv": "\n".join(o["sv"] for o in card.get("options", [])),
        "options_en": "\n".join(o["en"] for o in card.get("options", [])),
        "why_sv": "",
        "why_en": "",
        "hint_sv": "",
        "hint_en": "",
        "picture_alt_sv": "",
        "picture_alt_en": "",
    }
    data.update(extra)
    return data


def card_url(p: Personas, guide: Guide, key: str) -> str:
    return reverse("conversations:card_edit", args=[p.own.pk, guide.pk, key])


def add_picture(world: World, p: Personas, raw: bytes | None = None, alt: str = "En hund") -> str:
    """Through the service: a picture on the first card of the own guide's draft."""
    key = first_key(world.guide)
    version = world.guide.latest_published()
    assert version is not None
    card = version.card(key)
    assert card is not None
    services.card_save(
        actor=actor_for_user(p.designer),
        guide=world.guide,
        key=key,
        data=card,
        picture=services.PictureInput(
            upload=raw or picture_bytes(), alt={"sv": alt, "en": "A dog"}
        ),
    )
    return key


def draft_picture(guide: Guide, key: str) -> dict[str, Any]:
    draft = guide.draft()
    assert draft is not None
    card = draft.card(key)
    assert card is not None
    picture: dict[str, Any] = card["picture"]
    return picture


# --- Checking and cleaning files ------------------------------------------------------------
@pytest.mark.parametrize(
    ("fmt", "mode", "extension"),
    [("PNG", "RGB", "png"), ("JPEG", "RGB", "jpg"), ("WEBP", "RGB", "jpg"), ("PNG", "RGBA", "png")],
)
def test_png_jpeg_and_webp_are_accepted_and_re_encoded(fmt: str, mode: str, extension: str) -> None:
    cleaned = pictures.clean(picture_bytes(fmt, mode=mode))
    assert cleaned.extension == extension
    assert (cleaned.width, cleaned.height) == (40, 30)
    assert cleaned.name.startswith("conversations/pictures/")
    assert pictures.is_stored_name(cleaned.name)


def test_location_and_camera_data_are_removed_from_the_stored_file() -> None:
    raw = jpeg_with_location()
    with Image.open(io.BytesIO(raw)) as original:
        assert original.getexif().get(0x010F) == "SecretCam"  # the test file really has EXIF
    cleaned = pictures.clean(raw)
    assert b"Exif" not in cleaned.data and b"SecretCam" not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as image:
        assert not image.getexif()
        assert "exif" not in image.info and "icc_profile" not in image.info


def test_text_chunks_in_a_png_are_removed() -> None:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Hemadress: Storgatan 1")
    cleaned = pictures.clean(picture_bytes("PNG", pnginfo=info))
    assert b"Storgatan" not in cleaned.data


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not a picture at all",
        b"%PDF-1.7\n" + b"0" * 100,
        b"<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        picture_bytes("GIF", mode="L"),
        picture_bytes("BMP"),
        picture_bytes("PNG", size=(300, 300))[:-40],  # cut off
        picture_bytes("JPEG", size=(300, 300))[:-40],
        picture_bytes("WEBP", size=(300, 300))[:-40],
    ],
    ids=["empty", "text", "pdf", "svg", "gif", "bmp", "cut-png", "cut-jpeg", "cut-webp"],
)
def test_files_that_are_not_whole_png_jpeg_or_webp_are_refused(
    raw: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Also when WeasyPrint has switched on Pillow's "load truncated images" for the process.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ValidationError):
        pictures.clean(raw)


def test_a_file_over_2_mb_is_refused_before_it_is_decoded() -> None:
    with pytest.raises(ValidationError) as error:
        pictures.clean(picture_bytes() + b"\0" * pictures.MAX_BYTES)
    assert error.value.code == "picture_size"


def test_a_picture_over_4000_pixels_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        pictures.clean(picture_bytes("PNG", size=(4001, 2), mode="L"))
    assert error.value.code == "picture_dimensions"
    assert "4001" in error.value.messages[0]


def test_a_decompression_bomb_is_refused_as_too_many_pixels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = picture_bytes("PNG", size=(40, 40), mode="L")
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # Pillow refuses over 2 × this
    with pytest.raises(ValidationError) as error:
        pictures.clean(raw)
    assert error.value.code == "picture_dimensions"


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_a_picture_or_a_validation_error(raw: bytes) -> None:
    for candidate in (raw, b"\x89PNG\r\n\x1a\n" + raw, b"\xff\xd8\xff" + raw, b"RIFF" + raw):
        with contextlib.suppress(ValidationError):
            pictures.clean(candidate)


# --- The card editor ------------------------------------------------------------------------
def test_uploading_a_picture_in_the_card_editor_stores_it_cleaned_with_its_alt_text(
    world: World, personas: Personas, client_for: Any
) -> None:
    client = client_for(personas.designer)
    version = world.guide.latest_published()
    assert version is not None
    key = first_key(world.guide)
    upload = SimpleUploadedFile("dog.jpg", jpeg_with_location(), content_type="image/jpeg")
    data = card_form_data(version, key, picture=upload, picture_alt_sv="En glad hund")
    response = client.post(card_url(personas, world.guide, key), data)
    assert response.status_code == 302
    picture = draft_picture(world.guide, key)
    assert picture["alt"] == {"sv": "En glad hund", "en": ""} and not picture["decorative"]
    stored = default_storage.open(picture["file"]).read()
    assert b"SecretCam" not in stored
    assert stored_files() == [picture["file"].rsplit("/", 1)[-1]]


@pytest.mark.parametrize(
    ("name", "raw", "content_type"),
    [
        ("dog.png", b"GIF89a not really", "image/png"),
        ("dog.exe", b"MZ\x90\x00", "application/octet-stream"),
        ("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (pictures.MAX_BYTES + 10), "image/png"),
    ],
    ids=["wrong-content", "wrong-type", "too-big"],
)
def test_a_bad_file_gives_a_clear_error_and_saves_nothing(
    world: World, personas: Personas, client_for: Any, name: str, raw: bytes, content_type: str
) -> None:
    client = client_for(personas.designer)
    version = world.guide.latest_published()
    assert version is not None
    key = first_key(world.guide)
    upload = SimpleUploadedFile(name, raw, content_type=content_type)
    data = card_form_data(version, key, picture=upload, picture_alt_sv="Hund")
    response = client.post(card_url(personas, world.guide, key), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "picture" in errors
    assert world.guide.draft() is None
    assert stored_files() == []


def test_the_swedish_alt_text_is_needed_unless_the_picture_is_decoration(
    world: World, personas: Personas, client_for: Any
) -> None:
    client = client_for(personas.designer)
    version = world.guide.latest_published()
    assert version is not None
    key = first_key(world.guide)
    url = card_url(personas, world.guide, key)
    upload = SimpleUploadedFile("dog.png", picture_bytes(), content_type="image/png")
    response = client.post(url, card_form_data(version, key, picture=upload, picture_alt_en="Dog"))
    assert response.status_code == 200
    assert "picture_alt_sv" in response.context["form"].errors
    assert world.guide.draft() is None and stored_files() == []
    # Decoration only: no description needed, and none is kept.
    upload = SimpleUploadedFile("dog.png", picture_bytes(), content_type="image/png")
    data = card_form_data(
        version, key, picture=upload, picture_alt_en="Dog", picture_decorative="on"
    )
    assert client.post(url, data).status_code == 302
    picture = draft_picture(world.guide, key)
    assert picture["decorative"] and picture["alt"] == {"sv": "", "en": ""}
    page = client.get(reverse("conversations:guide_edit", args=[personas.own.pk, world.guide.pk]))
    assert b'alt=""' in page.content


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(min_size=1, max_size=400), prefix=st.sampled_from([b"", b"\x89PNG\r\n\x1a\n"]))
def test_random_bytes_uploaded_never_give_a_server_error(
    world: World, personas: Personas, client_for: Any, raw: bytes, prefix: bytes
) -> None:
    client = client_for(personas.designer)
    version = world.guide.latest_published()
    assert version is not None
    key = first_key(world.guide)
    upload = SimpleUploadedFile("x.png", prefix + raw, content_type="image/png")
    data = card_form_data(version, key, picture=upload, picture_alt_sv="Hund")
    response = client.post(card_url(personas, world.guide, key), data)
    assert response.status_code in {200, 302}


def test_editing_a_card_keeps_its_picture_and_remove_takes_it_away(
    world: World, personas: Personas, client_for: Any
) -> None:
    key = add_picture(world, personas)
    name = draft_picture(world.guide, key)["file"]
    client = client_for(personas.designer)
    draft = world.guide.draft()
    assert draft is not None
    url = card_url(personas, world.guide, key)
    page = client.get(url)
    assert 'value="En hund"' in page.content.decode()
    data = card_form_data(draft, key, question_sv="Ny fråga?", picture_alt_sv="En hund")
    assert client.post(url, data).status_code == 302
    assert draft_picture(world.guide, key)["file"] == name
    draft.refresh_from_db()
    data = card_form_data(draft, key, picture_remove="on")
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert "picture" not in (draft.card(key) or {})
    # The file stays: a published version or a copy may still name it.
    assert default_storage.exists(name)


# --- Versions -------------------------------------------------------------------------------
def test_a_published_version_keeps_its_picture_when_the_draft_changes_picture(
    world: World, personas: Personas
) -> None:
    actor = actor_for_user(personas.designer)
    key = add_picture(world, personas, picture_bytes(size=(10, 10)))
    published = services.version_publish(actor=actor, guide=world.guide)
    first_name = published.card(key)["picture"]["file"]  # type: ignore[index]
    first_bytes = default_storage.open(first_name).read()
    # A new draft with a different picture, then one without.
    add_picture(world, personas, picture_bytes(size=(20, 20)))
    second_name = draft_picture(world.guide, key)["file"]
    assert second_name != first_name
    draft = world.guide.draft()
    assert draft is not None
    services.card_save(
        actor=actor,
        guide=world.guide,
        key=key,
        data=draft.card(key),  # type: ignore[arg-type]
        picture=services.PictureInput(remove=True),
    )
    published.refresh_from_db()
    assert published.card(key)["picture"]["file"] == first_name  # type: ignore[index]
    assert default_storage.open(first_name).read() == first_bytes


# --- Who sees a picture ---------------------------------------------------------------------
def picture_url(p: Personas, guide: Guide, name: str, organisation: Any = None) -> str:
    org = organisation or p.own
    return reverse("conversations:guide_picture", args=[org.pk, guide.pk, name.rsplit("/")[-1]])


def test_a_picture_is_served_by_a_view_only_to_those_who_may_see_the_guide(
    world: World, personas: Personas, client_for: Any
) -> None:
    key = add_picture(world, personas)
    name = draft_picture(world.guide, key)["file"]
    url = picture_url(personas, world.guide, name)
    response = client_for(personas.worker).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content == default_storage.open(name).read()
    assert "public" not in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    for outsider in (personas.outsider_designer, personas.young, personas.guardian):
        assert client_for(outsider).get(url).status_code == 404, outsider
    # Through the other organisation's address: still 404.
    other_url = picture_url(personas, world.guide, name, organisation=personas.other)
    assert client_for(personas.outsider_designer).get(other_url).status_code == 404
    # A name that this guide does not use is not served, even if the file exists.
    other = services.card_save(
        actor=actor_for_user(personas.outsider_designer),
        guide=world.other_guide,
        key=first_key(world.other_guide),
        data=world.other_guide.latest_published().card(first_key(world.other_guide)),  # type: ignore[arg-type,union-attr]
        picture=services.PictureInput(
            upload=picture_bytes(size=(7, 7)), alt={"sv": "Katt", "en": ""}
        ),
    )
    other_name = draft_picture(world.other_guide, other)["file"]
    assert (
        client_for(personas.worker).get(picture_url(personas, world.guide, other_name)).status_code
        == 404
    )
    assert client_for(personas.worker).get(url[:-4] + ".gif").status_code == 404


def test_library_guides_show_published_pictures_to_other_staff_but_never_the_draft(
    world: World, personas: Personas, client_for: Any
) -> None:
    actor = actor_for_user(personas.designer)
    key = add_picture(world, personas, picture_bytes(size=(11, 11)))
    services.version_publish(actor=actor, guide=world.guide)
    services.library_set(actor=actor, guide=world.guide, shared=True)
    published_name = world.guide.latest_published().card(key)["picture"]["file"]  # type: ignore[index,union-attr]
    add_picture(world, personas, picture_bytes(size=(12, 12)))
    draft_name = draft_picture(world.guide, key)["file"]
    outsider = client_for(personas.outsider_worker)
    there = personas.other
    assert (
        outsider.get(picture_url(personas, world.guide, published_name, there)).status_code == 200
    )
    assert outsider.get(picture_url(personas, world.guide, draft_name, there)).status_code == 404


def test_the_young_person_and_the_worker_see_the_picture_of_the_meetings_version(
    world: World, personas: Personas, client_for: Any
) -> None:
    actor = actor_for_user(personas.designer)
    key = add_picture(world, personas)
    services.version_publish(actor=actor, guide=world.guide)
    meeting = services.meeting_create(
        actor=actor_for_user(personas.worker),
        organisation=personas.own,
        guide=world.guide,
        young_person=personas.young,
    )
    version = meeting.version
    name = version.card(key)["picture"]["file"].rsplit("/")[-1]  # type: ignore[index]
    mine = reverse("conversations:my_picture", args=[meeting.pk, name])
    theirs = reverse("conversations:meeting_picture", args=[personas.own.pk, meeting.pk, name])
    assert client_for(personas.young).get(mine).status_code == 200
    assert client_for(personas.worker).get(theirs).status_code == 200
    for other in (personas.young_other, personas.worker, personas.outsider_young):
        assert client_for(other).get(mine).status_code == 404
    for other in (personas.colleague, personas.young, personas.outsider_worker):
        assert client_for(other).get(theirs).status_code == 404
    # The old meeting (made before the picture) does not serve it.
    old = reverse("conversations:my_picture", args=[world.meeting.pk, name])
    assert client_for(personas.young).get(old).status_code == 404

    # Drawn on the prepare card, in meeting mode and next to the summary.
    number = [c["key"] for c in version.cards()].index(key) + 1
    young = client_for(personas.young)
    page = young.get(reverse("conversations:prepare_card", args=[meeting.pk, number])).content
    assert mine.encode() in page and b'alt="En hund"' in page
    worker = client_for(personas.worker)
    mode = reverse("conversations:meeting_mode", args=[personas.own.pk, meeting.pk, number])
    assert theirs.encode() in worker.get(mode).content
    services.answer_save(
        actor=actor_for_user(personas.young),
        meeting=meeting,
        data=services.AnswerInput(card_key=key, text="Min hund"),
    )
    services.answers_share(actor=actor_for_user(personas.young), meeting=meeting, shared_keys={key})
    summary = reverse("conversations:summary_edit", args=[personas.own.pk, meeting.pk])
    assert theirs.encode() in worker.get(summary).content


def test_english_pages_use_the_english_alt_text_or_fall_back_to_swedish(
    world: World, personas: Personas
) -> None:
    from medskapa.conversations.models import localise_card

    key = add_picture(world, personas)
    draft = world.guide.draft()
    assert draft is not None
    card = draft.card(key)
    assert localise_card(card, "en")["picture"]["alt"] == "A dog"  # type: ignore[arg-type]
    card["picture"]["alt"]["en"] = ""  # type: ignore[index]
    assert localise_card(card, "en")["picture"]["alt"] == "En hund"  # type: ignore[arg-type]


# --- Paper ----------------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["poster", "booklet"])
def test_the_picture_is_drawn_in_the_pdf(world: World, personas: Personas, variant: str) -> None:
    actor = actor_for_user(personas.designer)
    before = world.guide.latest_published()
    assert before is not None
    without = _with_streams(pdf.guide_pdf(before, variant=variant, language="sv"))
    assert b"/Subtype /Image" not in without
    add_picture(world, personas, picture_bytes("JPEG", size=(60, 40)))
    version = services.version_publish(actor=actor, guide=world.guide)
    html = pdf.guide_html(version, variant=variant, language="sv")
    assert 'src="data:image/jpeg;base64,' in html and 'alt="En hund"' in html
    data = _with_streams(pdf.guide_pdf(version, variant=variant, language="sv"))
    assert b"/Subtype /Image" in data


@pytest.mark.parametrize("url", ["file:///etc/passwd", "https://example.com/x.png"])
def test_the_pdf_fetcher_reads_data_urls_only(url: str) -> None:
    with pytest.raises(ValueError):
        pdf._data_only_fetcher().fetch(url)
    assert pdf._data_only_fetcher().fetch("data:text/plain;base64,aGVq").read() == b"hej"
