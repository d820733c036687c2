"""People are named in the chain by pseudonym: forgetting one keeps every chain verifiable and
leaves no row that names them; "who has read my data" reads through the same mapping."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.audit import services
from medskapa.audit.chain import GENESIS, HASHED_FIELDS, row_hash
from medskapa.audit.models import AuditEvent, AuditPseudonym
from medskapa.audit.selectors import reads_about
from medskapa.audit.verify import verify_report
from tests.personas import Personas

from .helpers import Action, log


def _stored_text() -> list[str]:
    """Every value of every row, as the database holds it."""
    return [
        " ".join(str(value) for value in row)
        for row in AuditEvent.stored.values_list(*[f.attname for f in AuditEvent._meta.fields])
    ]


def _names(person_id: uuid.UUID, texts: list[str]) -> bool:
    return any(str(person_id) in text or person_id.hex in text for text in texts)


def _long_history(personas: Personas, client_for) -> None:  # type: ignore[no-untyped-def]
    young = personas.young
    for purpose in ("meeting", "check-ins of a young person", "plan"):
        log(personas.worker, personas.own.pk, subject=young, purpose=purpose)
    log(personas.manager, personas.own.pk, action=Action.EXPORT, subject=young, purpose="report")
    log(young, personas.own.pk, action=Action.CREATE, subject=young, purpose="check-in")
    log(young, personas.own.pk, action=Action.VIEW, subject=young, purpose="own page")
    log(
        personas.admin,
        personas.own.pk,
        action=Action.UPDATE,
        object_type="accounts.user",
        object_id=str(young.pk),
        detail="new log-in code",
    )
    # Refused requests: the young person opening the access log, in their own organisation
    # and in another one.
    young_client = client_for(young)
    for organisation in (personas.own, personas.other):
        page = reverse("audit:review", kwargs={"organisation": organisation.pk})
        assert young_client.get(page).status_code == 404


def test_rows_name_people_by_pseudonym_and_read_back_as_people(
    personas: Personas,
) -> None:
    event = log(personas.worker, personas.own.pk, subject=personas.young, purpose="meeting")
    stored = AuditEvent.stored.get(pk=event.pk)
    pseudonyms = dict(AuditPseudonym.objects.values_list("person_id", "pseudonym"))
    assert stored.subject_id == pseudonyms[personas.young.pk]
    assert stored.actor_id == pseudonyms[personas.worker.pk]
    assert not _names(personas.young.pk, _stored_text())

    loaded = AuditEvent.objects.get(subject_id=personas.young.pk)
    assert (loaded.actor_id, loaded.subject_id) == (personas.worker.pk, personas.young.pk)
    assert event.subject_id == personas.young.pk  # the row handed back reads like a loaded one
    assert list(AuditEvent.objects.values_list("subject_id", flat=True)) == [personas.young.pk]


def test_forgetting_a_person_with_a_long_history_keeps_the_log_verifiable_and_names_nobody(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    _long_history(personas, client_for)
    young_id = personas.young.pk
    rows = AuditEvent.objects.count()
    # six events about them, and the log-in of the test client
    assert AuditEvent.objects.filter(subject_id=young_id).count() == 7
    denied = AuditEvent.objects.filter(actor_id=young_id, action=Action.DENIED)
    assert {e.organisation_id for e in denied} == {personas.own.pk} and denied.count() == 2
    assert verify_report().ok

    assert services.forget_person(actor=actor_for_user(personas.admin), person_id=young_id)
    personas.young.delete()

    report = verify_report()
    assert report.ok, report.breaks
    assert report.events == rows + 1  # the erasure itself is logged, naming nobody
    assert not _names(young_id, _stored_text())
    assert not AuditPseudonym.objects.filter(person_id=young_id).exists()
    assert not AuditEvent.objects.filter(subject_id=young_id).exists()
    assert not AuditEvent.objects.filter(actor_id=young_id).exists()
    assert reads_about(young_id) == []
    # The rows are all still there, about "somebody": the worker's reads are still theirs.
    assert AuditEvent.objects.filter(actor_id=personas.worker.pk).count() == 3


def test_forgetting_someone_never_mentioned_changes_nothing(personas: Personas) -> None:
    log(personas.worker, personas.own.pk)
    before = AuditEvent.objects.count()
    assert not services.forget_person(
        actor=actor_for_user(personas.admin), person_id=personas.young.pk
    )
    assert AuditEvent.objects.count() == before


def test_reads_about_a_person_lists_other_peoples_views_and_exports(personas: Personas) -> None:
    young = personas.young
    log(personas.worker, personas.own.pk, subject=young, purpose="meeting")
    log(personas.manager, personas.own.pk, action=Action.EXPORT, subject=young, purpose="report")
    log(personas.worker, personas.own.pk, action=Action.CREATE, subject=young, purpose="note")
    log(young, personas.own.pk, subject=young, purpose="own page")
    log(personas.worker, personas.own.pk, subject=personas.young_other, purpose="other child")

    reads = reads_about(young.pk)

    assert [(r.action, r.actor_role, r.purpose) for r in reads] == [
        ("export", "manager", "report"),
        ("view", "worker", "meeting"),
    ]
    assert all(r.organisation_id == personas.own.pk for r in reads)
    assert reads[0].occurred_at >= reads[1].occurred_at


def test_rows_from_before_pseudonyms_keep_verifying_and_are_found_by_id(
    personas: Personas,
) -> None:
    fields = {
        "occurred_at": datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        "organisation_id": personas.own.pk,
        "actor_id": personas.worker.pk,
        "actor_kind": "user",
        "actor_role": "worker",
        "action": "view",
        "object_type": "organisations.caseload",
        "object_id": "",
        "subject_id": personas.young.pk,
        "purpose": "meeting",
        "detail": "",
        "request_id": "",
        "ip": None,
    }
    legacy_hash = row_hash(GENESIS, fields)  # version 1: plain SHA-256 over raw ids
    AuditEvent.stored.bulk_create(
        [AuditEvent(prev_hash=GENESIS, hash=legacy_hash, hash_version=1, **fields)]
    )
    assert set(HASHED_FIELDS) <= set(fields)
    log(personas.worker, personas.own.pk, subject=personas.young, purpose="later")

    assert verify_report().ok
    found = AuditEvent.objects.filter(subject_id=personas.young.pk).order_by("id")
    assert [(e.hash_version, e.purpose) for e in found] == [(1, "meeting"), (2, "later")]
    assert [r.purpose for r in reads_about(personas.young.pk)] == ["later", "meeting"]
