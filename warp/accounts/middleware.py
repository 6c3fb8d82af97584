"""Guards on every signed-in request: the acting role, the session timeouts, and the second factor staff
must use."""

import time

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from warp.accounts import services
from warp.accounts.models import mfa_required_for

ACTING_ROLE = "warp_acting_role"  # the session's acting role, when it is not the person's usual one
SIGNED_IN_AT = "warp_signed_in_at"
SEEN_AT = "warp_seen_at"
SEEN_EVERY_SECONDS = 60  # write "last seen" at most once a minute, not on every request

# Pages a person who must still set up their second factor may use: the setup itself and signing out.
SETUP_URL_NAMES = frozenset(
    {
        "accounts:logout",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
    }
)


def passed_second_factor(request) -> bool:
    """Whether this session went through a second-factor step (allauth records each step in the session)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class ActingRoleMiddleware:
    """Sets `request.user.role` to the role this session acts in (chosen with the switch in the header).

    Nothing to do, and no query, for the many sessions acting in the person's usual role. A role the person
    no longer holds (an administrator took it away) is forgotten and they act in their usual role again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        acting = request.session.get(ACTING_ROLE)
        if acting and request.user.is_authenticated:
            if acting in request.user.held_roles:
                request.user.act_as(acting)
            else:
                del request.session[ACTING_ROLE]
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Signs people out after WARP_SESSION_IDLE_MINUTES without a request, or WARP_SESSION_MAX_HOURS after
    signing in, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = session.get(SIGNED_IN_AT)
            seen_at = session.get(SEEN_AT, signed_in_at)
            if signed_in_at is None:  # a session from before these limits: start its clock now
                session[SIGNED_IN_AT] = session[SEEN_AT] = now
            elif (
                now - signed_in_at > settings.WARP_SESSION_MAX_HOURS * 3600
                or now - seen_at > settings.WARP_SESSION_IDLE_MINUTES * 60
            ):
                path = request.get_full_path()
                services.user_session_end(user=request.user, session_key=session.session_key)
                logout(request)
                messages.info(
                    request,
                    "You were signed out to keep your account safe, because the page was left for a while "
                    "or you have been signed in for a long time. Please sign in again.",
                )
                return redirect_to_login(path)
            elif now - seen_at >= SEEN_EVERY_SECONDS:
                session[SEEN_AT] = now
                services.user_session_seen(user=request.user, session_key=session.session_key)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Staff must have TOTP set up, and their session must have passed it.

    No extra query once the session has passed a second factor (allauth records that in the session)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or not mfa_required_for(user) or passed_second_factor(request):
            return None
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            if request.resolver_match.view_name in SETUP_URL_NAMES:
                return None
            return redirect("mfa_activate_totp")
        # Signed in some other way than our sign-in page (which always asks for the code): start again.
        logout(request)
        messages.info(request, "Please sign in again, with the code from your authenticator app.")
        return redirect_to_login(request.get_full_path())
