from django import forms
from django.core.exceptions import ValidationError

from .models import AccessibilityReport


class AccessibilityReportForm(forms.ModelForm):
    """Validation only; the report is written by ``services.accessibility_report_create``."""

    class Meta:
        model = AccessibilityReport
        fields = ["page", "description", "contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: each message next to its field when the
    form has that field, otherwise at the top. Services validate; forms only display."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
