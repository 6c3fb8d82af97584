from tests.url_access import (
    ACTION,
    FORBIDDEN,
    FORM,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    READS,
    REDIRECT,
    only,
    route,
)

STAFF = (
    "admissions_tutor",
    "peer_trainer",
    "professional_trainer",
    "centre_manager",
    "team_lead",
    "partnership_lead",
    "commissioner",
    "administrator",
)
STUDENTS = ("student", "outsider")


def world(built):
    from warp.accounts.services import user_session_start

    other = user_session_start(user=built["personas"]["student"], session_key="x" * 32)
    return {"sams_other_session": other}


ROUTES = {
    "accounts:login": route(anonymous=OK, default=REDIRECT, methods=FORM),
    "account_login": route(anonymous=OK, default=REDIRECT, methods=FORM),
    # Signing out is a POST (a link could sign people out from another site).
    "accounts:logout": route(anonymous=NOT_ALLOWED, default=NOT_ALLOWED, methods=ACTION),
    "accounts:profile": route(default=OK, methods=READS),
    "accounts:password-change": route(default=OK, methods=FORM),
    "accounts:sessions": route(default=OK, methods=READS),
    "accounts:session-end": route(
        default=NOT_ALLOWED, kwargs=lambda w: {"pk": w["sams_other_session"].pk}, methods=ACTION
    ),
    "accounts:session-end-others": route(default=NOT_ALLOWED, methods=ACTION),
    "accounts:access-review": only(["administrator"], methods=FORM),
    "accounts:acting-role-switch": route(default=NOT_ALLOWED, methods=ACTION),
    "accounts:staff-create": only(["administrator"], methods=FORM),
    "accounts:staff-roles": only(
        ["administrator"], kwargs=lambda w: {"pk": w["personas"]["peer_trainer"].pk}, methods=FORM
    ),
    "accounts:staff-invite": only(
        ["administrator"],
        allowed=NOT_ALLOWED,
        kwargs=lambda w: {"pk": w["personas"]["peer_trainer"].pk},
        methods=ACTION,
    ),
    # allauth's pages, under the names allauth uses.
    "account_inactive": route(anonymous=OK, default=OK, methods=READS),
    "account_reauthenticate": route(default=OK, methods=FORM),
    "account_reset_password": route(anonymous=OK, default=OK, methods=FORM),
    "account_reset_password_done": route(anonymous=OK, default=OK, methods=READS),
    "account_reset_password_from_key": route(
        anonymous=OK, default=OK, kwargs=lambda w: {"uidb36": "1", "key": "not-a-real-key"}, methods=FORM
    ),
    "account_reset_password_from_key_done": route(anonymous=OK, default=OK, methods=READS),
    "mfa_index": route(default=OK, methods=READS),
    # Only in the middle of signing in; otherwise back to the sign-in page.
    "mfa_authenticate": route(anonymous=LOGIN, default=REDIRECT, methods=FORM),
    # Only for people with an app; the others confirm with their password instead.
    "mfa_reauthenticate": route(default=OK, student=REDIRECT, outsider=REDIRECT, methods=FORM),
    # Staff already have an app: sent on to it; students may set one up.
    "mfa_activate_totp": route(default=REDIRECT, student=OK, outsider=OK, methods=FORM),
    "mfa_deactivate_totp": route(default=FORBIDDEN, student=NOT_FOUND, outsider=NOT_FOUND, methods=FORM),
    "mfa_view_recovery_codes": route(default=NOT_FOUND, methods=READS),
    "mfa_generate_recovery_codes": route(default=OK, methods=FORM),
    # Signing in with an organisation's account (OpenID Connect). The suite configures no provider, so the
    # button's target and the callback answer 404 (tests/accounts/test_organisation_sign_in.py has one).
    "openid_connect_login": route(
        anonymous=NOT_ALLOWED,
        default=NOT_ALLOWED,
        kwargs=lambda w: {"provider_id": "example-trust"},
        methods=ACTION,
    ),
    "openid_connect_callback": route(
        anonymous=NOT_FOUND,
        default=NOT_FOUND,
        kwargs=lambda w: {"provider_id": "example-trust"},
        methods=READS,
    ),
    # An administrator's emailed invitation: a wrong or used key gets the "stopped working" page.
    "accounts:organisation-invitation": route(
        anonymous=OK, default=OK, kwargs=lambda w: {"key": "not-a-real-key"}, methods=FORM
    ),
    "accounts:staff-organisation-invite": only(
        ["administrator"],
        allowed=NOT_ALLOWED,
        kwargs=lambda w: {"pk": w["personas"]["peer_trainer"].pk},
        methods=ACTION,
    ),
    "accounts:staff-organisation-unlink": only(
        ["administrator"],
        allowed=NOT_ALLOWED,
        kwargs=lambda w: {"pk": w["personas"]["peer_trainer"].pk},
        methods=ACTION,
    ),
}
