import tempfile
from pathlib import Path

import pytest

from tests.personas import make_personas, sign_in_fully


def pytest_configure(config):
    from django.conf import settings

    # Real hashing is deliberately slow; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WARP_RECOVERY_CODE_SCRYPT_N = 2**4  # the same for recovery codes
    # Lockouts and used sign-in codes live in the cache: never share it with a running server's files.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The network key the demo (built once per module) makes: never the centre's real one in data/.
    settings.WARP_NETWORK_KEY_FILE = str(Path(tempfile.mkdtemp(prefix="warp-network-")) / "network_key.pem")


def _transactional_tests_keep_the_seeded_rows(items):
    """Every `transaction=True` test must also say `serialized_rollback=True`. A transactional test ends
    by emptying every table and re-running post_migrate, which gives the content types new ids; the next
    test that restores the serialized rows (the browser tests do) then writes content type 1 again and
    fails with "UNIQUE constraint failed: django_content_type...". Restoring after every transactional
    test keeps the ids as migrations made them."""
    wrong = [
        item.nodeid
        for item in items
        if (marker := item.get_closest_marker("django_db"))
        and marker.kwargs.get("transaction")
        and not marker.kwargs.get("serialized_rollback")
    ]
    if wrong:
        raise pytest.UsageError(
            "These tests use django_db(transaction=True) without serialized_rollback=True; add it "
            "(see tests/conftest.py, _transactional_tests_keep_the_seeded_rows):\n  " + "\n  ".join(wrong)
        )


def pytest_collection_modifyitems(config, items):
    """`postgres_only` tests skip before their database fixtures run on SQLite (a transactional fixture
    that never runs its test would still rebuild the database, and fail on what an earlier test left)."""
    from django.conf import settings

    _transactional_tests_keep_the_seeded_rows(items)
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(
        reason="Needs PostgreSQL (row locks, real concurrency); set DATABASE_URL to run it."
    )
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (lockouts, kept prospectus pages), as its database starts empty."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def personas(db):
    """One user for each role: student, admissions_tutor, peer_trainer, professional_trainer,
    centre_manager, team_lead, partnership_lead, commissioner, administrator, outsider."""
    return make_personas()


@pytest.fixture
def client_for(client, personas):
    """client_for("centre_manager") -> a test client signed in as that persona; client_for("student",
    acting="trainer") for a persona given a second role (tests.personas.give_role) acting in it."""

    def _client(key: str, *, acting: str | None = None):
        client.logout()
        if key != "anonymous":
            sign_in_fully(client, personas[key], acting=acting)
        return client

    return _client


@pytest.fixture(autouse=True)
def _email_to_memory(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.WARP_NETWORK_KEY_FILE = str(tmp_path / "network_key.pem")  # never the centre's real key in data/
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # GOV.UK Notify off, whatever the environment says: tests/bookings/test_notify.py turns it on itself.
    settings.WARP_NOTIFY_API_KEY = ""
    settings.WARP_NOTIFY_CALLBACK_TOKEN = ""
