"""Every model that holds data about a student, and how the access bundle and erasure treat it.

tests/privacy/test_coverage.py walks every model of every WaRP app and fails, naming the model, when one
links to a student (directly or through up to three foreign keys) and has no entry here. Adding coverage
for a new model is one line: its label, the lookup from it to the student, and what erasure does.

Erasure kinds:
- "anonymise": blank the `blank` fields (and set `set`) on the student's rows; the rows stay, so counts stay.
- "delete": remove the rows (nothing in any report counts them).
- "keep": keep as they are; `why` says why (a record that we did what the law asks, or no free text).
The student row itself is handled by services.student_erase.
"""

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Q


@dataclass(frozen=True)
class Cover:
    to_student: str  # lookup from this model to the student, e.g. "booking__student"
    erase: str  # "anonymise", "delete", "keep" or "student" (the student row itself)
    blank: tuple[str, ...] = ()
    set: dict[str, Any] = field(default_factory=dict)
    where: Q | None = None  # only these rows are anonymised (e.g. free-text answers, not choices)
    omit: tuple[str, ...] = ()  # fields left out of the bundle (secrets, not data about the person)
    why: str = ""


COVERED: dict[str, Cover] = {
    "students.Student": Cover("pk", "student"),
    "students.LearningPlan": Cover(
        "student",
        "anonymise",
        blank=("hopes_and_goals", "strengths", "support_needs", "courses_of_interest", "signposting"),
        set={"support_needs_shared_with_trainers": False},
    ),
    "students.LearningPlanReview": Cover(
        "student",
        "anonymise",
        blank=("changes", "courses_attended", "next_steps"),
        set={"quote_consent": False},
    ),
    "students.ConsentRecord": Cover("student", "keep", why="Proof of consent; holds no free text."),
    "students.PlanContact": Cover("student", "delete"),
    "bookings.Booking": Cover("student", "anonymise", blank=("cancel_reason",)),
    "bookings.Attendance": Cover("booking__student", "keep", why="Marks only; counted in reports."),
    "bookings.AttendanceChange": Cover("attendance__booking__student", "keep", why="Marks only."),
    "bookings.BookingMessage": Cover(
        "booking__student",
        "keep",
        why="Kinds and dates only, with GOV.UK Notify's id and delivery status; the problem is in our words.",
    ),
    "bookings.CalendarFeed": Cover("student", "delete", omit=("token",)),
    "bookings.Referral": Cover(
        "student",
        "anonymise",
        blank=("reason", "referred_by", "account_before", "account_after"),
        set={"share_progress_with_team": False, "case_study_consent": False, "team_feedback_consent": False},
    ),
    # What the referring team said about how the course went for them: about them, so it goes.
    "bookings.ReferringTeamFeedback": Cover("referral__student", "delete"),
    "feedback.FeedbackResponse": Cover("student", "anonymise", set={"quote_consent": False}),
    "feedback.Answer": Cover(
        "response__student", "anonymise", blank=("text",), where=Q(question__kind="text")
    ),
    "privacy.SubjectRequest": Cover("student", "keep", why="The record that we answered their request."),
    "privacy.ProcessingRestriction": Cover("student", "delete"),
    "privacy.Erasure": Cover("student", "keep", why="The destruction log."),
    "students.ReviewSecondCoding": Cover(
        "review__student", "keep", why="Category codes, dates and the coder's name only; counted in reports."
    ),
    "service_use.ServiceUseAnswer": Cover(
        "student", "keep", why="Dates and numbers only, no free text; counted in the service-use report."
    ),
    "service_use.ServiceContact": Cover(
        "answer__student", "keep", why="Numbers only; counted in the service-use report."
    ),
    # A nominee who is a registered student, once linked (most nominees are not: see PEOPLE below).
    "programmes.Nomination": Cover(
        "student",
        "anonymise",
        blank=("nominee_name", "nominee_contact", "why"),
        set={"nominee_consent": "refused"},
    ),
    "programmes.Score": Cover("nomination__student", "keep", why="A judge's number; nothing about them."),
    "programmes.Conflict": Cover("nomination__student", "anonymise", blank=("reason",)),
    # The answers go; the score, date and occasion stay, so the outcomes report counts the same.
    "measures.MeasureResponse": Cover("student", "anonymise", set={"answers": []}),
    "measures.MeasureRequest": Cover("student", "delete"),
    # Signing in with an organisation's account: the identity linked (its id there and the ID token's claims)
    # and any invitation to link one.
    "socialaccount.SocialAccount": Cover("user__student", "delete"),
    "accounts.OrganisationInvitation": Cover("user__student", "delete"),
}


