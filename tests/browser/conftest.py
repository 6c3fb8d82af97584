"""Real-browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Every page a journey lands on is checked with axe-core (from node_modules, injected into the page); a serious
or critical violation fails the test, and so does anything wider than a 375 px phone (each page is re-checked
at phone width, whatever the journey's window). A test that navigates to a page and never checks it fails too, so no
visited page slips through. Screenshots of the main pages go to test-output/screenshots/
(docs/screenshots/ with `make screenshots`).

Where Chromium or Playwright is missing the browser tests skip LOUDLY (a warning and a line in the summary),
unless WARP_REQUIRE_BROWSER=1 (set by .ci/run), which turns the skip into a failure.
"""

import json
import os
import warnings
from pathlib import Path

import pytest
from django.core.cache import cache

from tests.personas import PASSWORD, PERSONA_TOTP_SECRET

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("WARP_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Screenshots go to an ignored folder, so `make test` leaves the checkout as it was; `make screenshots`
# writes them to docs/screenshots/ (tracked, shown in the README) when someone means to update those.
SCREENSHOTS = Path(os.environ.get("WARP_SCREENSHOTS_DIR", ROOT / "test-output" / "screenshots"))
REQUIRED = os.environ.get("WARP_REQUIRE_BROWSER", "") == "1"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
FAILING_IMPACTS = {"serious", "critical"}
# The innermost elements that reach past the right edge of the screen, as tag#id.class (width).
WIDEST_ELEMENTS = """(limit) => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right <= limit + 0.5 || box.width === 0) continue;
    if ([...el.children].some(c => c.getBoundingClientRect().right > limit + 0.5)) continue;
    const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    out.push(`${name} (right edge at ${Math.round(box.right)} px): ${el.outerHTML.slice(0, 120)}`);
    if (out.length >= 8) break;
  }
  return out;
}"""

_skip_reasons: list[str] = []
AXE_CHECKS: list[str] = []  # every page axe-core checked this session (one entry per check)
AXE_FAILURES: list[str] = []  # pages with serious or critical violations


class BrowserTestsSkipped(UserWarning):
    pass


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (run `make setup`)."
    if not CHROMIUM.exists():
        return (
            f"Chromium is not installed at {CHROMIUM}. `make setup` installs it with apt-get when run as root; "
            "otherwise `apt-get install chromium`."
        )
    if not AXE_JS.exists():
        return f"axe-core is missing ({AXE_JS}); run `make setup` (npm ci)."
    return None


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests; each test gets its own context (cookies, viewport).

    Package-scoped, so it closes when the browser tests are done: Playwright's sync API keeps an asyncio
    loop running in this thread meanwhile, and Django refuses ORM calls while one runs. The tests' own
    ORM calls are plain synchronous code, so they are allowed for exactly that stretch."""
    reason = _missing()
    if reason:
        if REQUIRED:
            pytest.fail(
                f"Browser tests are required here (WARP_REQUIRE_BROWSER=1), but: {reason}", pytrace=False
            )
        if reason not in _skip_reasons:
            _skip_reasons.append(reason)
            warnings.warn(f"BROWSER TESTS SKIPPED: {reason}", BrowserTestsSkipped, stacklevel=1)
        pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps the rows the migrations seeded (serialized when it made the test database) on each
    # connection object, to put back after a transactional test. Starting Playwright makes Django hand out
    # new connection objects in this thread, without them; carry them over.
    seeded = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
            )
            for alias, contents in seeded.items():
                connections[alias]._test_serialized_contents = contents
            yield chromium
            chromium.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


def pytest_terminal_summary(terminalreporter):
    if _skip_reasons:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        for reason in _skip_reasons:
            terminalreporter.write_line(
                f"The real-browser journeys and accessibility checks did not run: {reason}"
            )
    elif AXE_CHECKS:
        verdict = (
            f"serious or critical violations on {len(AXE_FAILURES)} of them"
            if AXE_FAILURES
            else "no serious or critical violations"
        )
        terminalreporter.write_line(
            f"axe-core: {len(AXE_CHECKS)} page checks on {len(set(AXE_CHECKS))} distinct pages, {verdict}."
        )


class Tab:
    """A browser tab that remembers which pages it visited and which of them axe-core has checked."""

    def __init__(self, page, base_url: str, *, javascript: bool = True):
        self.page = page
        self.base_url = base_url
        self.javascript = javascript
        self.visited: list[str] = []
        self.checked: set[str] = set()
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.visited.append(frame.url)

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str):
        return self.page.goto(self.url(path))

    def arrive(self, heading: str, *, exact: bool = False) -> None:
        """Assert the page's one h1 says `heading`, then check the page with axe-core."""
        h1 = self.page.locator("h1")
        assert h1.count() == 1, f"{self.page.url} has {h1.count()} h1 elements"
        text = h1.inner_text().strip()
        assert (text == heading) if exact else (heading in text), (
            f"{self.page.url}: h1 is {text!r}, not {heading!r}"
        )
        self.axe()
        self.fits_phone()

    def fits_phone(self) -> None:
        """Fail when anything on the page is wider than a 375 px phone (the page scrolls sideways).

        Every page a journey arrives at is checked at phone width, whatever size its window is, and put
        back as it was; the widest elements are named so the fix is easy to find."""
        before = self.page.viewport_size
        if before != PHONE:
            self.page.set_viewport_size(PHONE)
        try:
            width = self.page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                culprits = self.page.evaluate(WIDEST_ELEMENTS, PHONE["width"])
                pytest.fail(
                    f"{self.page.url} is {width} px wide on a {PHONE['width']} px phone; too wide:\n"
                    + "\n".join(f"  {c}" for c in culprits),
                    pytrace=False,
                )
        finally:
            if before and before != PHONE:
                self.page.set_viewport_size(before)

    def axe(self) -> None:
        """Run axe-core on the page as it is now; fail on any serious or critical violation."""
        url = self.page.url
        if not self.javascript:
            self.checked.add(url)  # no JavaScript, no axe: these pages are checked by the other journeys
            return
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, which the page's Content Security Policy does not
            # govern: a <script> tag would (rightly) be refused, and the policy stays on for the app itself.
            self.page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
        results = self.page.evaluate(
            "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))"
        )
        failing = [v for v in json.loads(results)["violations"] if v["impact"] in FAILING_IMPACTS]
        self.checked.add(url)
        AXE_CHECKS.append(url.split("?")[0].replace(self.base_url, ""))
        if failing:
            AXE_FAILURES.append(url)
            lines = [f"axe-core found {len(failing)} serious or critical problem(s) on {url}:"]
            for violation in failing:
                lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
                lines.append(f"  {violation['helpUrl']}")
                for node in violation["nodes"][:5]:
                    summary = node["failureSummary"].splitlines()
                    lines.append(f"  at {node['target']} {node['html'][:100]}")
                    lines.append(f"     {summary[1].strip() if len(summary) > 1 else summary[0]}")
            pytest.fail("\n".join(lines), pytrace=False)

    def unchecked(self) -> list[str]:
        return [
            url for url in dict.fromkeys(self.visited) if url not in self.checked and url != "about:blank"
        ]

    def screenshot(self, name: str, *, full_page: bool = False, show: str = "") -> None:
        """Save this page at phone and desktop sizes as SCREENSHOTS/<name>-phone.png / -desktop.png,
        scrolled so the element matching the CSS selector `show` is in view."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        before = self.page.viewport_size
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            self.page.set_viewport_size(size)
            if show:
                self.page.locator(show).first.evaluate("el => el.scrollIntoView({block: 'start'})")
            self.page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=full_page)
        if before:
            self.page.set_viewport_size(before)

    def sign_in(self, email: str, *, code_secret: str | None = PERSONA_TOTP_SECRET, password: str = PASSWORD):
        """Sign in through the real form; staff then type the current code from their authenticator app."""
        self.goto("/account/sign-in/")
        self.arrive("Sign in")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in", exact=True).click()
        if code_secret:
            self.arrive("Enter your code")
            self.page.get_by_label("Code").fill(totp_code(code_secret))
            self.page.get_by_role("button", name="Continue").click()
        self.page.wait_for_load_state()

    def sign_out(self) -> None:
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_load_state()


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238: 30-second steps, 6 digits), as allauth checks it.

    Like a person who sees the app's timer about to run out, waits for the next code when fewer than 3
    seconds are left: allauth accepts only the current step, and typing and submitting take a moment."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if 30 - time.time() % 30 < 3:
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.browser_test_failed = report.failed
    return report


@pytest.fixture
def open_tab(request, browser, live_server):
    """open_tab(viewport=PHONE, javascript=True) -> a Tab in a fresh browser context on the live server."""
    contexts = []
    tabs: list[Tab] = []
    cache.clear()  # sign-in codes are single use; lockouts count in the cache

    def _open(*, viewport: dict | None = None, javascript: bool = True, **options) -> Tab:
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            java_script_enabled=javascript,
            accept_downloads=True,
            locale="en-GB",
            timezone_id="Europe/London",
            **options,
        )
        # How long a step may wait for a page or an element: generous, since a loaded machine (CI beside
        # other jobs) serves the live server slowly; a missing element still fails, only later.
        context.set_default_timeout(int(os.environ.get("WARP_BROWSER_TIMEOUT_MS", "15000")))
        contexts.append(context)
        tab = Tab(context.new_page(), live_server.url, javascript=javascript)
        tabs.append(tab)
        return tab

    yield _open
    unchecked = [url for tab in tabs for url in tab.unchecked()]
    for context in contexts:
        context.close()
    if not getattr(request.node, "browser_test_failed", False):
        assert not unchecked, f"These pages were visited but never checked with axe-core: {unchecked}"
