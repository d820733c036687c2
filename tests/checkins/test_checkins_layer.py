"""Check-ins under the permission layer (issue 13, "The layer, by construction"): the
caseload's VIEW rows are one batch per request, and the writes ask the layer themselves."""

from __future__ import annotations

import pytest
from django.urls import reverse

from medskapa.access.actions import Denied
from medskapa.access.actor import actor_for_user
from medskapa.audit import services as audit_services
from medskapa.audit.models import AuditEvent
from medskapa.audit.verify import verify_all
from medskapa.checkins import services
from medskapa.organisations.models import Caseload
from tests.checkins.helpers import answers, submit
from tests.personas import Personas, make_user


def test_a_caseload_of_five_writes_its_five_view_rows_in_one_append(
    personas: Personas, client_for, monkeypatch
) -> None:
    for number in range(4):
        person = make_user(
            f"caseload{number}", org=personas.own, role="young_person", unit=personas.unit_a
        )
        Caseload.objects.create(
            organisation=personas.own, worker=personas.worker, young_person=person
        )
        submit(person, personas.own, answers())
    submit(personas.young, personas.own, answers())
    client = client_for(personas.worker)  # logging in writes its own row
    appends: list[int] = []
    real = audit_services.append

    def counting(organisation_id: object, events: list[object]) -> object:
        appends.append(len(events))
        return real(organisation_id, events)  # type: ignore[arg-type]

    monkeypatch.setattr(audit_services, "append", counting)
    before = AuditEvent.objects.filter(action="view").count()
    page = client.get(reverse("checkins:caseload", args=[personas.own.pk]))
    assert page.status_code == 200
    assert appends == [5]
    overview = AuditEvent.objects.filter(action="view", purpose="check-in overview")
    assert overview.count() == 5
    assert AuditEvent.objects.filter(action="view").count() - before == 5
    assert verify_all() == []


def test_a_young_person_cannot_answer_in_someone_elses_draft(personas: Personas) -> None:
    draft = services.draft_for(actor=actor_for_user(personas.young), organisation=personas.own)
    with pytest.raises(Denied):
        services.draft_answer(
            actor=actor_for_user(personas.young_other), draft=draft, step="area:home", raw=1
        )
    with pytest.raises(Denied):
        services.checkin_submit_draft(
            actor=actor_for_user(personas.young_other), draft=draft, language="sv"
        )


def test_a_worker_cannot_change_a_young_persons_reminders(personas: Personas) -> None:
    plan = services.reminder_plan_for(personas.young, personas.own)
    with pytest.raises(Denied):
        services.reminder_off(actor=actor_for_user(personas.worker), plan=plan)