def covered_models():
    """(label, model, cover) for each registry entry whose model is installed."""
    for label, cover in COVERED.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        yield label, model, cover


def rows_for(model, cover: Cover, student) -> list[dict]:
    """The student's rows of one model as plain dicts: one query."""
    rows = model._default_manager.filter(**{cover.to_student: student}).order_by("pk").values()
    return [{key: value for key, value in row.items() if key not in cover.omit} for row in rows]


def erase_rows(model, cover: Cover, student) -> int:
    """Apply the registry's erasure to one model's rows for the student (one or two queries)."""
    rows = model._default_manager.filter(**{cover.to_student: student})
    if cover.erase == "delete":
        return rows.delete()[0]
    if cover.erase == "anonymise":
        if cover.where is not None:
            rows = rows.filter(cover.where)
        changes = {name: "" for name in cover.blank} | cover.set
        # update() on purpose: the anonymised rows may no longer pass validation (a plan with no goals).
        return rows.update(**changes)
    return 0


# People who are not students: peer workers, mentors and mentees, network members, award nominees and
# nominators. They have no student record to key on, so a request from one of them is answered by the
# email address or phone number they gave us (`warp manage person_data --contact ADDRESS`, with
# `--erase --basis TEXT` to erase): `match` is the lookup from the model to that contact field, compared
# without regard to case. tests/privacy/test_people.py proves each entry is found and erased.


@dataclass(frozen=True)
class PersonCover:
    label: str
    match: str  # lookup from this model to the field holding the person's email address or phone number
    erase: str  # "anonymise", "delete" or "keep", as for students
    blank: tuple[str, ...] = ()
    set: dict[str, Any] = field(default_factory=dict)
    why: str = ""


PEOPLE: list[PersonCover] = [
    PersonCover(
        "programmes.PeerWorker",
        "email",
        "anonymise",
        blank=("email",),
        set={"first_name": "Erased", "last_name": "peer worker", "user": None},
    ),
    PersonCover(
        "programmes.Placement", "worker__email", "keep", why="Dates, team and role: the posts count."
    ),
    PersonCover("programmes.Training", "worker__email", "keep", why="Courses and dates only."),
    PersonCover("programmes.Supervision", "worker__email", "keep", why="Dates only; never what was said."),
    PersonCover(
        "programmes.Mentor", "email", "anonymise", blank=("email", "role"), set={"name": "Erased mentor"}
    ),
    PersonCover(
        "programmes.Mentee", "email", "anonymise", blank=("email", "role"), set={"name": "Erased mentee"}
    ),
    PersonCover("programmes.Membership", "user__email", "delete"),
    PersonCover(
        "programmes.Nomination",
        "nominee_contact",
        "anonymise",
        blank=("nominee_name", "nominee_contact", "why"),
        set={"nominee_consent": "refused"},
    ),
    PersonCover(
        "programmes.Nomination",
        "nominator_contact",
        "anonymise",
        blank=("nominator_name", "nominator_contact"),
        set={"nominator_quote_consent": False},  # their words are quoted no more
    ),
    # Staff who sign in with their organisation's account: the linked identity and invitations to link one.
    PersonCover("socialaccount.SocialAccount", "user__email", "delete"),
    PersonCover("accounts.OrganisationInvitation", "user__email", "delete"),
]


def people_covered():
    """(model, cover) for each PEOPLE entry whose model is installed."""
    for cover in PEOPLE:
        try:
            model = apps.get_model(cover.label)
        except LookupError:
            continue
        yield model, cover


def person_rows(contact: str) -> dict[str, list[dict]]:
    """Everything held about a person who is not a student, found by their email address or phone number:
    one query per entry."""
    found: dict[str, list[dict]] = {}
    for model, cover in people_covered():
        rows = list(
            model._default_manager.filter(**{f"{cover.match}__iexact": contact.strip()})
            .order_by("pk")
            .values()
        )
        if rows:
            found.setdefault(cover.label, []).extend(
                row for row in rows if row not in found.get(cover.label, [])
            )
    return found


def person_erase_rows(contact: str) -> dict[str, int]:
    """Apply each entry's erasure to the rows that match this contact; how many rows each changed."""
    changed: dict[str, int] = {}
    for model, cover in people_covered():
        rows = model._default_manager.filter(**{f"{cover.match}__iexact": contact.strip()})
        if cover.erase == "delete":
            count = rows.delete()[0]
        elif cover.erase == "anonymise":
            count = rows.update(**({name: "" for name in cover.blank} | cover.set))
        else:
            continue
        if count:
            changed[cover.label] = changed.get(cover.label, 0) + count
    return changed
