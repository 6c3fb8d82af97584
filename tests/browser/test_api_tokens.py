"""An administrator makes an API token on a phone, reads the API's documentation, and the dashboard's
request with the token gets an answer; then they revoke it and the same request is refused."""

import urllib.request
from urllib.error import HTTPError

import pytest

from tests.browser.conftest import PHONE
from tests.browser.factories import build_centre

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _ask(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 - the test server
    try:
        with urllib.request.urlopen(request) as response:  # noqa: S310 - the test server
            return response.status
    except HTTPError as error:
        return error.code


def test_administrator_makes_a_token_reads_the_docs_and_revokes_it(open_tab):
    centre = build_centre()
    tab = open_tab(viewport=PHONE)
    page = tab.page
    tab.sign_in(centre.people["administrator"].email)
    tab.axe()
    page.goto(tab.url("/api/tokens/"))
    tab.arrive("API tokens")
    page.get_by_label("Email address of the account the token acts as").fill(
        centre.people["centre_manager"].email
    )
    page.get_by_label("What it is for").fill("Attendance dashboard")
    page.get_by_role("button", name="Make the token").click()
    tab.arrive("API tokens")
    token = page.locator("code.warp-wrap").first.inner_text().strip()
    assert token.startswith("warp_")
    tab.screenshot("api-token-made")
    url = tab.url("/api/v1/prospectus/")
    assert _ask(url, token) == 200

    page.get_by_role("link", name="what the API offers").click()
    tab.arrive("The WaRP API")
    assert "/api/v1/reports/evaluation/" in page.locator("main").inner_text()

    page.goto(tab.url("/api/tokens/"))
    tab.arrive("API tokens")
    assert token not in page.content()
    page.get_by_role("button", name="Revoke Attendance dashboard").click()
    tab.arrive("API tokens")
    assert _ask(url, token) == 401
