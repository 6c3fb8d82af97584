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
