"""Reading uploaded files and splitting text into fragments. No database writes here.

Every reader raises ``ImportProblem`` with a translated message for a file it cannot read,
so the view shows it and nothing is imported.

Archives (.docx, .xlsx, .qdpx are zip files) are checked before any parser sees them: the
number of members, each member's compression ratio and the total unpacked size are bounded
(``INSIGHTS_IMPORT_MAX_UNPACKED_BYTES``, default 50 MB; ``INSIGHTS_IMPORT_MAX_RATIO``, default
100), so a small "zip bomb" cannot make the worker unpack gigabytes. The sizes checked are
those of the zip's central directory, and Python's ``zipfile`` (which python-docx, openpyxl
and our .qdpx reader all use) never returns more bytes than a member declares, so the check
bounds what is unpacked; a member that unpacks to more than it declares fails its CRC and is
refused as a broken file.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .models import ParticipantRole
from .text import unstorable

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_TEXT_CHARS = 2_000_000
TEXT_KINDS = ("txt", "docx")
TABLE_KINDS = ("csv", "xlsx")
PROJECT_KINDS = ("qdpx",)
MAX_ARCHIVE_MEMBERS = 2_000
# The ratio applies to members large enough to matter: small XML parts compress very well.
RATIO_APPLIES_ABOVE = 1024 * 1024


class ImportProblem(ValueError):
    """A file or text that cannot be imported; the message is shown to the person."""


def kind_of(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in TEXT_KINDS + TABLE_KINDS + PROJECT_KINDS:
        raise ImportProblem(_("Choose a .txt, .docx, .csv, .xlsx or .qdpx file."))
    return suffix


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ImportProblem(_("The file is too big. The largest file you can import is 5 MB."))
    if size == 0:
        raise ImportProblem(_("The file is empty."))


def check_archive(data: bytes, *, not_readable: str) -> zipfile.ZipFile:
    """Open a zip archive for reading after bounding what it unpacks to (see the module);
    ``not_readable`` is the message for a file that is no zip archive at all."""
    max_total = int(getattr(settings, "INSIGHTS_IMPORT_MAX_UNPACKED_BYTES", 50 * 1024 * 1024))
    max_ratio = float(getattr(settings, "INSIGHTS_IMPORT_MAX_RATIO", 100))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ImportProblem(not_readable) from error
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(1, member.compress_size)
        too_packed = member.file_size > RATIO_APPLIES_ABOVE and ratio > max_ratio
        if len(members) > MAX_ARCHIVE_MEMBERS or total > max_total or too_packed:
            archive.close()
            raise ImportProblem(
                _(
                    "The file unpacks to far more than its size (more than %(mb)d MB, or "
                    "compressed more than %(ratio)d times). It may be damaged or made to harm, "
                    "so nothing was imported."
                )
                % {"mb": max_total // (1024 * 1024), "ratio": int(max_ratio)}
            )
    return archive


def refuse_unstorable(text: str) -> str:
    """Imported text with a NUL, another control character or a lone surrogate is refused
    (PostgreSQL cannot store a NUL; a lone surrogate cannot be encoded at all)."""
    if unstorable(text, multiline=True):
        raise ImportProblem(
            _(
                "The file contains invisible control characters (for example a NUL byte) that "
                "cannot be stored. Remove them, save the file again and try again."
            )
        )
    return text


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise ImportProblem(
        _("The file could not be read as text. Save it as UTF-8 text and try again.")
    )


def read_text_file(kind: str, data: bytes) -> str:
    check_size(len(data))
    if kind == "txt":
        text = _decode(data)
    elif kind == "docx":
        text = _read_docx(data)
    else:
        raise ImportProblem(_("Choose a .txt or .docx file."))
    text = refuse_unstorable(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ImportProblem(_("The file has no text."))
    if len(text) > MAX_TEXT_CHARS:
        raise ImportProblem(_("The text is too long. Split it into several files."))
    return text


def _read_docx(data: bytes) -> str:
    import docx  # python-docx

    check_archive(
        data, not_readable=_("The file is not a Word document (.docx) that can be read.")
    ).close()
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, AttributeError) as error:
        raise ImportProblem(
            _("The file is not a Word document (.docx) that can be read.")
        ) from error
    except Exception as error:  # python-docx raises its own errors for broken packages
        raise ImportProblem(
            _("The file is not a Word document (.docx) that can be read.")
        ) from error
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


def read_table(kind: str, data: bytes) -> Table:
    check_size(len(data))
    rows = _read_csv(data) if kind == "csv" else _read_xlsx(data)
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    for row in rows:
        for cell in row:
            refuse_unstorable(cell)
    if len(rows) < 2:
        raise ImportProblem(_("The file needs a row of column names and at least one row of text."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportProblem(
            _("The file has too many rows. The most you can import at once is 20,000.")
        )
    width = max(len(row) for row in rows)
    headers = [(cell.strip() or _column(i)) for i, cell in enumerate(rows[0])]
    headers += [_column(i) for i in range(len(headers), width)]
    body = [row + [""] * (width - len(row)) for row in rows[1:]]
    return Table(headers, body)


def _column(index: int) -> str:
    return _("Column %(n)d") % {"n": index + 1}


def _read_csv(data: bytes) -> list[list[str]]:
    text = _decode(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as error:
        raise ImportProblem(
            _("The CSV file could not be read: check its quotes and separators.")
        ) from error


def _cell_text(value: object) -> str:
    """A cell as the text a person sees, never a Python repr: whole numbers without ".0",
    dates as ISO dates, booleans as the sheet shows them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | str | decimal.Decimal):
        return str(value)
    raise ImportProblem(_("A cell of the workbook holds something that is not text or a number."))


