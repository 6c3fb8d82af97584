"""Signing in with an organisation's account (OpenID Connect), against a fake provider behind a mocked HTTP
layer (tests/accounts/fake_identity_provider.py): real allauth, real WaRP rules, real RSA-signed ID tokens."""

import time

import pytest
import requests
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.accounts import fake_identity_provider as fake
from tests.accounts.factories import code_for, make_staff
from tests.personas import PASSWORD, sign_in_fully
from warp.accounts import services
from warp.accounts.middleware import passed_second_factor
from warp.accounts.models import OrganisationInvitation, User
from warp.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings, monkeypatch):
    """The fake Example NHS Trust, configured as WARP_OIDC_PROVIDERS would, with example.org allowed."""
    settings.SOCIALACCOUNT_PROVIDERS = fake.providers_setting()
    settings.WARP_OIDC_ALLOWED_DOMAINS = ["example.org"]
    settings.WARP_OIDC_STUDENTS = False
    the_provider = fake.FakeProvider()
    monkeypatch.setattr(
        requests.Session,
        "request",
        lambda session, method, url, *args, **kwargs: the_provider.request(
            session, method, url, *args, **kwargs
        ),
    )
    return the_provider


def _signed_in_as(client) -> User | None:
    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk) if pk else None


def _messages(response) -> str:
    return " ".join(str(message) for message in response.wsgi_request._messages)


def _refused(client, response) -> str:
    """The person is back on the sign-in page, not signed in; the message they are shown."""
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert _signed_in_as(client) is None
    return _messages(response)


def _last_refusal() -> AuditEntry:
    return AuditEntry.objects.filter(action="sign_in_refused").latest("pk")


def test_a_valid_token_signs_in_a_staff_member_and_links_their_identity(client, personas, provider):
    tutor = personas["admissions_tutor"]
    response = fake.sign_in_with_organisation(client)
    assert response.status_code == 302
    assert response["Location"] == tutor.start_url()
    assert _signed_in_as(client) == tutor
    assert client.get(tutor.start_url()).status_code == 200
    link = SocialAccount.objects.get(user=tutor)
    assert (link.provider, link.uid) == (fake.PROVIDER_ID, "organisation-identity-0001")
    # WaRP fetched only the discovery document, the keys and the token: nothing asked of userinfo.
    assert set(provider.asked) == {
        fake.ISSUER + "/.well-known/openid-configuration",
        provider.token_endpoint,
        provider.jwks_uri,
    }

    # Once linked, the identity signs in whatever address the organisation gives later.
    client.post(reverse("accounts:logout"))
    provider.claims = {"email": "renamed@elsewhere.test", "email_verified": False}
    fake.sign_in_with_organisation(client)
    assert _signed_in_as(client) == tutor
    assert SocialAccount.objects.filter(user=tutor).count() == 1


def test_the_sign_in_page_shows_the_button_only_when_a_provider_is_configured(client, settings, db):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert "Sign in with" not in client.get(reverse("accounts:login")).content.decode()
    assert (
        client.post(reverse("openid_connect_login", kwargs={"provider_id": "example-trust"})).status_code
        == 404
    )

    settings.SOCIALACCOUNT_PROVIDERS = fake.providers_setting()
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in with Example NHS Trust" in page
    assert f'action="{reverse("openid_connect_login", kwargs={"provider_id": fake.PROVIDER_ID})}"' in page


def test_a_token_from_another_issuer_is_refused(client, personas, provider):
    provider.claims = {"iss": "https://login.someone-else.test/v2.0"}
    message = _refused(client, fake.sign_in_with_organisation(client))
    assert "could not sign you in with your organisation's account" in message
    assert not SocialAccount.objects.exists()
    assert "did not check out" in _last_refusal().note


def test_a_token_for_another_audience_is_refused(client, personas, provider):
    provider.claims = {"aud": "some-other-application"}
    _refused(client, fake.sign_in_with_organisation(client))
    assert not SocialAccount.objects.exists()


