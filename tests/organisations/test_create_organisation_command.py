"""A platform operator starts a new organisation from the command line."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from medskapa.accounts.models import User
from medskapa.audit.models import AuditEvent
from medskapa.organisations.models import Membership, Organisation
from medskapa.organisations.roles import Role

pytestmark = pytest.mark.django_db


def test_operator_creates_an_organisation_whose_admin_accepts_the_invitation() -> None:
    out = io.StringIO()
    call_command(
        "create_organisation",
        "--name",
        "Nya kommunen – Socialtjänsten",
        "--admin-email",
        "admin@nya.example",
        "--base-url",
        "http://testserver",
        stdout=out,
    )
    organisation = Organisation.objects.get(slug="nya-kommunen-socialtjansten")
    link = out.getvalue().strip().splitlines()[-1].strip()
    assert link in mail.outbox[0].body
    client = Client()
    path = link.removeprefix("http://testserver")
    response = client.post(
        path,
        {
            "display_name": "Ada",
            "password1": "en lång mening för ada",
            "password2": "en lång mening för ada",
        },
    )
    assert response.status_code == 302
    admin = User.objects.get(email="admin@nya.example")
    assert Membership.objects.filter(user=admin, organisation=organisation, role=Role.ORG_ADMIN)
    assert AuditEvent.objects.filter(organisation_id=organisation.pk, action="create").exists()


def test_a_taken_short_name_is_refused() -> None:
    Organisation.objects.create(name="Finns", slug="finns")
    with pytest.raises(CommandError):
        call_command("create_organisation", "--name", "Finns", "--admin-email", "a@b.se")
    assert Organisation.objects.count() == 1


def test_a_bad_admin_email_creates_nothing() -> None:
    with pytest.raises(CommandError):
        call_command("create_organisation", "--name", "Ny", "--admin-email", "inte en adress")
    assert not Organisation.objects.exists()
