from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH


class AskForm(forms.Form):
    text = forms.CharField(
        label=_("What do you want to know? (You can leave this empty.)"),
        required=False,
        strip=False,  # the service refuses or trims, so a form and an API agree
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class HandleForm(forms.Form):
    note = forms.CharField(
        label=_("Answer to the young person"),
        strip=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
