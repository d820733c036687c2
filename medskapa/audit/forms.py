"""Forms for the access-log review: the filters, and recording a review. Validation only."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, AuditReview
from .selectors import EventFilters

# The log starts with the platform; bounding dates keeps every query inside what the database
# and the time-zone arithmetic can represent (a year 1 or 9999 date would otherwise overflow).
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2100, 12, 31)
ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"min": FIRST_DATE.isoformat(), "max": LAST_DATE.isoformat(), **(attrs or {})},
            format=ISO_DATE,
        )


class BoundedDateField(forms.DateField):
    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", [ISO_DATE])
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and not FIRST_DATE <= value <= LAST_DATE:
            raise ValidationError(
                _("Choose a date between %(first)s and %(last)s."),
                code="out_of_range",
                params={"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()},
            )


class EventFilterForm(forms.Form):
    """The filters of the review page, read from the query string; every field is optional."""

    # Up to 50 ids after the names typed were turned into ids (see views.review).
    user = forms.CharField(
        label=_("Who"),
        required=False,
        max_length=2000,
        help_text=_("Part of a name, e-mail address or username, or a user id."),
    )
    subject = forms.CharField(
        label=_("About whom"),
        required=False,
        max_length=2000,
        help_text=_(
            "The young person (or other person) the data is about: part of a name, "
            "username or e-mail address, or an id."
        ),
    )
    date_from = BoundedDateField(label=_("From"), required=False)
    date_to = BoundedDateField(label=_("To"), required=False)
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *AuditEvent.Action.choices],
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return cleaned

    def filters(self) -> EventFilters:
        data = self.cleaned_data
        return EventFilters(
            user=data.get("user", "").strip(),
            subject=data.get("subject", "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            action=data.get("action", ""),
        )

    def query_string(self, replace: dict[str, str] | None = None) -> str:
        """The filters in use, as a query string (for links, the export and the review record).

        ``replace`` swaps values, e.g. the names typed for the ids they stand for.
        """
        pairs: list[tuple[str, str]] = []
        for name in self.fields:
            value = (replace or {}).get(name, self.cleaned_data.get(name))
            if isinstance(value, date):
                pairs.append((name, value.isoformat()))
            elif value:
                pairs.append((name, str(value).strip()))
        return urlencode(pairs)


class ReviewForm(forms.Form):
    """Recording a follow-up of the log: by sample or on suspicion, which period, what was found."""

    kind = forms.ChoiceField(
        label=_("Kind of review"), choices=AuditReview.Kind.choices, widget=forms.RadioSelect
    )
    period_start = BoundedDateField(label=_("Period from"))
    period_end = BoundedDateField(label=_("Period to"))
    filters = forms.CharField(
        label=_("Filters used"),
        required=False,
        max_length=500,
        help_text=_("What you looked at, for example the filters of the log page."),
    )
    findings = forms.CharField(
        label=_("Findings"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            'What you found, and what you did about it. Write "nothing to remark" '
            "when everything looked right."
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The end of the period must be on or after its start."))
        return cleaned
