"""The application cannot change or remove audit rows: a model guard, and a PostgreSQL trigger
(or, once ``secure_audit_log`` has run, the missing privilege)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from medskapa.access.actor import actor_for_user
from medskapa.audit import services
from medskapa.audit.models import AppendOnlyError, AuditEvent, AuditReview
from tests.personas import Personas

from .helpers import log

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)


@pytest.fixture
def event(personas: Personas) -> AuditEvent:
    return log(personas.worker, personas.own.pk, purpose="meeting")


@pytest.fixture
def review(personas: Personas) -> AuditReview:
    return services.record_review(
        actor=actor_for_user(personas.admin),
        organisation_id=personas.own.pk,
        kind=AuditReview.Kind.SAMPLE,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 31),
        filters="",
        findings="Nothing to remark.",
    )


def test_saving_an_existing_event_is_refused(event: AuditEvent) -> None:
    event.purpose = "something else"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).purpose == "meeting"


def test_saving_an_event_loaded_from_the_database_is_refused(event: AuditEvent) -> None:
    loaded = AuditEvent.objects.get(pk=event.pk)
    with pytest.raises(AppendOnlyError):
        loaded.save(update_fields=["purpose"])


def test_queryset_update_is_refused(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="other")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(purpose="other")


def test_bulk_update_is_refused(event: AuditEvent) -> None:
    event.purpose = "other"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["purpose"])


def test_queryset_delete_is_refused(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_an_event_is_refused(event: AuditEvent) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_recorded_reviews_cannot_be_changed_or_removed(review: AuditReview) -> None:
    review.findings = "Changed afterwards."
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        review.delete()
    with pytest.raises(AppendOnlyError):
        AuditReview.objects.filter(pk=review.pk).update(findings="x")
    with pytest.raises(AppendOnlyError):
        AuditReview.objects.filter(pk=review.pk).delete()
    assert AuditReview.objects.get(pk=review.pk).findings == "Nothing to remark."


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET purpose = 'other' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ],
)
def test_raw_sql_on_an_event_is_refused_by_the_trigger(event: AuditEvent, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match=r"append-only|permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).purpose == "meeting"


@postgres_only
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditreview SET findings = 'other' WHERE id = %s",
        "DELETE FROM audit_auditreview WHERE id = %s",
    ],
)
def test_raw_sql_on_a_review_is_refused_by_the_trigger(review: AuditReview, sql: str) -> None:
    with (
        pytest.raises(DatabaseError, match=r"append-only|permission denied"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [review.pk])
    assert AuditReview.objects.get(pk=review.pk).findings == "Nothing to remark."
