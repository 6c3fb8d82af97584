"""Signing in with an organisation's account (OpenID Connect), through allauth's openid_connect provider.

allauth talks to the identity provider (discovery, the redirect, the token, checking the ID token's issuer,
audience and expiry); WaRP decides who may come in, here:
- nobody gets an account or a role by signing in: only an existing WaRP account can be used, and roles stay
  what an administrator gave;
- an identity is linked to an account once, by an administrator's emailed invitation, or by a verified email
  address (the ID token's `email_verified` is true) in WARP_OIDC_ALLOWED_DOMAINS that is an account's address;
- an account switched off in WaRP cannot sign in this way; students only where WARP_OIDC_STUDENTS is on;
- an ID token whose `amr` claim names one of WARP_OIDC_MFA_AMR satisfies WaRP's second-factor rule
  (`SecondFactorStage`); otherwise WaRP asks for its own code as after a password;
- every sign-in, and every refusal with its reason, is in the audit log.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from allauth.account.internal.flows.login import record_authentication
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialLogin
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from warp import audit
from warp.accounts.models import OrganisationInvitation, User, mfa_required_for

INVITATION_SESSION_KEY = "warp_organisation_invitation"
_INVITATION_SALT = "warp.accounts.organisation.invitation"


def _apps() -> list[dict[str, Any]]:
    """allauth's openid_connect APPS, as warp/env.py makes them from WARP_OIDC_PROVIDERS."""
    configured: dict[str, Any] = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {})
    return list(configured.get("APPS", []))


def providers() -> list[dict[str, str]]:
    """The configured identity providers, [{"id": ..., "name": ...}], in the order WARP_OIDC_PROVIDERS gives."""
    return [{"id": app["provider_id"], "name": app["name"]} for app in _apps()]


def provider_name(provider_id: str) -> str:
    """The organisation's name as the sign-in page shows it; the id itself for one no longer configured."""
    return next((p["name"] for p in providers() if p["id"] == provider_id), provider_id)


def id_token_claims(sociallogin: SocialLogin) -> dict[str, Any]:
    """The ID token's claims (WaRP asks for no userinfo: warp/env.py sets fetch_userinfo off)."""
    data = sociallogin.account.extra_data or {}
    claims = data.get("id_token", data)
    return claims if isinstance(claims, dict) else {}


def used_mfa(claims: dict[str, Any]) -> bool:
    """Whether the organisation says it asked for more than one factor: its `amr` names one of
    WARP_OIDC_MFA_AMR (RFC 8176 values such as "mfa", "otp", "hwk", "swk")."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return bool(
        {str(value).lower() for value in amr} & {value.lower() for value in settings.WARP_OIDC_MFA_AMR}
    )


def _email_verified(claims: dict[str, Any]) -> bool:
    # Some providers send the JSON string "true" rather than the boolean.
    return claims.get("email_verified") is True or str(claims.get("email_verified")).lower() == "true"


def _domain_allowed(email: str) -> bool:
    return email.rpartition("@")[2].lower() in settings.WARP_OIDC_ALLOWED_DOMAINS


def allows_forms_to_organisations(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a page with a "Sign in with <organisation>" form: its Content Security Policy lets that form lead
    to the organisations' sign-in pages. The POST is answered by a redirect to the organisation, and browsers
    hold a form's redirects to the page's `form-action`, which is otherwise 'self' (warp/core/middleware.py).
    The organisations' origins are their `server_url`s' (their sign-in pages live there: Entra ID, Google)."""
    from warp.core.middleware import DEFAULT_CSP

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        origins = sorted(
            {"{0.scheme}://{0.netloc}".format(urlsplit(app["settings"]["server_url"])) for app in _apps()}
        )
        policy = getattr(settings, "WARP_CONTENT_SECURITY_POLICY", DEFAULT_CSP)
        if origins and policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy.replace(
                "form-action 'self'", "form-action 'self' " + " ".join(origins)
            )
        return response

    return wrapper


# Invitations ------------------------------------------------------------------------------------------


def invitation_key(invitation: OrganisationInvitation) -> str:
    """The secret part of the invitation's link: the invitation signed with SECRET_KEY."""
    return signing.dumps({"invitation": invitation.pk}, salt=_INVITATION_SALT)


