from datetime import date, timedelta

from django import forms
from django.utils import timezone

from warp.core.forms import WarpForm


def default_period() -> tuple[date, date]:
    """The last twelve months, ending today."""
    today = timezone.localdate()
    return today - timedelta(days=365), today


class PeriodForm(WarpForm):
    start = forms.DateField(
        label="From",
        help_text="The first day of the period, for example 01/09/2025.",
        error_messages={
            "required": "Enter the date the period runs from, for example 01/09/2025.",
            "invalid": "Enter the first day as a date, for example 01/09/2025.",
        },
    )
    end = forms.DateField(
        label="To",
        help_text="The last day of the period, for example 31/08/2026.",
        error_messages={
            "required": "Enter the date the period runs to, for example 31/08/2026.",
            "invalid": "Enter the last day as a date, for example 31/08/2026.",
        },
    )

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "The last day must be on or after the first day. Check the two dates.")
        return cleaned
