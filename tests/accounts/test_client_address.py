"""Whose address the sign-in limits count, directly and behind our reverse proxy (issue 13, hole 5)."""

import runpy

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

import warp.settings as warp_settings
from tests.accounts.factories import sign_in_with_password
from warp.accounts.models import UserSession

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches WaRP from here
PER_ADDRESS = 30  # ACCOUNT_RATE_LIMITS: 30 failed sign-ins a minute from one address


def _settings_with(monkeypatch, tmp_path, **environment) -> dict:
    """warp/settings.py as it reads this environment."""
    for name in ("WARP_TRUSTED_PROXY_COUNT", "WARP_CLIENT_IP_HEADER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("WARP_DATA_DIR", str(tmp_path))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(warp_settings.__file__)


def _fail_many(client: Client, **headers) -> None:
    # Different addresses each time, so the per-account lockout never comes into it.
    for n in range(PER_ADDRESS):
        sign_in_with_password(client, f"nobody{n}@example.org", "not-the-password", **headers)


def _refused(response) -> bool:
    page = response.content.decode()
    return response.status_code == 429 or "too many attempts to sign in from here" in page


def _answered(response) -> bool:
    return response.status_code == 200 and "do not match an account" in response.content.decode()


def test_the_environment_names_the_trusted_proxy(monkeypatch, tmp_path):
    plain = _settings_with(monkeypatch, tmp_path)
    assert plain["ALLAUTH_TRUSTED_PROXY_COUNT"] == 0
    assert plain["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] is None
    assert (
        _settings_with(monkeypatch, tmp_path, WARP_TRUSTED_PROXY_COUNT="1")["ALLAUTH_TRUSTED_PROXY_COUNT"]
        == 1
    )
    header = _settings_with(monkeypatch, tmp_path, WARP_CLIENT_IP_HEADER="X-Real-IP")
    assert header["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"] == "X-Real-IP"
    with pytest.raises(ImproperlyConfigured, match="not both"):
        _settings_with(monkeypatch, tmp_path, WARP_TRUSTED_PROXY_COUNT="1", WARP_CLIENT_IP_HEADER="X-Real-IP")
    with pytest.raises(ImproperlyConfigured, match="0 or more"):
        _settings_with(monkeypatch, tmp_path, WARP_TRUSTED_PROXY_COUNT="-1")


def test_direct_a_typed_forwarded_for_header_is_ignored(db):
    # No proxy configured: anyone may type X-Forwarded-For, so it must not give them a fresh allowance.
    first = Client(REMOTE_ADDR="198.51.100.7")
    _fail_many(first, HTTP_X_FORWARDED_FOR="203.0.113.1")
    again = sign_in_with_password(first, "nobody@example.org", "nope", HTTP_X_FORWARDED_FOR="203.0.113.2")
    assert _refused(again)
    # Someone else, at their own address, is not held up.
    assert _answered(sign_in_with_password(Client(REMOTE_ADDR="198.51.100.8"), "nobody@example.org", "nope"))


def test_behind_one_proxy_two_people_are_limited_separately(db, settings, monkeypatch, tmp_path):
    configured = _settings_with(monkeypatch, tmp_path, WARP_TRUSTED_PROXY_COUNT="1")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = configured["ALLAUTH_TRUSTED_PROXY_COUNT"]
    first, second = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    _fail_many(first, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _refused(
        sign_in_with_password(first, "x@example.org", "nope", HTTP_X_FORWARDED_FOR="198.51.100.7")
    )
    # The first person typing their own X-Forwarded-For: the proxy appends the real address after it.
    spoofed = sign_in_with_password(
        first, "x@example.org", "nope", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7"
    )
    assert _refused(spoofed)
    assert _answered(
        sign_in_with_password(second, "x@example.org", "nope", HTTP_X_FORWARDED_FOR="198.51.100.8")
    )


def test_behind_a_proxy_that_sets_a_client_address_header_two_people_are_limited_separately(
    db, settings, monkeypatch, tmp_path
):
    configured = _settings_with(monkeypatch, tmp_path, WARP_CLIENT_IP_HEADER="X-Real-IP")
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = configured["ALLAUTH_TRUSTED_CLIENT_IP_HEADER"]
    first, second = Client(REMOTE_ADDR=PROXY), Client(REMOTE_ADDR=PROXY)
    _fail_many(first, HTTP_X_REAL_IP="198.51.100.7")
    refused = sign_in_with_password(
        first, "x@example.org", "nope", HTTP_X_REAL_IP="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert _refused(refused)
    assert _answered(sign_in_with_password(second, "x@example.org", "nope", HTTP_X_REAL_IP="198.51.100.8"))


def test_behind_one_proxy_a_session_records_the_persons_network_not_the_proxys(
    personas, settings, monkeypatch, tmp_path
):
    configured = _settings_with(monkeypatch, tmp_path, WARP_TRUSTED_PROXY_COUNT="1")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = configured["ALLAUTH_TRUSTED_PROXY_COUNT"]
    client = Client(REMOTE_ADDR=PROXY)
    sign_in_with_password(client, "sam.student@example.org", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert UserSession.objects.get(user=personas["student"]).ip_coarse == "198.51.100.0/24"


def _audited_from(user, **meta) -> str:
    """The network an audit entry records for a request that reached WaRP with these addresses."""
    from django.test import RequestFactory

    from warp import audit

    request = RequestFactory().get("/students/", **meta)
    request.user = user
    return audit.record(action="view", request=request, model="students.Student", object_id=1).ip_address


def test_behind_one_proxy_the_audit_log_records_the_persons_network_not_the_proxys(
    personas, settings, monkeypatch, tmp_path
):
    configured = _settings_with(monkeypatch, tmp_path, WARP_TRUSTED_PROXY_COUNT="1")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = configured["ALLAUTH_TRUSTED_PROXY_COUNT"]
    shown = _audited_from(
        personas["admissions_tutor"], REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert shown == "198.51.100.0/24"


def test_directly_the_audit_log_ignores_a_typed_forwarded_for_header(personas):
    shown = _audited_from(
        personas["admissions_tutor"], REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert shown == "192.0.2.0/24"
