"""The permission matrix: every role × action × object relation, allow or deny.

Each rule registered in the permission layer must have a row here; a new domain app adds its
rows to ``MATRIX`` (and its objects to ``objects``) and is covered. The same walk checks that
``scope`` (lists) and ``can`` (single objects) agree, so a list never shows what a page refuses.
"""

from __future__ import annotations

import pytest

from medskapa.access.actor import actor_for_user
from medskapa.access.registry import all_rules, can, scope
from medskapa.audit.models import AuditEvent, AuditReview
from medskapa.audit.services import Action, record
from medskapa.organisations.models import (
    Caseload,
    Consent,
    Guardianship,
    Invite,
    Membership,
    OrganisationPage,
)
from medskapa.organisations.roles import Role
from medskapa.organisations.services import staff_invite_create, young_person_invite_create
from medskapa.web.models import AccessibilityReport, Notification
from tests.personas import Personas, make_user

ADMIN, MANAGER, WORKER, DESIGNER, GUARDIAN, YOUNG = (
    Role.ORG_ADMIN,
    Role.MANAGER,
    Role.WORKER,
    Role.DESIGNER,
    Role.GUARDIAN,
    Role.YOUNG_PERSON,
)
ROLES = [ADMIN, MANAGER, WORKER, DESIGNER, GUARDIAN, YOUNG]
STAFF = {ADMIN, MANAGER, WORKER, DESIGNER}
NOBODY: set[str] = set()

# action -> {object key -> roles (of the own organisation's personas) that are allowed}
MATRIX: dict[str, dict[str, set[str]]] = {
    "organisation.view": {"own_org": set(ROLES), "other_org": NOBODY},
    "organisation.manage": {"own_org": {ADMIN}, "other_org": NOBODY},
    "organisation.view_staff": {"own_org": {ADMIN, MANAGER}, "other_org": NOBODY},
    "organisation.invite_young_person": {"own_org": {WORKER}, "other_org": NOBODY},
    "unit.view": {
        "own_unit": STAFF,
        "child_unit": STAFF,
        "sibling_unit": STAFF,
        "other_org_unit": NOBODY,
    },
    "unit.invite_young_person": {
        "own_unit": {WORKER},
        "child_unit": {WORKER},
        "sibling_unit": NOBODY,
        "other_org_unit": NOBODY,
    },
    "unit.manage": {
        "own_unit": {ADMIN},
        "child_unit": {ADMIN},
        "sibling_unit": {ADMIN},
        "other_org_unit": NOBODY,
    },
    "membership.view": {
        "colleague_membership": {ADMIN, MANAGER},
        "child_unit_staff_membership": {ADMIN, MANAGER},
        "sibling_unit_staff_membership": {ADMIN},
        "young_membership": NOBODY,
        "other_org_membership": NOBODY,
    },
    "membership.manage": {
        "colleague_membership": {ADMIN},
        "child_unit_staff_membership": {ADMIN},
        "sibling_unit_staff_membership": {ADMIN},
        "young_membership": NOBODY,
        "other_org_membership": NOBODY,
    },
    "staff.manage": {
        "colleague_user": {ADMIN},
        "young_user": NOBODY,
        "other_org_staff_user": NOBODY,
    },
    "young_person.view": {
        "young_on_caseload": {WORKER, YOUNG},
        "young_not_on_caseload": NOBODY,
        "other_org_young": NOBODY,
    },
    "young_person.reset_login": {
        "young_on_caseload": {WORKER},
        "young_not_on_caseload": NOBODY,
        "other_org_young": NOBODY,
    },
    "caseload.view": {"own_caseload_entry": {WORKER}, "other_org_caseload_entry": NOBODY},
    "invite.manage": {
        "staff_invite": {ADMIN},
        "worker_young_invite": {WORKER},
        "other_org_staff_invite": NOBODY,
    },
    "page.manage": {"own_page": {ADMIN}, "other_org_page": NOBODY},
    "audit.review": {"own_org": {ADMIN, MANAGER}, "other_org": NOBODY},
    "audit.view_event": {"own_event": {ADMIN, MANAGER}, "other_org_event": NOBODY},
    "audit.view_review": {"own_review": {ADMIN, MANAGER}, "other_org_review": NOBODY},
    "accessibility_report.manage": {"own_report": {ADMIN}, "other_org_report": NOBODY},
    "notification.view": {
        "young_notification": {YOUNG},
        "worker_notification": {WORKER},
        "other_org_notification": NOBODY,
    },
    "consent.manage": {
        "young_consent": {YOUNG, GUARDIAN},
        "other_young_consent": NOBODY,
        "other_org_consent": NOBODY,
    },
}