def _read_xlsx(data: bytes) -> list[list[str]]:
    """Cells as text. A formula cell gives the value the spreadsheet saved with it; a formula
    without a saved value (a file written by a program that does not calculate) is refused
    with its place, rather than imported as an empty fragment."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    check_archive(
        data, not_readable=_("The file is not an Excel workbook (.xlsx) that can be read.")
    ).close()
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportProblem(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from error
    try:
        rows: list[list[str]] = []
        pairs = zip(
            values.worksheets[0].iter_rows(values_only=True),
            formulas.worksheets[0].iter_rows(values_only=True),
            strict=False,
        )
        for number, (row, formula_row) in enumerate(pairs, start=1):
            for column, (cell, formula) in enumerate(zip(row, formula_row, strict=False), 1):
                if cell is None and isinstance(formula, str) and formula.startswith("="):
                    raise ImportProblem(
                        _(
                            "Cell %(cell)s holds a formula without a saved value. Open the file "
                            "in Excel or LibreOffice, save it and try again, or paste the values."
                        )
                        % {"cell": f"{get_column_letter(column)}{number}"}
                    )
            rows.append([_cell_text(cell) for cell in row])
            if len(rows) > MAX_ROWS + 1:
                raise ImportProblem(
                    _("The file has too many rows. The most you can import at once is 20,000.")
                )
        return rows
    except ImportProblem:
        raise
    except Exception as error:  # a broken sheet part shows only while reading
        raise ImportProblem(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from error
    finally:
        values.close()
        formulas.close()


# --- Splitting ------------------------------------------------------------------------------
SPEAKERS = {
    "i": ParticipantRole.STAFF,
    "intervjuare": ParticipantRole.STAFF,
    "p": ParticipantRole.STAFF,
    "personal": ParticipantRole.STAFF,
    "u": ParticipantRole.YOUNG_PERSON,
    "ungdom": ParticipantRole.YOUNG_PERSON,
    "ung": ParticipantRole.YOUNG_PERSON,
    "f": ParticipantRole.GUARDIAN,
    "förälder": ParticipantRole.GUARDIAN,
    "vårdnadshavare": ParticipantRole.GUARDIAN,
}
SPEAKER_RE = re.compile(r"\s*([A-Za-zÅÄÖåäö]{1,15})\s*:\s+")
PARAGRAPH_RE = re.compile(r"\n\s*\n")
SENTENCE_RE = re.compile(r"(?<=[.!?…])\s+(?=[\"“”«(\[A-ZÅÄÖ0-9])")


@dataclass(frozen=True)
class Piece:
    start: int
    end: int
    speaker: str | None


def _ranges(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    out = []
    cursor = 0
    for match in pattern.finditer(text):
        out.append((cursor, match.start()))
        cursor = match.end()
    out.append((cursor, len(text)))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split(text: str, mode: str = "paragraph") -> list[Piece]:
    """Ranges of ``text`` for fragments: by paragraph (blank lines; single lines when the text
    has no blank lines), by sentence, or the whole text. A leading "U:", "I:", "Förälder:" …
    sets the speaker and is left out of the fragment."""
    if mode == "none":
        paragraphs = [(0, len(text))]
    elif PARAGRAPH_RE.search(text):
        paragraphs = _ranges(text, PARAGRAPH_RE)
    else:
        paragraphs = _ranges(text, re.compile(r"\n"))
    pieces: list[Piece] = []
    for p_start, p_end in paragraphs:
        p_start, p_end = _trim(text, p_start, p_end)
        if p_end - p_start < 2:
            continue
        speaker = None
        match = SPEAKER_RE.match(text, p_start, p_end)
        if match and match.group(1).casefold() in SPEAKERS:
            speaker = str(SPEAKERS[match.group(1).casefold()])
            p_start = match.end()
        if mode == "sentence":
            for s_start, s_end in _ranges(text[p_start:p_end], SENTENCE_RE):
                a, b = _trim(text, p_start + s_start, p_start + s_end)
                if b - a >= 2:
                    pieces.append(Piece(a, b, speaker))
        else:
            pieces.append(Piece(p_start, p_end, speaker))
    return pieces
