from datetime import timedelta

from django.utils import timezone

from tests.factories import make_course, make_run, make_student
from tests.teams.factories import make_team
from tests.url_access import (
    ACTION,
    FORBIDDEN,
    FORM,
    MANAGERS,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    READS,
    STAFF_WITH_RECORDS,
    only,
    route,
)
from warp.bookings.models import Mark, ReferralRoute
from warp.bookings.services import attendance_mark, booking_create, calendar_feed_renew, referral_record
from warp.prospectus.models import Level

STUDENT_ONLY = {"student": OK, "outsider": NOT_FOUND}  # outsider: a student account with no student record
POST_ONLY_FOR_STUDENTS = {"student": NOT_ALLOWED, "outsider": NOT_ALLOWED}


def world(built):
    """A run the peer trainer co-delivers, with one session yesterday; Sam (the student persona) booked on
    it and marked present (so completed, with a certificate); a full second run where another student waits;
    and Sam's live calendar feed."""
    personas = built["personas"]
    run = make_run(places=1, session_days=[7], trainers=[personas["peer_trainer"]])
    sam = built["sam"]
    booking = booking_create(student=sam, course_run=run, by=None).booking
    waiting = booking_create(student=make_student(), course_run=run, by=None).booking
    session = run.sessions.get()
    session.date = timezone.localdate() - timedelta(days=1)
    session.save()
    attendance_mark(session=session, student=sam, mark=Mark.PRESENT, by=personas["peer_trainer"])
    open_run = make_run(places=10)
    feed = calendar_feed_renew(student=sam)
    cohort = make_run(
        places=10,
        course=make_course("Living Well Together", level=Level.INTENSIVE),
        trainers=[personas["peer_trainer"]],
    )
    referral = referral_record(
        student=make_student(),
        course_run=cohort,
        route=ReferralRoute.INVITATION,
        referring_team=None,
        referred_by="",
        referred_on=timezone.localdate(),
        reason="Invited after a taster session.",
        person_agreed=True,
        share_progress_with_team=False,
        by=personas["admissions_tutor"],
    )
    # Referred by a team the team lead leads, agreeing that team may tell the centre how the course went.
    team_referral = referral_record(
        student=make_student(),
        course_run=cohort,
        route=ReferralRoute.REFERRAL,
        referring_team=make_team(name="Referring CMHT", leads=[personas["team_lead"]]),
        referred_by="Their care coordinator",
        referred_on=timezone.localdate(),
        reason="Low motivation since leaving hospital.",
        person_agreed=True,
        share_progress_with_team=False,
        team_feedback_consent=True,
        by=personas["admissions_tutor"],
    )
    return {
        "bookings_team_referral": team_referral,
        "bookings_run": run,
        "bookings_open_run": open_run,
        "bookings_session": session,
        "bookings_sam": sam,
        "bookings_booking": booking,
        "bookings_waiting": waiting,
        "bookings_feed": feed,
        "bookings_referral": referral,
        "bookings_cohort": cohort,
    }


