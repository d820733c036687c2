"""The API root: one ``NinjaAPI`` at ``/api/v1/``, and the one place routers are wired in.

Extension point for domain apps (checkins, conversations, insights, ...): each app keeps its
endpoints in its own ``api.py`` with a ``ninja.Router`` and adds one line below, e.g.::

    api.add_router("/checkins/", "medskapa.checkins.api.router")

The string form keeps core from importing domain apps. Every operation must be declared with
``medskapa.api.access.require(action)`` (a test walks the API and fails otherwise), fetch
objects with ``medskapa.api.access.object_for`` (404 outside the rule) and scope every list with
``medskapa.access.registry.scope``. Authentication (bearer API token or session with CSRF) is
set here for all routers; ``medskapa.api.auth.caller(request)`` is the resulting ``Actor``.

Every answer that is not a success is JSON: 401 (no or a bad token), 404 (not there, or not
yours; also a ``Denied`` from a service, audited like the web's refusals), 422 (the input, per
field) and 429 (throttled). ``ErrorSchema`` documents all four on every operation, here, so no
decorator has to.

The schema is served at ``/api/v1/openapi.json``. There is no docs page: ninja's default one
loads its scripts from a CDN, which our Content-Security-Policy forbids.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, Throttled
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from medskapa.access.actions import Denied
from medskapa.access.views import refuse_denied

from .auth import SessionActorAuth, TokenAuth
from .routers import me, organisations
from .schemas import ErrorOut, ValidationErrorOut

# The answers every operation may give besides its own, and what their bodies look like.
ERROR_RESPONSES: dict[int, type[Schema]] = {
    401: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
    429: ErrorOut,
}


def _wrapped(model: type[Schema]) -> type[Schema]:
    """The response shape ninja documents: one ``response`` field holding the model."""
    return type("NinjaResponseSchema", (Schema,), {"__annotations__": {"response": model}})


# Only where they can happen: a body that is not JSON (400), a session without CSRF (403).
_SOMETIMES: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut}
_BODY_SOURCES = {"body", "form", "file"}
_ERROR_MODELS = {
    status: _wrapped(model) for status, model in {**ERROR_RESPONSES, **_SOMETIMES}.items()
}


class ErrorSchema(OpenAPISchema):
    """ninja's schema, with the error answers of ``ERROR_RESPONSES`` on every operation (and
    the 400 for a body that is not JSON, the 403 a browser session gets for an unsafe request
    without its CSRF token, where these can happen)."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result = super().responses(operation)
        unsafe = not set(operation.methods) <= {"GET", "HEAD", "OPTIONS"}
        has_body = any(m.__ninja_param_source__ in _BODY_SOURCES for m in operation.models)
        for status, model in _ERROR_MODELS.items():
            if (
                status in result
                or (status == 403 and not unsafe)
                or (status == 400 and not has_body)
            ):
                continue
            # ninja types this for parameter models; response models go through it as well
            schema = self._create_schema_from_model(model, mode="serialization")[0]  # type: ignore[type-var]
            result[status] = {
                "description": _DESCRIPTIONS[status],
                "content": {self.api.renderer.media_type: {"schema": schema}},
            }
        return result


_DESCRIPTIONS = {
    400: "Bad Request: the body is not JSON",
    401: "Unauthorized: no token, or one that is unknown, revoked or expired",
    403: "Forbidden: a browser session's unsafe request without its CSRF token",
    404: "Not Found: no such object, or not one the caller may reach",
    422: "Unprocessable Content: the input, field by field",
    429: "Too Many Requests: wait Retry-After seconds",
}


class MedskapaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ErrorSchema(self, path_prefix)


api = MedskapaAPI(
    title="Medskapa API",
    version="1",
    description=(
        "Per-organisation API tokens (`Authorization: Bearer msk_...`) act with one "
        "organisation-wide staff role; a logged-in browser session works too (with CSRF). "
        "Anything outside the caller's organisation answers 404."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    auth=[TokenAuth(), SessionActorAuth()],
)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="medskapa"'
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=429)
    if exc.wait:
        response["Retry-After"] = str(exc.wait)
    return response


@api.exception_handler(Denied)
def _denied(request: HttpRequest, exc: Denied) -> HttpResponse:
    """A service refused the caller: the same audited 404 as the web, in JSON."""
    refuse_denied(request, exc)
    return api.create_response(request, {"detail": "Not Found"}, status=404)


# --- Core routers -----------------------------------------------------------------------------
api.add_router("/me", me.router)
api.add_router("/organisations", organisations.router)

# --- Domain apps, one line each ---------------------------------------------------------------
# An app left out of INSTALLED_APPS has no router.
for _prefix, _app in (
    ("/checkins", "medskapa.checkins"),
    ("/klarsprak", "medskapa.klarsprak"),
    ("/conversations", "medskapa.conversations"),
    ("/events", "medskapa.events"),
    ("/insights", "medskapa.insights"),
    ("/projects", "medskapa.projects"),
    ("/reports", "medskapa.reports"),
    ("/feedback", "medskapa.feedback"),
):
    if django_apps.is_installed(_app):
        api.add_router(_prefix, f"{_app}.api.router")
