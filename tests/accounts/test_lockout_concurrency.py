"""The lockout limit is exact when many wrong passwords arrive at the same moment (issue 13, hole 8)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from tests.accounts.factories import sign_in_with_password


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_five_simultaneous_wrong_passwords_are_answered_as_if_one_at_a_time(
    personas, settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: real row locks and one connection per thread.")
    # The production default cache (files under data/cache): a counter kept there raced.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    attempts = 25
    barrier = threading.Barrier(attempts)
    pages: list[str] = []
    errors: list[BaseException] = []

    def attempt():
        try:
            client = Client()
            barrier.wait(timeout=30)
            pages.append(sign_in_with_password(client, "sam.student@example.org", "not-it").content.decode())
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()  # each thread opened its own connection

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert len(pages) == attempts
    mismatched = sum("do not match an account" in page for page in pages)
    refused = sum(
        "paused signing in to this account" in page or "too many attempts to sign in from here" in page
        for page in pages
    )  # allauth's per-address limit may also answer when its cache lock is busy: a refusal too
    # One at a time, the first nine are told the password does not match and the tenth locks the account;
    # at the same moment it must be the same: never a tenth "does not match", never a second round.
    assert mismatched == settings.WARP_LOCKOUT_ATTEMPTS - 1
    assert refused == attempts - mismatched
    response = sign_in_with_password(Client(), "sam.student@example.org")
    assert "paused signing in to this account" in response.content.decode()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failure_counted_while_another_is_being_counted_waits_for_it_and_both_count():
    """The race made certain, not left to chance: while one request is counting a failure (its row
    locked), a second waits for it and then counts on top; read without the lock, the second would write
    back what it read before the first finished, and one failure would be lost."""
    import time

    from django.db import transaction

    from warp.accounts import lockout
    from warp.accounts.models import SignInLockout

    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: real row locks and one connection per thread.")
    email = "race.check@example.org"
    lockout.record_failure(email)
    key = lockout._key(email)
    errors: list[BaseException] = []

    def count_a_failure():
        try:
            lockout.record_failure(email)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    second = threading.Thread(target=count_a_failure)
    with transaction.atomic():
        row = SignInLockout.objects.select_for_update().get(key=key)
        second.start()
        with connection.cursor() as cursor:
            for _ in range(200):  # until the second request waits on the row (at most 10 s)
                # pg_locks is read afresh each time (pg_stat_activity would be frozen for the transaction)
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE NOT granted"
                    " AND pg_backend_pid() = ANY(pg_blocking_pids(pid))"
                )
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail(f"The second request never waited for the first: {errors}")
        row.failures = [*row.failures, time.time()]
        row.save(update_fields=["failures"])
    second.join(timeout=30)
    assert not errors, errors
    assert len(SignInLockout.objects.get(key=key).failures) == 3
