"""Template tags other apps put on their pages (the lead adds them; see the app's README).

``{% load feedback_tags %}``
- ``{% public_feedback "checkins.campaign" found.campaign.pk %}``: published, standing messages
  for an anonymous channel (receipt page, campaign page, event page). Shows nothing if none.
- ``{% my_feedback %}``: the logged-in young person's latest answers (the "Vad hände sen"
  section of "Det här har du varit med om"), or "Inga svar än".
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import template

from medskapa.access.actor import actor_for_user

from .. import selectors

register = template.Library()


@register.inclusion_tag("feedback/includes/public_messages.html")
def public_feedback(kind: str, target_id: UUID | str | None) -> dict[str, Any]:
    if not target_id:
        return {"feedback_messages": []}
    try:
        target = target_id if isinstance(target_id, UUID) else UUID(str(target_id))
    except ValueError:
        return {"feedback_messages": []}
    return {"feedback_messages": selectors.public_messages(kind, target)}


@register.inclusion_tag("feedback/includes/my_feedback.html", takes_context=True)
def my_feedback(context: template.Context, limit: int = 5) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"feedback_deliveries": []}
    return {"feedback_deliveries": list(selectors.inbox_for(actor_for_user(user))[:limit])}
