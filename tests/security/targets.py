"""Every form WaRP shows and every URL that takes a POST, with the person who may use it.

tests/security/test_form_fuzz.py posts hostile input through each one; a completeness test fails when a
form class or a POST URL is missing from these lists.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from warp import importers
from warp.accounts import forms as accounts
from warp.api import forms as api
from warp.bookings import forms as bookings
from warp.core import forms as core
from warp.feedback import forms as feedback
from warp.impact import forms as impact
from warp.measures import forms as measures
from warp.network import forms as network
from warp.outreach import forms as outreach
from warp.partnership import forms as partnership
from warp.privacy import forms as privacy
from warp.programmes import forms as programmes
from warp.prospectus import forms as prospectus
from warp.quotes import forms as quotes
from warp.service_use import forms as service_use
from warp.students import forms as students
from warp.teams import forms as teams

OK_ANSWERS = frozenset({200, 302})


@dataclass(frozen=True)
class Target:
    url: str  # the URL name posted to (kwargs from the role-by-URL table's entry)
    persona: str  # who posts: a role allowed to use it, or "anonymous"
    forms: tuple[type, ...]  # the form classes this URL validates (checked: each is made while fuzzing)
    page: str | None = ""  # the URL name of the page showing the form ("" = `url`; None = no page)
    fields: dict[str, str] = field(default_factory=dict)  # name -> kind, for a POST-only URL with no page
    answers: frozenset = OK_ANSWERS  # the statuses a hostile post may get
    hidden_too: bool = False  # also fuzz hidden fields (record ids the page put there)
    shows_result: bool = False  # a valid post is answered 200 without an error summary
    setup: Callable | None = None  # (client, world) -> a page URL to use instead of `page`, or None
    form_with: str = ""
    sign_in_each_time: bool = False  # a valid post changes the session (password, sign-out), then rolled back  # on a page with several forms posting to the URL, the one with this field
    name: str = ""

    @property
    def id(self) -> str:
        return self.name or f"{self.url}-{self.persona}"


def _activate_totp(client, world):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.personas import PERSONA_TOTP_SECRET

    TOTP.activate(world["personas"]["outsider"], PERSONA_TOTP_SECRET)


def _pending_second_factor(client, world):
    """Half-way through signing in: the password was right, the code is asked for."""
    from django.urls import reverse

    from tests.personas import PASSWORD

    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"login": world["personas"]["admissions_tutor"].email, "password": PASSWORD},
    )
    assert response.status_code == 302, "the password step should pass"
    return reverse("mfa_authenticate")


def _reset_key_page(client, world):
    """allauth's password-reset link: it stores the key in the session and sends the person on."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    user = world["personas"]["student"]
    client.logout()
    url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    response = client.get(url)
    assert response.status_code == 302
    return response["Location"]


