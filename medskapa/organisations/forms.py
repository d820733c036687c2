"""Forms for organisation administration and invites. Validation here; writes in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from .models import Organisation, OrganisationPage, Unit
from .roles import STAFF_ROLES, Role

STAFF_ROLE_CHOICES = [(r.value, r.label) for r in Role if r in STAFF_ROLES]


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return "– " * obj.depth + obj.name


def _unit_field(label: Any, empty_label: Any) -> UnitChoiceField:
    return UnitChoiceField(
        label=label, queryset=Unit.objects.none(), required=False, empty_label=empty_label
    )


class ScopedUnitsForm(forms.Form):
    """A form with one unit choice, limited to the units the caller passes in (already scoped
    by the permission layer), so nobody can pick another organisation's unit."""

    unit_field = "unit"

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.unit_field].queryset = units  # type: ignore[attr-defined]


class UnitForm(ScopedUnitsForm):
    unit_field = "parent"

    name = forms.CharField(label=_("Name"), max_length=200)
    parent = _unit_field(_("Part of"), _("(top level)"))


class StaffInviteForm(ScopedUnitsForm):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    display_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    unit = _unit_field(_("Unit"), _("The whole organisation"))


class RoleAssignForm(ScopedUnitsForm):
    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    unit = _unit_field(_("Unit"), _("The whole organisation"))


class YoungPersonInviteForm(ScopedUnitsForm):
    display_name = forms.CharField(
        label=_("First name or nickname"),
        max_length=150,
        help_text=_("Shown to you and the young person. No personal identity number."),
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth (optional)"),
        required=False,
        min_value=1990,
        max_value=2030,
        help_text=_("Only the year. It decides when a guardian must give consent."),
    )
    unit = _unit_field(_("Unit"), _("The whole organisation"))


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=20,
        help_text=_("You got the code from the adult you talk to. Big or small letters both work."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _new_password_field(label: Any, help_text: Any = "") -> forms.CharField:
    # MaximumLengthValidator refuses over 256 too; the form stops a megabyte before hashing.
    return forms.CharField(
        label=label,
        max_length=256,
        strip=False,
        help_text=help_text,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class NewPasswordForm(forms.Form):
    """Two password fields that must match; the strength rules run in the service."""

    mismatch_message: Any = _("The passwords do not match.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", self.mismatch_message)
        return data


class YoungPersonAccountForm(NewPasswordForm):
    username = forms.RegexField(
        label=_("Pick a username"),
        regex=r"^[\w.-]{3,30}$",
        max_length=30,
        help_text=_("3 to 30 letters or numbers. You use it to log in. Do not use your full name."),
        error_messages={"invalid": _("Use 3 to 30 letters, numbers, dots or dashes.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password1 = _new_password_field(_("Pick a password"))
    password2 = _new_password_field(_("Write the password again"))
    mismatch_message = _("The two passwords are not the same. Try again.")


class YoungPersonNewPasswordForm(NewPasswordForm):
    password1 = _new_password_field(_("Pick a new password"))
    password2 = _new_password_field(_("Write the password again"))
    mismatch_message = _("The two passwords are not the same. Try again.")


class StaffAccountForm(NewPasswordForm):
    display_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = _new_password_field(_("Password"), password_validators_help_text_html)
    password2 = _new_password_field(_("Password again"))


class OrganisationSettingsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "contact_email", "contact_phone"]
        help_texts = {
            "contact_phone": _(
                "Shown to young people next to 112 and BRIS, as the number to call you."
            ),
        }

    def clean_contact_phone(self) -> str:
        phone = str(self.cleaned_data.get("contact_phone") or "").strip()
        if phone and not all(c.isdigit() or c in " +-()" for c in phone):
            raise forms.ValidationError(_("Use digits, spaces, +, - and brackets only."))
        return phone


class PageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("sv", "Svenska"), ("en", "English")]
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), max_length=50_000
    )


PAGE_KINDS = dict(OrganisationPage.Kind.choices)
