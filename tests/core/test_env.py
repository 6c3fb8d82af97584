import pytest
from django.core.exceptions import ImproperlyConfigured

from warp.env import env, envbool, envint, envlist


def test_envbool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("WARP_FLAG", "Yes")
    assert envbool("WARP_FLAG", False) is True
    monkeypatch.setenv("WARP_FLAG", "off")
    assert envbool("WARP_FLAG", True) is False


def test_envbool_refuses_a_value_it_cannot_read(monkeypatch):
    monkeypatch.setenv("WARP_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="WARP_FLAG must be true or false"):
        envbool("WARP_FLAG", False)


def test_envint_refuses_words(monkeypatch):
    monkeypatch.setenv("WARP_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        envint("WARP_NUMBER", 1)


def test_envint_uses_default_when_unset(monkeypatch):
    monkeypatch.delenv("WARP_NUMBER", raising=False)
    assert envint("WARP_NUMBER", 7) == 7


def test_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("WARP_SECRET_FILE", str(secret))
    monkeypatch.setenv("WARP_SECRET", "from-the-environment")
    assert env("WARP_SECRET") == "from-a-file"


def test_envlist_splits_and_trims(monkeypatch):
    monkeypatch.setenv("WARP_HOSTS", " a.example.org, ,b.example.org ")
    assert envlist("WARP_HOSTS") == ["a.example.org", "b.example.org"]


def test_envfloat_reads_numbers_and_refuses_words(monkeypatch):
    from warp.env import envfloat

    monkeypatch.setenv("WARP_FRACTION", "0.75")
    assert envfloat("WARP_FRACTION", 0.5) == 0.75
    monkeypatch.setenv("WARP_FRACTION", "half")
    with pytest.raises(ImproperlyConfigured, match="must be a number"):
        envfloat("WARP_FRACTION", 0.5)


def test_oidc_providers_are_off_when_unset_and_read_their_secret_from_a_file(monkeypatch, tmp_path):
    from warp.env import oidc_providers

    monkeypatch.delenv("WARP_OIDC_PROVIDERS", raising=False)
    monkeypatch.delenv("WARP_OIDC_PROVIDERS_FILE", raising=False)
    assert oidc_providers("WARP_OIDC_PROVIDERS") == []
    secret = tmp_path / "trust_secret"
    secret.write_text("invented-client-secret\n")
    monkeypatch.setenv(
        "WARP_OIDC_PROVIDERS",
        '[{"id": "example-trust", "name": "Example NHS Trust", "server_url": '
        '"https://login.example-trust.test/tenant/v2.0", "client_id": "abc", "secret_file": "'
        + str(secret)
        + '"}]',
    )
    (app,) = oidc_providers("WARP_OIDC_PROVIDERS")
    assert app == {
        "provider_id": "example-trust",
        "name": "Example NHS Trust",
        "client_id": "abc",
        "secret": "invented-client-secret",
        "settings": {"server_url": "https://login.example-trust.test/tenant/v2.0", "fetch_userinfo": False},
    }


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("not json", "must be a JSON list"),
        ('{"id": "x"}', "must be a JSON list"),
        ('[{"id": "x", "name": "X"}]', "missing: server_url, client_id, secret_file"),
        (
            '[{"id": "Bad Id", "name": "X", "server_url": "https://a.test", "client_id": "c", "secret_file": "/f"}]',
            "lower-case",
        ),
        (
            '[{"id": "x", "name": "X", "server_url": "http://a.test", "client_id": "c", "secret_file": "/f"}]',
            "https://",
        ),
        (
            '[{"id": "x", "name": "X", "server_url": "https://a.test", "client_id": "c", "secret_file": "/nowhere/at/all"}]',
            "cannot be read",
        ),
        (
            '[{"id": "x", "name": "X", "server_url": "https://a.test", "client_id": "c", "secret": "inline"}]',
            "unknown: secret",
        ),
    ],
)
def test_oidc_providers_refuse_what_they_cannot_use(monkeypatch, value, says):
    from warp.env import oidc_providers

    monkeypatch.setenv("WARP_OIDC_PROVIDERS", value)
    with pytest.raises(ImproperlyConfigured, match=says):
        oidc_providers("WARP_OIDC_PROVIDERS")
