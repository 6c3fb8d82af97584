import pytest
from django.db import transaction
from django.urls import reverse

from warp.accounts.demo_totp import demo_code
from warp.accounts.models import Role, User
from warp.demo import DEMO_PASSWORD, build, demo_exists
from warp.demo.accounts import LOGINS


@pytest.fixture(scope="module")
def demo_centre(django_db_setup, django_db_blocker):
    """Build the demo centre once for this module (the slowest set-up in the suite), then roll it back,
    so the seed data that migrations put in stays for every other test."""
    with django_db_blocker.unblock(), transaction.atomic():
        build()
        yield
        transaction.set_rollback(True)


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
