"""REFI-QDA project exchange (.qdpx): export and import, so fragments and codes travel to and
from QualCoder, NVivo, ATLAS.ti, MAXQDA and others.

A .qdpx file is a zip with ``project.qde`` (XML in the ``urn:QDA-XML:project:1.0`` namespace,
REFI-QDA Project standard 1.0) and the plain texts of the sources in ``sources/``. We map:

- a source → ``TextSource`` (``plainTextPath="internal://<guid>.txt"``), its masked text;
- a fragment → ``PlainTextSelection`` (start and end as character offsets in that text);
- a code (tag) → ``Code``, nested as in the codebook; a pattern → a ``Code`` under a top code
  "Mönster", so curation travels too; a fragment's tags and pattern → ``Coding`` elements.

Only masked texts are exported. On import every text is masked again (the file may come from
a tool that never masked it) and the selections' offsets are moved to the masked text.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from medskapa.access.actor import Actor
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation

from . import masking
from .importers import MAX_BYTES, ImportProblem, check_archive, refuse_unstorable
from .models import Fragment, MaskedSpan, Pattern, Source, Tag
from .selectors import people_of

NS = "urn:QDA-XML:project:1.0"
Q = f"{{{NS}}}"
PATTERNS_CODE = "Mönster"
# Codes nest at most this deep (the codebook shows and exports ten levels); deeper is refused.
MAX_CODE_DEPTH = 10


def _guid(value: Any) -> str:
    return str(value)


def export(organisation: Organisation) -> bytes:
    ET.register_namespace("", NS)
    user = str(uuid.uuid5(uuid.NAMESPACE_URL, f"medskapa:{organisation.pk}"))
    project = ET.Element(
        f"{Q}Project",
        {
            "name": organisation.name,
            "origin": "Medskapa",
            "creatingUserGUID": user,
            "creationDateTime": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    users = ET.SubElement(project, f"{Q}Users")
    ET.SubElement(users, f"{Q}User", {"guid": user, "name": "Medskapa"})
    codebook = ET.SubElement(ET.SubElement(project, f"{Q}CodeBook"), f"{Q}Codes")
    tags = list(Tag.objects.filter(organisation=organisation))
    elements: dict[Any, ET.Element] = {}

    def add_code(parent: ET.Element, guid: str, name: str, description: str) -> ET.Element:
        code = ET.SubElement(parent, f"{Q}Code", {"guid": guid, "name": name, "isCodable": "true"})
        if description:
            ET.SubElement(code, f"{Q}Description").text = description
        return code

    pending = sorted(tags, key=lambda t: t.name)
    for _round in range(12):  # parents before children (the tree is at most ten deep)
        for tag in list(pending):
            parent = codebook if tag.parent_id is None else elements.get(tag.parent_id)
            if parent is not None:
                elements[tag.pk] = add_code(parent, _guid(tag.pk), tag.name, tag.description)
                pending.remove(tag)
    patterns = list(Pattern.objects.filter(organisation=organisation))
    if patterns:
        top = add_code(
            codebook, str(uuid.uuid5(uuid.NAMESPACE_URL, f"patterns:{organisation.pk}")),
            PATTERNS_CODE, "",
        )  # fmt: skip
        top.set("isCodable", "false")
        for pattern in patterns:
            elements[pattern.pk] = add_code(
                top, _guid(pattern.pk), pattern.title, pattern.description
            )
    sources_el = ET.SubElement(project, f"{Q}Sources")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for source in Source.objects.filter(organisation=organisation).order_by("date", "pk"):
            text_el = ET.SubElement(
                sources_el,
                f"{Q}TextSource",
                {
                    "guid": _guid(source.pk),
                    "name": source.title,
                    "plainTextPath": f"internal://{source.pk}.txt",
                    "creatingUser": user,
                },
            )
            archive.writestr(f"sources/{source.pk}.txt", source.text.encode("utf-8"))
            fragments = source.fragments.prefetch_related("tags").order_by("position")
            for fragment in fragments:
                selection = ET.SubElement(
                    text_el,
                    f"{Q}PlainTextSelection",
                    {
                        "guid": _guid(fragment.pk),
                        "name": fragment.text[:60],
                        "startPosition": str(fragment.start),
                        "endPosition": str(fragment.end),
                        "creatingUser": user,
                    },
                )
                targets = [t.pk for t in fragment.tags.all()]
                if fragment.pattern_id:
                    targets.append(fragment.pattern_id)
                for target in targets:
                    coding = ET.SubElement(
                        selection,
                        f"{Q}Coding",
                        {"guid": str(uuid.uuid4()), "creatingUser": user},
                    )
                    ET.SubElement(coding, f"{Q}CodeRef", {"targetGUID": _guid(target)})
        xml = ET.tostring(project, encoding="utf-8", xml_declaration=True)
        archive.writestr("project.qde", xml)
    return buffer.getvalue()


@dataclass
class _Code:
    guid: str
    name: str
    description: str
    parent: str | None
    children: list[str] = field(default_factory=list)


def _read(data: bytes) -> tuple[ET.Element, zipfile.ZipFile]:
    if len(data) > MAX_BYTES:
        raise ImportProblem(_("The file is too big. The largest file you can import is 5 MB."))
    archive = check_archive(
        data, not_readable=_("The file is not a REFI-QDA project (.qdpx) that can be read.")
    )
    try:
        xml = archive.read("project.qde")
        if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:  # no entities at all (billion laughs)
            raise ImportProblem(_("The file is not a REFI-QDA project (.qdpx) that can be read."))
        root = DefusedET.fromstring(xml)
    except (
        zipfile.BadZipFile,
        KeyError,
        ET.ParseError,
        DefusedXmlException,
        RecursionError,
        ValueError,
    ) as error:
        raise ImportProblem(
            _("The file is not a REFI-QDA project (.qdpx) that can be read.")
        ) from error
    if root.tag != f"{Q}Project":
        raise ImportProblem(_("The file is not a REFI-QDA project (.qdpx) that can be read."))
    return root, archive


def _offset_map(spans: list[masking.Span], original_length: int) -> Any:
    """Map an offset in the original text to the masked text (inside a masked span: its edge)."""
    edges = []  # (original start, original end, masked start, masked end)
    delta = 0
    for span in spans:
        original_start = span.start - delta
        edges.append((original_start, original_start + len(span.original), span.start, span.end))
        delta += (span.end - span.start) - len(span.original)

    def mapped(offset: int, *, is_end: bool) -> int:
        shift = 0
        for o_start, o_end, m_start, m_end in edges:
            if offset >= o_end:
                shift = m_end - o_end
            elif offset > o_start:
                return m_end if is_end else m_start
            else:
                break
        return offset + shift

    return mapped


def _line(value: str | None, *, what: str, max_length: int) -> str:
    """A name from the project: refused (not cut) when too long or not storable."""
    text = " ".join(refuse_unstorable(value or "").split())
    if len(text) > max_length:
        raise ImportProblem(
            _("%(what)s “%(start)s…” in the project is longer than %(max)d characters.")
            % {"what": what, "start": text[:40], "max": max_length}
        )
    return text


def _codes(root: ET.Element) -> dict[str, _Code]:
    """The codebook, parents before children, walked without recursion (a crafted file can
    nest thousands of codes); deeper than ``MAX_CODE_DEPTH`` is refused."""
    codes: dict[str, _Code] = {}
    codebook = root.find(f"{Q}CodeBook/{Q}Codes")
    if codebook is None:
        return codes
    stack: list[tuple[ET.Element, str | None, int]] = [
        (code, None, 1) for code in reversed(codebook.findall(f"{Q}Code"))
    ]
    while stack:
        code, parent, depth = stack.pop()
        if depth > MAX_CODE_DEPTH:
            raise ImportProblem(
                _("The codes of the project are nested deeper than %(n)d levels.")
                % {"n": MAX_CODE_DEPTH}
            )
        guid = code.get("guid") or str(uuid.uuid4())
        name = _line(code.get("name"), what=_("The code"), max_length=80) or "?"
        description = refuse_unstorable(code.findtext(f"{Q}Description") or "")
        codes[guid] = _Code(guid, name, description, parent)
        stack.extend((child, guid, depth + 1) for child in reversed(code.findall(f"{Q}Code")))
    return codes


def import_project(
    *, actor: Actor, organisation: Organisation, data: bytes, defaults: dict[str, Any]
) -> int:
    """Create sources, fragments and codes from a .qdpx file. Returns the number of fragments."""
    root, archive = _read(data)
    codes = _codes(root)
    usernames, names = people_of(organisation)
    made = 0
    with transaction.atomic():
        patterns_root = next(
            (c.guid for c in codes.values() if c.parent is None and c.name == PATTERNS_CODE), None
        )
        tags: dict[str, Tag] = {}
        patterns: dict[str, Pattern] = {}
        for code in codes.values():  # dicts keep order: parents come first
            if code.guid == patterns_root:
                continue
            if patterns_root is not None and code.parent == patterns_root:
                patterns[code.guid] = Pattern.objects.create(
                    organisation=organisation,
                    title=code.name,
                    description=code.description,
                    created_by=actor.user,
                )
                continue
            parent = tags.get(code.parent) if code.parent else None
            tag, _created = Tag.objects.get_or_create(
                organisation=organisation,
                parent=parent,
                name=code.name,
                defaults={"description": code.description},
            )
            tags[code.guid] = tag
        for text_el in root.findall(f"{Q}Sources/{Q}TextSource"):
            path = text_el.get("plainTextPath") or ""
            if not path.startswith("internal://"):
                raise ImportProblem(_("The project refers to a text outside the file."))
            try:
                original = archive.read("sources/" + path.removeprefix("internal://")).decode(
                    "utf-8-sig"
                )
            except (KeyError, UnicodeDecodeError) as error:
                raise ImportProblem(
                    _("A text of the project is missing or is not UTF-8.")
                ) from error
            refuse_unstorable(original)
            masked, spans = masking.mask(original, usernames=usernames, names=names)
            mapped = _offset_map(spans, len(original))
            title = _line(text_el.get("name"), what=_("The title"), max_length=200)
            source = Source(
                organisation=organisation,
                title=masking.mask_title(title, usernames=usernames, names=names)
                or _("Untitled source"),
                text=masked,
                created_by=actor.user,
                **defaults,
            )
            source.full_clean()
            source.save()
            MaskedSpan.objects.bulk_create(
                MaskedSpan(
                    source=source, start=s.start, end=s.end, kind=s.kind, original=s.original
                )
                for s in spans
            )
            for position, selection in enumerate(text_el.findall(f"{Q}PlainTextSelection")):
                try:
                    start = int(selection.get("startPosition", ""))
                    end = int(selection.get("endPosition", ""))
                except ValueError as error:
                    raise ImportProblem(
                        _("A selection in the project has no valid position.")
                    ) from error
                if not 0 <= start < end <= len(original):
                    raise ImportProblem(_("A selection in the project has no valid position."))
                m_start, m_end = mapped(start, is_end=False), mapped(end, is_end=True)
                targets = [ref.get("targetGUID") or "" for ref in selection.iter(f"{Q}CodeRef")]
                pattern = next((patterns[t] for t in targets if t in patterns), None)
                fragment = Fragment.objects.create(
                    organisation=organisation,
                    source=source,
                    text=masked[m_start:m_end],
                    start=m_start,
                    end=m_end,
                    position=position,
                    speaker_role=source.participant_role,
                    pattern=pattern,
                )
                fragment.tags.set([tags[t] for t in targets if t in tags])
                made += 1
        record(
            action=Action.CREATE,
            actor=actor,
            organisation_id=organisation.pk,
            object_type="insights.qdpx",
            detail=f"{made} fragments",
        )
    return made
