from django import forms

from .models import AccessibilityReport


class AccessibilityReportForm(forms.ModelForm):
    """Validation only; the report is written by ``services.accessibility_report_create``."""

    class Meta:
        model = AccessibilityReport
        fields = ["page", "description", "contact"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
