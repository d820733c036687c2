"""The layer by construction: identified reads audited by the layer, the organisation in the URL
checked once, and API declarations that enforce themselves."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404, HttpRequest
from django.test import RequestFactory
from django.urls import ResolverMatch

from medskapa.access.reads import disclose, flush
from medskapa.access.registry import all_rules, get_rule
from medskapa.access.views import get_object_for
from medskapa.api.access import UndeclaredAccess, require
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Caseload, Organisation
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _get(user: Any, organisation: Any = None, method: str = "get") -> HttpRequest:
    request = getattr(RequestFactory(), method)("/")
    request.user = user
    kwargs = {"organisation": organisation} if organisation is not None else {}
    request.resolver_match = ResolverMatch(lambda r: None, (), kwargs)
    return request


def test_every_identified_rule_names_the_person_its_objects_are_about() -> None:
    for action, rule_ in all_rules().items():
        if not rule_.identified:
            continue
        assert rule_.subject is not None, action
        if rule_.subject in ("", "pk"):
            continue
        names = {f.attname for f in rule_.model._meta.concrete_fields}
        assert rule_.subject in names, f"{action}: {rule_.model.__name__} has no {rule_.subject}"


def test_an_identified_read_is_audited_by_the_layer_once_per_request(personas: Personas) -> None:
    caseload = Caseload.objects.get(worker=personas.worker, young_person=personas.young)
    request = _get(personas.worker, personas.own.pk)
    before = AuditEvent.objects.filter(action="view").count()
    for _ in range(3):  # the same object shown three times on one page
        get_object_for(request, "caseload.view", Caseload, pk=caseload.pk)
    assert AuditEvent.objects.filter(action="view").count() == before  # nothing until shown
    assert flush(request) == 1
    row = AuditEvent.objects.filter(action="view").latest("id")
    assert row.object_id == str(caseload.pk)
    assert str(row.subject_id) == str(personas.young.pk)


def test_writes_do_not_count_as_reads(personas: Personas) -> None:
    caseload = Caseload.objects.get(worker=personas.worker, young_person=personas.young)
    request = _get(personas.worker, personas.own.pk, method="post")
    get_object_for(request, "caseload.view", Caseload, pk=caseload.pk)
    assert flush(request) == 0


def test_a_young_person_reading_their_own_data_leaves_no_row(personas: Personas) -> None:
    from medskapa.access.actor import actor_for_user

    request = _get(personas.young)
    disclose(request, [personas.young], actor=actor_for_user(personas.young), purpose="own page")
    assert flush(request) == 0


def test_an_object_of_another_organisation_is_404_under_this_organisations_url(
    personas: Personas,
) -> None:
    caseload = Caseload.objects.get(worker=personas.worker, young_person=personas.young)
    assert get_object_for(
        _get(personas.worker, personas.own.pk), "caseload.view", Caseload, pk=caseload.pk
    )
    with pytest.raises(Http404):
        get_object_for(
            _get(personas.worker, personas.other.pk), "caseload.view", Caseload, pk=caseload.pk
        )


def test_an_api_operation_that_never_asks_the_layer_cannot_answer(personas: Personas) -> None:
    @require("organisation.view")
    def forgetful(request: HttpRequest, organisation_id: str) -> dict[str, str]:
        return {"name": Organisation.objects.get(pk=organisation_id).name}

    with pytest.raises(UndeclaredAccess):
        forgetful(_get(personas.admin), str(personas.own.pk))

    @require("organisation.view")
    def careful(request: HttpRequest, organisation_id: str) -> dict[str, str]:
        org = get_object_for(request, "organisation.view", Organisation, pk=organisation_id)
        return {"name": org.name}

    assert careful(_get(personas.admin), str(personas.own.pk)) == {"name": personas.own.name}
    assert get_rule("organisation.view").identified is False
