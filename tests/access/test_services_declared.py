"""Every public function of a services module is a declared write (or not public at all).

Reads belong in ``selectors``; helpers are private (``_name``). A write declares who may do it
with ``access.actions.acts`` (checked before it runs), ``acts_as_system`` or
``acts_for_anyone`` (with the reason). An app's services module is listed here once all of its
functions are declared; the list grows until it holds every app (``ALL_SERVICE_MODULES``).
"""

from __future__ import annotations

import importlib
import inspect

import pytest

from medskapa.access.actions import declaration_of

DECLARED_MODULES: list[str] = [
    "medskapa.insights.services",
    "medskapa.conversations.services",
    "medskapa.feedback.services",
    "medskapa.organisations.services",
    "medskapa.klarsprak.services",
    "medskapa.reports.services",
    "medskapa.web.services",
    "medskapa.events.services",
    "medskapa.projects.services",
    "medskapa.checkins.services",
    "medskapa.api.services",
    "medskapa.mydata.services",
]

ALL_SERVICE_MODULES = [
    "medskapa.api.services",
    "medskapa.audit.services",
    "medskapa.checkins.services",
    "medskapa.conversations.services",
    "medskapa.events.services",
    "medskapa.feedback.services",
    "medskapa.insights.services",
    "medskapa.klarsprak.services",
    "medskapa.mydata.services",
    "medskapa.organisations.services",
    "medskapa.projects.services",
    "medskapa.reports.services",
    "medskapa.web.services",
]


def _undeclared(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    missing = []
    for name, func in inspect.getmembers(module, inspect.isfunction):
        if name.startswith("_") or func.__module__ != module_name:
            continue
        if declaration_of(func) is None:
            missing.append(name)
    return missing


@pytest.mark.parametrize("module_name", DECLARED_MODULES)
def test_every_public_service_function_declares_who_may_call_it(module_name: str) -> None:
    missing = _undeclared(module_name)
    assert not missing, (
        f"{module_name}: declare with @acts/@acts_as_system/@acts_for_anyone: {missing}"
    )


def test_the_walk_finds_an_undeclared_public_function() -> None:
    assert "ensure" in _undeclared("medskapa.access.actions")


def test_declared_modules_are_service_modules() -> None:
    assert set(DECLARED_MODULES) <= set(ALL_SERVICE_MODULES)
