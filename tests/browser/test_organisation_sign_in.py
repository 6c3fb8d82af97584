"""Signing in with an organisation's account, as a member of staff meets it: the administrator's invitation,
the emailed link, the organisation's sign-in, and the sign-in page's button, with and without JavaScript.

The organisation is the fake of tests/accounts/fake_identity_provider.py: WaRP's server-side calls go through
the mocked HTTP layer, and the browser's trip to the organisation's sign-in page is answered by Playwright
(the organisation sends the browser straight back with a code, as after the person signs in there)."""

import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
import requests
from django.core import mail
from django.urls import reverse

from tests.accounts import fake_identity_provider as fake
from tests.accounts.factories import make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def organisation(settings, monkeypatch):
    settings.SOCIALACCOUNT_PROVIDERS = fake.providers_setting()
    settings.WARP_OIDC_ALLOWED_DOMAINS = ["example.org"]
    provider = fake.FakeProvider()
    monkeypatch.setattr(
        requests.Session,
        "request",
        lambda session, method, url, *args, **kwargs: provider.request(session, method, url, *args, **kwargs),
    )
    return provider


class Organisation:
    """The organisation's own sign-in page, answered by Playwright: the person signs in there (the test
    stands in for that), and the organisation sends the browser back to WaRP with a code and the state."""

    PAGE = (
        '<!DOCTYPE html><html lang="en"><head><title>Example NHS Trust</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
        "<body><main><h1>Example NHS Trust sign-in</h1><p>An invented organisation.</p></main></body></html>"
    )

    def __init__(self, tab, live_server):
        self.tab, self.live_server, self.state = tab, live_server, ""
        tab.page.route(re.compile(r"^https://login\.example-trust\.test/.*"), self._answer)

    def _answer(self, route) -> None:
        self.state = parse_qs(urlparse(route.request.url).query)["state"][0]
        route.fulfill(status=200, content_type="text/html", body=self.PAGE)

    def sign_in_and_come_back(self) -> None:
        self.tab.page.wait_for_url(re.compile(r"^https://login\.example-trust\.test/"))
        self.tab.arrive("Example NHS Trust sign-in")
        # Chromium shows its error page for a moment when Playwright answers a navigation that arrived by a
        # redirect (the sign-in form's POST is answered by one); it is not a page anyone sees.
        self.tab.checked.add("chrome-error://chromewebdata/")
        callback = reverse("openid_connect_callback", kwargs={"provider_id": fake.PROVIDER_ID})
        self.tab.goto(f"{callback}?{urlencode({'code': 'fake-authorisation-code', 'state': self.state})}")


def test_an_invited_member_of_staff_links_and_signs_in_with_their_organisation(
    open_tab, live_server, organisation, personas
):
    newcomer = make_staff(email="new.tutor@personal-mail.test")
    tab = open_tab()
    page = tab.page
    at_the_organisation = Organisation(tab, live_server)
    tab.sign_in(personas["administrator"].email)
    tab.goto(f"/account/staff/{newcomer.pk}/roles/")
    tab.arrive("Roles for New Tutor")
    page.get_by_role("radio", name="Example NHS Trust").check()
    page.get_by_role(
        "button", name="Email an invitation to sign in with their organisation's account"
    ).click()
    tab.arrive("Roles for New Tutor")
    assert "We have emailed new.tutor@personal-mail.test an invitation" in page.content()
    tab.sign_out()

    (email,) = mail.outbox
    link = next(line for line in email.body.splitlines() if "/account/organisation/invitation/" in line)
    organisation.claims = {
        "sub": "the-newcomer",
        "email": "n.tutor@trust.test",
        "email_verified": False,
        "amr": ["pwd"],
    }
    page.goto(link)
    tab.arrive("Sign in with Example NHS Trust")
    page.get_by_role("button", name="Continue to Example NHS Trust").click()
    at_the_organisation.sign_in_and_come_back()
    tab.arrive("Set up your authenticator app")  # no "mfa" in amr: WaRP's own second factor
    page.get_by_role("button", name="Sign out").click()
    tab.arrive("Welcome to the")

    # Next time, the button on the sign-in page; the organisation says it asked for a second factor.
    organisation.claims = {"sub": "the-newcomer", "email": "n.tutor@trust.test", "amr": ["pwd", "mfa"]}
    tab.goto("/account/sign-in/")
    tab.arrive("Sign in")
    page.get_by_role("button", name="Sign in with Example NHS Trust").click()
    at_the_organisation.sign_in_and_come_back()
    tab.arrive("Students")


def test_the_button_works_without_javascript_and_a_refusal_says_what_to_do(
    open_tab, live_server, organisation, db
):
    tab = open_tab(javascript=False)
    page = tab.page
    at_the_organisation = Organisation(tab, live_server)
    organisation.claims = {"email": "stranger@example.org"}
    tab.goto("/account/sign-in/")
    tab.arrive("Sign in")
    page.get_by_role("button", name="Sign in with Example NHS Trust").click()
    at_the_organisation.sign_in_and_come_back()
    tab.arrive("Sign in")
    assert "signing in this way does not make one" in page.content()
