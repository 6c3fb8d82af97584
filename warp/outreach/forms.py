from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from warp.core.forms import WarpForm
from warp.outreach.models import (
    MAX_HANDOUT_BYTES,
    MAX_WORKSHOP_MINUTES,
    TOO_LONG,
    ActivityKind,
    HandoutKind,
    Workshop,
)
from warp.teams.models import Team


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _minutes(label: str, hint: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=MAX_WORKSHOP_MINUTES,
        help_text=hint,
        error_messages={
            "max_value": TOO_LONG,
            "min_value": "Write how many minutes it lasted, 1 or more.",
            "invalid": "Write the minutes as a whole number, for example 45.",
        },
    )


def _count(label: str, hint: str, *, initial: int | None = None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        initial=initial,
        help_text=hint,
        error_messages={
            "min_value": "Write 0 or more.",
            "invalid": "Write a whole number, for example 6.",
        },
    )


def _day_it_happened(day, what: str):
    """A workshop or a meeting is recorded once it has happened (as the workshops import asks)."""
    if not 2000 <= day.year <= 2100:
        raise ValidationError(f"Check the year: write the day {what}, for example 15/01/2026.")
    if day > timezone.localdate():
        raise ValidationError(
            f"This date is still to come. Write the day {what}, or record it once it has happened."
        )
    return day


class HeldWorkshopForm(WarpForm):
    """Record one workshop held: a headcount, never names."""

    team = forms.ModelChoiceField(queryset=Team.objects.none(), label="Ward or service")
    workshop = forms.ModelChoiceField(
        queryset=Workshop.objects.all(),
        label="Workshop",
        help_text="From the workshop library. Ask the centre to add a workshop that is not there yet.",
    )
    held_on = forms.DateField(
        label="Date it was held", widget=DateInput(), help_text="For example, 15/01/2026."
    )
    minutes = _minutes("How long it lasted, in minutes", "At most 45 minutes.")
    attendees = _count(
        "How many people came",
        "A number only. Please do not write anyone's name anywhere on this form.",
    )
    peer_facilitators = _count(
        "Peer facilitators", "How many peer specialists or peer trainers facilitated.", initial=1
    )
    clinical_facilitators = _count(
        "Clinical facilitators", "How many clinicians or professional trainers facilitated.", initial=1
    )
    facilitated_by = forms.CharField(
        label="Facilitators' names",
        max_length=300,
        required=False,
        help_text="Staff or trainers only, if you want them on record.",
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean_held_on(self):
        return _day_it_happened(self.cleaned_data["held_on"], "it was held")


class CommentForm(WarpForm):
    text = forms.CharField(
        label="What someone said about it",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In their words, without their name or anything that would tell who they are.",
    )
    may_quote = forms.BooleanField(label="They agreed we may quote it, without their name", required=False)


class WorkshopForm(WarpForm):
    title = forms.CharField(label="Title", max_length=200)
    aims = forms.CharField(
        label="Aims",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What people may take away.",
    )
    minutes = _minutes("Usual length, in minutes", "At most 45 minutes.")
    clinical_co_producers = forms.CharField(
        label="Clinicians who co-produced it",
        max_length=300,
        required=False,
        help_text="Their names, with commas.",
    )
    peer_co_producers = forms.CharField(
        label="Peer specialists who co-produced it",
        max_length=300,
        required=False,
        help_text="Their names, with commas.",
    )


class HandoutForm(WarpForm):
    kind = forms.ChoiceField(label="What it is", choices=HandoutKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label="File",
        help_text="A handout or exercise sheet, up to 5 MB (for example a PDF or Word file).",
        error_messages={"required": "Choose the file to keep with this workshop."},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_HANDOUT_BYTES:
            raise ValidationError(
                "This file is larger than 5 MB. Save a smaller copy (for example as a PDF)."
            )
        return upload


class ActivityForm(WarpForm):
    name = forms.CharField(label="Name", max_length=200)
    kind = forms.ChoiceField(label="Kind of activity", choices=ActivityKind.choices)
    description = forms.CharField(
        label="What it is", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingForm(WarpForm):
    met_on = forms.DateField(label="Date it met", widget=DateInput(), help_text="For example, 15/01/2026.")
    attendees = _count("How many people came", "A number only: no names are kept.")
    facilitators = _count("How many facilitated", "Staff, peer workers or volunteers.", initial=1)
    facilitated_by = forms.CharField(label="Facilitators' names", max_length=300, required=False)

    def clean_met_on(self):
        return _day_it_happened(self.cleaned_data["met_on"], "it met")
