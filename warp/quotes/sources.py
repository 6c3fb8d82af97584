"""Where quotes come from: a small registry of sources, one entry each.

A source is a queryset of the rows whose writer agreed to be quoted, and how to read five things from
each row: the words, the date, where they came from, and who said them *by role only* ("a student",
"a carer", "a mentee"), never a name. Consent stays with the source: the library asks each source for
its consented rows every time, so withdrawing consent there takes the quote out of the library and out
of every pick at once, with no copy to forget.

Adding a source is one entry in SOURCES below:

    QuoteSource(
        key="mentoring",                      # stored in picks and tags: never change it once used
        label="Mentoring evaluations",        # shown in the library's filter
        rows=lambda: MentoringEvaluation.objects.quotable(),   # the consented rows only
        words="comments",                     # the field (or expression) holding the words
        said_on="pairing__ended_on",          # the date the words were given
        where=Value("A mentoring evaluation", output_field=TextField()),  # where from, as an expression
        attribution=Value("a mentee", output_field=TextField()),        # by role, never by name
    )

Import the source's model inside its `rows` (or at the top: the quotes app sits above every app, and
nothing imports it). `words` must be text, `said_on` a date; `where` and `attribution` may be a field,
`Value(..., output_field=TextField())` or an expression (`Concat`, `Case`). Rows with empty words are left out for you.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import (
    Case,
    CharField,
    DateField,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Left, Replace, StrIndex, TruncDate

from warp.bookings.models import Referral
from warp.feedback.models import Answer, FeedbackResponse, QuestionKind
from warp.impact.models import ATTRIBUTION, WorkshopComment
from warp.outreach.models import WorkshopComment as WardComment
from warp.programmes.models import EvaluationAnswer, Nomination, PairingEvaluation
from warp.programmes.models import QuestionKind as MentoringQuestionKind
from warp.prospectus.models import Session
from warp.students.models import LearningPlanReview
from warp.teams.models import TeamKind

# The columns every source gives the library, in this order (a UNION needs one shape).
COLUMNS = ("quote_source", "quote_ref", "quote_words", "quote_said_on", "quote_where", "quote_by")


@dataclass(frozen=True)
class QuoteSource:
    key: str
    label: str
    rows: Callable[[], QuerySet]
    words: str | Expression
    said_on: str | Expression
    where: str | Expression
    attribution: str | Expression

    def consented(self) -> QuerySet:
        """The source's consented rows as the library's columns (a values() queryset, not yet run)."""

        def expr(value: str | Expression) -> Expression | F:
            return F(value) if isinstance(value, str) else value

        return (
            self.rows()
            .annotate(
                quote_source=Value(self.key, output_field=CharField()),
                quote_ref=F("pk"),
                quote_words=expr(self.words),
                quote_said_on=expr(self.said_on),
                quote_where=expr(self.where),
                quote_by=expr(self.attribution),
            )
            .exclude(quote_words="")
            .values(*COLUMNS)
            .order_by()
        )


SOURCES: list[QuoteSource] = [
    QuoteSource(
        key="feedback",
        label="Course feedback",
        # Each written answer on a form whose writer ticked the consent box.
        rows=lambda: Answer.objects.filter(
            response__in=FeedbackResponse.objects.quotable(), question__kind=QuestionKind.TEXT
        ),
        words="text",
        said_on="response__submitted_on",
        where=Concat(
            Value("Feedback on "), F("response__course_run__course__title"), output_field=TextField()
        ),
        attribution=Value("a student", output_field=TextField()),
    ),
    QuoteSource(
        key="review",
        label="Learning Plan Reviews",
        rows=lambda: LearningPlanReview.objects.quotable(),
        words="changes",
        said_on="review_date",
        where=Value("A Learning Plan Review", output_field=TextField()),
        attribution=Value("a student", output_field=TextField()),
    ),
    QuoteSource(
        key="coproduction",
        label="Co-production workshops",
        rows=lambda: WorkshopComment.objects.quotable(),
        words="text",
        said_on="workshop__held_on",
        where=Concat(
            Value("A co-production workshop with "), F("workshop__service"), output_field=TextField()
        ),
        attribution=Case(
            *[When(perspective=value, then=Value(words)) for value, words in ATTRIBUTION.items() if value],
            default=Value(ATTRIBUTION[""]),
            output_field=TextField(),
        ),
    ),
]


def _without(words: Expression | F, name: Expression | F) -> Expression:
    """`words` with every exact occurrence of `name` replaced by "[name]" (an empty name changes nothing)."""
    return Replace(words, name, Value("[name]"), output_field=TextField())  # type: ignore[arg-type]


def _first_name(field: str) -> Expression:
    """The first word of a name ("Rowan" of "Rowan Hale"); empty when the name is one word, since the
    whole name is already taken out."""
    space = StrIndex(field, Value(" "))
    return Case(When(Q(**{f"{field}__contains": " "}), then=Left(field, space - 1)), default=Value(""))


# A nomination's words are the nominator's, about the nominee, and often name them: the library takes out
# the nominee's full name, their first name and the nominator's name before anyone reads it. Nicknames or
# misspellings cannot be found this way, so staff read a nomination before picking it for a report.
_NOMINATION_WORDS = _without(
    _without(_without(F("why"), F("nominee_name")), _first_name("nominee_name")), F("nominator_name")
)

# A cohort case study is the participant's two accounts, before and after, as one quote (either may be
# empty). They write about themselves, so the library takes out their full and first names as it does a
# nominee's. Its date is the cohort's last session (when the "after" account is written), or the referral's
# date for a cohort with no sessions yet.
_CASE_STUDY_TEXT = Concat(
    Case(
        When(account_before="", then=Value("")),
        default=Concat(Value("Before the course: "), F("account_before")),
        output_field=TextField(),
    ),
    Case(
        When(Q(account_before="") | Q(account_after=""), then=Value("")),
        default=Value("\n\n"),
        output_field=TextField(),
    ),
    Case(
        When(account_after="", then=Value("")),
        default=Concat(Value("After the course: "), F("account_after")),
        output_field=TextField(),
    ),
    output_field=TextField(),
)
_CASE_STUDY_WORDS = _without(
    _without(
        _CASE_STUDY_TEXT,
        Concat(F("student__first_name"), Value(" "), F("student__last_name"), output_field=TextField()),
    ),
    F("student__first_name"),
)
_CASE_STUDY_ON = Coalesce(
    Subquery(Session.objects.filter(course_run=OuterRef("course_run")).order_by("-date").values("date")[:1]),
    F("referred_on"),
    output_field=DateField(),
)

SOURCES += [
    QuoteSource(
        key="ward",
        label="Ward and crisis service workshops",
        # Comments collected at a skills workshop held on a ward or in a crisis service (warp/outreach).
        rows=lambda: WardComment.objects.quotable(),
        words="text",
        said_on="held__held_on",
        where=Concat(Value("A skills workshop on "), F("held__team__name"), output_field=TextField()),
        attribution=Case(
            When(
                held__team__kind=TeamKind.CRISIS_SERVICE, then=Value("someone at a crisis service workshop")
            ),
            default=Value("a ward attendee"),
            output_field=TextField(),
        ),
    ),
    QuoteSource(
        key="mentoring",
        label="Mentoring evaluations",
        # Each answer in the mentee's own words, on an end-of-pairing evaluation they agreed we may quote.
        # Evaluations are the mentee's (warp/programmes): a mentor's evaluation would attribute "a mentor".
        rows=lambda: EvaluationAnswer.objects.filter(
            evaluation__in=PairingEvaluation.objects.quotable(), question__kind=MentoringQuestionKind.WORDS
        ),
        words="text",
        said_on="evaluation__given_on",
        where=Value("A mentoring evaluation", output_field=TextField()),
        attribution=Value("a mentee", output_field=TextField()),
    ),
    QuoteSource(
        key="nomination",
        label="Award nominations",
        # Why someone was nominated, once the nominee agreed (warp/programmes); never a name (see above).
        rows=lambda: Nomination.objects.quotable(),
        words=_NOMINATION_WORDS,
        said_on=TruncDate("submitted_at"),
        where=Concat(
            Value("A nomination for the "), F("category__name"), Value(" award"), output_field=TextField()
        ),
        attribution=Value("a nominator", output_field=TextField()),
    ),
    QuoteSource(
        key="case_study",
        label="Cohort case studies",
        # A cohort participant's own accounts before and after an intensive course (warp/bookings
        # Referral), once they agreed the accounts may be used as an unnamed case study (see below).
        rows=lambda: Referral.objects.quotable(),
        words=_CASE_STUDY_WORDS,
        said_on=_CASE_STUDY_ON,
        where=Concat(Value("A case study from "), F("course_run__course__title"), output_field=TextField()),
        attribution=Value("a student", output_field=TextField()),
    ),
]

BY_KEY = {source.key: source for source in SOURCES}
