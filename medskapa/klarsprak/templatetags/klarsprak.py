"""``{% klarsprak_panel textarea organisation %}``: the readability panel under a textarea.

``textarea`` is a bound form field (``form.body``) or the textarea's id (``"id_body"``; the
field's name is then taken to be the id without ``id_``, or give ``name="..."``). The panel
shows ``panel=...`` if given, else the ``klarsprak_panel`` the view put in the context (see
``klarsprak.panel.analysis_context``), else a hint to start writing.
"""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.forms import BoundField
from django.urls import reverse

from medskapa.organisations.models import Organisation

from ..panel import CONTEXT_NAME, Panel

register = template.Library()


@register.inclusion_tag("klarsprak/panel.html", takes_context=True)
def klarsprak_panel(
    context: template.Context,
    textarea: BoundField | str,
    organisation: Organisation,
    panel: Panel | None = None,
    name: str = "",
) -> dict[str, Any]:
    if isinstance(textarea, BoundField):
        element_id = textarea.auto_id or textarea.html_name
        name = name or textarea.html_name
    else:
        element_id = str(textarea)
        name = name or element_id.removeprefix("id_")
    shown = panel or context.get(CONTEXT_NAME) or Panel()
    return {
        "element_id": element_id,
        "panel_id": f"klarsprak-{element_id}",
        "url": reverse("klarsprak:analyse"),
        "params": f"{name},klarsprak_organisation,klarsprak_field",
        "vals": json.dumps(
            {"klarsprak_organisation": str(organisation.pk), "klarsprak_field": name}
        ),
        "panel": shown,
    }
