from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from medskapa.access.views import requires
from medskapa.organisations.models import Organisation


@requires("organisation.manage", kwarg="organisation")
def api_tokens(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(request, "web/landing.html", {"organisation": organisation})
