"""The load balancer's and Prometheus's views. None shows personal data."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from medskapa.access.views import public

from . import health, metrics


@public
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when this host can serve (the required checks pass), else 503; JSON either way."""
    ready, body = health.readiness()
    return JsonResponse(body, status=200 if ready else 503)


@public
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus text format, for a bearer token or an allowed address; 404 for anyone else
    (as for any outsider: not even a hint that the page exists)."""
    if not metrics.scrape_allowed(request):
        raise Http404
    return HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4")
