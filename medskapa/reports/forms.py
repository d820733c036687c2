"""Forms of the reports app: filters (GET, work without JavaScript), gaps, reports."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Gap


def _choices(field: forms.Field) -> forms.ChoiceField:
    assert isinstance(field, forms.ChoiceField)  # noqa: S101  (a programming error)
    return field


MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month as "YYYY-MM" (the browser's month picker, or typed), cleaned to its first day."""

    widget = MonthInput

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = str(value or "").strip()
        if not text:
            return None
        match = MONTH.match(text)
        if (
            not match
            or not 1 <= int(match.group(2)) <= 12
            or not 2000 <= int(match.group(1)) <= 2100
        ):
            raise ValidationError(_("Write the month as year-month, e.g. 2026-03."))
        return date(int(match.group(1)), int(match.group(2)), 1)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, date):
            return f"{value:%Y-%m}"
        return value


class DashboardFilterForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    age_band = forms.ChoiceField(label=_("Age band"), required=False)
    area = forms.ChoiceField(label=_("Life area"), required=False)
    source = forms.ChoiceField(label=_("Answers from"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        units: list[tuple[str, str]],
        areas: list[tuple[str, str]],
        campaigns: list[tuple[str, str]],
        whole_organisation: bool,
    ) -> None:
        super().__init__(data)
        first: list[tuple[str, Any]] = [
            ("", _("The whole organisation") if whole_organisation else _("All my units"))
        ]
        _choices(self.fields["unit"]).choices = first + units
        _choices(self.fields["age_band"]).choices = [
            ("", _("All ages")),
            ("8-12", "8–12"),
            ("13-15", "13–15"),
            ("16-17", "16–17"),
            ("18-20", "18–20"),
            ("21+", "21+"),
            ("unknown", _("Age not known")),
        ]
        _choices(self.fields["area"]).choices = areas
        _choices(self.fields["source"]).choices = [("", _("Personal check-ins")), *campaigns]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last month comes before the first."))
        if start and end and (end.year - start.year) * 12 + end.month - start.month > 36:
            self.add_error("end", _("Choose at most three years."))
        return data


class GapForm(forms.Form):
    agencies = forms.MultipleChoiceField(
        label=_("Which places were involved?"),
        help_text=_("Choose one or more."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one.")},
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        error_messages={"required": _("Tell us what happened.")},
    )
    consequence = forms.CharField(
        label=_("What did it lead to for the young person?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        required=False,
    )
    sip = forms.ChoiceField(
        label=_("Was there a SIP, a shared plan from the places that help?"),
        choices=Gap.Sip.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose one of the answers.")},
    )
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(
        self,
        data: Any,
        *,
        agencies: list[tuple[str, str]],
        units: list[tuple[str, str]] | None,
    ) -> None:
        super().__init__(data)
        _choices(self.fields["agencies"]).choices = agencies
        if units is None:  # a young person: their own unit, and words to them
            del self.fields["unit"]
            self.fields["consequence"].label = _("What did it lead to for you?")
        else:
            _choices(self.fields["unit"]).choices = [("", _("No unit")), *units]


class GapReviewForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000
    )

    def __init__(self, data: Any, *, categories: list[tuple[str, str]], initial: dict[str, Any]):
        super().__init__(data, initial=initial)
        _choices(self.fields["category"]).choices = [("", _("Not categorised")), *categories]


class ListForm(forms.Form):
    names = forms.CharField(
        label=_("One per line"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000
    )


class PeriodForm(forms.Form):
    start = MonthField(label=_("From month"), required=False)
    end = MonthField(label=_("To month"), required=False)


class ReportForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    period_start = MonthField(label=_("From month"))
    period_end = MonthField(label=_("To month"))

    def __init__(
        self,
        data: Any = None,
        *,
        units: list[tuple[str, str]] | None,
        whole_organisation: bool,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        if units is None:
            del self.fields["unit"]
        else:
            first: list[tuple[str, Any]] = (
                [("", _("The whole organisation"))] if whole_organisation else []
            )
            _choices(self.fields["unit"]).choices = first + units
            self.fields["unit"].required = not whole_organisation


class SectionForm(forms.Form):
    heading = forms.CharField(label=_("Heading"), max_length=200)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}), max_length=20000, required=False
    )


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Logo (PNG or JPEG, at most 1 MB)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    logo_text = forms.CharField(
        label=_("Text alternative for the logo"),
        help_text=_("For example the organisation's name."),
        max_length=200,
        required=False,
    )
    remove = forms.BooleanField(label=_("Remove the logo"), required=False)
