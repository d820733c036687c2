"""The plain-language review ("Granska texten") other apps offer under a textarea, through core.

The klarsprak app registers its reviewer in ``AppConfig.ready``; an app with a text form asks
here, without importing klarsprak::

    from medskapa.web.registries import text_review

    if text_review.wants_review(request):
        context.update(text_review.review_context(text, organisation))
        return render(...)   # the same page, text kept, nothing saved

Without a registered reviewer no form asks for a review (``wants_review`` is False) and the
context is empty, so the forms keep working when klarsprak is not installed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from medskapa.organisations.models import Organisation


@dataclass(frozen=True)
class Reviewer:
    button: str  # the name of the submit button that asks for a review
    context: Callable[[str, Organisation], dict[str, Any]]  # template context for the panel


_REVIEWER: list[Reviewer] = []


def register_reviewer(reviewer: Reviewer) -> None:
    _REVIEWER[:] = [reviewer]


def wants_review(request: HttpRequest) -> bool:
    """True when the form was sent with the review button of a registered reviewer."""
    return bool(_REVIEWER) and request.method == "POST" and _REVIEWER[0].button in request.POST


def review_context(text: str, organisation: Organisation) -> dict[str, Any]:
    """Template context for the review panel rendered on the server ({} without a reviewer)."""
    return _REVIEWER[0].context(text, organisation) if _REVIEWER else {}