ROUTES = {
    "bookings:portal": route(default=403, **STUDENT_ONLY, methods=READS),
    "bookings:book": route(
        default=403, kwargs=lambda w: {"run_pk": w["bookings_open_run"].pk}, **STUDENT_ONLY, methods=FORM
    ),
    "bookings:booking-cancel": route(
        default=403,
        kwargs=lambda w: {"pk": w["bookings_booking"].pk},
        **STUDENT_ONLY,
        **dict.fromkeys(STAFF_WITH_RECORDS, OK),
        methods=FORM,
    ),
    "bookings:offer-accept": route(
        default=403,
        kwargs=lambda w: {"pk": w["bookings_booking"].pk},
        **POST_ONLY_FOR_STUDENTS,
        methods=ACTION,
    ),
    "bookings:offer-decline": route(
        default=403,
        kwargs=lambda w: {"pk": w["bookings_booking"].pk},
        **POST_ONLY_FOR_STUDENTS,
        methods=ACTION,
    ),
    "bookings:certificate": route(
        default=403, kwargs=lambda w: {"pk": w["bookings_booking"].pk}, **STUDENT_ONLY, methods=READS
    ),
    "bookings:calendar-renew": route(default=403, **POST_ONLY_FOR_STUDENTS, methods=ACTION),
    "bookings:calendar-revoke": route(default=403, **POST_ONLY_FOR_STUDENTS, methods=ACTION),
    # The secret address is the key (phone calendars cannot sign in); revoked tokens give 404.
    "bookings:calendar-feed": route(
        default=OK, anonymous=OK, kwargs=lambda w: {"token": w["bookings_feed"].token}, methods=READS
    ),
    "bookings:student-bookings": only(
        STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["bookings_sam"].pk}, methods=FORM
    ),
    # A place on an intensive course by referral: staff who see every student's record.
    "bookings:referral-create": only(
        STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["bookings_sam"].pk}, methods=FORM
    ),
    # A cohort participant's written accounts and case-study consent: the same staff.
    "bookings:referral-accounts": only(
        STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["bookings_referral"].pk}, methods=FORM
    ),
    # Trainer feedback on an intensive run: its trainers (the peer trainer co-delivers it; the professional
    # trainer does not) and the managers.
    "bookings:trainer-feedback": route(
        default=FORBIDDEN,
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        centre_manager=OK,
        administrator=OK,
        kwargs=lambda w: {"pk": w["bookings_cohort"].pk},
        methods=FORM,
    ),
    # How the people a team referred are getting on: the lead of that team only (the table's team lead leads
    # "team").
    "bookings:referring-team-progress": only(
        ("team_lead",), kwargs=lambda w: {"pk": w["team"].pk}, methods=READS
    ),
    # The referring team's feedback on someone it referred: a lead of that team only, while they agree.
    "bookings:referring-team-feedback": only(
        ("team_lead",), kwargs=lambda w: {"pk": w["bookings_team_referral"].pk}, methods=FORM
    ),
    "bookings:offer-make": only(
        STAFF_WITH_RECORDS,
        allowed=NOT_ALLOWED,
        kwargs=lambda w: {"pk": w["bookings_waiting"].pk},
        methods=ACTION,
    ),
    "bookings:contact-list": only(STAFF_WITH_RECORDS, methods=READS),
    "bookings:contact-done": only(
        STAFF_WITH_RECORDS, allowed=NOT_ALLOWED, kwargs=lambda w: {"pk": 1}, methods=ACTION
    ),
    "bookings:trainer-sessions": only(("peer_trainer", "professional_trainer"), methods=READS),
    # The professional trainer does not co-deliver this run: 404, not a hint that it exists.
    "bookings:register": route(
        default=403,
        kwargs=lambda w: {"pk": w["bookings_session"].pk},
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        **dict.fromkeys(MANAGERS, OK),
        methods=FORM,
    ),
    "bookings:register-pdf": route(
        default=403,
        kwargs=lambda w: {"pk": w["bookings_session"].pk},
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        **dict.fromkeys(MANAGERS, OK),
        methods=READS,
    ),
    "bookings:register-walk-in": route(
        default=403,
        kwargs=lambda w: {"pk": w["bookings_session"].pk},
        peer_trainer=OK,
        professional_trainer=NOT_FOUND,
        **dict.fromkeys(MANAGERS, OK),
        methods=FORM,
    ),
    "bookings:registers-not-taken": only(MANAGERS, methods=READS),
    "bookings:term-dashboard": only(MANAGERS, methods=READS),
    "bookings:message-previews": only(MANAGERS, methods=READS),
    # GOV.UK Notify's callbacks: POST only, for anyone (nobody signs in); without the bearer token in
    # WARP_NOTIFY_CALLBACK_TOKEN a POST gets 401 and changes nothing (tests/bookings/test_notify.py).
    "bookings:notify-callback": route(default=NOT_ALLOWED, anonymous=NOT_ALLOWED, methods=ACTION),
    "bookings:notify-received-text": route(default=NOT_ALLOWED, anonymous=NOT_ALLOWED, methods=ACTION),
    "bookings:run-bookings-export": only(
        STAFF_WITH_RECORDS, kwargs=lambda w: {"pk": w["bookings_run"].pk, "fmt": "csv"}, methods=READS
    ),
    "bookings:run-messages": only(MANAGERS, kwargs=lambda w: {"pk": w["bookings_run"].pk}, methods=FORM),
    "bookings:term-dashboard-export": only(MANAGERS, kwargs=lambda world: {"fmt": "xlsx"}, methods=READS),
}
