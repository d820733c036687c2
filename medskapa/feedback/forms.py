from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FeedbackMessage


def parse_about(value: str) -> tuple[str, UUID] | None:
    kind, _sep, raw = value.partition(":")
    try:
        return kind, UUID(raw)
    except (ValueError, TypeError):
        return None


class MessageForm(forms.Form):
    about = forms.ChoiceField(label=_("What is the message about?"))
    kind = forms.ChoiceField(
        label=_("Kind of answer"),
        choices=FeedbackMessage.Kind.choices,
        widget=forms.RadioSelect,
        initial=FeedbackMessage.Kind.WE_DID,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=150,
        help_text=_("Short, in the young people's words. Example: Now we answer within two days"),
    )
    body = forms.CharField(
        label=_("Message to the young people"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Write to the young people: what they said, what you did or why you cannot. "
            "Short sentences. Do not write names."
        ),
    )
    contribution_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=120)

    def __init__(
        self,
        *args: Any,
        about_choices: list[tuple[str, str]],
        fixed_about: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        about = self.fields["about"]
        if isinstance(about, forms.ChoiceField):
            about.choices = [("", "—"), *about_choices]
        if fixed_about:
            del self.fields["about"]
            del self.fields["contribution_key"]

    def clean_about(self) -> tuple[str, UUID]:
        parsed = parse_about(self.cleaned_data["about"])
        if parsed is None:
            raise forms.ValidationError(_("Choose what the message is about."))
        return parsed