# Rules that domain apps add later register rows here through this hook (see docs/architecture).
EXTRA_MATRIX_MODULES: list[str] = [
    "tests.api.matrix_rows",
    "tests.checkins.matrix_rows",
    "tests.klarsprak.matrix_rows",
    "tests.conversations.matrix_rows",
    "tests.events.matrix_rows",
    "tests.insights.matrix_rows",
    "tests.projects.matrix_rows",
    "tests.reports.matrix_rows",
    "tests.feedback.matrix_rows",
    "tests.mydata.matrix_rows",
]


def _extra_rows() -> tuple[dict[str, dict[str, set[str]]], list[object]]:
    import importlib

    rows: dict[str, dict[str, set[str]]] = {}
    builders: list[object] = []
    from django.apps import apps

    for name in EXTRA_MATRIX_MODULES:
        label = name.split(".")[1]
        if label != "api" and not apps.is_installed(f"medskapa.{label}"):
            continue  # the app is left out (MEDSKAPA_WITHOUT_APPS)
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        rows.update(module.MATRIX)
        builders.append(module.build_objects)
    return rows, builders


@pytest.fixture
def objects(personas: Personas) -> dict[str, object]:
    p = personas
    admin_actor = actor_for_user(p.admin)
    child_staff = make_user("childworker", org=p.own, role=WORKER, unit=p.unit_a_child)
    sibling_staff = make_user("siblingworker", org=p.own, role=WORKER, unit=p.unit_a2)
    own_page = OrganisationPage.objects.create(organisation=p.own, kind="privacy", body="x")
    other_page = OrganisationPage.objects.create(organisation=p.other, kind="privacy", body="x")
    own_event = record(action=Action.VIEW, organisation_id=p.own.pk, object_type="t")
    other_event = record(action=Action.VIEW, organisation_id=p.other.pk, object_type="t")
    review_fields = {
        "reviewer_id": p.admin.pk,
        "reviewer_name": "A",
        "kind": "sample",
        "period_start": "2026-01-01",
        "period_end": "2026-01-31",
        "findings": "ok",
    }
    objs: dict[str, object] = {
        "own_org": p.own,
        "other_org": p.other,
        "own_unit": p.unit_a,
        "child_unit": p.unit_a_child,
        "sibling_unit": p.unit_a2,
        "other_org_unit": p.unit_b,
        "colleague_membership": Membership.objects.get(user=p.colleague),
        "child_unit_staff_membership": Membership.objects.get(user=child_staff),
        "sibling_unit_staff_membership": Membership.objects.get(user=sibling_staff),
        "young_membership": Membership.objects.get(user=p.young),
        "other_org_membership": Membership.objects.get(user=p.outsider_worker),
        "colleague_user": p.colleague,
        "young_user": p.young,
        "other_org_staff_user": p.outsider_worker,
        "young_on_caseload": p.young,
        "young_not_on_caseload": p.young_other,
        "other_org_young": p.outsider_young,
        "own_caseload_entry": Caseload.objects.get(worker=p.worker),
        "other_org_caseload_entry": Caseload.objects.get(worker=p.outsider_worker),
        "staff_invite": staff_invite_create(
            actor=admin_actor,
            organisation=p.own,
            email="new@egen.example",
            role=WORKER,
            unit=None,
        ).invite,
        "worker_young_invite": young_person_invite_create(
            actor=actor_for_user(p.worker), organisation=p.own, unit=None, display_name="Ny"
        ).invite,
        "other_org_staff_invite": staff_invite_create(
            actor=actor_for_user(p.outsider_admin),
            organisation=p.other,
            email="new@annan.example",
            role=WORKER,
            unit=None,
        ).invite,
        "own_page": own_page,
        "other_org_page": other_page,
        "own_event": own_event,
        "other_org_event": other_event,
        "own_review": AuditReview.objects.create(organisation_id=p.own.pk, **review_fields),
        "other_org_review": AuditReview.objects.create(organisation_id=p.other.pk, **review_fields),
    }
    Guardianship.objects.create(organisation=p.own, guardian=p.guardian, young_person=p.young)

    def consent(org: object, subject: object) -> Consent:
        return Consent.objects.create(
            organisation=org, subject=subject, given_by=subject, purpose="contact", text_version="1"
        )

    objs["young_consent"] = consent(p.own, p.young)
    objs["other_young_consent"] = consent(p.own, p.young_other)
    objs["other_org_consent"] = consent(p.other, p.outsider_young)
    objs["own_report"] = AccessibilityReport.objects.create(organisation=p.own, description="x")
    objs["other_org_report"] = AccessibilityReport.objects.create(
        organisation=p.other, description="x"
    )

    def note(user: object, org: object) -> Notification:
        return Notification.objects.create(
            recipient=user, organisation=org, kind="t", text="t", url="/"
        )

    objs["young_notification"] = note(p.young, p.own)
    objs["worker_notification"] = note(p.worker, p.own)
    objs["other_org_notification"] = note(p.outsider_worker, p.other)
    _rows, builders = _extra_rows()
    for build in builders:
        objs.update(build(p))  # type: ignore[operator]
    return objs


