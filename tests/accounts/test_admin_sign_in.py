"""The Django admin signs in through WaRP's own sign-in: password, lockout and second factor (issue 13, hole 1)."""

from django.urls import reverse

from tests.accounts.factories import code_for, sign_in_with_password
from tests.personas import PASSWORD, sign_in_fully

ADMIN = "admin@example.org"


def test_the_admin_sign_in_page_sends_people_to_warps_sign_in_and_back(client, personas):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=%2Fadmin%2F"
    # The admin's own form is gone: a password posted to it signs nobody in.
    response = client.post("/admin/login/", {"username": ADMIN, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_an_administrator_reaches_the_admin_after_password_and_code(client, personas):
    start = client.get("/admin/")
    sign_in_page = client.get(client.get(start["Location"])["Location"])
    assert 'name="next" value="/admin/"' in sign_in_page.content.decode()
    response = client.post(
        reverse("accounts:login"), {"login": ADMIN, "password": PASSWORD, "next": "/admin/"}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    response = client.post(reverse("mfa_authenticate"), {"code": code_for()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_locked_administrator_cannot_reach_the_admin_even_with_the_right_password(client, personas):
    for _ in range(10):
        sign_in_with_password(client, ADMIN, "not-the-password")
    client.post("/admin/login/", {"username": ADMIN, "password": PASSWORD, "next": "/admin/"})
    response = client.post(
        reverse("accounts:login"), {"login": ADMIN, "password": PASSWORD, "next": "/admin/"}
    )
    assert "paused signing in to this account" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_someone_signed_in_who_is_not_an_administrator_is_refused_the_admin_sign_in(client, personas):
    sign_in_fully(client, personas["centre_manager"])
    assert client.get("/admin/login/").status_code == 403


def test_the_admins_password_change_page_is_warps_which_counts_toward_the_lockout(client, personas):
    sign_in_fully(client, personas["administrator"])
    response = client.get("/admin/password_change/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password-change")
