"""The insights app's rows in the permission matrix (loaded by tests/access/test_matrix.py).

Designers and managers of the organisation read; designers curate; only designers (with a
second factor) unmask. Workers, org admins, guardians and young people see nothing here.
"""

from __future__ import annotations

from medskapa.insights.models import Fragment, Pattern, SuggestedTheme, ThemeRun
from medskapa.organisations.roles import Role
from tests.insights.conftest import make_source
from tests.personas import Personas

MANAGER, DESIGNER = Role.MANAGER, Role.DESIGNER
NOBODY: set[str] = set()
READERS = {MANAGER, DESIGNER}

MATRIX: dict[str, dict[str, set[str]]] = {
    "insights.view": {"own_org": READERS, "other_org": NOBODY},
    "insights.curate": {"own_org": {DESIGNER}, "other_org": NOBODY},
    "insight_source.view": {"insight_source": READERS, "other_org_insight_source": NOBODY},
    "insight_source.manage": {"insight_source": {DESIGNER}, "other_org_insight_source": NOBODY},
    "insight_fragment.curate": {
        "insight_fragment": {DESIGNER},
        "other_org_insight_fragment": NOBODY,
    },
    "insight_fragment.unmask": {
        "insight_fragment": {DESIGNER},
        "other_org_insight_fragment": NOBODY,
    },
    "insight_pattern.view": {"insight_pattern": READERS, "other_org_insight_pattern": NOBODY},
    "insight_pattern.manage": {"insight_pattern": {DESIGNER}, "other_org_insight_pattern": NOBODY},
    "insight_run.view": {"insight_run": READERS, "other_org_insight_run": NOBODY},
    "insight_run.curate": {"insight_run": {DESIGNER}, "other_org_insight_run": NOBODY},
    "insight_theme.curate": {"insight_theme": {DESIGNER}, "other_org_insight_theme": NOBODY},
}


def build_objects(p: Personas) -> dict[str, object]:
    own = make_source(p.own, "Jag heter Alva och väntade länge.", unit=p.unit_a)
    other = make_source(p.other, "Vi väntade länge.", unit=p.unit_b)
    own_run = ThemeRun.objects.create(organisation=p.own)
    other_run = ThemeRun.objects.create(organisation=p.other)
    return {
        "insight_source": own,
        "other_org_insight_source": other,
        "insight_fragment": Fragment.objects.filter(source=own).first(),
        "other_org_insight_fragment": Fragment.objects.filter(source=other).first(),
        "insight_pattern": Pattern.objects.create(organisation=p.own, title="Väntan"),
        "other_org_insight_pattern": Pattern.objects.create(organisation=p.other, title="Väntan"),
        "insight_run": own_run,
        "other_org_insight_run": other_run,
        "insight_theme": SuggestedTheme.objects.create(run=own_run, label="Väntan"),
        "other_org_insight_theme": SuggestedTheme.objects.create(run=other_run, label="Väntan"),
    }
