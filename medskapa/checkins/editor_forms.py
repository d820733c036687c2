"""Forms for the question editor. Each form edits one part of the question graph; the
editor's views turn the cleaned data into a new definition and publish it as a new version.

Swedish is required everywhere (the graph falls back to it); English and Arabic are optional.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import graph as graph_engine
from .templatetags.checkins import _ICONS

TITLE_MAX = 100
QUESTION_MAX = 300
KEY_MAX = 30
MAX_CHOICES = 12
MAX_FREE_TEXTS = 6

LANGUAGE_NAMES = {"sv": _("Swedish"), "en": _("English"), "ar": _("Arabic")}

ICON_LABELS = {
    "heart": _("Heart"),
    "book": _("Book"),
    "cloud": _("Cloud"),
    "house": _("House"),
    "people": _("Two people"),
    "ball": _("Ball"),
    "shield": _("Shield"),
    "star": _("Star"),
}
ICON_CHOICES = [(key, ICON_LABELS.get(key, key)) for key in _ICONS]


def make_key(text: str, taken: set[str], fallback: str) -> str:
    """An ASCII key from Swedish text ("Hälsa och kropp" → "halsa_och_kropp"), not in
    ``taken``; ``fallback`` (+ a number) when the text has no usable letters."""
    base = slugify(text).replace("-", "_")[:KEY_MAX].strip("_")
    if not base or not base[0].isalpha():
        base = fallback
        number = 1
        while f"{base}_{number}" in taken:
            number += 1
        return f"{base}_{number}"
    key = base
    number = 2
    while key in taken:
        key = f"{base}_{number}"
        number += 1
    return key


def _language_attrs(language: str) -> dict[str, str]:
    attrs = {"lang": language}
    if language == "ar":
        attrs["dir"] = "rtl"
    return attrs


def _text_field(label: Any, language: str, *, required: bool, max_length: int) -> forms.CharField:
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": 2, **_language_attrs(language)})
        if max_length > TITLE_MAX
        else forms.TextInput(attrs=_language_attrs(language))
    )
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={"required": _("Write the Swedish text. The other languages can wait.")},
    )


def texts_of(cleaned: dict[str, Any], prefix: str) -> dict[str, str]:
    """``{"sv": ..., "en": ..., "ar": ...}`` from ``prefix_sv`` etc., leaving out empty ones."""
    return {
        language: cleaned[f"{prefix}_{language}"].strip()
        for language in graph_engine.LANGUAGES
        if cleaned.get(f"{prefix}_{language}", "").strip()
    }


def initial_texts(texts: dict[str, str] | None, prefix: str) -> dict[str, str]:
    return {f"{prefix}_{language}": (texts or {}).get(language, "") for language in texts or {}}


class _VersionField(forms.IntegerField):
    """The version the form was opened on, so two admins do not overwrite each other."""

    def __init__(self) -> None:
        super().__init__(widget=forms.HiddenInput, min_value=1, max_value=10**9)


class AreaForm(forms.Form):
    version = _VersionField()
    title_sv = _text_field(_("Title in Swedish"), "sv", required=True, max_length=TITLE_MAX)
    title_en = _text_field(_("Title in English"), "en", required=False, max_length=TITLE_MAX)
    title_ar = _text_field(_("Title in Arabic"), "ar", required=False, max_length=TITLE_MAX)
    question_sv = _text_field(
        _("Question in Swedish"), "sv", required=True, max_length=QUESTION_MAX
    )
    question_en = _text_field(
        _("Question in English"), "en", required=False, max_length=QUESTION_MAX
    )
    question_ar = _text_field(
        _("Question in Arabic"), "ar", required=False, max_length=QUESTION_MAX
    )
    why_sv = _text_field(_("Why we ask, in Swedish"), "sv", required=True, max_length=QUESTION_MAX)
    why_en = _text_field(_("Why we ask, in English"), "en", required=False, max_length=QUESTION_MAX)
    why_ar = _text_field(_("Why we ask, in Arabic"), "ar", required=False, max_length=QUESTION_MAX)
    icon = forms.ChoiceField(label=_("Picture"), choices=ICON_CHOICES, widget=forms.RadioSelect)

    GROUPS = (
        ("title", _("Title")),
        ("question", _("Question")),
        ("why", _("Why we ask (shown under the question)")),
    )

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """(legend, fields) for one fieldset per text, each with its three languages."""
        return [
            (legend, [self[f"{prefix}_{language}"] for language in graph_engine.LANGUAGES])
            for prefix, legend in self.GROUPS
        ]

    def area_definition(self, key: str) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "key": key,
            "icon": data["icon"],
            "title": texts_of(data, "title"),
            "question": texts_of(data, "question"),
            "why": texts_of(data, "why"),
        }


class FollowUpForm(forms.Form):
    version = _VersionField()
    question_sv = _text_field(
        _("Question in Swedish"), "sv", required=True, max_length=QUESTION_MAX
    )
    question_en = _text_field(
        _("Question in English"), "en", required=False, max_length=QUESTION_MAX
    )
    question_ar = _text_field(
        _("Question in Arabic"), "ar", required=False, max_length=QUESTION_MAX
    )
    at_most = forms.TypedChoiceField(
        label=_("Ask it when the answer is at most"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 5)],
        help_text=_("1 is the saddest face, 5 the happiest. 2 means: asked after 1 or 2."),
        error_messages={"invalid_choice": _("Choose a number from 1 to 4.")},
    )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"question_{language}"] for language in graph_engine.LANGUAGES]


class ChoiceForm(forms.Form):
    """One answer choice of a follow-up. ``key`` is empty for a new choice."""

    key = forms.CharField(required=False, max_length=KEY_MAX + 5, widget=forms.HiddenInput)
    text_sv = _text_field(_("Text in Swedish"), "sv", required=False, max_length=TITLE_MAX)
    text_en = _text_field(_("Text in English"), "en", required=False, max_length=TITLE_MAX)
    text_ar = _text_field(_("Text in Arabic"), "ar", required=False, max_length=TITLE_MAX)
    alarm = forms.BooleanField(
        label=_("Alarm: this answer always raises an alarm for the case worker"), required=False
    )

    def __init__(self, *args: Any, known_keys: frozenset[str] = frozenset(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.known_keys = known_keys

    def clean_key(self) -> str:
        key = str(self.cleaned_data.get("key") or "")
        if key and key not in self.known_keys:
            raise forms.ValidationError(
                _("This choice is no longer part of the question. Reload the page.")
            )
        return key

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("key") and not any(
            str(data.get(f"text_{language}") or "").strip() for language in graph_engine.LANGUAGES
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        removing = bool(data.get("DELETE"))
        if not removing and not self.is_blank() and not str(data.get("text_sv") or "").strip():
            self.add_error("text_sv", _("Write the Swedish text. The other languages can wait."))
        return data

    def text_fields(self) -> list[forms.BoundField]:
        return [self[f"text_{language}"] for language in graph_engine.LANGUAGES]


class _BaseChoiceFormSet(forms.BaseFormSet):
    delete_label: Any = _("Remove this choice")

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label

    def __init__(self, *args: Any, known_keys: frozenset[str] = frozenset(), **kwargs: Any):
        self.known_keys = known_keys
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"known_keys": self.known_keys}

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        keys = [f.cleaned_data.get("key") for f in self.forms if f.cleaned_data.get("key")]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(_("A choice appears twice. Reload the page."))
        if not self.kept():
            raise forms.ValidationError(_("A follow-up question needs at least one choice."))

    def kept(self) -> list[dict[str, Any]]:
        """The cleaned choices that stay, in order (not removed, not left blank)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and not form.is_blank()
        ]


