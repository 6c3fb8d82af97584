"""Wrong codes and wrong current passwords count toward the one lockout, per account (issue 13, holes 4, 9)."""

from django.test import Client
from django.urls import reverse

from tests.accounts.factories import code_for, sign_in_with_code, sign_in_with_password
from tests.personas import PASSWORD, sign_in_fully

MANAGER = "manager@example.org"
PAUSED = "paused signing in to this account"


def _wrong_code() -> str:
    return "000000" if code_for() != "000000" else "111111"


def test_ten_wrong_codes_lock_the_account_and_a_right_code_is_then_refused(client, personas):
    sign_in_with_password(client, MANAGER)
    answers = [client.post(reverse("mfa_authenticate"), {"code": _wrong_code()}) for _ in range(10)]
    pages = [answer.content.decode() for answer in answers]
    assert all("That code did not work" in page for page in pages[:9])
    assert PAUSED in pages[9]
    response = client.post(reverse("mfa_authenticate"), {"code": code_for()})
    assert PAUSED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_codes_count_per_account_whichever_browser_or_address_they_come_from(personas):
    # Ten browsers, each getting the password right and then one code wrong: the account locks.
    for n in range(10):
        browser = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
        sign_in_with_code(browser, MANAGER, _wrong_code())
    response = sign_in_with_password(Client(REMOTE_ADDR="198.51.100.99"), MANAGER)
    assert PAUSED in response.content.decode()


def test_wrong_codes_and_wrong_passwords_add_up_to_one_lock(client, personas):
    for _ in range(5):
        sign_in_with_password(client, MANAGER, "not-the-password")
    sign_in_with_password(client, MANAGER)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": _wrong_code()})
    assert PAUSED in client.post(reverse("mfa_authenticate"), {"code": code_for()}).content.decode()
    assert PAUSED in sign_in_with_password(Client(), MANAGER).content.decode()


def test_wrong_codes_for_one_account_do_not_lock_another(client, personas):
    sign_in_with_password(client, MANAGER)
    for _ in range(10):
        client.post(reverse("mfa_authenticate"), {"code": _wrong_code()})
    other = Client()
    sign_in_with_code(other, "admin@example.org", code_for())
    assert other.session["_auth_user_id"] == str(personas["administrator"].pk)


def _change(client, old: str):
    return client.post(
        reverse("accounts:password-change"),
        {"old_password": old, "new_password1": "a fresh kettle 42", "new_password2": "a fresh kettle 42"},
    )


def test_ten_wrong_current_passwords_lock_the_account_and_then_no_change_is_made(client, personas):
    student = personas["student"]
    sign_in_fully(client, student)
    pages = [_change(client, "not-the-password").content.decode() for _ in range(10)]
    assert all("entered incorrectly" in page for page in pages[:9])
    assert PAUSED in pages[9]
    response = _change(client, PASSWORD)
    assert response.status_code == 200
    assert PAUSED in response.content.decode()
    student.refresh_from_db()
    assert student.check_password(PASSWORD)
    # ... and the same lock holds at sign-in.
    client.post(reverse("accounts:logout"))
    assert PAUSED in sign_in_with_password(client, student.email).content.decode()


def test_wrong_passwords_at_sign_in_also_stop_the_password_change(client, personas):
    student = personas["student"]
    for _ in range(10):
        sign_in_with_password(client, student.email, "not-the-password")
    sign_in_fully(client, student)
    assert PAUSED in _change(client, PASSWORD).content.decode()


def test_the_right_current_password_still_changes_it(client, personas):
    student = personas["student"]
    sign_in_fully(client, student)
    for _ in range(3):
        _change(client, "not-the-password")
    assert _change(client, PASSWORD).status_code == 302
    student.refresh_from_db()
    assert student.check_password("a fresh kettle 42")
