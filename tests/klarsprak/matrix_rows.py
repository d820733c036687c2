"""klarsprak's rows in the permission matrix (loaded by tests/access/test_matrix.py)."""

from __future__ import annotations

from medskapa.klarsprak.models import OfficialeseTerm
from medskapa.organisations.roles import Role
from tests.personas import Personas

STAFF = {Role.ORG_ADMIN, Role.MANAGER, Role.WORKER, Role.DESIGNER}
EDITORS = {Role.ORG_ADMIN, Role.MANAGER, Role.DESIGNER}

MATRIX: dict[str, dict[str, set[str]]] = {
    "klarsprak.use": {"own_org": STAFF, "other_org": set()},
    "officialese.manage": {"own_org": EDITORS, "other_org": set()},
    "officialese_term.manage": {
        "own_officialese_term": EDITORS,
        "other_org_officialese_term": set(),
    },
}


def build_objects(p: Personas) -> dict[str, object]:
    return {
        "own_officialese_term": OfficialeseTerm.objects.create(
            organisation=p.own, key="blankett", hard="blankett", plain="papper"
        ),
        "other_org_officialese_term": OfficialeseTerm.objects.create(
            organisation=p.other, key="blankett", hard="blankett", plain="formulär"
        ),
    }
