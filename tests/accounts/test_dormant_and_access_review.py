from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.accounts.factories import make_staff, sign_in_with_password
from tests.personas import sign_in_fully
from warp.accounts import services
from warp.accounts.models import Role, User, UserSession


def _last_seen(user, days_ago):
    long_ago = timezone.now() - timedelta(days=days_ago)
    User.objects.filter(pk=user.pk).update(last_login=long_ago, date_joined=long_ago - timedelta(days=1))


def test_dormant_staff_are_switched_off_and_students_and_recent_staff_are_not(personas, settings):
    settings.WARP_DORMANT_DAYS = 90
    _last_seen(personas["peer_trainer"], 91)
    _last_seen(personas["centre_manager"], 89)
    _last_seen(personas["student"], 400)
    out = StringIO()
    call_command("accounts_disable_dormant", stdout=out)
    active = dict(User.objects.values_list("email", "is_active"))
    assert active["peer@example.org"] is False
    assert active["manager@example.org"] is True
    assert active["sam.student@example.org"] is True
    assert "1 dormant staff accounts switched off" in out.getvalue()


def test_staff_who_never_signed_in_count_from_when_they_joined(db):
    old = make_staff("old@example.org")
    new = make_staff("new@example.org")
    User.objects.filter(pk=old.pk).update(date_joined=timezone.now() - timedelta(days=100))
    assert [u.email for u in services.users_disable_dormant(days=90)] == ["old@example.org"]
    new.refresh_from_db()
    assert new.is_active


def test_dormancy_ends_the_accounts_sessions(personas):
    browser = Client()
    sign_in_with_password(browser, "peer@example.org")
    _last_seen(personas["peer_trainer"], 120)
    services.users_disable_dormant(days=90)
    assert not UserSession.objects.filter(user=personas["peer_trainer"]).exists()


def test_the_last_active_administrator_is_never_switched_off(personas):
    second = make_staff("admin2@example.org", role=Role.ADMINISTRATOR)
    _last_seen(personas["administrator"], 200)
    _last_seen(second, 150)
    disabled = services.users_disable_dormant(days=90)
    assert [u.email for u in disabled if u.role == Role.ADMINISTRATOR] == ["admin@example.org"]
    second.refresh_from_db()
    assert second.is_active


def test_switching_back_on_restarts_the_dormancy_clock(personas):
    _last_seen(personas["team_lead"], 100)
    services.users_disable_dormant(days=90)
    services.user_enable(user=User.objects.get(pk=personas["team_lead"].pk), by=personas["administrator"])
    assert services.users_disable_dormant(days=90) == []


def test_access_review_lists_roles_second_factor_last_sign_in_and_state(client, personas):
    make_staff("no.app@example.org")
    sign_in_fully(client, personas["administrator"])
    page = client.get(reverse("accounts:access-review"))
    rows = {account.email: account for account in page.context["accounts"]}
    assert rows["no.app@example.org"].has_totp is False
    assert rows["manager@example.org"].has_totp is True
    html = page.content.decode()
    assert "Not set up" in html and "Never" in html and "Centre manager" in html


def test_administrator_switches_an_account_off_and_on(client, personas):
    manager = Client()
    sign_in_fully(manager, personas["centre_manager"])
    sign_in_fully(client, personas["administrator"])
    user = personas["centre_manager"]
    client.post(reverse("accounts:access-review"), {"user": user.pk, "action": "disable"})
    user.refresh_from_db()
    assert not user.is_active
    assert manager.get(reverse("accounts:profile")).status_code == 302
    client.post(reverse("accounts:access-review"), {"user": user.pk, "action": "enable"})
    user.refresh_from_db()
    assert user.is_active


def test_an_administrator_cannot_switch_off_themselves_or_the_last_administrator(client, personas):
    sign_in_fully(client, personas["administrator"])
    me = personas["administrator"]
    response = client.post(
        reverse("accounts:access-review"), {"user": me.pk, "action": "disable"}, follow=True
    )
    me.refresh_from_db()
    assert me.is_active
    assert "last active administrator" in response.content.decode()


def test_access_review_queries_do_not_grow_with_accounts(client, personas, django_assert_max_num_queries):
    sign_in_fully(client, personas["administrator"])
    for count in (3, 30):
        for n in range(count):
            make_staff(f"extra{count}-{n}@example.org")
        # Queries: the session, the user, then every account with its second-factor state in one, and
        # the audit entries for the students' own accounts it lists (one insert).
        with django_assert_max_num_queries(4):
            page = client.get(reverse("accounts:access-review"))
        assert len(page.context["accounts"]) >= count


def test_demo_code_command_prints_the_code_for_the_published_demo_key():
    import time

    from warp.accounts.demo_totp import DEMO_TOTP_SECRET, demo_code

    out = StringIO()
    call_command("demo_totp_code", stdout=out)
    assert out.getvalue().split()[0] in {demo_code(time.time() - 5), demo_code()}
    assert DEMO_TOTP_SECRET in out.getvalue()


def test_administrator_resets_a_lost_phone_and_the_person_sets_up_an_app_again(client, personas):
    from allauth.mfa.models import Authenticator

    from warp.audit.models import AuditEntry

    trainer = personas["peer_trainer"]
    on_their_phone = Client()
    sign_in_fully(on_their_phone, trainer)
    sign_in_fully(client, personas["administrator"])
    page = client.get(reverse("accounts:access-review")).content.decode()
    assert f'Reset (lost phone)<span class="nhsuk-u-visually-hidden"> for {trainer.email}' in page
    response = client.post(
        reverse("accounts:access-review"), {"user": trainer.pk, "action": "reset_second_factor"}, follow=True
    )
    assert "asked to set up an authenticator app again" in response.content.decode()
    assert not Authenticator.objects.filter(user=trainer).exists()  # app and recovery codes both gone
    assert on_their_phone.get(reverse("accounts:profile")).status_code == 302  # signed out everywhere
    entry = AuditEntry.objects.get(model="accounts.User", object_id=str(trainer.pk))
    assert (entry.action, entry.note, entry.user_id) == (
        "change",
        "Two-step sign-in reset",
        personas["administrator"].pk,
    )
    again = Client()
    sign_in_with_password(again, trainer.email)
    assert again.get(reverse("bookings:trainer-sessions")).url == reverse("mfa_activate_totp")


def test_nobody_resets_their_own_two_step_sign_in_from_the_access_review(client, personas):
    from allauth.mfa.models import Authenticator

    me = personas["administrator"]
    sign_in_fully(client, me)
    response = client.post(
        reverse("accounts:access-review"), {"user": me.pk, "action": "reset_second_factor"}, follow=True
    )
    assert "cannot reset your own two-step sign-in" in response.content.decode()
    assert Authenticator.objects.filter(user=me).exists()