T = Target
POSTS = [
    # accounts: signing in, and the allauth pages WaRP dresses as its own
    T("accounts:login", "anonymous", (accounts.SignInForm,), answers=OK_ANSWERS | {429}),
    T("account_login", "anonymous", (accounts.SignInForm,), answers=OK_ANSWERS | {429}),
    T("account_reset_password", "anonymous", (accounts.PasswordResetForm,), answers=OK_ANSWERS | {429}),
    T(
        "account_reset_password_from_key",
        "anonymous",
        (accounts.PasswordResetFromKeyForm,),
        setup=_reset_key_page,
        answers=OK_ANSWERS | {429},
    ),
    T("account_reauthenticate", "student", (accounts.ReauthenticateForm,), answers=OK_ANSWERS | {429}),
    T(
        "mfa_authenticate",
        "anonymous",
        (accounts.SecondFactorForm,),
        setup=_pending_second_factor,
        answers=OK_ANSWERS | {429},
    ),
    T(
        "mfa_reauthenticate",
        "admissions_tutor",
        (accounts.SecondFactorReauthenticateForm,),
        answers=OK_ANSWERS | {429},
    ),
    T("mfa_activate_totp", "student", (accounts.ActivateTOTPForm,)),
    T("mfa_deactivate_totp", "outsider", (accounts.DeactivateTOTPForm,), setup=_activate_totp),
    T("mfa_generate_recovery_codes", "student", (accounts.GenerateRecoveryCodesForm,)),
    T("accounts:password-change", "student", (accounts.PasswordChangeForm,), sign_in_each_time=True),
    # Hidden record ids edited by hand name no record: 404, as for any record one may not see.
    T(
        "accounts:access-review",
        "administrator",
        (accounts.AccessReviewForm,),
        hidden_too=True,
        answers=OK_ANSWERS | {404},
    ),
    T("accounts:session-end", "student", (), page="accounts:sessions"),
    T("accounts:session-end-others", "student", (), page="accounts:sessions"),
    T("accounts:logout", "student", (), page="accounts:profile"),
    # The header's switch between the roles one person holds; a role they do not hold is refused kindly.
    T("accounts:acting-role-switch", "student", (), page=None, fields={"role": "text"}),
    T("accounts:staff-create", "administrator", (accounts.StaffAccountForm,)),
    T("accounts:staff-roles", "administrator", (accounts.StaffRolesForm,)),
    T("accounts:staff-invite", "administrator", (), page=None),
    # Signing in with an organisation's account: the suite configures no provider, so the button's target
    # answers 404; the invitation form is made whatever is posted.
    T(
        "accounts:staff-organisation-invite",
        "administrator",
        (accounts.OrganisationInviteForm,),
        page=None,
        fields={"provider_id": "text"},
    ),
    T("accounts:staff-organisation-unlink", "administrator", (), page=None),
    T("openid_connect_login", "anonymous", (), page=None, answers=OK_ANSWERS | {404}),
    T("api:token-list", "administrator", (api.ApiTokenForm,)),
    T("api:token-revoke", "administrator", (), page="api:token-list"),
    # bookings
    T("bookings:book", "student", ()),
    T("bookings:booking-cancel", "student", (bookings.CancelForm,)),
    T("bookings:booking-cancel", "admissions_tutor", (bookings.StaffCancelForm,)),
    T("bookings:calendar-renew", "student", (), page="bookings:portal"),
    T("bookings:calendar-revoke", "student", (), page="bookings:portal"),
    T("bookings:offer-accept", "student", (), page=None),
    T("bookings:offer-decline", "student", (), page=None),
    T(
        "bookings:offer-make",
        "admissions_tutor",
        (bookings.OfferForm,),
        page=None,
        fields={"allow_over_capacity": "checkbox"},
    ),
    # The table's world has no message waiting to be passed on, so this checks only that the URL answers.
    T("bookings:contact-done", "admissions_tutor", (), page=None, answers=OK_ANSWERS | {404}),
    T("bookings:register", "peer_trainer", (bookings.RegisterForm,)),
    T("bookings:register-walk-in", "peer_trainer", (bookings.WalkInForm,)),
    T("bookings:run-messages", "centre_manager", (bookings.RunMessageForm,)),
    T("bookings:student-bookings", "admissions_tutor", (bookings.StaffBookForm,)),
    T("bookings:referral-create", "admissions_tutor", (bookings.ReferralForm,)),
    T("bookings:referral-accounts", "admissions_tutor", (bookings.ReferralAccountsForm,)),
    T("bookings:referring-team-feedback", "team_lead", (bookings.ReferringTeamFeedbackForm,)),
    T("bookings:trainer-feedback", "peer_trainer", (bookings.TrainerFeedbackForm,)),
    # GOV.UK Notify's callbacks: JSON with a bearer token; without it, 401 and nothing changed.
    T("bookings:notify-callback", "anonymous", (), page=None, answers=frozenset({401})),
    T("bookings:notify-received-text", "anonymous", (), page=None, answers=frozenset({401})),
    # feedback
    T("feedback:give", "student", (feedback.FeedbackFormBase,)),
    T("feedback:anonymous", "anonymous", (feedback.FeedbackFormBase,)),
    T("feedback:paper-entry", "admissions_tutor", (feedback.FeedbackFormBase,)),
    T("feedback:link-list", "peer_trainer", (feedback.LinkForm,)),
    # measures
    T("measures:instrument-create", "centre_manager", (measures.InstrumentForm,)),
    T("measures:instrument-edit", "centre_manager", (measures.InstrumentForm,)),
    T("measures:paper-entry", "admissions_tutor", (measures.QuestionnaireFormBase,)),
    T("measures:request-create", "admissions_tutor", (measures.RequestForm,)),
    T("measures:fill", "student", (measures.QuestionnaireFormBase,)),
    # privacy
    T("privacy:request-new", "administrator", (privacy.SubjectRequestForm,)),
    T(
        "privacy:request-detail",
        "administrator",
        (privacy.DecisionForm,),
        hidden_too=True,
        answers=OK_ANSWERS | {404},
    ),
    T("privacy:consent-change", "student", (), page="students:my-record", hidden_too=True),
    # prospectus
    T("prospectus:course-create", "centre_manager", (prospectus.CourseForm, prospectus.CoProducerForm)),
    T("prospectus:course-update", "centre_manager", (prospectus.CourseForm, prospectus.CoProducerForm)),
    T("prospectus:theme-list", "centre_manager", (prospectus.CourseThemeForm,), form_with="name"),
    T("prospectus:venue-create", "centre_manager", (prospectus.VenueForm,)),
    T("prospectus:venue-update", "centre_manager", (prospectus.VenueForm,)),
    T("prospectus:term-create", "centre_manager", (prospectus.TermForm,)),
    T("prospectus:term-update", "centre_manager", (prospectus.TermForm,)),
    T("prospectus:term-copy", "centre_manager", (prospectus.TermCopyForm,)),
    T("prospectus:run-create", "centre_manager", (prospectus.CourseRunForm,)),
    T("prospectus:run-update", "centre_manager", (prospectus.CourseRunForm,)),
    T("prospectus:run-publish", "centre_manager", (), page=None),
    T("prospectus:run-unpublish", "centre_manager", (), page=None),
    T("prospectus:run-cancel", "centre_manager", (prospectus.RunCancelForm,)),
    T(
        "prospectus:term-runs-bulk",
        "centre_manager",
        (prospectus.RunBulkForm,),
        page=None,
        fields={"runs": "text", "action": "text", "confirm": "checkbox"},
    ),
    T("prospectus:session-series", "centre_manager", (prospectus.SessionSeriesForm,)),
    T(
        "prospectus:trainer-add",
        "centre_manager",
        (prospectus.TrainerAddForm,),
        page=None,
        fields={"trainer-trainer": "select"},
    ),
    T("prospectus:trainer-remove", "centre_manager", (), page=None),
    T("prospectus:session-create", "centre_manager", (prospectus.SessionForm,)),
    T("prospectus:session-update", "centre_manager", (prospectus.SessionForm,)),
    T("prospectus:session-delete", "centre_manager", (), page=None),
    # students
    T("students:register", "anonymous", (students.SelfRegistrationForm,)),
    T("students:register-myself", "peer_trainer", (students.MyselfRegistrationForm,)),
    T("students:staff-register", "admissions_tutor", (students.StaffRegistrationForm,)),
    T("students:student-edit", "admissions_tutor", (students.StudentEditForm,)),
    T("students:my-contact", "student", (students.ContactChoiceForm,)),
    T("students:student-status", "admissions_tutor", (), page="students:student-detail"),
    T("students:plan-contacts", "admissions_tutor", (students.PlanContactForm,)),
    T("students:learning-plan", "admissions_tutor", (students.LearningPlanForm,)),
    T("students:review-record", "admissions_tutor", (students.ReviewForm,)),
    T("students:review-code", "admissions_tutor", (students.ReviewCodingForm,)),
    T("students:second-coding-sample", "centre_manager", (students.ReviewSampleForm,)),
    T("students:review-second-code", "centre_manager", (students.ReviewCodingForm,)),
    T("students:review-agree", "centre_manager", (students.ReviewCodingForm,)),
    T("students:service-area", "centre_manager", (students.PostcodeDistrictForm,), form_with="code"),
    T(
        "students:service-area",
        "centre_manager",
        (),
        form_with="district",
        hidden_too=True,
        shows_result=True,  # an unknown action is answered with the page again
        name="students:service-area-remove",
    ),
    T("students:import-upload", "centre_manager", (students.StudentImportUploadForm,)),
    T("students:import-preview", "centre_manager", (students.StudentImportConfirmForm,), shows_result=True),
    # service use
    T("service_use:service-create", "centre_manager", (service_use.ServiceForm,)),
    T("service_use:service-edit", "centre_manager", (service_use.ServiceForm,)),
    T("service_use:answer-record", "admissions_tutor", (service_use.ServiceUseAnswerForm,)),
    T("imports:upload", "centre_manager", (importers.ImportUploadForm,)),
    T("imports:preview", "centre_manager", (students.StudentImportConfirmForm,), shows_result=True),
    # teams
    T("teams:team-create", "partnership_lead", (teams.TeamForm,)),
    T("teams:team-edit", "partnership_lead", (teams.TeamForm,)),
    T("teams:round-create", "team_lead", (teams.TripRoundForm,)),
    T("teams:round-edit", "team_lead", (teams.TripRoundForm,)),
    T("teams:response-add", "team_lead", (teams.ScoresForm,)),
    T("teams:rate", "anonymous", (teams.ScoresForm,), shows_result=True),  # thanks, with status 200
    T("teams:links", "team_lead", (teams.LinksForm,), shows_result=True),
    T("teams:focus-create", "team_lead", (teams.FocusAreaForm,)),
    T("teams:action-create", "team_lead", (teams.PdsaActionForm,)),
    T("teams:action-edit", "team_lead", (teams.PdsaActionForm,)),
    T("teams:work-create", "partnership_lead", (teams.WorkItemForm,)),
    T("teams:work-edit", "partnership_lead", (teams.WorkItemForm,)),
    T("teams:care-create", "team_lead", (teams.CareAssessmentForm,)),
    T("teams:care-edit", "team_lead", (teams.CareAssessmentForm,)),
    T("teams:care-audit-create", "partnership_lead", (teams.CareAuditForm,)),
    T("teams:problem-add", "partnership_lead", (teams.CarerProblemForm,)),
    T("teams:exercise-create", "partnership_lead", (teams.ExerciseForm,)),
    T("teams:participant-add", "partnership_lead", (teams.ParticipantForm,)),
    T("teams:area-add", "partnership_lead", (teams.PriorityAreaForm,)),
    T("teams:progress-add", "partnership_lead", (teams.ProgressForm,)),
    T("teams:top-three", "partnership_lead", (teams.TopThreeForm,)),
    T("teams:conclusions", "partnership_lead", (teams.ConclusionsForm,)),
    T("teams:challenge-action-create", "partnership_lead", (teams.ChallengeActionForm,)),
    T("teams:challenge-action-edit", "partnership_lead", (teams.ChallengeActionForm,)),
    # network: a valid export post is the signed file itself (200, a download)
    T("network:export", "centre_manager", (network.ExportForm,)),
    T("network:fidelity-rate", "centre_manager", (network.RatingForm,)),
    T("network:trust", "network_coordinator", (network.TrustForm,)),
    T("network:trust-withdraw", "network_coordinator", (), page=None),
    T("network:import", "network_coordinator", (network.BundleUploadForm,)),
    T("teams:project-create", "partnership_lead", (teams.ProjectForm,)),
    T("teams:project-edit", "partnership_lead", (teams.ProjectForm,)),
    # impact
    T("impact:entry-create", "partnership_lead", (impact.ImpactEntryForm,)),
    T("impact:entry-edit", "partnership_lead", (impact.ImpactEntryForm,)),
    T("impact:workshop-create", "partnership_lead", (impact.WorkshopForm,)),
    T("impact:workshop-edit", "partnership_lead", (impact.WorkshopForm,)),
    T("impact:workshop-detail", "partnership_lead", (impact.WorkshopCommentForm,)),
    T("impact:comment-edit", "partnership_lead", (impact.WorkshopCommentForm,)),
    T("impact:themes", "partnership_lead", (impact.WorkshopThemeForm,)),
    T("impact:theme-edit", "partnership_lead", (impact.WorkshopThemeForm,)),
    # quotes
    T("quotes:tags", "partnership_lead", (quotes.QuoteTagsForm,)),
    T("quotes:pick", "partnership_lead", (), page=None, fields={"next": "text"}),
    T("quotes:unpick", "partnership_lead", (), page=None, fields={"next": "text"}),
    T("outreach:held-create", "team_lead", (outreach.HeldWorkshopForm,)),
    T("outreach:held-detail", "team_lead", (outreach.CommentForm,)),
    T("outreach:library-create", "centre_manager", (outreach.WorkshopForm,)),
    T("outreach:library-edit", "centre_manager", (outreach.WorkshopForm,)),
    T("outreach:library-detail", "centre_manager", (outreach.HandoutForm,)),
    T("outreach:activity-create", "partnership_lead", (outreach.ActivityForm,)),
    T("outreach:activity-detail", "partnership_lead", (outreach.MeetingForm,)),
    # programmes (the staff network's forms are for its coordinator: the professional trainer in the world)
    T("programmes:worker-create", "partnership_lead", (programmes.PeerWorkerForm,)),
    T("programmes:worker-edit", "partnership_lead", (programmes.PeerWorkerForm,)),
    T("programmes:placement-create", "partnership_lead", (programmes.PlacementForm,)),
    T("programmes:placement-end", "partnership_lead", (programmes.EndDateForm,)),
    T("programmes:training-create", "partnership_lead", (programmes.TrainingForm,)),
    T("programmes:supervision-create", "team_lead", (programmes.SupervisionForm,)),
    T("programmes:mentor-create", "partnership_lead", (programmes.MentorForm,)),
    T("programmes:mentee-create", "partnership_lead", (programmes.MenteeForm,)),
    T("programmes:evaluation-consent", "partnership_lead", (programmes.QuoteConsentForm,)),
    T("programmes:pairing-create", "partnership_lead", (programmes.PairingForm,)),
    T("programmes:pairing-end", "partnership_lead", (programmes.EndDateForm,)),
    T("programmes:meeting-create", "partnership_lead", (programmes.MeetingForm,)),
    T("programmes:evaluation-create", "partnership_lead", (programmes.EvaluationForm,)),
    T("programmes:network-join", "peer_trainer", (), page=None),
    T("programmes:network-leave", "peer_trainer", (), page=None),
    T("programmes:network-meeting-create", "professional_trainer", (programmes.NetworkMeetingForm,)),
    T("programmes:network-action-create", "professional_trainer", (programmes.NetworkActionForm,)),
    T("programmes:network-action-edit", "professional_trainer", (programmes.NetworkActionForm,)),
    T("programmes:network-guidance", "professional_trainer", (programmes.GuidanceForm,)),
    T("programmes:buddy-create", "professional_trainer", (programmes.BuddyPairForm,)),
    T("programmes:buddy-end", "professional_trainer", (), page=None),
    T("programmes:network-coordinators", "administrator", (programmes.CoordinatorsForm,)),
    T("programmes:award-year-create", "partnership_lead", (programmes.AwardYearCreateForm,)),
    T("programmes:category-create", "partnership_lead", (programmes.AwardCategoryForm,)),
    T("programmes:category-edit", "partnership_lead", (programmes.AwardCategoryEditForm,)),
    T("programmes:award-year-edit", "partnership_lead", (programmes.AwardYearForm,)),
    T("programmes:judge-add", "partnership_lead", (programmes.JudgeForm,)),
    T("programmes:nomination-consent", "partnership_lead", (programmes.ConsentForm,)),
    T("programmes:nomination-nominator-consent", "partnership_lead", (programmes.NominatorQuoteConsentForm,)),
    T("programmes:nomination-student", "administrator", (programmes.NomineeStudentForm,)),
    T("programmes:nomination-shortlist", "partnership_lead", (), page=None),
    T("programmes:nomination-winner", "partnership_lead", (), page=None),
    T(
        "programmes:judge-nomination",
        "peer_trainer",
        (programmes.ScoreForm, programmes.ConflictForm),
        form_with="score",
    ),
    T("programmes:nominate", "anonymous", (programmes.NominationForm,)),
    # the partnership report: the edition form (a draft), publishing (the table's published edition)
    T("partnership:edition-create", "partnership_lead", (partnership.EditionForm,)),
    T("partnership:edition-edit", "partnership_lead", (partnership.EditionForm,)),
    T("partnership:edition-publish", "partnership_lead", (), page=None),
]


