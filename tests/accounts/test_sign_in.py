import pytest
from allauth.mfa.models import Authenticator
from django.urls import NoReverseMatch, reverse

from tests.accounts.factories import code_for, make_staff, sign_in_with_code, sign_in_with_password
from tests.personas import sign_in_fully
from warp.accounts.models import Role


def test_wrong_password_says_what_to_do_and_keeps_the_email(client, personas):
    response = sign_in_with_password(client, "manager@example.org", "nope")
    assert response.status_code == 200
    page = response.content.decode()
    assert "do not match an account" in page
    assert 'value="manager@example.org"' in page


def test_student_signs_in_with_password_alone_and_lands_on_their_start_page(client, personas):
    response = sign_in_with_password(client, "SAM.student@example.org")
    assert response.status_code == 302
    assert response["Location"] == personas["student"].start_url()
    assert client.session["_auth_user_id"] == str(personas["student"].pk)


def test_staff_password_alone_does_not_sign_in_the_code_does(client, personas):
    response = sign_in_with_password(client, "manager@example.org")
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302

    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if code_for() != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert "That code did not work" in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": code_for()})
    assert response.status_code == 302
    assert response["Location"] == personas["centre_manager"].start_url()
    assert client.get(response["Location"]).status_code == 200


def test_a_used_code_is_refused_a_second_time(client, personas):
    code = code_for()
    sign_in_with_code(client, "manager@example.org", code)
    assert client.session["_auth_user_id"] == str(personas["centre_manager"].pk)
    client.post(reverse("accounts:logout"))

    response = sign_in_with_code(client, "manager@example.org", code)
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_without_an_app_must_set_one_up_before_any_other_page(client, db):
    make_staff()
    response = sign_in_with_password(client, "new.tutor@example.org")
    assert client.session["_auth_user_id"]
    response = client.get(response["Location"])
    assert response["Location"] == reverse("mfa_activate_totp")
    for url in [reverse("students:student-list"), reverse("accounts:profile"), reverse("core:home")]:
        assert client.get(url)["Location"] == reverse("mfa_activate_totp"), url

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    codes_page = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert codes_page.status_code == 200
    assert len(codes_page.context["new_codes"]) == 10
    assert client.get(reverse("students:student-list")).status_code == 200


def test_staff_without_an_app_may_still_sign_out(client, db):
    make_staff()
    sign_in_with_password(client, "new.tutor@example.org")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_staff_session_that_skipped_the_code_is_sent_back_to_sign_in(client, personas):
    # e.g. a sign-in through the Django admin's own form, which knows nothing of codes.
    client.force_login(personas["centre_manager"])
    response = client.get(reverse("students:student-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_students_may_add_an_app_and_are_then_asked_for_a_code(client, personas):
    sign_in_with_password(client, "sam.student@example.org")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert Authenticator.objects.filter(user=personas["student"], type="totp").exists()
    client.post(reverse("accounts:logout"))
    assert sign_in_with_password(client, "sam.student@example.org")["Location"] == reverse("mfa_authenticate")


def test_staff_cannot_switch_off_their_app(client, personas):
    sign_in_fully(client, personas["centre_manager"])
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 403
    assert Authenticator.objects.filter(user=personas["centre_manager"], type="totp").exists()


def test_signing_in_starts_a_new_session_key(client, personas):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    sign_in_with_password(client, "sam.student@example.org")
    assert client.session.session_key != before


def test_switched_off_account_cannot_sign_in(client, personas):
    # A student: their password alone signs them in, so only the switched-off rule can stop it (staff
    # would stop at the second factor anyway).
    user = personas["student"]
    user.is_active = False
    user.save()
    sign_in_with_password(client, user.email)
    assert "_auth_user_id" not in client.session
    user.is_active = True
    user.save()
    sign_in_with_password(client, user.email)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_out_needs_a_post(client, personas):
    sign_in_fully(client, personas["student"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_there_is_no_public_sign_up_but_student_registration(client, db):
    with pytest.raises(NoReverseMatch):
        reverse("account_signup")
    assert client.get("/account/signup/").status_code == 404
    assert "students/register" in client.get(reverse("accounts:login")).content.decode()


def test_only_administrators_are_admin_site_staff(personas):
    assert [key for key, user in personas.items() if user.is_staff] == ["administrator"]


def test_every_role_but_students_must_use_a_second_factor(personas):
    from warp.accounts.models import mfa_required_for

    assert {r for r in Role if not mfa_required_for(type("U", (), {"role": r})())} == {Role.STUDENT}


def test_administrators_may_use_every_admin_page_and_nobody_else_may(personas):
    assert personas["administrator"].has_perm("students.change_student")
    assert personas["administrator"].has_module_perms("bookings")
    assert not personas["centre_manager"].has_perm("students.change_student")
    personas["administrator"].is_active = False
    assert not personas["administrator"].has_perm("students.change_student")
