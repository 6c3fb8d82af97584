from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import sign_in_with_password
from tests.personas import sign_in_fully
from warp.accounts import services
from warp.accounts.models import UserSession


class Clock:
    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now


def _clocked(monkeypatch):
    import time

    clock = Clock(time.time())
    monkeypatch.setattr("warp.accounts.middleware.time.time", clock)
    monkeypatch.setattr("warp.accounts.signals.time.time", clock)
    return clock


def test_a_session_left_idle_is_signed_out_after_the_idle_limit(client, personas, monkeypatch, settings):
    clock = _clocked(monkeypatch)
    sign_in_fully(client, personas["student"])
    profile = reverse("accounts:profile")
    clock.now += settings.WARP_SESSION_IDLE_MINUTES * 60 - 10
    assert client.get(profile).status_code == 200  # still in: and this request counts as activity
    clock.now += settings.WARP_SESSION_IDLE_MINUTES * 60 - 10
    assert client.get(profile).status_code == 200
    clock.now += settings.WARP_SESSION_IDLE_MINUTES * 60 + 10
    response = client.get(profile)
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert not UserSession.objects.filter(user=personas["student"]).exists()


def test_an_active_session_still_ends_at_the_absolute_limit(client, personas, monkeypatch, settings):
    clock = _clocked(monkeypatch)
    sign_in_fully(client, personas["student"])
    profile = reverse("accounts:profile")
    for _ in range(settings.WARP_SESSION_MAX_HOURS * 4 - 1):  # a request every 15 minutes
        clock.now += 15 * 60
        assert client.get(profile).status_code == 200
    clock.now += 20 * 60
    assert client.get(profile)["Location"].startswith(reverse("accounts:login"))


def test_signing_in_records_the_session_and_signing_out_ends_it(client, personas):
    response = client.post(
        reverse("accounts:login"),
        {"login": "sam.student@example.org", "password": "a-long-test-password"},
        HTTP_USER_AGENT="Mozilla/5.0 (Windows NT 10.0) Gecko/20100101 Firefox/128.0",
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    record = UserSession.objects.get(user=personas["student"])
    assert record.session_key == client.session.session_key
    assert record.user_agent == "Firefox on Windows"
    assert record.ip_coarse == "203.0.113.0/24"
    key = client.session.session_key
    client.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=personas["student"]).exists()
    assert not Session.objects.filter(session_key=key).exists()


def test_a_person_sees_their_other_sessions_and_ends_one(client, personas):
    phone = Client()
    sign_in_with_password(phone, "sam.student@example.org")
    sign_in_with_password(client, "sam.student@example.org")
    page = client.get(reverse("accounts:sessions"))
    assert len(page.context["others"]) == 1
    other = page.context["others"][0]
    assert other.session_key == phone.session.session_key

    client.post(reverse("accounts:session-end", args=[other.pk]))
    assert phone.get(reverse("accounts:profile"))["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_sign_out_everywhere_else_keeps_this_browser(client, personas):
    others = [Client(), Client()]
    for other in others:
        sign_in_with_password(other, "sam.student@example.org")
    sign_in_with_password(client, "sam.student@example.org")
    client.post(reverse("accounts:session-end-others"))
    for other in others:
        assert other.get(reverse("accounts:profile")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert UserSession.objects.filter(user=personas["student"]).count() == 1


def test_nobody_can_end_someone_elses_session(client, personas):
    sams = Client()
    sign_in_with_password(sams, "sam.student@example.org")
    record = UserSession.objects.get(user=personas["student"])
    sign_in_fully(client, personas["outsider"])
    assert client.post(reverse("accounts:session-end", args=[record.pk])).status_code == 404
    assert sams.get(reverse("accounts:profile")).status_code == 200


def test_switching_an_account_off_ends_all_its_sessions(client, personas):
    browsers = [Client(), Client()]
    for browser in browsers:
        sign_in_with_password(browser, "sam.student@example.org")
    keys = list(UserSession.objects.filter(user=personas["student"]).values_list("session_key", flat=True))
    services.user_disable(user=personas["student"], by=personas["administrator"])
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert not UserSession.objects.filter(user=personas["student"]).exists()
    for browser in browsers:
        assert browser.get(reverse("accounts:profile")).status_code == 302


def test_session_list_queries_do_not_grow_with_sessions(client, personas, django_assert_max_num_queries):
    sign_in_fully(client, personas["student"])
    for count in (3, 30):
        UserSession.objects.filter(user=personas["student"]).exclude(
            session_key=client.session.session_key
        ).delete()
        for n in range(count):
            services.user_session_start(user=personas["student"], session_key=f"k{count}-{n}".ljust(32, "x"))
        # Queries: the session, the user, then this person's sessions.
        with django_assert_max_num_queries(3):
            page = client.get(reverse("accounts:sessions"))
        assert len(page.context["others"]) == count
