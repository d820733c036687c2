from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .panel import MAX_TEXT_LENGTH
from .services import MAX_NOTE_LENGTH, MAX_PLAIN_LENGTH


class TermForm(forms.Form):
    hard = forms.CharField(
        label=_("Hard word or phrase"),
        max_length=200,
        help_text=_(
            "The basic form, e.g. “erhålla”. Inflected forms are found too (erhåller, "
            "erhållit). Add irregular forms after |, e.g. “erhålla|erhöll”."
        ),
    )
    plain = forms.CharField(label=_("Plainer alternative"), max_length=MAX_PLAIN_LENGTH)
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=MAX_NOTE_LENGTH,
        required=False,
        help_text=_("For example when the word can also mean something else."),
    )


class TryForm(forms.Form):
    text = forms.CharField(
        label=_("Your text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": MAX_TEXT_LENGTH}),
        help_text=_("Nothing you write here is saved."),
    )
