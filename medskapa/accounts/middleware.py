"""Session policy and the staff second-factor requirement, applied to every request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from medskapa.access.views import ACCESS_ATTRIBUTE, actor_of

from . import sessions


class SessionPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if sessions.expired(request.session):
                logout(request)
                messages.info(request, _("You were logged out because you were away for a while."))
                return redirect("account_login")
            sessions.touch(request.session)
        return self.get_response(request)


class RequireStaffMfaMiddleware:
    """Staff without a second factor are sent to set one up before any other page.

    The permission layer refuses identified data to them anyway; this makes the way forward
    obvious instead of showing empty pages. Authentication pages and public pages stay open.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        module = getattr(view, "__module__", "") or ""
        if module.startswith("allauth") or getattr(view, ACCESS_ATTRIBUTE, "") == "public":
            return None
        if module.startswith(("django.views.i18n", "django.views.static")):
            return None
        if actor_of(request).may_see_identified_data:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _("Two-step verification is required.")}, status=403)
        messages.info(
            request,
            _("Staff must set up two-step verification before they can see personal data."),
        )
        return redirect("mfa_activate_totp")
