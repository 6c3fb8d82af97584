from django.urls import reverse

from tests.personas import PASSWORD


def test_wrong_password_says_what_to_do_and_keeps_the_email(client, personas):
    response = client.post(reverse("accounts:login"), {"username": "manager@example.org", "password": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "do not match an account" in page
    assert 'value="manager@example.org"' in page


def test_signing_in_lands_on_the_persons_start_page(client, personas):
    response = client.post(
        reverse("accounts:login"), {"username": "MANAGER@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == personas["centre_manager"].start_url()


def test_switched_off_account_cannot_sign_in(client, personas):
    user = personas["admissions_tutor"]
    user.is_active = False
    user.save()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_needs_a_post(client, personas):
    client.force_login(personas["student"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_only_administrators_are_admin_site_staff(personas):
    assert [key for key, user in personas.items() if user.is_staff] == ["administrator"]
