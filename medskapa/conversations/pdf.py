"""Guides on paper: an A3 poster of cards and an A4 booklet, rendered by WeasyPrint.

Fonts come from the operating system through fontconfig (Debian's ``fonts-dejavu-core``); no
resource is ever fetched over the network: the URL fetcher refuses everything but ``data:``.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from .models import GuideVersion

VARIANTS = {"poster": "A3", "booklet": "A4"}


def _no_network(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint import default_url_fetcher

        return dict(default_url_fetcher(url))
    raise ValueError(f"PDFs load nothing from outside: {url}")


def guide_html(version: GuideVersion, *, variant: str, language: str) -> str:
    if variant not in VARIANTS:
        raise ValueError(variant)
    with translation.override(language):
        return render_to_string(
            f"conversations/pdf/{variant}.html",
            {
                "guide": version.localised(language),
                "version": version,
                "origin": version.guide.origin,
                "language": language,
            },
        )


def render_document(version: GuideVersion, *, variant: str, language: str) -> Any:
    """The laid-out document (pages, sizes, text), before it is written as PDF."""
    from weasyprint import HTML

    html = guide_html(version, variant=variant, language=language)
    return HTML(string=html, url_fetcher=_no_network, base_url="data:,").render()


def guide_pdf(version: GuideVersion, *, variant: str, language: str) -> bytes:
    pdf = render_document(version, variant=variant, language=language).write_pdf()
    if pdf is None:  # only when a target file was given, which we never do
        raise RuntimeError("WeasyPrint returned no PDF.")
    return bytes(pdf)
