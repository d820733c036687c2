"""Demo data: two organisations, one user per role in each, young people on caseloads.

Idempotent: running it again changes nothing that exists and prints the same log-ins. Staff get
a second factor with a fixed demo secret so the log-in flow is the real one; ``demo_code``
prints the current six-digit code for it.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.management.base import BaseCommand, OutputWrapper
from django.db import transaction

from medskapa.accounts.models import User
from medskapa.organisations.models import Caseload, Membership, Organisation, Unit
from medskapa.organisations.roles import STAFF_ROLES, Role

DEMO_PASSWORD = "demo-lösenord-2026"  # noqa: S105  (printed on purpose: demo data only)
# Base32, shared by every demo staff account; never used outside the demo data.
DEMO_TOTP_SECRET = "MEDSKAPADEMOTOTPSECRETXX"  # noqa: S105

ORGANISATIONS = [
    {
        "slug": "sodertalje",
        "name": "Södertälje kommun – Socialförvaltningen",
        "phone": "08-523 010 00",
        "units": [
            ("Barn och unga", None),
            ("Barn och unga, Öst", "Barn och unga"),
            ("Barn och unga, Väst", "Barn och unga"),
            ("Ungdomsmottagningen", None),
        ],
        "domain": "sodertalje.example",
    },
    {
        "slug": "helsingborg",
        "name": "Helsingborgs stad – Socialförvaltningen",
        "phone": "042-10 50 00",
        "units": [
            ("Barn och familj", None),
            ("Familjeenheten", "Barn och familj"),
            ("Skola och elevhälsa", None),
        ],
        "domain": "helsingborg.example",
    },
]

STAFF = [
    ("admin", "Alva Admin", Role.ORG_ADMIN, None),
    ("chef", "Maja Chef", Role.MANAGER, 0),
    ("handlaggare", "Hugo Handläggare", Role.WORKER, 1),
    ("kollega", "Kim Kollega", Role.WORKER, 1),
    ("designer", "Dana Designer", Role.DESIGNER, None),
]
YOUNG_PEOPLE = [("Elin", 1), ("Noah", 1), ("Sara", 1)]


def _domain_seeders() -> list[Callable[[OutputWrapper], None]]:
    """Each domain app may ship ``demo.py`` with ``seed(stdout)``; core never imports them.

    Seeders run after the organisations and users exist, in INSTALLED_APPS order, and must be
    idempotent like this command.
    """
    seeders = []
    for config in apps.get_app_configs():
        if config.name.startswith("medskapa.") and find_spec(f"{config.name}.demo"):
            seeders.append(import_module(f"{config.name}.demo").seed)
    return seeders


class Command(BaseCommand):
    help = "Create demo organisations, units and users (idempotent) and print the log-ins."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        rows: list[tuple[str, str, str]] = []
        for spec in ORGANISATIONS:
            rows += self._organisation(spec)
        for seed in _domain_seeders():
            seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Log in at http://127.0.0.1:8000/"))
        self.stdout.write(f"Password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(
            "Staff have two-step verification with a shared demo secret "
            f"({DEMO_TOTP_SECRET}); get the current code with: make code"
        )
        width = max(len(r[1]) for r in rows)
        for org, login, role in rows:
            self.stdout.write(f"  {login.ljust(width)}  {role:<26} {org}")

    def _organisation(self, spec: dict[str, Any]) -> list[tuple[str, str, str]]:
        org, _ = Organisation.objects.get_or_create(
            slug=spec["slug"], defaults={"name": spec["name"], "contact_phone": spec["phone"]}
        )
        units: list[Unit] = []
        by_name: dict[str, Unit] = {}
        for name, parent_name in spec["units"]:
            parent = by_name.get(parent_name) if parent_name else None
            unit = Unit.objects.filter(organisation=org, name=name, parent=parent).first()
            if unit is None:
                unit = Unit(organisation=org, name=name, parent=parent)
                unit.path = unit.compute_path()
                unit.save()
            by_name[name] = unit
            units.append(unit)
        rows = []
        workers: list[User] = []
        for local, name, role, unit_index in STAFF:
            email = f"{local}@{spec['domain']}"
            user = self._user(username=f"{local}.{spec['slug']}", email=email, name=name)
            unit = units[unit_index] if unit_index is not None else None
            Membership.objects.get_or_create(
                user=user, organisation=org, unit=unit, role=role, ended_at=None
            )
            if role in STAFF_ROLES:
                self._second_factor(user)
            if role == Role.WORKER:
                workers.append(user)
            rows.append((org.name, email, str(role.label)))
        guardian = self._user(
            username=f"vardnadshavare.{spec['slug']}",
            email=f"vardnadshavare@{spec['domain']}",
            name="Vera Vårdnadshavare",
        )
        Membership.objects.get_or_create(
            user=guardian, organisation=org, unit=None, role=Role.GUARDIAN, ended_at=None
        )
        rows.append((org.name, guardian.email or "", str(Role.GUARDIAN.label)))
        for first_name, unit_index in YOUNG_PEOPLE:
            username = f"{first_name.lower()}.{spec['slug']}"
            young = self._user(username=username, email=None, name=first_name)
            Membership.objects.get_or_create(
                user=young,
                organisation=org,
                unit=units[unit_index],
                role=Role.YOUNG_PERSON,
                ended_at=None,
            )
            Caseload.objects.get_or_create(
                organisation=org, worker=workers[0], young_person=young, ended_at=None
            )
            rows.append((org.name, username, str(Role.YOUNG_PERSON.label)))
        return rows

    def _user(self, *, username: str, email: str | None, name: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=email, display_name=name)
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def _second_factor(self, user: User) -> None:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        if not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.RECOVERY_CODES
        ).exists():
            RecoveryCodes.activate(user)
