"""The access-log review pages for org admins and managers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from medskapa.access.registry import scope
from medskapa.access.views import actor_of, requires
from medskapa.organisations.models import Organisation

from .models import AuditEvent


@requires("audit.review", kwarg="organisation")
def review(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    events = scope(actor_of(request), "audit.view_event",
                   AuditEvent.objects.filter(organisation_id=organisation.pk))[:200]
    return render(request, "audit/review.html", {"organisation": organisation, "events": events})
