"""Guides on paper: an A3 poster of cards and an A4 booklet, rendered by WeasyPrint.

Card pictures are put in as ``data:`` URIs read from the default storage.
Fonts come from the operating system through fontconfig (Debian's ``fonts-dejavu-core``); no
resource is ever fetched over the network: the URL fetcher refuses everything but ``data:``.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from . import pictures
from .models import GuideVersion

VARIANTS = {"poster": "A3", "booklet": "A4"}


def _no_network(url: str, *args: Any, **kwargs: Any) -> Any:
    """Fetch ``data:`` URLs only (the card pictures); refuse everything else."""
    if not url.startswith("data:"):
        raise ValueError(f"PDFs load nothing from outside: {url}")
    return _data_only_fetcher().fetch(url)


def _data_only_fetcher() -> Any:
    """WeasyPrint's own fetcher, limited to the ``data`` scheme: no file, no network."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=["data"], allow_redirects=False, timeout=5)


def guide_html(version: GuideVersion, *, variant: str, language: str) -> str:
    if variant not in VARIANTS:
        raise ValueError(variant)
    guide = version.localised(language)
    for section in guide["sections"]:
        for card in section["cards"]:
            picture = card.get("picture")
            if picture:
                # Inline, so the PDF works with any storage backend and fetches nothing.
                picture["data_uri"] = pictures.data_uri(picture["stored_name"])
    with translation.override(language):
        return render_to_string(
            f"conversations/pdf/{variant}.html",
            {
                "guide": guide,
                "version": version,
                "origin": version.guide.origin,
                "language": language,
            },
        )


def render_document(version: GuideVersion, *, variant: str, language: str) -> Any:
    """The laid-out document (pages, sizes, text), before it is written as PDF."""
    from weasyprint import HTML

    html = guide_html(version, variant=variant, language=language)
    return HTML(string=html, url_fetcher=_data_only_fetcher(), base_url="data:,").render()


def guide_pdf(version: GuideVersion, *, variant: str, language: str) -> bytes:
    pdf = render_document(version, variant=variant, language=language).write_pdf()
    if pdf is None:  # only when a target file was given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF.")
    return bytes(pdf)
