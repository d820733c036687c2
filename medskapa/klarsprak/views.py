"""The readability panel's endpoint, the "try a text" page and the officialese list page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.registry import can
from medskapa.access.views import actor_of, get_object_for, requires
from medskapa.organisations.models import Organisation
from medskapa.web.forms import add_service_errors

from . import forms, selectors, services
from .panel import analysis_context, build_panel


@requires("klarsprak.use")
@require_POST
def analyse(request: HttpRequest) -> HttpResponse:
    """The panel for the text in the POSTed field (htmx, as the person types).

    The organisation comes from ``klarsprak_organisation`` and must be one where the caller is
    staff (anyone else gets 404). The text is read from the field named ``klarsprak_field``
    (default ``text``) and is analysed in memory only: it is not stored, not written to the
    audit log and not logged anywhere — it may contain personal data about a young person.
    """
    organisation = get_object_for(
        request,
        "klarsprak.use",
        Organisation,
        pk=request.POST.get("klarsprak_organisation", ""),
    )
    field = request.POST.get("klarsprak_field") or "text"
    panel = build_panel(request.POST.get(field, ""), organisation)
    return render(request, "klarsprak/_panel_body.html", {"panel": panel})


@requires("klarsprak.use", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def try_text(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """ "Skriv till unga – testa texten": a textarea with the panel; nothing is saved."""
    form = forms.TryForm(request.POST or None)
    context: dict[str, object] = {
        "organisation": organisation,
        "form": form,
        "may_manage": can(actor_of(request), "officialese.manage", organisation),
    }
    if request.method == "POST" and form.is_valid():
        context.update(analysis_context(form.cleaned_data["text"], organisation))
    return render(request, "klarsprak/try.html", context)


@requires("officialese.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The organisation's officialese list; adding a term."""
    actor = actor_of(request)
    form = forms.TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.term_save(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(word)s” was added.") % {"word": term.hard})
            return redirect("klarsprak:terms", organisation=organisation.pk)
    listed, removed = selectors.term_rows(actor, organisation)
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        listed = [r for r in listed if query.lower() in f"{r.hard} {r.plain}".lower()]
    return render(
        request,
        "klarsprak/terms.html",
        {
            "organisation": organisation,
            "form": form,
            "listed": listed,
            "removed": removed,
            "query": query,
        },
    )


@requires("officialese.manage", kwarg="organisation")
@require_http_methods(["GET", "POST"])
def term_edit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Change one term, named by its headword in ``?key=`` (or the POSTed ``key``)."""
    actor = actor_of(request)
    key = (request.POST.get("key") or request.GET.get("key", "")).strip().lower()
    listed, _removed = selectors.term_rows(actor, organisation)
    row = next((r for r in listed if r.key == key), None)
    if row is None:
        messages.error(request, _("That word is not on the list."))
        return redirect("klarsprak:terms", organisation=organisation.pk)
    initial = {"hard": row.hard, "plain": row.plain, "note": row.note}
    form = forms.TermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_save(
                actor=actor, organisation=organisation, original_key=key, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The word was changed."))
            return redirect("klarsprak:terms", organisation=organisation.pk)
    return render(
        request,
        "klarsprak/term_form.html",
        {"organisation": organisation, "form": form, "row": row},
    )


@requires("officialese.manage", kwarg="organisation")
@require_POST
def term_remove(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    try:
        services.term_remove(
            actor=actor_of(request), organisation=organisation, key=request.POST.get("key", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The word was taken off the list."))
    return redirect("klarsprak:terms", organisation=organisation.pk)


@requires("officialese.manage", kwarg="organisation")
@require_POST
def term_restore(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    try:
        services.term_restore(
            actor=actor_of(request), organisation=organisation, key=request.POST.get("key", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Medskapa's version of the word is back on the list."))
    return redirect("klarsprak:terms", organisation=organisation.pk)
