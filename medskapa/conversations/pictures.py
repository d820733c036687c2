"""Pictures on question cards: checked, cleaned and stored by content.

An upload is accepted only if Pillow reads it as PNG, JPEG or WebP (the content decides, never
the file name or the browser's content type), it is at most 2 MB and 4000 × 4000 pixels. The
pixels are then copied into a fresh image and encoded again, so nothing else of the file
survives: no EXIF (camera, time, place), no XMP, no comments, no colour profile, no second
frame. The result is PNG when the picture has transparency or came as PNG, otherwise JPEG.

The file is stored through Django's default storage under a name made of the SHA-256 of the
cleaned bytes. Such a name never changes content, so a published version that names a picture
keeps exactly that picture whatever later happens to the draft: a new upload gets a new name,
and removing a picture only removes the reference. Files are never deleted here (a published
version, a copy in another organisation or a meeting may still name them).

Pictures are never public media: views check who may see the guide or the meeting and stream
the bytes (see ``views.guide_picture`` and ``views.meeting_picture``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 4000
MAX_ALT = 250
FOLDER = "conversations/pictures"
ACCEPTED_FORMATS = ("PNG", "JPEG", "WEBP")
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}
FILE_NAME = re.compile(r"^[0-9a-f]{64}\.(png|jpg)$")


@dataclass(frozen=True)
class CleanPicture:
    data: bytes
    extension: str
    width: int
    height: int

    @property
    def name(self) -> str:
        return f"{FOLDER}/{hashlib.sha256(self.data).hexdigest()}.{self.extension}"


def _bad_file() -> ValidationError:
    return ValidationError(
        _("The file is not a picture we can use. Choose a PNG, JPEG or WebP picture."),
        code="picture_type",
    )


def clean(raw: bytes) -> CleanPicture:
    """Check an uploaded file and return it re-encoded without metadata; ValidationError (in
    words) for anything else. Never raises anything but ValidationError."""
    if not raw:
        raise ValidationError(_("The file is empty. Choose a picture."), code="picture_empty")
    if len(raw) > MAX_BYTES:
        raise ValidationError(
            _("The picture is too big. It can be at most 2 MB."), code="picture_size"
        )
    from PIL import Image

    try:
        return _decode(raw)
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:  # far beyond the limit: Pillow stops first
        raise ValidationError(
            _("The picture has too many pixels. It can be at most %(limit)d × %(limit)d pixels.")
            % {"limit": MAX_SIDE},
            code="picture_dimensions",
        ) from error
    except Exception as error:  # Pillow raises many kinds of errors on broken files.
        raise _bad_file() from error


def _decode(raw: bytes) -> CleanPicture:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(raw), formats=ACCEPTED_FORMATS) as image:
        if image.format not in ACCEPTED_FORMATS:
            raise _bad_file()
        width, height = image.size
        if width < 1 or height < 1:
            raise _bad_file()
        if width > MAX_SIDE or height > MAX_SIDE:
            raise ValidationError(
                _(
                    "The picture is %(width)d × %(height)d pixels. It can be at most "
                    "%(limit)d × %(limit)d pixels."
                )
                % {"width": width, "height": height, "limit": MAX_SIDE},
                code="picture_dimensions",
            )
        source_format = image.format
        if not _looks_complete(raw, source_format):
            raise _bad_file()
        image.seek(0)  # the first frame only
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        has_alpha = upright.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
            upright.mode == "P" and "transparency" in upright.info
        )
        if has_alpha:
            pixels: Any = upright.convert("RGBA")
            extension = "png"
        else:
            pixels = upright.convert("L" if upright.mode in ("1", "L", "I;16") else "RGB")
            extension = "png" if source_format == "PNG" else "jpg"
    # A fresh image from the bare pixels: no info, no EXIF, no profile can come along.
    bare = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())
    out = io.BytesIO()
    if extension == "png":
        bare.save(out, format="PNG", optimize=True)
    else:
        bare.save(out, format="JPEG", quality=85, optimize=True)
    return CleanPicture(out.getvalue(), extension, bare.width, bare.height)


def _looks_complete(raw: bytes, source_format: str) -> bool:
    """A cut-off file must not pass. WeasyPrint turns on Pillow's process-wide
    ``LOAD_TRUNCATED_IMAGES`` (it fills missing pixels with grey), so check the end ourselves."""
    if source_format == "PNG":
        return raw.rfind(b"IEND") > 8
    if source_format == "JPEG":
        return raw.rfind(b"\xff\xd9") > 2
    declared = int.from_bytes(raw[4:8], "little") + 8  # WebP: RIFF size
    return len(raw) >= declared


def store(picture: CleanPicture) -> str:
    """Save through the default storage (once per content) and return the stored name."""
    name = picture.name
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(picture.data))
        if saved != name:  # someone stored the same content meanwhile
            default_storage.delete(saved)
    return name


def is_stored_name(name: Any) -> bool:
    if not isinstance(name, str) or not name.startswith(FOLDER + "/"):
        return False
    return bool(FILE_NAME.match(name[len(FOLDER) + 1 :]))


def full_name(file_name: str) -> str | None:
    """``<sha256>.<ext>`` from a URL → the stored name, or None if it is not one of ours."""
    return f"{FOLDER}/{file_name}" if FILE_NAME.match(file_name or "") else None


def content_type(name: str) -> str:
    return CONTENT_TYPES[name.rsplit(".", 1)[-1]]


def read(name: str) -> bytes | None:
    """The stored bytes, or None when the file is not there (any more)."""
    if not is_stored_name(name):
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return bytes(handle.read())
    except (FileNotFoundError, OSError):
        return None


def data_uri(name: str) -> str | None:
    """For the PDF: the picture inline, so WeasyPrint fetches nothing from any storage."""
    data = read(name)
    if data is None:
        return None
    return f"data:{content_type(name)};base64,{base64.b64encode(data).decode('ascii')}"
