"""Instrument sections that other check-in pages include (the worker's person page, the young
person's start page). The tags read through the permission layer, like a view would."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from medskapa.access.registry import can, scope
from medskapa.access.views import actor_of
from medskapa.audit.services import Action, record

register = template.Library()


@register.inclusion_tag("checkins/instruments/person_section_body.html", takes_context=True)
def instrument_person_section(context: template.Context) -> dict[str, Any]:
    """Scores over time, open requests and the "ask to answer" form, for the worker."""
    from medskapa.checkins import instruments
    from medskapa.checkins.instrument_views import AssignForm
    from medskapa.checkins.models import InstrumentAssignment

    request = context["request"]
    organisation = context["organisation"]
    young_person = context["young_person"]
    actor = actor_of(request)
    language = (get_language() or "sv")[:2]
    responses = list(instruments.responses_of(actor, young_person, organisation)[:50])
    if responses:
        record(
            action=Action.VIEW,
            actor=actor,
            request=request,
            organisation_id=organisation.pk,
            obj=young_person,
            subject_id=young_person.pk,
            purpose="instrument scores of a young person",
        )
    waiting = (
        scope(actor, "instrument.withdraw", InstrumentAssignment.objects.all())
        .filter(organisation=organisation, young_person=young_person)
        .select_related("instrument")
    )
    may_assign = can(actor, "instrument.assign", young_person)
    return {
        "organisation": organisation,
        "young_person": young_person,
        "rows": instruments.score_rows(responses, language),
        "waiting": waiting,
        "may_assign": may_assign,
        "assign_form": AssignForm(organisation=organisation) if may_assign else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("checkins/instruments/young_section_body.html", takes_context=True)
def instrument_young_section(context: template.Context) -> dict[str, Any]:
    """The young person's open requests to answer an instrument, in one organisation."""
    from medskapa.checkins import instruments

    request = context["request"]
    organisation = context["organisation"]
    actor = actor_of(request)
    language = (get_language() or "sv")[:2]
    waiting = []
    if actor.user is not None:
        for assignment in instruments.open_assignments(actor.user, organisation):
            version = instruments.version_to_answer(assignment)
            if version is None:
                continue
            instrument = instruments.load(version)
            waiting.append(
                {
                    "assignment": assignment,
                    "name": instruments.text_in(instrument.name, language, instrument.languages),
                    "count": len(instrument.items),
                }
            )
    return {"organisation": organisation, "waiting": waiting}
