"""The form to create an API token. Validation here; the write in ``services``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.roles import STAFF_ROLES, Role

STAFF_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in STAFF_ROLES]
VALIDITY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("One year")),
    ("never", _("Until revoked")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses the token, e.g. “Case management export”."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=STAFF_ROLE_CHOICES,
        initial=Role.DESIGNER,
        help_text=_("The token may do what this role may do, across the whole organisation."),
    )
    validity = forms.ChoiceField(label=_("Valid for"), choices=VALIDITY_CHOICES, initial="90")

    def expires_at(self) -> datetime | None:
        validity = self.cleaned_data["validity"]
        if validity == "never":
            return None
        return timezone.now() + timedelta(days=int(validity))
