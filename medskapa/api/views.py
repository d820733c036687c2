"""The organisation admin's API token page: list, create (the token is shown once), revoke."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.registry import scope
from medskapa.access.views import actor_of, requires
from medskapa.organisations.models import Organisation

from . import services
from .forms import ApiTokenForm
from .models import ApiToken


@requires("organisation.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_create(
                actor=actor,
                organisation=organisation,
                name=form.cleaned_data["name"],
                role=form.cleaned_data["role"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            # Rendered, not redirected: the token must never travel in a URL or the session.
            return render(
                request,
                "api/token_created.html",
                {
                    "organisation": organisation,
                    "token": issued.token,
                    "plaintext": issued.plaintext,
                },
            )
    tokens = scope(
        actor, "apitoken.manage", ApiToken.objects.filter(organisation=organisation)
    ).select_related("created_by")
    return render(
        request, "api/tokens.html", {"organisation": organisation, "tokens": tokens, "form": form}
    )


@requires("apitoken.manage", kwarg="token")
@require_POST
def api_token_revoke(request: HttpRequest, organisation: UUID, token: ApiToken) -> HttpResponse:
    """The layer has matched ``token`` with the organisation in the URL (404 otherwise)."""
    services.api_token_revoke(actor=actor_of(request), token=token)
    messages.success(request, _("The token was revoked. It stops working at once."))
    return redirect("api_tokens", organisation=token.organisation_id)
