"""Forms for check-ins. Validation here; writes in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Unit

from . import graph as graph_engine
from .models import Campaign, ContactRequest, FlagRules, ReminderPlan

SKIP = "skip"


class ScoreForm(forms.Form):
    score = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a face, or “I don't want to answer”.")},
    )

    def __init__(self, *args: Any, labels: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["score"].choices = labels  # type: ignore[attr-defined]

    def answer(self) -> int | None:
        return graph_engine.clean_score(self.cleaned_data["score"])


class ChoicesForm(forms.Form):
    chosen = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = choices  # type: ignore[attr-defined]

    def answer(self) -> list[str]:
        return list(self.cleaned_data["chosen"])


class FreeTextForm(forms.Form):
    # No max_length: the browser would cut a long paste without a word. The page counts
    # characters as you type and the server says how many too many there are.
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, strip=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].validators = []  # clean_text refuses NUL, in our words

    def clean_text(self) -> str:
        raw = self.cleaned_data.get("text")
        try:
            return graph_engine.clean_text(raw)
        except graph_engine.AnswerError as error:
            raise forms.ValidationError(answer_problem(error, raw)) from None

    def answer(self) -> str:
        return str(self.cleaned_data["text"])


def answer_problem(error: graph_engine.AnswerError, raw: Any = None) -> str:
    """An answer's problem in the reader's language, never with what they typed echoed."""
    if error.code == "text_type":
        return str(_("Your own words must be text."))
    if error.code in ("text_nul", "text_broken"):
        return str(
            _(
                "Your own words contain a character that cannot be saved (it may come from a "
                "copied text). Remove it, or write the text again, and try once more."
            )
        )
    if error.code == "text_long":
        length = len(raw.strip()) if isinstance(raw, str) else 0
        return str(
            _(
                "Your own words can be at most %(max)s characters. You wrote %(count)s: "
                "shorten them by %(over)s."
            )
            % {
                "max": graph_engine.TEXT_MAX_LENGTH,
                "count": length,
                "over": length - graph_engine.TEXT_MAX_LENGTH,
            }
        )
    return str(_("The answers could not be read: %(error)s") % {"error": error})


class ContactRequestForm(forms.ModelForm):
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    reach_at = forms.CharField(
        label=_("phone number (if we should call or text)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    class Meta:
        model = ContactRequest
        fields = ["urgency", "channel", "reach_at", "message"]
        widgets = {
            "urgency": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4}),
            "reach_at": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }


class ReminderForm(forms.ModelForm):
    # The model's columns are encrypted text: the form keeps their kind and length.
    email = forms.EmailField(
        label=_("e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("mobile number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )

    class Meta:
        model = ReminderPlan
        fields = ["every_days", "channel", "email", "phone"]
        widgets = {
            "every_days": forms.RadioSelect,
            "channel": forms.RadioSelect,
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }


class ShareForm(forms.Form):
    shared_with = forms.CharField(
        label=_("Who is it for? (for example: the school counsellor)"), max_length=100
    )
    days = forms.TypedChoiceField(
        label=_("How long should the link work?"),
        coerce=int,
        choices=[(3, _("3 days")), (7, _("1 week")), (14, _("2 weeks")), (30, _("1 month"))],
        initial=7,
        widget=forms.RadioSelect,
    )


class FlagHandleForm(forms.Form):
    note = forms.CharField(
        label=_("What did you do?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class SuggestRhythmForm(forms.Form):
    every_days = forms.TypedChoiceField(
        label=_("Suggest how often"), coerce=int, choices=ReminderPlan.EVERY_CHOICES
    )


class FlagRulesForm(forms.ModelForm):
    class Meta:
        model = FlagRules
        fields = [
            "low_enabled",
            "low_at_most",
            "drop_enabled",
            "drop_steps",
            "drop_window",
            "email_workers",
        ]

    def clean_low_at_most(self) -> int:
        value = int(self.cleaned_data["low_at_most"])
        if not 1 <= value <= 4:
            raise forms.ValidationError(_("Choose a number from 1 to 4."))
        return value

    def clean_drop_steps(self) -> int:
        value = int(self.cleaned_data["drop_steps"])
        if not 1 <= value <= 4:
            raise forms.ValidationError(_("Choose a number from 1 to 4."))
        return value

    def clean_drop_window(self) -> int:
        value = int(self.cleaned_data["drop_window"])
        if not 2 <= value <= 20:
            raise forms.ValidationError(_("Choose a number from 2 to 20."))
        return value


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("What young people read first"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none()
    )
    areas = forms.MultipleChoiceField(
        label=_("Life areas to ask about"), widget=forms.CheckboxSelectMultiple
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        widget=forms.CheckboxSelectMultiple,
        choices=[("sv", "Svenska"), ("en", "English"), ("ar", "العربية")],
        initial=["sv"],
    )
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    answer_mode = forms.ChoiceField(
        label=_("Who can answer?"),
        choices=Campaign.AnswerMode.choices,
        initial=Campaign.AnswerMode.CODES,
        widget=forms.RadioSelect,
        help_text=_(
            "With one-time codes you print a sheet of codes and give one to each pupil: "
            "each code answers once, and nobody outside the class can answer. "
            "The codes do not show who answered what."
        ),
    )

    def __init__(self, *args: Any, units: Any, areas: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["areas"].choices = areas  # type: ignore[attr-defined]


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Your receipt code"), max_length=20)


class CampaignCodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many codes?"), min_value=1, max_value=60, initial=30)


class CampaignCodeEntryForm(forms.Form):
    code = forms.CharField(label=_("Your answer code"), max_length=20)