def invitation_for_key(key: str) -> OrganisationInvitation | None:
    """The invitation a link names, while it can still be used (not used, not expired, account on)."""
    try:
        pk = signing.loads(key, salt=_INVITATION_SALT)["invitation"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    return (
        OrganisationInvitation.objects.select_related("user")
        .filter(pk=pk, used_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)
        .first()
    )


def _session_invitation(request: HttpRequest, provider_id: str) -> OrganisationInvitation | None:
    """The invitation this browser came with (set by the invitation's page), for this provider; used once."""
    pk = request.session.pop(INVITATION_SESSION_KEY, None)
    if pk is None:
        return None
    return (
        OrganisationInvitation.objects.select_related("user")
        .filter(pk=pk, provider_id=provider_id, used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


# Refusals ---------------------------------------------------------------------------------------------

ASK_FOR_INVITATION = (
    "Sign in with your email address and password instead, or ask the centre's administrator to invite you to "
    "use your organisation's account."
)


def refuse(
    request: HttpRequest, *, provider_id: str, reason: str, message: str, user: User | None = None
) -> ImmediateHttpResponse:
    """Audit a refused organisation sign-in (with its reason) and send the person back to the sign-in page
    with a kind message. Returned to be raised."""
    audit.record(
        action="sign_in_refused",
        request=request,
        user=user,
        model="accounts.User",
        object_id=user.pk if user is not None else None,
        note=f"Organisation sign-in ({provider_name(provider_id)}) refused: {reason}",
    )
    messages.error(request, message)
    return ImmediateHttpResponse(redirect("accounts:login"))


def record_sign_in(request: HttpRequest, user: User, sociallogin: SocialLogin) -> None:
    """The audit entry for a completed organisation sign-in, saying how the second factor was met."""
    provider_id = sociallogin.account.provider
    if used_mfa(id_token_claims(sociallogin)):
        factor = "second factor by the organisation"
    elif mfa_required_for(user):
        factor = "second factor by WaRP's code"
    else:
        factor = "no second factor needed"
    from warp.accounts import services

    services.sign_in_record(
        request=request, user=user, how=f"Organisation sign-in ({provider_name(provider_id)}); {factor}"
    )


class OrganisationSignInAdapter(DefaultSocialAccountAdapter):
    """allauth's hooks for signing in with an organisation's account, holding WaRP's rules."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False  # nobody gets an account by signing in

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        from warp.accounts import services

        provider_id = sociallogin.account.provider
        claims = id_token_claims(sociallogin)
        invitation = _session_invitation(request, provider_id)
        user: User | None = sociallogin.user if sociallogin.is_existing else None  # type: ignore[assignment]
        how = ""
        if user is None and invitation is not None:
            user, how = invitation.user, "an administrator's invitation"
        elif user is None:
            email = str(claims.get("email") or "").strip()
            if not email:
                raise refuse(
                    request,
                    provider_id=provider_id,
                    reason="no email address in the ID token",
                    message="Your organisation did not tell us your email address, so we cannot find your "
                    f"WaRP account. {ASK_FOR_INVITATION}",
                )
            if not _email_verified(claims):
                raise refuse(
                    request,
                    provider_id=provider_id,
                    reason="email address not verified by the organisation",
                    message="Your organisation has not confirmed your email address, so we cannot match it to "
                    f"a WaRP account. {ASK_FOR_INVITATION}",
                )
            if not _domain_allowed(email):
                raise refuse(
                    request,
                    provider_id=provider_id,
                    reason="email domain not in WARP_OIDC_ALLOWED_DOMAINS",
                    message="The centre does not match accounts to this email address's organisation by itself. "
                    f"{ASK_FOR_INVITATION}",
                )
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                raise refuse(
                    request,
                    provider_id=provider_id,
                    reason="no WaRP account with that email address (nobody is signed up this way)",
                    message="There is no WaRP account for your organisation account's email address, and "
                    "signing in this way does not make one. If you work at the centre, ask its administrator "
                    "to add you. Students register with the centre, then sign in with their email address "
                    "and password.",
                )
            if SocialAccount.objects.filter(user=user, provider=provider_id).exists():
                raise refuse(
                    request,
                    provider_id=provider_id,
                    user=user,
                    reason="the account is already linked to another identity at this organisation",
                    message="Your WaRP account is already linked to a different account at this organisation. "
                    "Sign in with that one, or ask the centre's administrator to invite you again.",
                )
            how = "a verified email address in an allowed domain"
        if not user.is_active:
            raise refuse(
                request,
                provider_id=provider_id,
                user=user,
                reason="the account is switched off in WaRP",
                message="This WaRP account is switched off, so you cannot sign in, even with your "
                f"organisation's account. If you think this is a mistake, contact the centre on "
                f"{settings.CENTRE_CONTACT}.",
            )
        if not mfa_required_for(user) and not settings.WARP_OIDC_STUDENTS:
            raise refuse(
                request,
                provider_id=provider_id,
                user=user,
                reason="a student, and WARP_OIDC_STUDENTS is off",
                message="Students sign in with their email address and password. Type them above.",
            )
        if how:
            services.organisation_account_link(
                request=request, sociallogin=sociallogin, user=user, how=how, invitation=invitation
            )

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        """Whatever went wrong with the provider's answer (a wrong issuer or audience, an expired token, the
        person pressing cancel, the provider not answering): audited, and back to the sign-in page."""
        from allauth.socialaccount.providers.base import AuthError

        if error == AuthError.CANCELLED:
            reason = "cancelled at the organisation"
            message = "You did not finish signing in with your organisation's account. You can try again."
        else:
            reason = f"the organisation's answer did not check out ({error}: {exception or 'no detail'})"
            message = (
                "We could not sign you in with your organisation's account. Please try again, or sign in with "
                "your email address and password."
            )
        raise refuse(request, provider_id=provider.app.provider_id, reason=reason, message=message)


class SecondFactorStage(AuthenticateStage):
    """allauth's second-factor step, skipped when the organisation says it asked for a second factor (the ID
    token's `amr`); the session then records a second-factor step, as WaRP's middleware asks of staff."""

    def handle(self) -> tuple:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and used_mfa(id_token_claims(sociallogin)):
            record_authentication(
                self.request,
                self.login.user,
                "mfa",
                type="organisation",
                provider=sociallogin.account.provider,
            )
            return None, True
        return super().handle()


class OrganisationOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, checking the ID token's signature against the keys the provider
    publishes (its jwks_uri) as well as its issuer, audience and expiry. allauth skips the signature for a
    token fetched straight from the token endpoint, as OIDC Core allows over TLS; WaRP checks it anyway, so
    an answer that did not come from the organisation's key is refused."""

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )


def login_view(request: HttpRequest, provider_id: str) -> HttpResponse:
    """allauth's view that sends the person to the organisation; 404 for a provider not configured."""
    try:
        return OAuth2LoginView.adapter_view(OrganisationOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("No such organisation") from None


def callback_view(request: HttpRequest, provider_id: str) -> HttpResponse:
    """allauth's view the organisation sends the person back to; 404 for a provider not configured."""
    try:
        return OAuth2CallbackView.adapter_view(OrganisationOAuth2Adapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404("No such organisation") from None
