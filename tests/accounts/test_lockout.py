from tests.accounts.factories import sign_in_with_password


class Clock:
    def __init__(self, start: float = 1_900_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now


def _fail(client, email, times):
    for _ in range(times):
        sign_in_with_password(client, email, "not-the-password")


def test_ten_failures_lock_the_account_even_for_the_right_password_and_say_when(
    client, personas, monkeypatch
):
    _fail(client, "sam.student@example.org", 10)
    response = sign_in_with_password(client, "sam.student@example.org")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "paused signing in to this account" in page
    assert "Please try again after" in page
    assert "contact the centre" in page


def test_nine_failures_do_not_lock(client, personas):
    _fail(client, "sam.student@example.org", 9)
    assert sign_in_with_password(client, "sam.student@example.org").status_code == 302


def test_the_lock_ends_after_the_cool_off_period(client, personas, monkeypatch, settings):
    clock = Clock()
    monkeypatch.setattr("warp.accounts.lockout.time.time", clock)
    _fail(client, "sam.student@example.org", 10)
    clock.now += settings.WARP_LOCKOUT_MINUTES * 60 - 30
    assert sign_in_with_password(client, "sam.student@example.org").status_code == 200
    clock.now += 60
    assert sign_in_with_password(client, "sam.student@example.org").status_code == 302


def test_failures_spread_over_more_than_five_minutes_do_not_lock(client, personas, monkeypatch):
    clock = Clock()
    monkeypatch.setattr("warp.accounts.lockout.time.time", clock)
    for _ in range(12):
        _fail(client, "sam.student@example.org", 1)
        clock.now += 40  # one every 40 seconds: never ten within five minutes
    assert sign_in_with_password(client, "sam.student@example.org").status_code == 302


def test_the_lock_is_per_account(client, personas):
    _fail(client, "manager@example.org", 10)
    assert sign_in_with_password(client, "sam.student@example.org").status_code == 302


def test_an_address_with_no_account_locks_the_same_way(client, db):
    # So the message does not reveal which addresses have accounts.
    _fail(client, "nobody@example.org", 10)
    response = sign_in_with_password(client, "nobody@example.org")
    assert "paused signing in to this account" in response.content.decode()


def test_lockout_setting_changes_the_limit(client, personas, settings):
    settings.WARP_LOCKOUT_ATTEMPTS = 3
    _fail(client, "sam.student@example.org", 3)
    assert sign_in_with_password(client, "sam.student@example.org").status_code == 200
