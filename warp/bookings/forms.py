from typing import NamedTuple

from django import forms

from warp.bookings.models import (
    Audience,
    Mark,
    Referral,
    ReferralRoute,
    ReferringTeamFeedback,
    TrainerFeedback,
)
from warp.core.forms import CHOOSE_PROMPT, DATE, WarpForm, WarpModelForm
from warp.prospectus.models import CourseRun
from warp.teams.models import Team


class CancelForm(WarpForm):
    reason = forms.CharField(
        label="Would you like to tell us why?",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This helps us plan future courses. You do not have to say.",
    )


class RunChoiceField(forms.ModelChoiceField):
    """Runs named by course, term, first date and where (run_label), so two runs of one course differ."""

    def label_from_instance(self, obj: CourseRun) -> str:
        return run_label(obj)


class StaffBookForm(WarpForm):
    course_run = RunChoiceField(
        label="Course run",
        queryset=CourseRun.objects.none(),
        empty_label=CHOOSE_PROMPT,
        error_messages={"required": "Choose the course run to book this student onto."},
    )

    def __init__(self, *args, runs=None, **kwargs):
        super().__init__(*args, **kwargs)
        course_run = self.fields["course_run"]
        assert isinstance(course_run, forms.ModelChoiceField)
        course_run.queryset = runs if runs is not None else CourseRun.objects.none()


def run_label(run) -> str:
    """Course, term, first date and where: "Recovery Narratives, Spring 2027, from Tue 12 Jan, Poole".

    Reads the run's prefetched sessions (with their venues)."""
    sessions = list(run.sessions.all())
    parts = [run.course.title, run.term.name]
    if sessions:
        parts.append(f"from {sessions[0].date:%a} {sessions[0].date.day} {sessions[0].date:%b}")
        places = []
        for session in sessions:
            place = "online" if session.is_online else session.venue.name if session.venue else ""
            if place and place not in places:
                places.append(place)
        parts.append(" and ".join(places))
    return ", ".join(part for part in parts if part)


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


class RegisterLine(NamedTuple):
    """One student's row of the register as bookings/register_take.html writes it: their name, the field's
    name, the mark to show chosen (what was posted when the form has errors, else the saved mark) and the
    field's errors."""

    name: str
    field: str
    chosen: str
    errors: list[str]


def register_lines(form: RegisterForm | None, rows) -> list[RegisterLine]:
    """The register's lines for `rows` (bookings.queries.RegisterRow); `form` is None when nothing was
    posted."""
    lines = []
    for row in rows:
        field = f"mark_{row.pk}"
        lines.append(
            RegisterLine(
                row.student.full_name,
                field,
                (form[field].value() or "") if form is not None else row.mark,
                [str(error) for error in form.errors.get(field, [])] if form is not None else [],
            )
        )
    return lines


class RunMessageForm(WarpForm):
    audience = forms.ChoiceField(
        label="Who the message is for",
        choices=Audience.choices,
        initial=Audience.BOOKED,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the message is for."},
    )
    subject = forms.CharField(
        label="Subject",
        max_length=150,
        help_text="A few words, for example “A new room for next week”. The course's name goes before it.",
        error_messages={"required": "Enter a subject, so people know what the message is about."},
    )
    body = forms.CharField(
        label="Message",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="We add “Dear” and their first name before it, and the centre's contact details after it.",
        error_messages={"required": "Enter the message."},
    )


class WalkInForm(WarpForm):
    registration_number = forms.CharField(
        label="Their registration number",
        max_length=32,
        help_text="It is on their student card and in their emails from the centre, for example REC-00223.",
        error_messages={"required": "Enter the student's registration number."},
    )
    last_name = forms.CharField(
        label="Their last name",
        max_length=150,
        help_text="As they registered it with the centre. We check it with the number, so a mistyped number "
        "cannot add someone else.",
        error_messages={"required": "Enter the student's last name."},
    )


class ReferralForm(WarpForm):
    """A place on an intensive course, given by referral or invitation (never booked)."""

    whose = "their"

    course_run = RunChoiceField(
        label="Intensive course",
        queryset=CourseRun.objects.none(),
        empty_label=CHOOSE_PROMPT,
        error_messages={"required": "Choose the intensive course they are referred to."},
    )
    route = forms.ChoiceField(
        label="How they came",
        choices=ReferralRoute.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how they came: referred by a community team, or invited by the centre."
        },
    )
    referring_team = forms.ModelChoiceField(
        label="Referring team",
        queryset=Team.objects.all(),
        required=False,
        help_text="The community team that referred them. Leave it for an invitation.",
    )
    referred_by = forms.CharField(
        label="Who referred them",
        max_length=200,
        required=False,
        help_text="For example, their care coordinator.",
    )
    referred_on = forms.DateField(
        label="Date of the referral",
        widget=DATE,
        help_text="For example, 15/01/2026.",
        error_messages={"required": "Enter the date of the referral, for example 15/01/2026."},
    )
    reason = forms.CharField(
        label="Why they were referred",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write why they were referred, in a sentence or two."},
    )
    person_agreed = forms.BooleanField(
        label="They agreed to take part",
        error_messages={
            "required": "Tick “They agreed to take part” once they have: a place is given only with their agreement."
        },
    )
    share_progress_with_team = forms.BooleanField(
        label="They agree the referring team may hear how they are getting on", required=False
    )
    team_feedback_consent = forms.BooleanField(
        label="They agree the referring team may tell the centre how the course went for them",
        required=False,
        help_text="Only with their agreement, and only for a referral by a team. They can change their mind "
        "at any time: their team's feedback is then deleted.",
    )

    def __init__(self, *args, runs=None, **kwargs):
        super().__init__(*args, **kwargs)
        course_run = self.fields["course_run"]
        assert isinstance(course_run, forms.ModelChoiceField)
        course_run.queryset = runs if runs is not None else CourseRun.objects.none()


class ReferralAccountsForm(WarpModelForm):
    """A cohort participant's own short accounts before and after the course, and their consent."""

    whose = "their"

    class Meta:
        model = Referral
        fields = ["account_before", "account_after", "case_study_consent", "team_feedback_consent"]
        widgets = {
            "account_before": forms.Textarea(attrs={"rows": 5}),
            "account_after": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "account_before": "In their own words, at the start: how things are, and what they hope for.",
            "account_after": "In their own words, at the end: what has changed for them, if anything.",
            "case_study_consent": "Only with their agreement. Their name is never used.",
            "team_feedback_consent": "Only with their agreement. Untick it if they change their mind: "
            "the referring team's feedback is deleted at once.",
        }


class TrainerFeedbackForm(WarpModelForm):
    """A trainer's or manager's feedback on an intensive run: what worked, what to change."""

    whose = "your"

    class Meta:
        model = TrainerFeedback
        fields = ["what_worked", "what_to_change"]
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 4}),
            "what_to_change": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "what_worked": "For the group as a whole. Please do not name the people who came.",
            "what_to_change": "For the next time this course runs.",
        }


class ReferringTeamFeedbackForm(WarpModelForm):
    """The referring team's feedback on how an intensive course went for someone they referred."""

    whose = "your"

    class Meta:
        model = ReferringTeamFeedback
        fields = ["text"]
        labels = {"text": "How did the course go for them, as your team sees it?"}
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "text": "What your team has noticed since they started the course: what has changed for them, "
            "and anything the centre could do better for people you refer. The course's trainers and the "
            "centre's managers read it."
        }
