"""Keep UserSession in step with signing in and out, and start the session clocks."""

import time

from allauth.account import signals as allauth_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from warp.accounts import services
from warp.accounts.middleware import SEEN_AT, SIGNED_IN_AT
from warp.accounts.models import mfa_required_for
from warp.audit.services import client_address


@receiver(user_logged_in, dispatch_uid="warp_session_started")
def _signed_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    if request.session.session_key is None:
        request.session.save()
    meta = getattr(request, "META", {})
    services.user_session_start(
        user=user,
        session_key=request.session.session_key,
        user_agent=meta.get("HTTP_USER_AGENT", ""),
        ip=client_address(request),
    )


@receiver(user_logged_out, dispatch_uid="warp_session_ended")
def _signed_out(sender, request, user, **kwargs):
    if user is not None and request is not None and hasattr(request, "session"):
        services.user_session_end(user=user, session_key=request.session.session_key)


@receiver(allauth_signals.user_logged_in, dispatch_uid="warp_organisation_signed_in")
def _signed_in_through_the_pages(sender, request, user, sociallogin=None, **kwargs):
    """Every completed sign-in is audited: with an organisation's account (refusals are, where they are
    refused), or with an email address and password (after the code, for someone with an authenticator
    app). allauth's own signal, sent once the last step is passed, which carries the social login (Django's
    does not)."""
    if request is None:
        return
    if sociallogin is not None:
        from warp.accounts.organisation import record_sign_in

        record_sign_in(request, user, sociallogin)
        return
    factor = "with the authenticator app's code" if mfa_required_for(user) else "no second factor needed"
    services.sign_in_record(request=request, user=user, how=f"Password sign-in; {factor}")
