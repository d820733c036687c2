"""Writes ask the layer: every declared write service, called as every persona, obeys the matrix.

A service declared ``@acts(action, on=...)`` is called with each persona's actor and each
object of the permission matrix for that action. Where the matrix says no, the service must
raise ``Denied`` before doing anything; where it says yes, it must not raise ``Denied`` (it may
fail on the arguments this walk leaves out: the walk proves the check, each app's own tests prove
the work).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import Http404
from django.test import RequestFactory

from medskapa.access.actions import (
    Denied,
    acts,
    acts_as_system,
    acts_for_anyone,
    ensure,
    write_services,
)
from medskapa.access.actor import actor_for_user
from medskapa.organisations.models import Organisation
from tests.access.test_matrix import ROLES, _all_rows
from tests.personas import Personas


def _acting_services() -> list[str]:
    # Services register when their module is imported: import every services module first, so
    # the walk never misses one that no other module happened to import before collection.
    import importlib

    from tests.access.test_services_declared import ALL_SERVICE_MODULES

    for module_name in ALL_SERVICE_MODULES:
        importlib.import_module(module_name)
    return sorted(name for name, s in write_services().items() if s.kind == "acts")


def _call(service: Any, actor: Any, on: str, obj: Any) -> BaseException | None:
    try:
        service.func(actor=actor, **{on: obj})
    except BaseException as error:
        return error
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("name", _acting_services())
def test_every_write_service_obeys_the_matrix_for_its_action(
    personas: Personas, objects: dict[str, object], name: str
) -> None:
    service = write_services()[name]
    rows = _all_rows().get(service.action)
    assert rows, f"{name} acts as {service.action!r}, which has no rows in the matrix"
    wrong = []
    for key, allowed in rows.items():
        obj = objects[key]
        for role in ROLES:
            actor = actor_for_user(personas.by_role(role))
            outcome = _call(service, actor, service.on, obj)
            refused = isinstance(outcome, Denied)
            if refused is (role in allowed):
                wrong.append(f"{role} on {key}: refused={refused}, want {role not in allowed}")
    assert not wrong, "\n".join(wrong)


def test_a_declared_service_refuses_before_its_body_runs(personas: Personas) -> None:
    ran = []

    @acts("organisation.manage", on="organisation")
    def organisation_rename(*, actor: Any, organisation: Organisation, name: str) -> None:
        ran.append(name)

    with pytest.raises(Denied):
        organisation_rename(
            actor=actor_for_user(personas.young), organisation=personas.own, name="x"
        )
    assert ran == []
    organisation_rename(actor=actor_for_user(personas.admin), organisation=personas.own, name="y")
    assert ran == ["y"]


def test_declarations_without_an_actor_or_a_reason_are_refused_at_import() -> None:
    with pytest.raises(TypeError):

        @acts("organisation.manage", on="organisation")
        def no_actor(*, organisation: Organisation) -> None: ...

    with pytest.raises(ValueError, match="why"):
        acts_as_system(" ")
    with pytest.raises(ValueError, match="why"):
        acts_for_anyone("")


def test_ensure_is_the_layers_own_answer(personas: Personas) -> None:
    ensure(actor_for_user(personas.admin), "organisation.manage", personas.own)
    with pytest.raises(Denied):
        ensure(actor_for_user(personas.outsider_admin), "organisation.manage", personas.own)


@pytest.mark.django_db
def test_a_refusal_from_a_service_answers_404_and_is_audited(personas: Personas) -> None:
    from medskapa.access.middleware import PermissionLayerMiddleware
    from medskapa.audit.models import AuditEvent

    request = RequestFactory().post("/")
    request.user = personas.worker
    before = AuditEvent.objects.filter(action="denied").count()
    middleware = PermissionLayerMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(Http404):
        middleware.process_exception(request, Denied("organisation.manage", personas.own))
    assert AuditEvent.objects.filter(action="denied").count() > before
