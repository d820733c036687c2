"""The layer's request hooks: refusals from services become audited 404s, and the identified
reads a request made are written to the audit log once the page is known to be shown."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from .actions import Denied
from .reads import discard, flush


class PermissionLayerMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400:
            flush(request)
        else:
            discard(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        """A service said no: answer as if the object did not exist, and audit the refusal."""
        if isinstance(exception, Denied):
            from .views import refuse_denied

            refuse_denied(request, exception)
            raise Http404
        return None
