"""Onboard a new organisation: create it and invite its first admin.

There is no Django admin (it would bypass the permission layer and the audit log), so this is
how a platform operator starts a tenant. The admin gets the invitation by e-mail; the link is
printed too, for when e-mail is not set up yet.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.urls import reverse
from django.utils.text import slugify

from medskapa.access.actor import Actor
from medskapa.accounts.models import User
from medskapa.audit.services import Action, record
from medskapa.organisations.models import Organisation
from medskapa.organisations.services import first_admin_invite_create
from medskapa.organisations.tasks import send_staff_invite

OPERATOR_USERNAME = "platform-operator"


def _operator() -> User:
    """The account that stands behind operator actions in invites and the audit log."""
    operator, created = User.objects.get_or_create(
        username=OPERATOR_USERNAME, defaults={"display_name": "Medskapa"}
    )
    if created:
        operator.set_unusable_password()
        operator.save()
    return operator


class Command(BaseCommand):
    help = "Create an organisation and invite its first organisation admin by e-mail."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--name", required=True, help="e.g. 'Södertälje kommun – Socialförvaltningen'"
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument(
            "--slug", help="short name in public addresses (default: from the name)"
        )
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="the address people open, for the link in the invitation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"] or slugify(options["name"])[:60]
        if Organisation.objects.filter(slug=slug).exists():
            raise CommandError(f"An organisation with the short name {slug!r} exists already.")
        try:
            with transaction.atomic():
                organisation = Organisation(name=options["name"].strip(), slug=slug)
                organisation.full_clean()
                organisation.save()
                operator = _operator()
                actor = Actor(user=operator, label="operator")
                record(
                    action=Action.CREATE,
                    actor=actor,
                    organisation_id=organisation.pk,
                    obj=organisation,
                    detail="organisation created by the platform operator",
                )
                issued = first_admin_invite_create(
                    operator=actor, organisation=organisation, email=options["admin_email"]
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        url = options["base_url"].rstrip("/") + reverse(
            "organisations:staff_accept", kwargs={"secret": issued.secret}
        )
        send_staff_invite.enqueue(invite_id=str(issued.invite.pk), url=url)
        days = settings.MEDSKAPA["INVITE_VALID_DAYS"]
        self.stdout.write(self.style.SUCCESS(f"Created {organisation.name} ({slug})."))
        self.stdout.write(f"Invitation for the admin, valid once for {days} days:\n  {url}")
