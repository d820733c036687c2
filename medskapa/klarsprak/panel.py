"""The readability panel for any textarea — what other apps call.

In a template, under the textarea (inside the same form)::

    {% load klarsprak %}
    {{ form.body }}
    {% klarsprak_panel form.body organisation %}       {# or "id_body" #}
    {% include "klarsprak/review_button.html" %}        {# "Granska texten", for no JavaScript #}

With JavaScript the panel asks ``klarsprak:analyse`` as the person types (htmx, 600 ms after the
last key). Without it, the form's "Granska texten" button posts the form; the view then calls::

    if panel.wants_review(request):
        context.update(panel.analysis_context(form.cleaned_data["body"], organisation))
        return render(...)   # the same page, text kept, nothing saved

and the tag shows the same panel, rendered on the server. The text is never stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medskapa.engines.plainlanguage import Analysis, analyse
from medskapa.organisations.models import Organisation

from .selectors import terms_for

MAX_TEXT_LENGTH = 20_000
REVIEW_BUTTON = "klarsprak_review"
SHOW_AT_MOST = {"long_sentences": 10, "long_words": 40, "passives": 30, "officialese": 30}
CONTEXT_NAME = "klarsprak_panel"

LEVEL_LABELS = {
    "very easy": gettext_lazy("very easy"),
    "easy": gettext_lazy("easy"),
    "medium": gettext_lazy("medium"),
    "hard": gettext_lazy("hard"),
    "very hard": gettext_lazy("very hard"),
}


@dataclass(frozen=True)
class Panel:
    """What the panel template shows: an analysis, or an error, or neither (nothing typed)."""

    analysis: Analysis | None = None
    error: str = ""

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS.get(self.analysis.level, "")) if self.analysis else ""

    @property
    def long_sentences(self) -> list[Any]:
        return list(self.analysis.long_sentences) if self.analysis else []

    @property
    def long_words(self) -> list[str]:
        return self.analysis.distinct_long_words() if self.analysis else []

    @property
    def passive_words(self) -> list[str]:
        if self.analysis is None:
            return []
        return list(dict.fromkeys(p.word.lower() for p in self.analysis.passives))

    def shown(self) -> dict[str, tuple[list[Any], int]]:
        """Each list cut to what the panel shows, with how many more there are."""
        lists: dict[str, list[Any]] = {
            "long_sentences": self.long_sentences,
            "long_words": self.long_words,
            "passives": self.passive_words,
            "officialese": self.officialese,
        }
        return {
            name: (items[: SHOW_AT_MOST[name]], max(0, len(items) - SHOW_AT_MOST[name]))
            for name, items in lists.items()
        }

    @property
    def officialese(self) -> list[dict[str, str]]:
        """Each hard word once (as first written), with its alternative and note."""
        if self.analysis is None:
            return []
        seen: dict[str, dict[str, str]] = {}
        for match in self.analysis.officialese:
            seen.setdefault(
                match.text.lower(),
                {"text": match.text, "plain": match.plain, "note": match.note},
            )
        return list(seen.values())


def build_panel(text: str, organisation: Organisation) -> Panel:
    """Analyse ``text`` with the organisation's officialese list merged into the shipped one."""
    if len(text) > MAX_TEXT_LENGTH:
        return Panel(
            error=_(
                "The text is too long to check: at most %(max)s characters, "
                "and this one has %(length)s."
            )
            % {"max": f"{MAX_TEXT_LENGTH:,}".replace(",", " "), "length": len(text)}
        )
    return Panel(analysis=analyse(text, officialese=terms_for(organisation)))


def analysis_context(text: str, organisation: Organisation) -> dict[str, Any]:
    """Template context for rendering the panel on the server (the path without JavaScript)."""
    return {CONTEXT_NAME: build_panel(text, organisation)}


def wants_review(request: HttpRequest) -> bool:
    """True when the form was sent with the "Granska texten" button."""
    return request.method == "POST" and REVIEW_BUTTON in request.POST
