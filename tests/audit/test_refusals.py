"""Refused requests are counted and sampled, and land only in the refused actor's own logs:
an outsider cannot fill another organisation's audit chain (or hold its lock) by probing."""

from __future__ import annotations

from django.test import RequestFactory
from django.urls import reverse

from medskapa.access.actor import actor_for_user
from medskapa.access.views import _refuse
from medskapa.audit import services
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Organisation
from medskapa.projects.models import Project
from tests.personas import Personas

from .helpers import Action


def _probe(personas: Personas, target: Organisation, times: int) -> None:
    """``times`` refusals as the outsider admin would cause them, without a full request each."""
    request = RequestFactory().get(f"/organisations/{target.pk}/")
    request.actor = actor_for_user(personas.outsider_admin)  # type: ignore[attr-defined]
    request.resolver_match = type("Match", (), {"kwargs": {"organisation": str(target.pk)}})()  # type: ignore[attr-defined]
    for number in range(times):
        _refuse(request, "projects.view", Project, number)


def test_a_thousand_probes_by_an_outsider_write_a_handful_of_rows_and_none_in_the_target(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    before = AuditEvent.objects.count()
    client = client_for(personas.outsider_admin)
    page = reverse("audit:review", kwargs={"organisation": personas.own.pk})
    for _ in range(20):  # real requests, through the layer
        assert client.get(page).status_code == 404
    _probe(personas, personas.own, 980)

    written = AuditEvent.objects.filter(action=Action.DENIED)
    assert AuditEvent.objects.count() - before <= 3
    assert 1 <= written.count() <= 2
    assert not AuditEvent.objects.filter(organisation_id=personas.own.pk).exists()
    # Reviewers of the prober's own organisation find it, with whom it was aimed at.
    found = written.filter(organisation_id=personas.other.pk, actor_id=personas.outsider_admin.pk)
    assert found.exists()
    assert all(str(personas.own.pk) in e.detail for e in found)


def test_the_next_sampled_refusal_carries_the_count_of_those_not_written(
    personas: Personas, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    _probe(personas, personas.own, 50)
    assert AuditEvent.objects.filter(action=Action.DENIED).count() == 1
    # The window closes; the next refusal is written with the count since the last row.
    key = services._refusal_key(
        personas.outsider_admin.pk, "projects.view", personas.own.pk, personas.other.pk
    )
    assert services.cache.delete(f"{key}:window")
    _probe(personas, personas.own, 1)
    rows = list(AuditEvent.objects.filter(action=Action.DENIED).order_by("id"))
    assert len(rows) == 2
    assert "49 more refused since the last row" in rows[1].detail


def test_a_refusal_inside_the_own_organisation_goes_to_that_organisations_log(
    personas: Personas, client_for
) -> None:  # type: ignore[no-untyped-def]
    page = reverse("audit:review", kwargs={"organisation": personas.own.pk})
    for _ in range(30):
        assert client_for(personas.worker).get(page).status_code == 404
    denied = AuditEvent.objects.filter(action=Action.DENIED, actor_id=personas.worker.pk)
    assert [e.organisation_id for e in denied] == [personas.own.pk]
    assert denied.get().detail == "audit.review"


def test_refusals_are_written_when_the_cache_does_not_answer(
    personas: Personas, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    class Down:
        def __getattr__(self, name: str) -> object:
            def broken(*args: object, **kwargs: object) -> None:
                raise ConnectionError("cache down")

            return broken

    monkeypatch.setattr(services, "cache", Down())
    _probe(personas, personas.own, 3)
    assert AuditEvent.objects.filter(action=Action.DENIED).count() == 3
    assert not AuditEvent.objects.filter(organisation_id=personas.own.pk).exists()