ChoiceFormSet = cast(
    type[_BaseChoiceFormSet],
    forms.formset_factory(
        ChoiceForm,
        formset=_BaseChoiceFormSet,
        extra=2,
        can_delete=True,
        max_num=MAX_CHOICES,
        validate_max=True,
        absolute_max=MAX_CHOICES + 2,
    ),
)


class FreeTextForm(forms.Form):
    """One question answered in the young person's own words. ``key`` is empty for a new one."""

    key = forms.CharField(required=False, max_length=KEY_MAX + 5, widget=forms.HiddenInput)
    question_sv = _text_field(
        _("Question in Swedish"), "sv", required=False, max_length=QUESTION_MAX
    )
    question_en = _text_field(
        _("Question in English"), "en", required=False, max_length=QUESTION_MAX
    )
    question_ar = _text_field(
        _("Question in Arabic"), "ar", required=False, max_length=QUESTION_MAX
    )

    def __init__(self, *args: Any, known_keys: frozenset[str] = frozenset(), **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.known_keys = known_keys

    def clean_key(self) -> str:
        key = str(self.cleaned_data.get("key") or "")
        if key and key not in self.known_keys:
            raise forms.ValidationError(
                _("This question is no longer part of the check-in. Reload the page.")
            )
        return key

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("key") and not any(
            str(data.get(f"question_{language}") or "").strip()
            for language in graph_engine.LANGUAGES
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        removing = bool(data.get("DELETE"))
        if not removing and not self.is_blank() and not str(data.get("question_sv") or "").strip():
            self.add_error(
                "question_sv", _("Write the Swedish text. The other languages can wait.")
            )
        return data

    def question_fields(self) -> list[forms.BoundField]:
        return [self[f"question_{language}"] for language in graph_engine.LANGUAGES]


class _BaseFreeTextFormSet(_BaseChoiceFormSet):
    delete_label = _("Remove this question")

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        keys = [f.cleaned_data.get("key") for f in self.forms if f.cleaned_data.get("key")]
        if len(keys) != len(set(keys)):
            raise forms.ValidationError(_("A question appears twice. Reload the page."))


FreeTextFormSet = cast(
    type[_BaseFreeTextFormSet],
    forms.formset_factory(
        FreeTextForm,
        formset=_BaseFreeTextFormSet,
        extra=1,
        can_delete=True,
        max_num=MAX_FREE_TEXTS,
        validate_max=True,
        absolute_max=MAX_FREE_TEXTS + 1,
    ),
)


class VersionOnlyForm(forms.Form):
    """Move and remove buttons: only the version the page showed."""

    version = _VersionField()
