"""Forms of insights: validation only; services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medskapa.organisations.models import Organisation, Unit

from .importers import MAX_BYTES
from .models import AgeBand, Method, ParticipantRole, Tag

SPLIT_CHOICES = [
    ("paragraph", _("One fragment per paragraph (or line)")),
    ("sentence", _("One fragment per sentence")),
    ("none", _("The whole text as one fragment")),
]


class SourceForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example “Interview 3, spring”. Never a person's name."),
    )
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("No unit")
    )
    age_band = forms.ChoiceField(label=_("Age band"), choices=AgeBand.choices)
    participant_role = forms.ChoiceField(label=_("Who took part"), choices=ParticipantRole.choices)
    participants = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        max_value=100_000,
        initial=1,
        help_text=_("How many people the source speaks for, e.g. the participants of a workshop."),
    )
    consent_reference = forms.CharField(
        label=_("Consent reference"),
        max_length=200,
        required=False,
        help_text=_("Where the consent is recorded, e.g. a form number. No names."),
    )
    retention_until = forms.DateField(
        label=_("Keep until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        label=_("Paste text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Or choose a file below."),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_(
            ".txt, .docx, .csv or .xlsx, at most 5 MB. A table gives one fragment per row."
        ),
    )
    split_mode = forms.ChoiceField(
        label=_("Split into fragments"), choices=SPLIT_CHOICES, initial="paragraph"
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            self.add_error(
                "file", _("The file is too big. The largest file you can import is 5 MB.")
            )
        if not (data.get("text") or "").strip() and upload is None and not self.errors:
            raise forms.ValidationError(_("Paste a text or choose a file."))
        return data


class MappingForm(forms.Form):
    text_column = forms.ChoiceField(label=_("Column with the text"))
    speaker_column = forms.ChoiceField(
        label=_("Column with who is speaking (optional)"), required=False
    )

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(i), h) for i, h in enumerate(headers)]
        self.fields["text_column"].choices = choices  # type: ignore[attr-defined]
        self.fields["speaker_column"].choices = [("", _("None")), *choices]  # type: ignore[attr-defined]


class HighlightForm(forms.Form):
    start = forms.IntegerField(label=_("From character"), min_value=0)
    end = forms.IntegerField(label=_("To character"), min_value=1)
    speaker_role = forms.ChoiceField(label=_("Who is speaking"), choices=ParticipantRole.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end <= start:
            raise forms.ValidationError(_("The end must come after the start."))
        return data


class TagForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    parent = forms.ModelChoiceField(
        label=_("Under"), queryset=Tag.objects.none(), required=False, empty_label=_("Top level")
    )
    shortcut = forms.CharField(
        label=_("Keyboard key"),
        max_length=1,
        required=False,
        help_text=_("One letter or digit that toggles the code on a focused quote."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Tag.objects.filter(organisation=organisation)  # type: ignore[attr-defined]

    def clean_shortcut(self) -> str:
        value = str(self.cleaned_data.get("shortcut") or "").strip().lower()
        if value and not value.isalnum():
            raise forms.ValidationError(_("Choose a letter or a digit."))
        return value


class UnmaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you need to see the original?"),
        max_length=200,
        min_length=5,
        help_text=_("Your reason is saved in the access log."),
    )


class RenameForm(forms.Form):
    label = forms.CharField(label=_("New name"), max_length=200)


class PatternForm(forms.Form):
    title = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
