"""The "my data" app's rows in the permission matrix (loaded by tests/access/test_matrix.py)."""

from __future__ import annotations

from medskapa.organisations.roles import Role
from tests.mydata.helpers import question_about, read_by
from tests.personas import Personas

ADMIN, MANAGER, YOUNG = Role.ORG_ADMIN, Role.MANAGER, Role.YOUNG_PERSON
NOBODY: set[str] = set()

MATRIX: dict[str, dict[str, set[str]]] = {
    "mydata.view_reads": {"own_org": {YOUNG}, "other_org": NOBODY},
    "read_question.ask": {
        "young_read_event": {YOUNG},
        "other_young_read_event": NOBODY,
        "young_own_read_event": NOBODY,
        "other_org_read_event": NOBODY,
    },
    "read_question.view_own": {
        "young_read_question": {YOUNG},
        "other_young_read_question": NOBODY,
        "other_org_read_question": NOBODY,
    },
    "read_question.handle": {
        "young_read_question": {ADMIN, MANAGER},
        "other_young_read_question": {ADMIN, MANAGER},
        "other_org_read_question": NOBODY,
    },
}


def build_objects(p: Personas) -> dict[str, object]:
    young_read = read_by(p.worker, p.young, p.own, "check-ins of a young person")
    other_young_read = read_by(p.worker, p.young_other, p.own, "caseload list")
    other_org_read = read_by(p.outsider_worker, p.outsider_young, p.other, "caseload list")
    return {
        "young_read_event": young_read,
        "other_young_read_event": other_young_read,
        # A young person's own look at their data is no read "by someone else".
        "young_own_read_event": read_by(p.young, p.young, p.own, "checkin.view"),
        "other_org_read_event": other_org_read,
        "young_read_question": question_about(young_read, p.young, p.own),
        "other_young_read_question": question_about(other_young_read, p.young_other, p.own),
        "other_org_read_question": question_about(other_org_read, p.outsider_young, p.other),
    }


__all__ = ["MATRIX", "build_objects"]
