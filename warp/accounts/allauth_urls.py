"""The django-allauth pages WaRP uses, under the names allauth looks them up by (no namespace).

Only what sign-in needs: the password and second-factor steps, password reset, the second-factor pages
(the recovery-code pages are ours: warp/accounts/recovery_codes.py).
No sign-up (students register at students:register), no email management. Of allauth's social accounts only
the OpenID Connect sign-in and its callback ("Sign in with <organisation>"; warp/accounts/organisation.py), which
answer 404 for a provider not in WARP_OIDC_PROVIDERS.
"""

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from django.urls import path, re_path

from warp.accounts import views
from warp.accounts.access import public, role_required, signed_in
from warp.accounts.models import Role
from warp.accounts.views import own

urlpatterns = [
    # The same page as accounts:login; allauth redirects to it by this name.
    path("sign-in/", views.sign_in, name="account_login"),
    path("inactive/", public(own(account_views.account_inactive)), name="account_inactive"),
    path("confirm/", signed_in(account_views.reauthenticate), name="account_reauthenticate"),
    path("password/reset/", public(own(account_views.password_reset)), name="account_reset_password"),
    path(
        "password/reset/sent/",
        public(own(account_views.password_reset_done)),
        name="account_reset_password_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        public(own(account_views.password_reset_from_key)),
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/done/",
        public(own(account_views.password_reset_from_key_done)),
        name="account_reset_password_from_key_done",
    ),
    path("two-step/", views.two_step_index, name="mfa_index"),
    # Part of signing in: the person is not signed in yet, allauth keeps who they are in the session.
    path("two-step/code/", public(views.second_factor), name="mfa_authenticate"),
    path("two-step/confirm/", signed_in(mfa_views.reauthenticate), name="mfa_reauthenticate"),
    path("two-step/app/", signed_in(views.activate_totp), name="mfa_activate_totp"),
    # Staff keep their authenticator app (403), even acting as a student; a student may switch theirs off.
    path(
        "two-step/app/remove/",
        role_required(Role.STUDENT)(views.deactivate_totp),
        name="mfa_deactivate_totp",
    ),
    # Our own recovery codes, kept only as hashes (warp/accounts/recovery_codes.py): shown once, when made,
    # so there is no page to view or download them later.
    path("two-step/recovery-codes/", views.recovery_codes_view, name="mfa_view_recovery_codes"),
    path("two-step/recovery-codes/new/", views.recovery_codes_generate, name="mfa_generate_recovery_codes"),
    # Signing in with an organisation's account: the button's target, and where the organisation sends
    # people back (the address to register with the identity provider).
    path("organisation/<slug:provider_id>/sign-in/", views.organisation_sign_in, name="openid_connect_login"),
    path(
        "organisation/<slug:provider_id>/callback/",
        views.organisation_callback,
        name="openid_connect_callback",
    ),
]
