import pytest
from django.db import transaction
from django.urls import reverse

from warp.accounts.demo_totp import demo_code
from warp.accounts.models import Role, User
from warp.demo import DEMO_PASSWORD, NOT_SEEDS, SEED_MIGRATIONS, build, demo_exists, seed_operations
from warp.demo.accounts import LOGINS

SEEDED = [
    "students.Identity",
    "students.PostcodeDistrict",
    "students.OutcomeCategory",
    "students.PrivacyNotice",
    "feedback.FeedbackQuestion",
    "teams.TripCriterion",
    "teams.TripScoreKey",
    "teams.CareStandard",
    "teams.Challenge",
    "teams.CarerProblem",
    "programmes.PeerRole",
    "programmes.AwardCategory",
    "programmes.EvaluationQuestion",
    "programmes.Network",
]


def _seeded_counts() -> dict[str, int]:
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for label in SEEDED}


@pytest.fixture(scope="module")
def demo_centre(django_db_setup, django_db_blocker):
    """Build the demo centre once for this module (the slowest set-up in the suite), the way
    `warp demo --reset` does (emptying the database first), then roll it back, so the seed data that
    migrations put in stays for every other test."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = _seeded_counts()
        build(reset=True)
        yield before
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_reset_puts_back_the_reference_data_the_migrations_seed(demo_centre):
    after = _seeded_counts()
    emptied = [label for label, n in demo_centre.items() if n and after[label] < n]
    assert not emptied, f"`warp demo --reset` lost seeded rows of {emptied}"


def test_every_data_migration_is_either_reseeded_on_reset_or_listed_as_not_a_seed():
    found = {key for key, _ in seed_operations()}
    unlisted = sorted(found - SEED_MIGRATIONS - NOT_SEEDS)
    assert not unlisted, f"Add these to SEED_MIGRATIONS or NOT_SEEDS in warp/demo/__init__.py: {unlisted}"
    assert SEED_MIGRATIONS | NOT_SEEDS <= found, "SEED_MIGRATIONS names a migration that does not exist"


@pytest.mark.django_db
def test_demo_has_staff_in_every_role(demo_centre):
    assert demo_exists()
    roles = set(User.objects.values_list("role", flat=True))
    assert roles == {role.value for role in Role}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "email"), LOGINS)
def test_every_printed_demo_login_signs_in_and_reaches_its_start_page(demo_centre, client, role, email):
    response = client.post(reverse("accounts:login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, f"{role} could not sign in"
    if role != "Student":  # staff give the code printed by `warp manage demo_totp_code`
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(response["Location"], {"code": demo_code()})
        assert response.status_code == 302, f"{role}'s demo code was refused"
    start = client.get(response["Location"])
    assert start.status_code == 200, f"{role}'s start page answered {start.status_code}"


@pytest.mark.django_db
def test_demo_people_are_all_invented(demo_centre):
    assert not User.objects.exclude(email__endswith="@example.org").exists()


@pytest.mark.django_db
def test_demo_is_a_network_hub_with_three_invented_members_signed_with_their_own_keys(demo_centre):
    from warp.evaluation.forms import default_period
    from warp.network import keys
    from warp.network.bundle import canonical
    from warp.network.models import NetworkBundle
    from warp.network.pooling import network_report

    start, end = default_period()
    report = network_report(start=start, end=end)
    assert report.centres == 4  # the demo centre itself and three invented ones
    bundles = list(NetworkBundle.objects.select_related("centre"))
    assert len({bundle.centre.public_key for bundle in bundles}) == 4
    for bundle in bundles:
        document = bundle.document
        assert keys.verifies(bundle.centre.public_key, canonical(document), document["signature"])
    assert report.fidelity and report.rates_across_centres["completion_percent"].median is not None
    # Every bundle is format version 2: workshops and the demo's questionnaire pooled from all four.
    assert {bundle.document["format_version"] for bundle in bundles} == {2}
    assert report.workshops.centres == 4 and report.workshops.sessions > 0
    assert [(row.code, row.centres) for row in report.outcomes] == [("hope-agency", 4)]


def test_demo_has_ward_workshops_two_referred_cohorts_and_two_open_access_groups(demo_centre):
    from warp.bookings.models import Referral
    from warp.outreach.models import Activity, HeldWorkshop

    assert HeldWorkshop.objects.values("team").distinct().count() >= 3
    # The demo's workshops are all workshops held on wards: no course is labelled a skills workshop.
    from warp.prospectus.models import Course, Level

    assert not Course.objects.filter(level=Level.SKILLS_WORKSHOP).exists()
    assert HeldWorkshop.objects.values("workshop").distinct().count() == 4
    assert Referral.objects.values("course_run").distinct().count() == 2
    assert not Referral.objects.filter(person_agreed=False).exists()
    assert Activity.objects.count() == 2
    # The demo's team lead can walk "feedback from the referring team": people who agreed were referred by
    # a team they lead, and some of that team's feedback is already written.
    from warp.bookings.models import ReferringTeamFeedback

    led = Referral.objects.filter(
        team_feedback_consent=True, referring_team__leads__email="team.lead@example.org"
    )
    assert led.exists()
    assert ReferringTeamFeedback.objects.filter(referral__in=led).exists()


def test_demo_has_double_coded_reviews_with_a_few_disagreements_and_some_waiting(demo_centre):
    from warp.evaluation.queries import agreement_section
    from warp.students.models import ReviewSecondCoding

    codings = ReviewSecondCoding.objects
    assert codings.second_coded().count() >= 10
    assert codings.waiting().exists()
    assert 1 <= codings.disagreements().count() < codings.second_coded().count() // 2
    assert codings.filter(agreed_at__isnull=False).exists()
    from django.utils import timezone

    today = timezone.localdate()
    agreement = agreement_section(start=today.replace(year=today.year - 2), end=today)
    assert agreement.double_coded >= 10 and 50 <= agreement.percent_agreement < 100


@pytest.mark.django_db
def test_demo_has_example_unit_costs_and_before_and_after_service_use(demo_centre):
    from django.utils import timezone

    from warp.service_use.models import Service
    from warp.service_use.queries import service_use_report

    assert all("Example figure" in service.source for service in Service.objects.all())
    today = timezone.localdate()
    report = service_use_report(start=today.replace(year=today.year - 3), end=today)
    assert report.people >= 20
    assert report.cost_change_per_month is not None and report.cost_change_per_month < 0


def test_demo_has_peer_workers_mentoring_the_network_and_published_award_winners(demo_centre):
    from warp.programmes.models import AwardYear, Membership, Pairing, Placement
    from warp.programmes.queries import published_winners

    assert Placement.objects.filter(ended_on__isnull=True).count() >= 8
    assert Pairing.objects.filter(evaluation__isnull=False).exists()
    assert Membership.objects.exists()
    last_year = AwardYear.objects.order_by("year").first()
    assert last_year is not None and published_winners(last_year).count() == 5


def test_demo_has_a_draft_partnership_report_for_its_last_two_years_with_the_leads_words(demo_centre):
    from warp.partnership.models import Edition
    from warp.partnership.report import edition_report
    from warp.partnership.sections import SECTION_KEYS

    edition = Edition.objects.get()
    assert not edition.is_published
    assert edition.sections == SECTION_KEYS
    assert (edition.end - edition.start).days in range(725, 732)
    report = edition_report(edition)
    assert [s.key for s in report.sections] == SECTION_KEYS  # every narrative section has words
    assert "Run at least one course each term in the evening." in report.sections[-1].blocks[0].text
    assert report.tables() and report.charts()
