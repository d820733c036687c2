"""Fixed personas for every test: one organisation we call "own", one "other".

Own organisation (Södertälje-like):   Other organisation:
  unit_a  "Barn och unga"               unit_b "Familjeenheten"
    unit_a_child "Barn och unga, Öst"
  unit_a2 "Ungdomsmottagningen"

Staff in own org: admin (org-wide), manager (unit_a), worker (unit_a, with young on caseload),
colleague (worker in unit_a, no caseload), designer (org-wide), guardian; a young person
``young`` in unit_a_child on worker's caseload, and ``young_other`` in unit_a2 on nobody's.
Outsiders: the same roles in the other organisation, prefixed ``outsider_``.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from medskapa.accounts.models import User
from medskapa.organisations.models import Caseload, Membership, Organisation, Unit
from medskapa.organisations.roles import STAFF_ROLES, Role

PASSWORD = "en lång och ovanlig fras 42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def make_unit(org: Organisation, name: str, parent: Unit | None = None) -> Unit:
    unit = Unit(organisation=org, name=name, parent=parent)
    unit.path = unit.compute_path()
    unit.save()
    return unit


def make_user(
    username: str,
    *,
    org: Organisation | None = None,
    role: str | None = None,
    unit: Unit | None = None,
    email: str | None = None,
    mfa: bool | None = None,
) -> User:
    user = User(username=username, email=email, display_name=username.title())
    user.set_password(PASSWORD)
    user.save()
    if org is not None and role is not None:
        Membership.objects.create(user=user, organisation=org, unit=unit, role=role)
    if mfa is None:
        mfa = role in STAFF_ROLES
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


@dataclass
class Personas:
    own: Organisation
    other: Organisation
    unit_a: Unit
    unit_a_child: Unit
    unit_a2: Unit
    unit_b: Unit
    admin: User
    manager: User
    worker: User
    colleague: User
    designer: User
    guardian: User
    young: User
    young_other: User
    outsider_admin: User
    outsider_manager: User
    outsider_worker: User
    outsider_designer: User
    outsider_young: User

    def by_role(self, role: str) -> User:
        return {
            Role.ORG_ADMIN: self.admin,
            Role.MANAGER: self.manager,
            Role.WORKER: self.worker,
            Role.DESIGNER: self.designer,
            Role.GUARDIAN: self.guardian,
            Role.YOUNG_PERSON: self.young,
        }[Role(role)]


def build_personas() -> Personas:
    own = Organisation.objects.create(name="Egen kommun", slug="egen")
    other = Organisation.objects.create(name="Annan kommun", slug="annan")
    unit_a = make_unit(own, "Barn och unga")
    unit_a_child = make_unit(own, "Barn och unga, Öst", unit_a)
    unit_a2 = make_unit(own, "Ungdomsmottagningen")
    unit_b = make_unit(other, "Familjeenheten")

    def staff(name: str, org: Organisation, role: str, unit: Unit | None) -> User:
        return make_user(name, org=org, role=role, unit=unit, email=f"{name}@{org.slug}.example")

    p = Personas(
        own=own,
        other=other,
        unit_a=unit_a,
        unit_a_child=unit_a_child,
        unit_a2=unit_a2,
        unit_b=unit_b,
        admin=staff("admin", own, Role.ORG_ADMIN, None),
        manager=staff("manager", own, Role.MANAGER, unit_a),
        worker=staff("worker", own, Role.WORKER, unit_a),
        colleague=staff("colleague", own, Role.WORKER, unit_a),
        designer=staff("designer", own, Role.DESIGNER, None),
        guardian=make_user("guardian", org=own, role=Role.GUARDIAN, email="guardian@example.com"),
        young=make_user("young", org=own, role=Role.YOUNG_PERSON, unit=unit_a_child),
        young_other=make_user("youngother", org=own, role=Role.YOUNG_PERSON, unit=unit_a2),
        outsider_admin=staff("outadmin", other, Role.ORG_ADMIN, None),
        outsider_manager=staff("outmanager", other, Role.MANAGER, unit_b),
        outsider_worker=staff("outworker", other, Role.WORKER, unit_b),
        outsider_designer=staff("outdesigner", other, Role.DESIGNER, None),
        outsider_young=make_user("outyoung", org=other, role=Role.YOUNG_PERSON, unit=unit_b),
    )
    Caseload.objects.create(organisation=own, worker=p.worker, young_person=p.young)
    Caseload.objects.create(
        organisation=other, worker=p.outsider_worker, young_person=p.outsider_young
    )
    return p


def has_totp(user: User) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
