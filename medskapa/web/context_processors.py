"""What every page's shell needs: text direction, help numbers, the actor's organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from medskapa.access.views import actor_of
from medskapa.organisations.models import Organisation


def shell(request: HttpRequest) -> dict[str, Any]:
    actor = actor_of(request)
    help_numbers = list(settings.MEDSKAPA["HELP_NUMBERS"])  # type: ignore[call-overload]
    if actor.is_authenticated and not actor.is_staff_member:
        # The young person's (or guardian's) own organisations' numbers come with 112 and BRIS.
        help_numbers += [
            (phone, name)
            for name, phone in Organisation.objects.filter(pk__in=actor.org_ids())
            .exclude(contact_phone="")
            .values_list("name", "contact_phone")
        ]
    unread = 0
    if actor.user is not None:
        from .models import Notification

        unread = Notification.objects.filter(recipient=actor.user, read_at__isnull=True).count()
    return {
        "unread_notifications": unread,
        # The crisis help line is for young people and visitors; staff pages stay uncluttered.
        "is_staff_member": actor.is_staff_member,
        "text_direction": "rtl" if get_language_bidi() else "ltr",
        "current_language": get_language(),
        "help_numbers": help_numbers,
    }
