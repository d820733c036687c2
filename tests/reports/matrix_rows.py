"""The reports app's rows in the permission matrix (loaded by tests/access/test_matrix.py).

Personas: manager holds unit_a (with unit_a_child below it); designer is org-wide; worker and
colleague are workers in unit_a; young is in unit_a_child.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from medskapa.organisations.roles import Role
from medskapa.reports.models import Gap, Report
from tests.personas import Personas

ADMIN, MANAGER, WORKER, DESIGNER, YOUNG = (
    Role.ORG_ADMIN,
    Role.MANAGER,
    Role.WORKER,
    Role.DESIGNER,
    Role.YOUNG_PERSON,
)
NOBODY: set[str] = set()

MATRIX: dict[str, dict[str, set[str]]] = {
    "reports.view": {"own_org": {MANAGER, DESIGNER}, "other_org": NOBODY},
    "reports.view_whole": {"own_org": {DESIGNER}, "other_org": NOBODY},
    "reports.view_unit": {
        "own_unit": {MANAGER, DESIGNER},
        "child_unit": {MANAGER, DESIGNER},
        "sibling_unit": {DESIGNER},
        "other_org_unit": NOBODY,
    },
    "gap.report_as_young_person": {"own_org": {YOUNG}, "other_org": NOBODY},
    # The persona manager's grant is a unit: settings are for org admins and org-wide managers.
    "reports.settings": {"own_org": {ADMIN}, "other_org": NOBODY},
    "gap.report": {"own_org": {YOUNG, WORKER, MANAGER, DESIGNER}, "other_org": NOBODY},
    "gap.review": {
        "reports_gap_unit_a_child": {MANAGER, DESIGNER},
        "reports_gap_sibling_unit": {DESIGNER},
        "reports_gap_no_unit": {DESIGNER},
        "reports_gap_other_org": NOBODY,
    },
    "gap.view_reporter": {
        "reports_gap_unit_a_child": {MANAGER},
        "reports_gap_sibling_unit": NOBODY,
        "reports_gap_no_unit": NOBODY,
        "reports_gap_other_org": NOBODY,
    },
    "report.create": {"own_org": {MANAGER, DESIGNER}, "other_org": NOBODY},
    "report.manage": {
        "reports_report_unit_a": {MANAGER, DESIGNER},
        "reports_report_sibling_unit": {DESIGNER},
        "reports_report_whole_org": {DESIGNER},
        "reports_report_other_org": NOBODY,
    },
}


def _gap(org: object, unit: object, by: object) -> Gap:
    return Gap.objects.create(
        organisation=org,
        unit=unit,
        reported_by=by,
        reporter_kind=Gap.Reporter.YOUNG_PERSON,
        what_happened="Skolan visste inte.",
        sip=Gap.Sip.NO,
        reported_at=timezone.now(),
    )


def _report(org: object, unit: object) -> Report:
    return Report.objects.create(
        organisation=org,
        unit=unit,
        title="Årsrapport",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 1),
    )


def build_objects(p: Personas) -> dict[str, object]:
    return {
        "reports_gap_unit_a_child": _gap(p.own, p.unit_a_child, p.young),
        "reports_gap_sibling_unit": _gap(p.own, p.unit_a2, p.young_other),
        "reports_gap_no_unit": _gap(p.own, None, p.worker),
        "reports_gap_other_org": _gap(p.other, p.unit_b, p.outsider_young),
        "reports_report_unit_a": _report(p.own, p.unit_a),
        "reports_report_sibling_unit": _report(p.own, p.unit_a2),
        "reports_report_whole_org": _report(p.own, None),
        "reports_report_other_org": _report(p.other, None),
    }
