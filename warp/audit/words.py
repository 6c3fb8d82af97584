"""The audit log in words: what was done to which record, and in which role, as a person would say it.

"Viewed the student record of REC-00223" rather than "view students.Student 223". Model labels with no
entry below are named by their model's verbose name ("the course run"), so a new model still reads."""

from django.apps import apps

from warp.audit.models import Action

# What each kind of record is called; "{}" is where "of REC-00223" goes when the entry names a student.
RECORDS = {
    "students.Student": "the student record",
    "students.LearningPlan": "the learning plan",
    "students.LearningPlanReview": "a learning plan review",
    "students.ConsentRecord": "a consent choice",
    "students.StudentImport": "a student import",
    "bookings.Booking": "the bookings",
    "bookings.Attendance": "a register mark",
    "bookings.CalendarFeed": "the calendar address",
    "feedback.FeedbackResponse": "a feedback form",
    "privacy.SubjectRequest": "a data request",
    "privacy.Erasure": "the erasure",
    "audit.AuditEntry": "the audit log",
    "accounts.User": "a sign-in account",
}


def record_words(model: str) -> str:
    """What a model label is called in words ("the student record"); "" for none."""
    if not model:
        return ""
    if model in RECORDS:
        return RECORDS[model]
    try:
        return f"the {apps.get_model(model)._meta.verbose_name}"
    except (LookupError, ValueError):
        return f"the {model.rpartition('.')[2].lower()} record"


def action_words(action: str) -> str:
    return str(dict(Action.choices).get(action, action.replace("_", " ").capitalize()))


def describe(*, action: str, model: str, registration_number: str = "") -> str:
    """One entry in words: "Viewed the student record of REC-00223", "Exported the audit log", "Signed in"."""
    if action in (Action.SIGN_IN, Action.SIGN_IN_REFUSED):
        return action_words(action)
    text = f"{action_words(action)} {record_words(model)}".strip()
    return f"{text} of {registration_number}" if registration_number else text
