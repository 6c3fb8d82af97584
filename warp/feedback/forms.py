"""The feedback form is built from the question set, so a question added in the admin appears on it."""

from collections.abc import Iterable

from django import forms

from warp.core.forms import WarpForm
from warp.feedback.models import FeedbackQuestion, QuestionKind
from warp.feedback.services import MAX_LINK_USES

RATING_CHOICES = [
    ("1", "1 (poor)"),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", "5 (excellent)"),
]
FIELD_PREFIX = "q_"

QUOTE_HELP = (
    "We sometimes share what people say about our courses, for example in the prospectus and in our "
    "reports, so others can see what the courses are like. We never use your name. Tick this only if "
    "you are happy for us to quote you. If you leave it unticked, we will still read and learn from "
    "your words."
)
PAPER_QUOTE_HELP = "Tick only if the form has the 'you may quote my words' box ticked."


class Radios(forms.RadioSelect):
    """Radio buttons. The shared widget template picks radio markup from widget.type, which Django's
    choice widgets do not set, so set it here."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["type"] = "radio"
        return context


def _question_field(question: FeedbackQuestion) -> forms.Field:
    label, help_text = question.text, question.help_text
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            required=False,
            choices=question.options(),
            widget=Radios,
        )
    if question.kind == QuestionKind.RATING:
        return forms.ChoiceField(
            label=label, help_text=help_text, required=False, choices=RATING_CHOICES, widget=Radios
        )
    return forms.CharField(
        label=label, help_text=help_text, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackFormBase(WarpForm):
    def answers(self) -> dict[str, str]:
        return {
            name.removeprefix(FIELD_PREFIX): value
            for name, value in self.cleaned_data.items()
            if name.startswith(FIELD_PREFIX)
        }


def feedback_form_class(
    questions: Iterable[FeedbackQuestion], *, paper: bool = False
) -> type[FeedbackFormBase]:
    """A form with one optional field per question, then the consent to quote (unticked)."""
    fields: dict[str, forms.Field] = {}
    if paper:
        fields["submitted_on"] = forms.DateField(
            label="Date on the form",
            error_messages={
                "required": "Write the date on the form, for example 14/03/2026.",
                "invalid": "Write the date as day/month/year, for example 14/03/2026.",
            },
            help_text="For example 14/03/2026. It stays filled in for the next form.",
            widget=forms.DateInput(attrs={"autocomplete": "off"}),
        )
    for question in questions:
        fields[FIELD_PREFIX + question.code] = _question_field(question)
    fields["quote_consent"] = forms.BooleanField(
        required=False,
        label="They are happy for their words to be quoted" if paper else "You may quote my words",
        help_text=PAPER_QUOTE_HELP if paper else QUOTE_HELP,
    )
    return type("FeedbackForm", (FeedbackFormBase,), fields)


class LinkForm(WarpForm):
    uses_allowed = forms.IntegerField(
        label="How many people may use it",
        min_value=1,
        max_value=MAX_LINK_USES,
        initial=1,
        error_messages={
            "required": f"Write how many people may use it, from 1 to {MAX_LINK_USES}.",
            "invalid": f"Write a whole number from 1 to {MAX_LINK_USES}.",
            "min_value": f"Write a whole number from 1 to {MAX_LINK_USES}.",
            "max_value": f"Write a whole number from 1 to {MAX_LINK_USES}; make a second link for more.",
        },
        help_text="1 for a link you send to one person; for example 20 for a sheet you print for the "
        "last session.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4", "inputmode": "numeric"}),
    )
    label = forms.CharField(
        label="A note for yourself",
        required=False,
        max_length=100,
        help_text="For example 'printed sheet, last session'. Students do not see it.",
    )
