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
def test_demo_has_peer_workers_mentoring_the_network_and_published_award_winners(demo_centre):
    from warp.programmes.models import AwardYear, Membership, Pairing, Placement
    from warp.programmes.queries import published_winners

    assert Placement.objects.filter(ended_on__isnull=True).count() >= 8
    assert Pairing.objects.filter(evaluation__isnull=False).exists()
    assert Membership.objects.exists()
    last_year = AwardYear.objects.order_by("year").first()
    assert last_year is not None and published_winners(last_year).count() == 5
