import pytest

from tests.personas import make_personas, sign_in_fully


def pytest_configure(config):
    from django.conf import settings

    # Real hashing is deliberately slow; tests sign in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WARP_RECOVERY_CODE_SCRYPT_N = 2**4  # the same for recovery codes
    # Lockouts and used sign-in codes live in the cache: never share it with a running server's files.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


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
    """client_for("centre_manager") -> a test client signed in as that persona."""

    def _client(key: str):
        client.logout()
        if key != "anonymous":
            sign_in_fully(client, personas[key])
        return client

    return _client


@pytest.fixture(autouse=True)
def _email_to_memory(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
