"""What every page's shell needs: text direction, help numbers, the actor's organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from medskapa.access.views import actor_of


def shell(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    return {
        # The crisis help line is for young people and visitors; staff pages stay uncluttered.
        "is_staff_member": actor.is_staff_member,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "current_language": get_language(),
        "help_numbers": settings.MEDSKAPA["HELP_NUMBERS"],
    }
