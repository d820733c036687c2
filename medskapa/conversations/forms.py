"""Forms for guides and meetings. Validation of shape here; rules about content in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from medskapa.accounts.models import User

from .models import AnswerType, SummaryResponse


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class GuideDetailsForm(forms.Form):
    title_sv = forms.CharField(label=_("Title (Swedish)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_sv = forms.CharField(
        label=_("Introduction (Swedish)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_en = forms.CharField(
        label=_("Introduction (English)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SectionForm(forms.Form):
    section_title_sv = forms.CharField(label=_("New section (Swedish)"), max_length=200)
    section_title_en = forms.CharField(
        label=_("New section (English)"), max_length=200, required=False
    )


class CardForm(forms.Form):
    question_sv = forms.CharField(label=_("Question to the young person (Swedish)"), max_length=300)
    question_en = forms.CharField(
        label=_("Question to the young person (English)"), max_length=300, required=False
    )
    why_sv = forms.CharField(
        label=_("Why we ask (Swedish)"),
        max_length=300,
        required=False,
        help_text=_("Shown to the young person under the question."),
    )
    why_en = forms.CharField(label=_("Why we ask (English)"), max_length=300, required=False)
    hint_sv = forms.CharField(
        label=_("Hint for the adult (Swedish)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    hint_en = forms.CharField(
        label=_("Hint for the adult (English)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    answer_type = forms.ChoiceField(label=_("Kind of answer"), choices=AnswerType.choices)
    options_sv = forms.CharField(
        label=_("Cards to pick from (Swedish, one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    options_en = forms.CharField(
        label=_("Cards to pick from (English, one per line, same order)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    picture = forms.FileField(
        label=_("Picture (optional)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_(
            "PNG, JPEG or WebP, at most 2 MB and 4000 × 4000 pixels. Hidden data in the file, "
            "such as where and when it was taken, is removed."
        ),
    )
    picture_alt_sv = forms.CharField(
        label=_("What the picture shows (Swedish)"),
        max_length=250,
        required=False,
        help_text=_("Read aloud to people who cannot see the picture. Needed unless decoration."),
    )
    picture_alt_en = forms.CharField(
        label=_("What the picture shows (English)"), max_length=250, required=False
    )
    picture_decorative = forms.BooleanField(
        label=_("The picture is decoration only and says nothing the text does not say"),
        required=False,
    )
    picture_remove = forms.BooleanField(label=_("Remove the picture"), required=False)

    def __init__(self, *args: Any, has_picture: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_picture:
            del self.fields["picture_remove"]

    def card_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        sv, en = _lines(data["options_sv"]), _lines(data["options_en"])
        options = [
            {"sv": sv[i] if i < len(sv) else "", "en": en[i] if i < len(en) else ""}
            for i in range(max(len(sv), len(en)))
        ]
        return {
            "answer_type": data["answer_type"],
            "question": {"sv": data["question_sv"], "en": data["question_en"]},
            "why": {"sv": data["why_sv"], "en": data["why_en"]},
            "hint": {"sv": data["hint_sv"], "en": data["hint_en"]},
            "options": options,
        }

    @staticmethod
    def initial_from(card: dict[str, Any]) -> dict[str, Any]:
        def text(field: str, lang: str) -> str:
            return str((card.get(field) or {}).get(lang, ""))

        options = card.get("options", [])
        raw_picture = card.get("picture")
        picture: dict[str, Any] = raw_picture if isinstance(raw_picture, dict) else {}
        return {
            "question_sv": text("question", "sv"),
            "question_en": text("question", "en"),
            "why_sv": text("why", "sv"),
            "why_en": text("why", "en"),
            "hint_sv": text("hint", "sv"),
            "hint_en": text("hint", "en"),
            "answer_type": card.get("answer_type", AnswerType.TEXT),
            "options_sv": "\n".join(o.get("sv", "") for o in options),
            "options_en": "\n".join(o.get("en", "") for o in options),
            "picture_alt_sv": str(picture.get("alt", {}).get("sv", "")),
            "picture_alt_en": str(picture.get("alt", {}).get("en", "")),
            "picture_decorative": bool(picture.get("decorative")),
        }


class SectionRenameForm(forms.Form):
    title_sv = forms.CharField(label=_("Section title (Swedish)"), max_length=200)
    title_en = forms.CharField(label=_("Section title (English)"), max_length=200, required=False)


class YoungPersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return str(obj)


class SendForm(forms.Form):
    young_person = YoungPersonChoiceField(
        label=_("Young person"), queryset=User.objects.none(), empty_label=None
    )
    planned_for = forms.DateField(
        label=_("Meeting date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, young_people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["young_person"].queryset = young_people  # type: ignore[attr-defined]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Your notes on this card"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Summary to the young person"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_('Write to the young person, in "du" form: "You told me that ..."'),
    )


class ResponseForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Is this right?"),
        choices=SummaryResponse.Verdict.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (you can leave it empty if it is right)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