@dataclass(frozen=True)
class Search:
    """A page whose form is sent with GET (a search or a filter), and any other parameters it reads."""

    url: str
    persona: str
    forms: tuple[type, ...]
    params: tuple[str, ...] = ()
    answers: frozenset = OK_ANSWERS

    @property
    def id(self) -> str:
        return self.url


SEARCHES = [
    Search("students:student-list", "admissions_tutor", (students.StudentSearchForm,), ("page",)),
    Search("prospectus:prospectus", "anonymous", (prospectus.ProspectusFilterForm,), ("page",)),
    Search("evaluation:report", "centre_manager", (core.PeriodForm,)),
    # A download cannot show a form: a bad period is answered 400 with the problem in plain words.
    Search(
        "evaluation:report-csv",
        "centre_manager",
        (core.PeriodForm,),
        ("start", "end"),
        OK_ANSWERS | {400},
    ),
    Search(
        "evaluation:report-json",
        "centre_manager",
        (core.PeriodForm,),
        ("start", "end"),
        OK_ANSWERS | {400},
    ),
    Search("network:report", "network_coordinator", (core.PeriodForm,)),
    Search(
        "network:report-csv",
        "network_coordinator",
        (core.PeriodForm,),
        ("start", "end"),
        OK_ANSWERS | {400},
    ),
    Search(
        "measures:outcomes-json",
        "centre_manager",
        (measures.OutcomesForm,),
        ("instrument", "start", "end"),
        OK_ANSWERS | {400},
    ),
    Search("privacy:audit-log", "administrator", (privacy.AuditSearchForm,), ("page",)),
    Search(
        "privacy:audit-log-csv", "administrator", (privacy.AuditSearchForm,), ("person", "student", "since")
    ),
    Search("privacy:request-list", "administrator", (), ("page",)),
    Search("teams:care-summary", "centre_manager", (), ("year",)),
    Search("teams:work-create", "partnership_lead", (teams.WorkItemForm,), ("team",)),
    Search("outreach:held-create", "team_lead", (outreach.HeldWorkshopForm,), ("team",)),
    # `term` names a record: a term that does not exist is "not found", as everywhere.
    Search("bookings:term-dashboard", "centre_manager", (), ("term", "page"), OK_ANSWERS | {404}),
    Search("feedback:paper-entry", "admissions_tutor", (feedback.FeedbackFormBase,), ("date",)),
    Search("feedback:run-list", "admissions_tutor", (), ("page",)),
    Search("students:waiting-list", "admissions_tutor", (), ("page",)),
    # A download: a bad search or format goes back to the list (302) with the search kept.
    Search("students:student-export", "admissions_tutor", (students.StudentSearchForm,), ("format",)),
    Search("bookings:term-dashboard-export", "centre_manager", (), ("term",), OK_ANSWERS | {404}),
    Search("impact:log", "partnership_lead", (impact.ImpactFilterForm,)),
    Search("impact:log-csv", "partnership_lead", (impact.ImpactFilterForm,), ("kind", "year", "person")),
    Search("impact:log-print", "partnership_lead", (impact.ImpactFilterForm,), ("kind", "year", "person")),
    Search("impact:workshop-summary", "partnership_lead", (), ("year",)),
    Search("quotes:library", "partnership_lead", (quotes.LibraryFilterForm,), ("page",)),
    Search("quotes:picked", "partnership_lead", (), ("page",)),
    Search("quotes:picked-csv", "partnership_lead", ()),
    Search("programmes:mentoring", "partnership_lead", (programmes.PeriodForm,)),
]

# Form classes not fuzzed on their own, and why.
NOT_FUZZED_ALONE = {
    students.ConsentFieldsMixin: "a mixin of fields; fuzzed inside the two registration forms",
    students.StudentDetailsForm: "the base of the registration and edit forms, fuzzed through them",
}