def test_an_expired_token_is_refused(client, personas, provider):
    provider.claims = {"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}
    _refused(client, fake.sign_in_with_organisation(client))
    assert not SocialAccount.objects.exists()


def test_a_token_signed_with_a_key_the_organisation_does_not_publish_is_refused(client, personas, provider):
    provider.published_key = fake._new_key()
    _refused(client, fake.sign_in_with_organisation(client))
    assert not SocialAccount.objects.exists()


def test_an_unverified_email_links_nobody(client, personas, provider):
    provider.claims = {"email_verified": False}
    message = _refused(client, fake.sign_in_with_organisation(client))
    assert "has not confirmed your email address" in message
    assert not SocialAccount.objects.exists()
    assert "not verified" in _last_refusal().note


def test_an_email_outside_the_allowed_domains_links_nobody(client, personas, provider, settings):
    settings.WARP_OIDC_ALLOWED_DOMAINS = ["example-trust.nhs.test"]
    message = _refused(client, fake.sign_in_with_organisation(client))
    assert "ask the centre's administrator to invite you" in message
    assert not SocialAccount.objects.exists()
    assert "WARP_OIDC_ALLOWED_DOMAINS" in _last_refusal().note


def test_the_organisations_mfa_claim_satisfies_the_second_factor(client, personas, provider):
    manager = personas["centre_manager"]  # has an authenticator app, and is not asked for its code
    provider.claims = {"email": "manager@example.org", "amr": ["pwd", "mfa"]}
    response = fake.sign_in_with_organisation(client)
    assert response["Location"] == manager.start_url()
    assert _signed_in_as(client) == manager
    request = client.get(manager.start_url()).wsgi_request
    assert passed_second_factor(request)
    assert client.get(reverse("students:student-list")).status_code == 200


def test_the_mfa_claim_also_spares_staff_without_an_app_from_setting_one_up(client, db, provider):
    newcomer = make_staff()
    provider.claims = {"email": newcomer.email, "amr": ["hwk"]}
    response = fake.sign_in_with_organisation(client)
    assert _signed_in_as(client) == newcomer
    assert client.get(response["Location"]).status_code == 200  # not sent to set up an app


def test_without_the_mfa_claim_warp_asks_for_its_own_code(client, personas, provider):
    manager = personas["centre_manager"]
    provider.claims = {"email": "manager@example.org", "amr": ["pwd"]}
    response = fake.sign_in_with_organisation(client)
    assert response["Location"] == reverse("mfa_authenticate")
    assert _signed_in_as(client) is None
    response = client.post(reverse("mfa_authenticate"), {"code": code_for()})
    assert response["Location"] == manager.start_url()
    assert _signed_in_as(client) == manager


def test_staff_without_an_app_and_without_the_mfa_claim_must_set_one_up(client, db, provider):
    newcomer = make_staff()
    provider.claims = {"email": newcomer.email, "amr": None}
    response = fake.sign_in_with_organisation(client)
    assert _signed_in_as(client) == newcomer
    assert client.get(response["Location"])["Location"] == reverse("mfa_activate_totp")
    # Not asked to confirm a password first: the organisation's sign-in was a moment ago (and an invited
    # member of staff may have no password at all).
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_switched_off_account_cannot_sign_in_and_its_sessions_end(client, personas, provider):
    tutor = personas["admissions_tutor"]
    fake.sign_in_with_organisation(client)
    assert _signed_in_as(client) == tutor

    services.user_disable(user=tutor, by=personas["administrator"])
    # The session the organisation's sign-in made is over, though the organisation account still works.
    assert client.get(reverse("accounts:profile"))["Location"].startswith(reverse("accounts:login"))
    message = _refused(client, fake.sign_in_with_organisation(client))
    assert "switched off" in message
    refusal = _last_refusal()
    assert (refusal.user_id, refusal.note) == (
        tutor.pk,
        "Organisation sign-in (Example NHS Trust) refused: the account is switched off in WaRP",
    )


def test_signing_in_makes_no_account_for_someone_warp_does_not_know(client, personas, provider):
    provider.claims = {"email": "stranger@example.org"}
    users_before = User.objects.count()
    message = _refused(client, fake.sign_in_with_organisation(client))
    assert "does not make one" in message
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()


def test_students_are_refused_unless_the_centre_turns_it_on(client, personas, provider, settings):
    provider.claims = {"email": "sam.student@example.org", "amr": None}
    message = _refused(client, fake.sign_in_with_organisation(client))
    assert "Students sign in with their email address and password" in message
    assert not SocialAccount.objects.exists()

    settings.WARP_OIDC_STUDENTS = True
    response = fake.sign_in_with_organisation(client)
    assert _signed_in_as(client) == personas["student"]
    assert response["Location"] == personas["student"].start_url()


def test_every_sign_in_and_refusal_is_audited(client, personas, provider):
    provider.claims = {"email": "stranger@example.org"}
    fake.sign_in_with_organisation(client)
    refusal = _last_refusal()
    assert refusal.user_id is None
    assert refusal.note.startswith("Organisation sign-in (Example NHS Trust) refused: no WaRP account")
    assert "stranger" not in refusal.note  # a reason, never the address typed

    provider.claims = {}
    fake.sign_in_with_organisation(client)
    tutor = personas["admissions_tutor"]
    linked = AuditEntry.objects.filter(action="change", object_id=str(tutor.pk)).get()
    assert "linked by a verified email address in an allowed domain" in linked.note
    signed_in = AuditEntry.objects.filter(action="sign_in").get()
    assert (signed_in.user_id, signed_in.model, signed_in.object_id) == (
        tutor.pk,
        "accounts.User",
        str(tutor.pk),
    )
    assert signed_in.note == "Organisation sign-in (Example NHS Trust); second factor by the organisation"


def test_a_provider_that_cannot_be_reached_gets_a_kind_message_and_leaves_nothing_behind(
    client, personas, provider
):
    provider.reachable = False
    response = fake.start_sign_in(client)
    message = _refused(client, response)
    assert "cannot reach Example NHS Trust's sign-in service just now" in message
    assert not client.session.get(statekit.STATES_SESSION_KEY)
    assert not SocialAccount.objects.exists()
    assert "could not be reached" in _last_refusal().note


def test_a_provider_down_on_the_way_back_leaves_nothing_behind(client, personas, provider):
    start = fake.start_sign_in(client)
    provider.reachable = False
    message = _refused(client, fake.come_back(client, start))
    assert "cannot reach Example NHS Trust's sign-in service" in message
    assert not client.session.get(statekit.STATES_SESSION_KEY)
    assert not SocialAccount.objects.exists()


def test_an_administrators_invitation_links_whatever_identity_they_sign_in_with(
    client, personas, provider, django_capture_on_commit_callbacks
):
    newcomer = make_staff(email="new.tutor@personal-mail.test")
    admin = sign_in_fully(client, personas["administrator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("accounts:staff-organisation-invite", kwargs={"pk": newcomer.pk}),
            {"provider_id": fake.PROVIDER_ID},
        )
    assert response["Location"] == reverse("accounts:staff-roles", kwargs={"pk": newcomer.pk})
    invited = AuditEntry.objects.filter(action="change", object_id=str(newcomer.pk)).get()
    assert (invited.user_id, invited.note) == (
        personas["administrator"].pk,
        "Invited to sign in with Example NHS Trust",
    )
    (email,) = mail.outbox
    assert email.to == [newcomer.email]
    link = next(line for line in email.body.splitlines() if "/account/organisation/invitation/" in line)
    path = link[link.index("/account/") :]
    client.post(reverse("accounts:logout"))

    page = client.get(path)
    assert "Continue to Example NHS Trust" in page.content.decode()
    # Neither verified nor in an allowed domain: the invitation alone links it.
    provider.claims = {
        "sub": "identity-of-the-newcomer",
        "email": "n.tutor@trust.test",
        "email_verified": False,
    }
    fake.sign_in_with_organisation(client, path=path)
    assert _signed_in_as(client) == newcomer
    assert SocialAccount.objects.get(user=newcomer).uid == "identity-of-the-newcomer"
    assert OrganisationInvitation.objects.get(user=newcomer).used_at is not None
    assert AuditEntry.objects.filter(note__contains="linked by an administrator's invitation").exists()

    client.post(reverse("accounts:logout"))
    assert "This link has stopped working" in client.get(path).content.decode()


def test_an_invitation_is_refused_for_a_student_and_the_link_is_checked(client, personas, provider):
    with pytest.raises(services.AccountChangeRefused):
        services.organisation_invitation_create(
            user=personas["student"], provider_id=fake.PROVIDER_ID, by=personas["administrator"], base_url="/"
        )
    bad = reverse("accounts:organisation-invitation", kwargs={"key": "not-a-real-key"})
    assert "This link has stopped working" in client.get(bad).content.decode()
    assert client.post(bad).status_code == 200  # no trip to the provider
    assert provider.asked == []


def test_an_administrator_unlinks_an_organisation_account(client, personas, provider):
    fake.sign_in_with_organisation(client)
    tutor = personas["admissions_tutor"]
    admin = sign_in_fully(client, personas["administrator"])
    page = admin.get(reverse("accounts:staff-roles", kwargs={"pk": tutor.pk})).content.decode()
    assert "Linked to their Example NHS Trust account" in page
    admin.post(reverse("accounts:staff-organisation-unlink", kwargs={"pk": tutor.pk}))
    assert not SocialAccount.objects.filter(user=tutor).exists()
    assert AuditEntry.objects.filter(note="Organisation sign-in unlinked", object_id=str(tutor.pk)).exists()


def test_a_students_linked_identity_is_in_their_bundle_and_goes_with_erasure(
    client, personas, provider, settings
):
    from tests.factories import make_student
    from warp.privacy.bundle import build_bundle
    from warp.privacy.services import student_erase

    settings.WARP_OIDC_STUDENTS = True
    student = make_student(email="lee.student@example.org", account_password=PASSWORD)
    provider.claims = {"email": "lee.student@example.org", "sub": "lee-at-the-trust"}
    fake.sign_in_with_organisation(client)
    assert _signed_in_as(client) == student.user
    (row,) = build_bundle(student)["sections"]["socialaccount.SocialAccount"]
    assert row["uid"] == "lee-at-the-trust"
    assert row["extra_data"]["id_token"]["email"] == "lee.student@example.org"

    student_erase(student=student, by=personas["administrator"], basis="Their request")
    assert not SocialAccount.objects.exists()


def test_the_sign_in_pages_let_their_form_go_to_the_organisation_and_no_further(client, settings, db):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    assert "form-action 'self';" in client.get(reverse("accounts:login"))["Content-Security-Policy"]

    settings.SOCIALACCOUNT_PROVIDERS = fake.providers_setting()
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    # Browsers hold the form's redirect to the organisation to the page's form-action.
    assert "form-action 'self' https://login.example-trust.test;" in policy
    assert "form-action 'self';" in client.get(reverse("core:home"))["Content-Security-Policy"]
