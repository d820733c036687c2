"""Reading uploaded files and splitting text into fragments. No database writes here.

Every reader raises ``ImportProblem`` with a translated message for a file it cannot read,
so the view shows it and nothing is imported.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import ParticipantRole

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_TEXT_CHARS = 2_000_000
TEXT_KINDS = ("txt", "docx")
TABLE_KINDS = ("csv", "xlsx")
PROJECT_KINDS = ("qdpx",)


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ImportProblem(_("The file has no text."))
    if len(text) > MAX_TEXT_CHARS:
        raise ImportProblem(_("The text is too long. Split it into several files."))
    return text


def _read_docx(data: bytes) -> str:
    import docx  # python-docx

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


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportProblem(
            _("The file is not an Excel workbook (.xlsx) that can be read.")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if cell is None else str(cell) for cell in row])
            if len(rows) > MAX_ROWS + 1:
                raise ImportProblem(
                    _("The file has too many rows. The most you can import at once is 20,000.")
                )
        return rows
    finally:
        workbook.close()


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