def _cross_organisation_keys() -> set[str]:
    """Objects an organisation publishes on purpose (e.g. library guides): a matrix module
    lists them in ``CROSS_ORGANISATION``; every other object is out of outsiders' reach."""
    import importlib

    keys: set[str] = set()
    from django.apps import apps

    for name in EXTRA_MATRIX_MODULES:
        label = name.split(".")[1]
        if label != "api" and not apps.is_installed(f"medskapa.{label}"):
            continue  # the app is left out (MEDSKAPA_WITHOUT_APPS)
        try:
            keys |= set(getattr(importlib.import_module(name), "CROSS_ORGANISATION", ()))
        except ModuleNotFoundError:
            continue
    return keys


def _all_rows() -> dict[str, dict[str, set[str]]]:
    rows, _builders = _extra_rows()
    return {**MATRIX, **rows}


# One test per action (not per role × object): the objects are built once for all its cases.
@pytest.mark.parametrize("action", sorted(_all_rows()))
def test_roles_may_or_may_not_act_on_objects(
    personas: Personas, objects: dict[str, object], action: str
) -> None:
    wrong = []
    for key, allowed in _all_rows()[action].items():
        obj = objects[key]
        for role in ROLES:
            expected = role in allowed
            actor = actor_for_user(personas.by_role(role))
            decided = can(actor, action, obj)  # type: ignore[arg-type]
            listed = scope(actor, action, type(obj)._default_manager.all())  # type: ignore[attr-defined]
            in_list = listed.filter(pk=obj.pk).exists()  # type: ignore[attr-defined]
            if decided is not expected or in_list is not expected:
                wrong.append(f"{role} on {key}: can={decided} listed={in_list}, want {expected}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("action", sorted(_all_rows()))
def test_outsiders_never_reach_own_organisation_objects(
    personas: Personas, objects: dict[str, object], action: str
) -> None:
    outsiders = (
        personas.outsider_admin,
        personas.outsider_manager,
        personas.outsider_worker,
        personas.outsider_designer,
        personas.outsider_young,
    )
    for key in _all_rows()[action]:
        if "other_org" in key or key in _cross_organisation_keys():
            continue
        for outsider in outsiders:
            assert can(actor_for_user(outsider), action, objects[key]) is False, (key, outsider)  # type: ignore[arg-type]


def test_every_registered_rule_has_rows_in_the_matrix() -> None:
    rows, _builders = _extra_rows()
    covered = set(MATRIX) | set(rows)
    missing = set(all_rules()) - covered
    assert not missing, f"Add matrix rows for: {sorted(missing)}"


def test_anonymous_is_denied_everything(objects: dict[str, object]) -> None:
    from medskapa.access.actor import ANONYMOUS

    for action, by_object in _all_rows().items():
        for key in by_object:
            assert can(ANONYMOUS, action, objects[key]) is False  # type: ignore[arg-type]


def test_models_in_matrix_are_the_rules_models(objects: dict[str, object]) -> None:
    for action, by_object in _all_rows().items():
        model = all_rules()[action].model
        for key in by_object:
            assert isinstance(objects[key], model), (action, key)


def test_audit_rows_exist_for_objects_built(objects: dict[str, object]) -> None:
    assert AuditEvent.objects.filter(object_type="organisations.invite").count() >= 3
    assert Invite.objects.count() == 3
