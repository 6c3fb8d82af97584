"""Two-step sign-in as a new member of staff meets it: set up the app, keep the recovery codes, use one."""

import pytest

from tests.accounts.factories import make_staff
from tests.browser.conftest import totp_code
from tests.personas import PASSWORD

HOME = "Welcome to the"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_new_staff_set_up_their_app_see_their_recovery_codes_once_and_sign_in_with_one(open_tab):
    make_staff()
    tab = open_tab()
    page = tab.page
    tab.sign_in("new.tutor@example.org", code_secret=None)
    tab.arrive("Set up your authenticator app")
    secret = page.locator(".warp-secret").inner_text().strip()
    page.get_by_label("The 6-digit code your app shows").fill(totp_code(secret))
    page.get_by_role("button", name="Check the code and finish").click()

    tab.arrive("Your recovery codes")
    codes = [code.strip() for code in page.locator(".warp-codes code").all_inner_texts()]
    assert len(codes) == 10 and all(len(code.replace(" ", "")) == 12 for code in codes)
    assert "This is the only time we show them" in page.content()
    # Seen again later, the page counts them but cannot show them.
    tab.goto("/account/two-step/recovery-codes/")
    tab.arrive("Your recovery codes")
    assert "10 of 10 codes unused" in page.content() and codes[0] not in page.content()
    tab.sign_out()
    tab.arrive(HOME, exact=False)

    def sign_in_with(code: str) -> None:
        tab.goto("/account/sign-in/")
        tab.arrive("Sign in")
        page.get_by_label("Email address").fill("new.tutor@example.org")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        tab.arrive("Enter your code")
        page.get_by_label("Code").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()

    sign_in_with(codes[0])
    tab.arrive("Students")
    tab.sign_out()
    tab.arrive(HOME, exact=False)
    sign_in_with(codes[0])
    tab.arrive("Enter your code")
    assert "That code did not work" in page.content()
