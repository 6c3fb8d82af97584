from django import forms

from warp.bookings.models import Mark
from warp.core.forms import WarpForm
from warp.prospectus.models import CourseRun


class CancelForm(WarpForm):
    reason = forms.CharField(
        label="Would you like to tell us why?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps us plan future courses. You do not have to say.",
    )


class StaffBookForm(WarpForm):
    course_run = forms.ModelChoiceField(
        label="Course run",
        queryset=CourseRun.objects.none(),
        empty_label="Choose a course run",
        error_messages={"required": "Choose the course run to book this student onto."},
    )

    def __init__(self, *args, runs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course_run"].queryset = runs if runs is not None else CourseRun.objects.none()
        self.fields["course_run"].label_from_instance = lambda run: f"{run.course.title} ({run.term.name})"


class StaffCancelForm(CancelForm):
    reason = forms.CharField(
        label="Reason for cancelling",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The student is told this in their message.",
    )


class OfferForm(WarpForm):
    allow_over_capacity = forms.BooleanField(
        label="Offer even though the run is full",
        required=False,
        help_text="Only when you know there is room, for example a bigger venue.",
    )


class RegisterForm(WarpForm):
    """One set of three radio buttons per booked student; unmarked students may stay unmarked."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for booking in self.rows:
            name = f"mark_{booking.pk}"
            self.fields[name] = forms.ChoiceField(
                label=booking.student.full_name,
                choices=Mark.choices,
                required=False,
                initial=booking.mark or None,
                widget=forms.RadioSelect,
            )
