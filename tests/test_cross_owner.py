"""One person asking for another person's records, by changing the number in the address.

Student A (Sam, the `student` persona) asks for student B's (Bea's) records; trainer X (the `peer_trainer`
persona) for trainer Y's runs, sessions and registers; team lead X (the `team_lead` persona) for another
team's records. Every method the URL takes is tried (GET, and POST with plausible data): the answer is
always 403 or 404, never a page or a redirect to success, and nothing in the database changes.

Every URL whose address names a record must have a case here, or a line in NOT_OWNED saying why nobody
owns what it names; a new URL with neither fails `test_every_url_naming_a_record_has_a_cross_owner_case`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import answers, make_course, make_finished_run, make_run, make_student
from tests.measures.factories import make_instrument
from tests.outreach.url_access import world as outreach_world
from tests.personas import PASSWORD, give_role, sign_in_fully
from tests.programmes.url_access import world as programmes_world
from tests.teams.url_access import world as teams_world
from tests.test_url_access import ROUTES, _client_for, _writes, all_patterns
from tests.url_access import FORBIDDEN, NOT_FOUND
from warp.accounts.models import Role, TrainerKind, User
from warp.accounts.services import user_session_start
from warp.bookings.models import BookingStatus, Mark, ReferralRoute
from warp.bookings.services import attendance_mark, booking_cancel, booking_create, referral_record
from warp.feedback.models import FeedbackSource
from warp.feedback.services import feedback_link_create, feedback_submit
from warp.importers import IMPORTS, import_upload_store
from warp.measures.services import measure_request_create
from warp.privacy.services import subject_request_create
from warp.prospectus.models import Level
from warp.students.imports import student_import_store
from warp.students.services import learning_plan_agree, review_record
from warp.teams import services as team_services

# URLs whose address names something no single person owns, and why.
NOT_OWNED = {
    "api:token-revoke": "API tokens belong to the centre: only administrators reach the URL, and may revoke any",
    "api:report-term": "names a term, which nobody owns; the table gives its roles (tests/api/url_access.py)",
    "api:not-found": "names no record: any other /api/v1/ address, answered 404",
    "service_use:service-edit": "a service and its unit cost: the centre's reference data, for managers only",
    "account_reset_password_from_key": "the emailed key is the secret; a wrong key gets the 'bad link' page",
    "bookings:book": "names a published course run; the student booked is always the one signed in",
    "bookings:calendar-feed": "the long random token is the key (revoked tokens give 404: tests/bookings)",
    "feedback:anonymous": "the link's token is the key; the form names nobody",
    "teams:rate": "the rater link's token is the key; it names nobody",
    "accounts:staff-roles": "any account, for administrators only: giving roles is their job",
    "accounts:staff-invite": "any account, for administrators only",
    "accounts:staff-organisation-invite": "any account, for administrators only",
    "accounts:staff-organisation-unlink": "any account, for administrators only",
    "accounts:organisation-invitation": "the signed link is the key; a wrong or used one gets the 'stopped working' page",
    "openid_connect_login": "names a configured organisation (WARP_OIDC_PROVIDERS), not a record",
    "openid_connect_callback": "names a configured organisation; the state allauth keeps in the session is the key",
    "prospectus:run-detail": "a published course run, public",
    "imports:template": "names an import and a file format, not a record: an empty header row",
    "imports:upload": "names an import, not a record: the form to upload a file",
    "measures:instrument-edit": "a questionnaire: the centre's reference data, for managers only",
    "measures:paper-entry": "names a questionnaire; the student is found by registration number among those the person sees",
    "bookings:run-bookings-export": "any course run, for those who see every student's record",
    "bookings:run-messages": "any course run, for centre managers and administrators, who manage every run",
    "bookings:term-dashboard-export": "names a file format; the term's counts are for managers, who see every term",
    "prospectus:term-pdf": "a term's public prospectus",
    "teams:exercise-detail": "a partnership-wide carers' exercise, no team owns it",
    "teams:participant-add": "a partnership-wide carers' exercise",
    "teams:area-add": "a partnership-wide carers' exercise",
    "teams:progress-add": "a partnership-wide carers' exercise",
    "teams:problem-add": "a partnership-wide carers' exercise",
    "teams:top-three": "a partnership-wide carers' exercise",
    "teams:conclusions": "a partnership-wide carers' exercise",
    "teams:challenge-action-create": "the partnership's strategy, no team owns it",
    "teams:care-audit-create": "any team, for partnership leads and administrators only (a team's lead gets 403)",
    "teams:challenge-action-edit": "the partnership's strategy",
    "network:trust-withdraw": "the hub's list of trusted centres, for network coordinators only: nobody's own",
    "teams:project-edit": "a partnership project beyond teams: the partnership's, no team's or person's",
    **{
        f"impact:{name}": "the partnership's impact log and co-production workshops: no person owns them"
        for name in ["entry-edit", "workshop-detail", "workshop-edit", "comment-edit", "theme-edit"]
    },
    **{
        f"quotes:{name}": "an unnamed, consented quote: the library is the partnership's, shown whole to its readers"
        for name in ["pick", "unpick", "tags"]
    },
    "outreach:library-detail": "the centre's workshop library, shared by every ward",
    "outreach:library-edit": "the centre's workshop library, for those who keep it",
    "outreach:handout-download": "a library workshop's handout, shared by every ward",
    "outreach:activity-detail": "a partnership-wide open-access group, no team owns it",
    **{
        f"prospectus:{name}": "the catalogue and term plan: managers' records, nobody's own"
        for name in [
            "course-update",
            "venue-update",
            "term-detail",
            "term-update",
            "term-copy",
            "term-runs-bulk",
            "run-create",
            "run-update",
            "run-publish",
            "run-unpublish",
            "run-cancel",
            "trainer-add",
            "trainer-remove",
            "session-create",
            "session-series",
            "session-update",
            "session-delete",
        ]
    },
    **{
        f"evaluation:{name}": "a term's aggregate report, for managers only"
        for name in ["term-report", "term-report-csv", "term-report-json", "term-report-pdf"]
    },
    **{
        f"programmes:{name}": "the partnership's mentoring and awards, managed by those who see all of them"
        for name in [
            "pairing-detail",
            "pairing-end",
            "meeting-create",
            "evaluation-create",
            "evaluation-consent",
            "category-edit",
            "award-year-detail",
            "award-year-edit",
            "judge-add",
            "nomination-detail",
            "nomination-consent",
            "nomination-nominator-consent",
            "nomination-student",
            "nomination-shortlist",
            "nomination-winner",
        ]
    },
    "programmes:network-action-edit": "the network's own action plan; its coordinators only (403 for all else)",
    "programmes:buddy-end": "the coordinators' list; everyone else 403 (tests/programmes/test_network_privacy.py)",
    "programmes:judge-nomination": "a shortlisted nomination for its year's panel; off the panel 404 (test_awards)",
    "programmes:winners": "a year's published winners, public, only those who agreed",
    "programmes:nominate": "the year's nomination link: the token is the key; the form names nobody",
    "programmes:nominate-thanks": "the year's nomination link's thank-you page",
    "programmes:worker-edit": "any peer worker, for the partnership lead and administrators (403 for team leads)",
    "programmes:placement-create": "any peer worker, for the partnership lead and administrators",
    "programmes:training-create": "any peer worker, for the partnership lead and administrators",
    **{
        f"partnership:{name}": "a report edition is the partnership's, no person's; a commissioner asking for a "
        "draft gets 404 (tests/partnership/test_pages.py)"
        for name in ["edition-detail", "edition-edit", "edition-publish", "edition-pdf", "edition-docx"]
    },
}


@dataclass(frozen=True)
class Case:
    url: str
    kwargs: Callable[[dict], dict]
    expect: int  # 403 when the role may never use the URL, 404 when the record is someone else's
    post: Callable[[dict], dict] = field(default=lambda w: {})

    def __str__(self) -> str:
        return self.url


def _pk(key: str, name: str = "pk"):
    return lambda w: {name: w[key].pk}


def _feedback_answers(w):
    return {f"q_{code}": value for code, value in answers().items()} | {"submitted_on": timezone.localdate()}


def _link_y(w):
    return {"pk": w["run_y"].pk, "link_pk": w["link_y"].pk}


def _link_y_through_x(w):
    return {"pk": w["run_x"].pk, "link_pk": w["link_y"].pk}


STUDENT_DETAILS = {
    "first_name": "Sam",
    "last_name": "Changed",
    "postcode": "BH1 1AA",
    "email": "changed@example.org",
    "contact_method": "email",
}

# Sam, the student persona, asking for Bea's records.
STUDENT_A_CASES = [
    Case("bookings:booking-cancel", _pk("bea_booking"), NOT_FOUND, lambda w: {"reason": "Not me"}),
    Case("bookings:offer-accept", _pk("bea_offer"), NOT_FOUND),
    Case("bookings:offer-decline", _pk("bea_offer"), NOT_FOUND),
    Case("bookings:certificate", _pk("bea_booking"), NOT_FOUND),
    Case("feedback:give", _pk("run_y"), NOT_FOUND, _feedback_answers),
    Case("measures:fill", _pk("bea_measure_request"), NOT_FOUND, lambda w: {"item_1": "3"}),
    Case("accounts:session-end", _pk("bea_session"), NOT_FOUND),
    # Staff pages about Bea: a student may never use them.
    Case("students:student-detail", _pk("bea"), FORBIDDEN),
    Case("students:student-edit", _pk("bea"), FORBIDDEN, lambda w: STUDENT_DETAILS),
    Case("students:learning-plan", _pk("bea"), FORBIDDEN, lambda w: {"hopes_and_goals": "Mine now"}),
    Case("students:student-status", lambda w: {"pk": w["bea"].pk, "change": "left"}, FORBIDDEN),
    Case("students:plan-contacts", _pk("bea"), FORBIDDEN, lambda w: {"note": "Not mine"}),
    Case("students:review-record", _pk("bea"), FORBIDDEN, lambda w: {"changes": "Made up"}),
    Case("students:review-code", _pk("bea_review"), FORBIDDEN),
    Case("students:review-second-code", _pk("bea_review"), FORBIDDEN),
    Case("students:review-agree", _pk("bea_review"), FORBIDDEN),
    Case("service_use:answer-record", _pk("bea"), FORBIDDEN, lambda w: {"months": 3, "period": "before"}),
    Case("bookings:student-bookings", _pk("bea"), FORBIDDEN, lambda w: {"course_run": w["run_x"].pk}),
    Case("bookings:referral-create", _pk("bea"), FORBIDDEN, lambda w: {"course_run": w["run_x"].pk}),
    Case(
        "bookings:referral-accounts", _pk("bea_referral"), FORBIDDEN, lambda w: {"account_before": "Not mine"}
    ),
    Case("bookings:offer-make", _pk("bea_offer"), FORBIDDEN),
    Case("bookings:contact-done", _pk("bea_message"), FORBIDDEN),
    Case("privacy:request-detail", _pk("bea_request"), FORBIDDEN, lambda w: {"state": "refused"}),
    Case("privacy:bundle-json", _pk("bea"), FORBIDDEN),
    Case("privacy:bundle-pdf", _pk("bea"), FORBIDDEN),
]

# The peer trainer (X) asking for the runs, sessions, registers and students of trainer Y.
TRAINER_X_CASES = [
    Case(
        "bookings:register",
        _pk("session_y"),
        NOT_FOUND,
        lambda w: {f"mark_{w['bea_booking'].pk}": Mark.ABSENT},
    ),
    Case("bookings:register-pdf", _pk("session_y"), NOT_FOUND),
    Case("api:register", _pk("session_y"), NOT_FOUND),  # with the trainer's API token
    Case(
        "bookings:register-walk-in",
        _pk("session_y"),
        NOT_FOUND,
        lambda w: {"registration_number": w["bea"].registration_number},
    ),
    Case("feedback:run-summary", _pk("run_y"), NOT_FOUND),
    Case("bookings:trainer-feedback", _pk("cohort_y"), NOT_FOUND, lambda w: {"what_worked": "Not my run"}),
    Case("feedback:run-comments", lambda w: {"pk": w["run_y"].pk, "fmt": "xlsx"}, NOT_FOUND),
    Case("feedback:link-list", _pk("run_y"), NOT_FOUND, lambda w: {"uses_allowed": 5, "label": "Mine"}),
    Case("feedback:link-qr", _link_y, NOT_FOUND),
    Case("feedback:link-sheet", _link_y, NOT_FOUND),
    # Y's link asked for through X's own run: the link must belong to the run named.
    Case("feedback:link-qr", _link_y_through_x, NOT_FOUND),
    Case("feedback:link-sheet", _link_y_through_x, NOT_FOUND),
    Case("feedback:paper-entry", _pk("run_y"), NOT_FOUND, _feedback_answers),
    Case("students:student-detail", _pk("bea"), NOT_FOUND),
    Case("students:student-edit", _pk("bea"), FORBIDDEN, lambda w: STUDENT_DETAILS),
    Case("students:student-status", lambda w: {"pk": w["bea"].pk, "change": "left"}, FORBIDDEN),
    Case("students:plan-contacts", _pk("bea"), FORBIDDEN, lambda w: {"note": "Not mine"}),
    Case("students:review-second-code", _pk("bea_review"), FORBIDDEN),
    Case("students:review-agree", _pk("bea_review"), FORBIDDEN),
    Case("service_use:answer-record", _pk("bea"), FORBIDDEN, lambda w: {"months": 3, "period": "before"}),
    Case("bookings:student-bookings", _pk("bea"), FORBIDDEN, lambda w: {"course_run": w["run_y"].pk}),
    Case("bookings:referral-create", _pk("bea"), FORBIDDEN, lambda w: {"course_run": w["run_y"].pk}),
    Case("bookings:booking-cancel", _pk("bea_booking"), FORBIDDEN),
    Case(
        "bookings:referral-accounts", _pk("bea_referral"), FORBIDDEN, lambda w: {"account_before": "Not mine"}
    ),
    Case("privacy:bundle-json", _pk("bea"), FORBIDDEN),
]

# The team lead (who leads Hillside Ward) asking for another team's records.
TEAM_LEAD_X_CASES = [
    Case("teams:team-detail", _pk("other_team"), NOT_FOUND),
    Case("teams:team-history", _pk("other_team"), NOT_FOUND),
    Case("bookings:referring-team-progress", _pk("other_team"), NOT_FOUND),
    Case(
        "bookings:referring-team-feedback",
        _pk("other_team_referral"),
        NOT_FOUND,
        lambda w: {"text": "Not ours"},
    ),
    Case("teams:team-edit", _pk("other_team"), FORBIDDEN, lambda w: {"name": "Taken over"}),
    Case("teams:round-create", _pk("other_team", "team_pk"), NOT_FOUND, lambda w: {"held_on": "2026-01-05"}),
    Case("teams:round-detail", _pk("other_round"), NOT_FOUND),
    Case("teams:round-edit", _pk("other_round"), NOT_FOUND, lambda w: {"held_on": "2026-01-05"}),
    Case("teams:round-poster", _pk("other_round"), NOT_FOUND),
    Case("teams:response-add", _pk("other_round"), NOT_FOUND),
    Case("teams:links", _pk("other_round"), NOT_FOUND, lambda w: {"count": 3}),
    Case("teams:focus-create", _pk("other_round"), NOT_FOUND),
    Case("teams:focus-detail", _pk("other_area"), NOT_FOUND),
    Case("teams:action-create", _pk("other_area"), NOT_FOUND, lambda w: {"title": "Mine", "owner": "Me"}),
    Case("teams:action-edit", _pk("other_action"), NOT_FOUND, lambda w: {"title": "Mine", "owner": "Me"}),
    Case("teams:care-create", _pk("other_team", "team_pk"), NOT_FOUND, lambda w: {"year": 2027}),
    Case("teams:care-detail", _pk("other_care"), NOT_FOUND),
    Case("teams:care-edit", _pk("other_care"), NOT_FOUND),
    Case("teams:work-edit", _pk("other_item"), FORBIDDEN, lambda w: {"summary": "Mine"}),
    Case("outreach:held-detail", _pk("other_held"), NOT_FOUND, lambda w: {"text": "Mine", "may_quote": "on"}),
    # Peer workers placed only in another team.
    Case("programmes:worker-detail", _pk("other_worker"), NOT_FOUND),
    Case(
        "programmes:supervision-create",
        _pk("other_worker"),
        NOT_FOUND,
        lambda w: {"held_on": "2026-05-04", "supervisor": "Me"},
    ),
    Case("programmes:placement-end", _pk("other_placement"), FORBIDDEN, lambda w: {"ended_on": "2026-05-04"}),
]

# The centre manager asking for a spreadsheet the administrator uploaded: its file and stored dry run
# are seen only by whoever uploaded it.
MANAGER_X_CASES = [
    Case("students:import-preview", _pk("admin_import"), NOT_FOUND, lambda w: {"import_valid_rows": "on"}),
    Case(
        "imports:preview",
        lambda w: {"kind": "plans", "pk": w["admin_upload"].pk},
        NOT_FOUND,
        lambda w: {"import_valid_rows": "on"},
    ),
]

CASES = {
    "student": STUDENT_A_CASES,
    "peer_trainer": TRAINER_X_CASES,
    "team_lead": TEAM_LEAD_X_CASES,
    "centre_manager": MANAGER_X_CASES,
}


@pytest.fixture
def others(personas):
    """Sam (A) and Bea (B), two active students with accounts; trainer Y, who (with a peer trainer who is
    none of the personas) co-delivers the run Bea completed, with Bea's register, certificate, feedback, review, data request and a waiting-list
    offer on another of Y's runs; and the teams' world, whose second team the team lead does not lead."""
    tutor = personas["admissions_tutor"]
    sam = make_student(
        first_name="Sam", last_name="Rivers", email=personas["student"].email, user=personas["student"]
    )
    learning_plan_agree(student=sam, agreed_by=tutor, hopes_and_goals="To feel more confident.")
    bea_user = User.objects.create_user(
        "bea.quill@example.org", PASSWORD, first_name="Bea", last_name="Quill", role=Role.STUDENT
    )
    bea = make_student(first_name="Bea", last_name="Quill", email=bea_user.email, user=bea_user)
    learning_plan_agree(student=bea, agreed_by=tutor, hopes_and_goals="To sleep better.")
    yan = User.objects.create_user(
        "yan.trainer@example.org",
        PASSWORD,
        first_name="Yan",
        last_name="Okafor",
        role=Role.TRAINER,
        trainer_kind=TrainerKind.PROFESSIONAL,
    )
    run_x = make_finished_run(places=5, trainers=[personas["peer_trainer"]])
    booking_create(student=sam, course_run=run_x, by=None)
    run_y = make_finished_run(
        places=5, session_days=[7], trainers=[yan], title="Sleeping Well with Trainer Y"
    )
    bea_booking = booking_create(student=bea, course_run=run_y, by=None).booking
    session_y = run_y.sessions.get()
    session_y.date = timezone.localdate() - timedelta(days=1)
    session_y.save()
    attendance_mark(session=session_y, student=bea, mark=Mark.PRESENT, by=yan)
    feedback_submit(
        course_run=run_y, answers=answers(), source=FeedbackSource.PORTAL, student=bea, quote_consent=False
    )
    full_run = make_finished_run(places=1, trainers=[yan], title="Walking Together with Trainer Y")
    filler = booking_create(student=make_student(), course_run=full_run, by=None).booking
    bea_offer = booking_create(student=bea, course_run=full_run, by=None).booking
    booking_cancel(booking=filler, by=None)
    bea_offer.refresh_from_db()
    assert bea_offer.status == BookingStatus.OFFERED
    cohort_y = make_run(
        places=5, trainers=[yan], course=make_course("Living Well with Trainer Y", level=Level.INTENSIVE)
    )
    built = {"personas": personas, "sam": sam}
    built |= teams_world(built)
    built |= outreach_world(built)
    built |= programmes_world(built)
    built |= {
        "bea": bea,
        "run_x": run_x,
        "run_y": run_y,
        "session_y": session_y,
        "link_y": feedback_link_create(course_run=run_y, created_by=yan, uses_allowed=20),
        "bea_booking": bea_booking,
        "bea_offer": bea_offer,
        "cohort_y": cohort_y,
        "bea_referral": referral_record(
            student=bea,
            course_run=cohort_y,
            route=ReferralRoute.INVITATION,
            referring_team=None,
            referred_by="",
            referred_on=bea.registered_on,
            reason="Invited after a taster session.",
            person_agreed=True,
            share_progress_with_team=False,
            by=tutor,
        ),
        "bea_message": bea_booking.messages.get(),
        "bea_review": review_record(
            student=bea, review_date=bea.registered_on, changes="I sleep better.", held_by=tutor
        ),
        "bea_request": subject_request_create(
            student=bea, kind="access", received_on=bea.registered_on, by=personas["administrator"]
        ),
        "bea_session": user_session_start(user=bea_user, session_key="b" * 32),
        "bea_measure_request": measure_request_create(
            student=bea, instrument=make_instrument(), occasion="baseline", by=tutor
        ),
        # Referred by the team the team lead does not lead, agreeing that team may give feedback.
        "other_team_referral": referral_record(
            student=bea,
            course_run=make_run(
                places=5, trainers=[yan], course=make_course("Engaging Again", level=Level.INTENSIVE)
            ),
            route=ReferralRoute.REFERRAL,
            referring_team=built["other_team"],
            referred_by="Their care coordinator",
            referred_on=bea.registered_on,
            reason="Low motivation.",
            person_agreed=True,
            share_progress_with_team=True,
            team_feedback_consent=True,
            by=tutor,
        ),
        "other_item": team_services.work_item_create(
            team=built["other_team"], kind="project_plan", summary="Their plan"
        ),
        "admin_import": student_import_store(
            filename="admin.csv",
            data=b"first_name,last_name,date_of_birth,gender,postcode,email,phone,identities,registered_on\n"
            b"Cy,Lowe,,,,,,,\n",
            uploaded_by=personas["administrator"],
        ),
        "admin_upload": import_upload_store(
            kind=IMPORTS["plans"],
            user=personas["administrator"],
            filename="admin.csv",
            data=f"registration_number,agreed_on,review_date,goals\n{bea.registration_number},2013-03-14,,Rest\n".encode(),
        ),
    }
    return built


# Fields that change on every signed-in request, not because of what the request asked for.
VOLATILE = {("accounts.UserSession", "last_seen_at")}


def database_snapshot() -> dict[str, list[dict]]:
    """Every row of every WaRP table (and the users), to compare before and after a refused request."""
    snapshot = {}
    for model in apps.get_models():
        if not (model.__module__.startswith("warp.") or model is User):
            continue
        label = model._meta.label
        rows = list(model._base_manager.order_by("pk").values())
        for row in rows:
            for volatile_label, name in VOLATILE:
                if volatile_label == label:
                    row.pop(name, None)
        snapshot[label] = rows
    return snapshot


def _changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


@pytest.mark.parametrize("actor", sorted(CASES))
def test_nobody_reaches_another_owners_records(actor, others, personas):
    client = sign_in_fully(Client(), personas[actor])
    _assert_reaches_nothing(client, actor, others, personas[actor])


@pytest.mark.parametrize("actor", sorted(CASES))
def test_nobody_with_a_second_role_reaches_another_owners_records_acting_in_either(actor, others, personas):
    """The same person given a second role (a student who is also a trainer; a trainer or a team lead who is
    also a student), acting in their own role, still reaches nothing of another owner's; acting in the
    second role, nothing either (every case's page is refused or someone else's in that role too)."""
    own = personas[actor].role
    second = Role.TRAINER if own == Role.STUDENT else Role.STUDENT
    give_role(personas[actor], second)
    _assert_reaches_nothing(
        sign_in_fully(Client(), personas[actor], acting=own), actor, others, personas[actor]
    )
    acting_second = sign_in_fully(Client(), personas[actor], acting=second)
    for case in CASES[actor]:
        # An API token acts in its person's usual role whatever the session acts in.
        asking = (
            _client_for(ROUTES[case.url], actor, personas[actor]) if ROUTES[case.url].token else acting_second
        )
        response = asking.get(reverse(case.url, kwargs=case.kwargs(others)))
        assert response.status_code in (FORBIDDEN, NOT_FOUND, 405), (case.url, second, response.status_code)


# What asking with an API token writes whatever it asks: the token's "last used" and the audit entry for the use.
TOKEN_BOOKKEEPING = {"api.ApiToken", "audit.AuditEntry"}


def _assert_reaches_nothing(client, actor, others, user):
    wrong = []
    for case in CASES[actor]:
        url = reverse(case.url, kwargs=case.kwargs(others))
        entry = ROUTES[case.url]
        asking = _client_for(entry, actor, user) if entry.token else client
        for method in entry.methods or ():
            before = database_snapshot()
            with CaptureQueriesContext(connection) as queries:
                if method == "POST":
                    response = asking.post(url, case.post(others))
                else:
                    response = asking.get(url)
            if response.status_code != case.expect:
                where = f" -> {response['Location']}" if response.status_code == 302 else ""
                wrong.append(
                    f"{method} {url} ({case}): expected {case.expect}, got {response.status_code}{where}"
                )
            writes = _writes(queries.captured_queries, token=entry.token)
            changed = _changed_tables(before, database_snapshot())
            if entry.token:
                changed = [label for label in changed if label not in TOKEN_BOOKKEEPING]
            if writes or changed:
                wrong.append(f"{method} {url} ({case}) changed {changed or ''} {writes or ''}")
    assert not wrong, f"{actor} reached someone else's records:\n  " + "\n  ".join(wrong)


def test_every_url_naming_a_record_has_a_cross_owner_case():
    with_cases = {case.url for cases in CASES.values() for case in cases}
    naming = sorted(
        name
        for name, pattern in all_patterns().items()
        if pattern.pattern.regex.groupindex  # the address carries a pk, a token or a key
    )
    missing = [name for name in naming if name not in with_cases and name not in NOT_OWNED]
    assert not missing, (
        f"These URLs name a record but have no cross-owner case in tests/test_cross_owner.py: {missing}. "
        "Add a Case asking for another owner's record, or a NOT_OWNED line saying why nobody owns it."
    )
    stale = sorted((with_cases | set(NOT_OWNED)) - set(naming))
    assert not stale, f"These cross-owner entries name URLs that take no record: {stale}"


def test_the_walk_finds_urls_naming_students_bookings_sessions_and_teams():
    naming = {name for name, pattern in all_patterns().items() if pattern.pattern.regex.groupindex}
    assert {
        "students:student-detail",
        "bookings:register",
        "bookings:certificate",
        "teams:team-detail",
    } <= naming
    assert "students:student-list" not in naming


# Pages that list the person's own records, and what of the other owner's must never appear on them.
LISTS = {
    "student": (
        ["bookings:portal", "feedback:give-list", "students:my-record"],
        ["Quill", "Sleeping Well with Trainer Y", "Walking Together with Trainer Y"],
    ),
    "peer_trainer": (
        ["students:student-list", "bookings:trainer-sessions", "feedback:run-list"],
        ["Quill", "Sleeping Well with Trainer Y", "Walking Together with Trainer Y"],
    ),
    "team_lead": (["teams:team-list", "teams:reviews-due"], ["Poole CMHT"]),
}


@pytest.mark.parametrize("actor", sorted(LISTS))
def test_own_lists_show_nothing_of_another_owner(actor, others, personas):
    client = sign_in_fully(Client(), personas[actor])
    urls, theirs = LISTS[actor]
    shown = []
    for name in urls:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = response.content.decode()
        shown += [f"{name}: {text!r}" for text in theirs if text in page]
    assert not shown, f"{actor} sees another owner's records: {shown}"
