"""Forms for events, sign-up, feedback and the panel. Validation here; writes in services."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.forms import UnitChoiceField

from .models import (
    Event,
    EventFeedback,
    EventSettings,
    PanelChannel,
    PanelFrequency,
    PanelTopic,
)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    unit = UnitChoiceField(
        label=_("Organised by"),
        queryset=None,
        required=False,
        empty_label=_("The whole organisation"),
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "accessibility",
            "seats",
            "age_min",
            "age_max",
            "languages",
            "contact",
            "published",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "languages": _("Separate with commas, for example: svenska, arabiska."),
            "description": _(
                "Write so a 12-year-old understands: short sentences, everyday words."
            ),
        }

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M"]  # type: ignore[attr-defined]
        self.fields["ends_at"].input_formats = ["%Y-%m-%dT%H:%M"]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and high < low:
            self.add_error("age_max", _("The oldest age cannot be lower than the youngest."))
        return data

    def _post_clean(self) -> None:
        # The service validates the whole object (constraints included) when it saves.
        pass


class EventSettingsForm(forms.ModelForm):
    class Meta:
        model = EventSettings
        fields = ["guardian_consent_age", "retention_days", "guardian_link_days", "reminder_hours"]


class SignUpForm(forms.Form):
    """The public sign-up. Only what the notice on the page says is stored."""

    name = forms.CharField(
        label=_("Your name or a nickname"),
        max_length=100,
        help_text=_("So the leaders know what to call you."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    birth_year = forms.IntegerField(
        label=_("The year you were born"),
        min_value=1900,
        max_value=2100,
        help_text=_("Only the year. It tells if a guardian must say yes."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    contact_email = forms.CharField(
        label=_("Your e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Or your mobile number"),
        max_length=30,
        required=False,
        help_text=_("We need one of them to send you a reminder and a link to cancel."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    needs = forms.CharField(
        label=_("Anything we should know? (you can skip this)"),
        max_length=1000,
        required=False,
        help_text=_("For example allergies, food, or help you need to take part."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    guardian_email = forms.CharField(
        label=_("Guardian's e-mail"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    guardian_phone = forms.CharField(
        label=_("Or guardian's mobile number"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    consent_storage = forms.BooleanField(
        label=_("Yes, you may save what I wrote, as the text above says."),
        required=False,
    )
    consent_photos = forms.BooleanField(
        label=_("Yes, you may take photos where I can be seen (you can skip this)."),
        required=False,
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", secrets.token_hex(16))


RATING_CHOICES = [
    ("5", _("Really good")),
    ("4", _("Good")),
    ("3", _("Okay")),
    ("2", _("Not so good")),
    ("1", _("Bad")),
    ("none", _("Don't want to answer")),
]
FACES = {"5": "😄", "4": "🙂", "3": "😐", "2": "🙁", "1": "😞", "none": ""}


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How was it?"), choices=RATING_CHOICES, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Anything else you want to tell us? (you can skip this)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def rating_options(self) -> list[tuple[Any, str]]:
        """Each radio button with its face; the face is decoration, the words carry it."""
        return [(sub, FACES.get(str(sub.data["value"]), "")) for sub in self["rating"]]

    def rating_value(self) -> int | None:
        value = self.cleaned_data["rating"]
        if value == "none":
            return None
        rating = int(value)
        return rating if rating in EventFeedback.Rating.values else None


class PanelForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label=_("What can we ask you about?"),
        choices=PanelTopic.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    frequency = forms.ChoiceField(
        label=_("How often?"), choices=PanelFrequency.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=_("How do we reach you?"), choices=PanelChannel.choices, widget=forms.RadioSelect
    )
    contact = forms.CharField(
        label=_("Your e-mail or mobile number (only for e-mail or SMS)"),
        max_length=254,
        required=False,
    )
