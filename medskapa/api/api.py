"""The API root: one ``NinjaAPI`` at ``/api/v1/``, and the one place routers are wired in.

Extension point for domain apps (checkins, conversations, insights, ...): each app keeps its
endpoints in its own ``api.py`` with a ``ninja.Router`` and adds one line below, e.g.::

    api.add_router("/checkins/", "medskapa.checkins.api.router")

The string form keeps core from importing domain apps. Every operation must be declared with
``medskapa.api.access.require(action)`` (a test walks the API and fails otherwise), fetch
objects with ``medskapa.api.access.object_for`` (404 outside the rule) and scope every list with
``medskapa.access.registry.scope``. Authentication (bearer API token or session with CSRF) is
set here for all routers; ``medskapa.api.auth.caller(request)`` is the resulting ``Actor``.

The schema is served at ``/api/v1/openapi.json``. There is no docs page: ninja's default one
loads its scripts from a CDN, which our Content-Security-Policy forbids.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, Throttled

from .auth import SessionActorAuth, TokenAuth
from .routers import me, organisations

api = NinjaAPI(
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


# --- Core routers -----------------------------------------------------------------------------
api.add_router("/me", me.router)
api.add_router("/organisations", organisations.router)

# --- Domain apps, one line each ---------------------------------------------------------------
api.add_router("/checkins", "medskapa.checkins.api.router")
api.add_router("/klarsprak", "medskapa.klarsprak.api.router")
api.add_router("/conversations", "medskapa.conversations.api.router")
api.add_router("/events", "medskapa.events.api.router")
api.add_router("/insights", "medskapa.insights.api.router")
api.add_router("/projects", "medskapa.projects.api.router")
api.add_router("/reports", "medskapa.reports.api.router")
api.add_router("/feedback", "medskapa.feedback.api.router")
