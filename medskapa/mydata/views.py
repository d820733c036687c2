""" "Who has read my data" for young people, and the questions about it for log reviewers.

Thin: the rules decide who sees what, selectors put the log in words, services write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from medskapa.access.reads import disclose
from medskapa.access.views import actor_of, requires
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Organisation

from . import selectors, services
from .forms import AskForm, HandleForm
from .models import ReadQuestion


def _add_errors(form: AskForm | HandleForm, error: ValidationError) -> None:
    for field, texts in error.message_dict.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@requires("mydata.view_reads")
def reads(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    organisations = selectors.organisations_for(actor)
    if not organisations.exists():
        raise Http404  # only young people have this page
    rows = selectors.read_rows(actor, organisations)
    return render(request, "mydata/reads.html", {"rows": rows})


@requires("read_question.ask", kwarg="event")
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest, event: AuditEvent) -> HttpResponse:
    actor = actor_of(request)
    form = AskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.read_question_create(actor=actor, event=event, text=form.cleaned_data["text"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Your question has been sent. The service will look at it.")
            )
            return redirect("mydata:reads")
    row = next(
        (
            r
            for r in selectors.read_rows(actor, selectors.organisations_for(actor))
            if r.event_id == event.pk
        ),
        None,
    )
    return render(request, "mydata/ask.html", {"form": form, "row": row, "event": event})


@requires("audit.review", kwarg="organisation")
def questions(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    actor = actor_of(request)
    rows = selectors.questions_for(actor, organisation)
    disclose(
        request,
        [row.question for row in rows],
        actor=actor,
        subject="asked_by_id",
        purpose="questions about reads",
    )
    return render(
        request,
        "mydata/questions.html",
        {"organisation": organisation, "rows": rows, "form": HandleForm()},
    )


@requires("read_question.handle", kwarg="question")
@require_POST
def handle(request: HttpRequest, organisation: str, question: ReadQuestion) -> HttpResponse:
    actor = actor_of(request)
    form = HandleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors.get("note", [])) or _("Write an answer first."))
        note = form.cleaned_data["note"]
        services.read_question_handle(actor=actor, question=question, note=note)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The answer was saved. The young person can see it."))
    return redirect("mydata:questions", organisation=question.organisation_id)
