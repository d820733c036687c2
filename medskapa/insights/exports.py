"""Exports of an organisation's insights: CSV (one row per fragment) and JSON (fragments,
codes and patterns). Texts are exported masked; originals never leave."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import HttpResponse

from medskapa.organisations.models import Organisation

from .models import Fragment, Pattern, Tag

FORMATS = ("csv", "json", "qdpx")
CSV_FIELDS = [
    "fragment_id",
    "source_id",
    "source_title",
    "method",
    "date",
    "unit",
    "age_band",
    "participant_role",
    "speaker_role",
    "position",
    "text",
    "tags",
    "pattern",
]


def _fragments(organisation: Organisation) -> Any:
    return (
        Fragment.objects.filter(organisation=organisation)
        .select_related("source", "source__unit", "pattern")
        .prefetch_related("tags")
        .order_by("source__date", "source_id", "position")
    )


def _safe(value: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula; quote it."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def as_rows(organisation: Organisation) -> list[dict[str, str]]:
    rows = []
    for f in _fragments(organisation):
        rows.append(
            {
                "fragment_id": str(f.pk),
                "source_id": str(f.source_id),
                "source_title": f.source.title,
                "method": f.source.method,
                "date": f.source.date.isoformat(),
                "unit": f.source.unit.name if f.source.unit else "",
                "age_band": f.source.age_band,
                "participant_role": f.source.participant_role,
                "speaker_role": f.speaker_role,
                "position": str(f.position),
                "text": f.text,
                "tags": "; ".join(sorted(t.full_name for t in f.tags.all())),
                "pattern": f.pattern.title if f.pattern else "",
            }
        )
    return rows


def as_json(organisation: Organisation) -> dict[str, Any]:
    tags = Tag.objects.filter(organisation=organisation)
    patterns = Pattern.objects.filter(organisation=organisation)
    return {
        "organisation": organisation.name,
        "fragments": [
            {
                **row,
                "tag_ids": [str(t.pk) for t in f.tags.all()],
                "pattern_id": str(f.pattern_id or ""),
            }
            for row, f in zip(as_rows(organisation), _fragments(organisation), strict=True)
        ],
        "tags": [
            {
                "id": str(t.pk),
                "name": t.name,
                "description": t.description,
                "parent_id": str(t.parent_id) if t.parent_id else None,
            }
            for t in tags
        ],
        "patterns": [
            {
                "id": str(p.pk),
                "title": p.title,
                "description": p.description,
                "keywords": list(p.keywords),
                "fragment_ids": [str(pk) for pk in p.fragments.values_list("pk", flat=True)],
            }
            for p in patterns
        ],
    }


def response(organisation: Organisation, fmt: str) -> HttpResponse:
    name = f"insikter-{organisation.slug}"
    if fmt == "qdpx":
        from .qdpx import export

        result = HttpResponse(export(organisation), content_type="application/zip")
    elif fmt == "json":
        body = json.dumps(as_json(organisation), ensure_ascii=False, indent=2)
        result = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for row in as_rows(organisation):
            writer.writerow({k: _safe(v) for k, v in row.items()})
        result = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return result
