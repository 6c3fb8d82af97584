from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.base import views as mfa_views
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST, require_safe

from warp import audit
from warp.accounts import organisation, recovery_codes, services
from warp.accounts.access import SignedInRequest, public, role_required, signed_in
from warp.accounts.forms import (
    AccessReviewForm,
    GenerateRecoveryCodesForm,
    OrganisationInviteForm,
    PasswordChangeForm,
    StaffAccountForm,
    StaffRolesForm,
)
from warp.accounts.middleware import ACTING_ROLE, passed_second_factor
from warp.accounts.models import ROLE_AS, Role, User, UserSession, mfa_required_for
from warp.core.forms import add_service_errors


def own(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """A wrapper of our own around a library view, so marking who may use it leaves the library alone."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return view(request, *args, **kwargs)

    return wrapper


sign_in = public(organisation.allows_forms_to_organisations(own(allauth_views.login)))


def second_factor(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """allauth's code page. It takes a POST without a `code` field for a security-key attempt, which WaRP
    does not offer, and answers with a page that has no form; ask for the code instead."""
    if request.method == "POST" and "code" not in request.POST:
        post = request.POST.copy()
        post["code"] = ""
        request.POST = post  # type: ignore[assignment]  # a mutable copy in its place, as Django's tests do
    return mfa_views.authenticate(request, *args, **kwargs)


sign_out = public(auth_views.LogoutView.as_view())


@signed_in
@require_safe
def profile(request: SignedInRequest) -> HttpResponse:
    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(
        request,
        "accounts/profile.html",
        {"has_totp": has_totp, "mfa_required": mfa_required_for(request.user)},
    )


@signed_in
@require_POST
def acting_role_switch(request: SignedInRequest) -> HttpResponse:
    """The header's switch: act in another role this person holds, for the rest of this session."""
    role = request.POST.get("role", "")
    user = request.user
    if role not in user.held_roles:
        messages.error(request, "You do not have that role. Choose one of the roles shown at the top.")
        return redirect(user.start_url())
    if role == user.usual_role:
        request.session.pop(ACTING_ROLE, None)
    else:
        request.session[ACTING_ROLE] = role
    user.act_as(role)
    messages.success(request, f"You are now using WaRP as {ROLE_AS[Role(role)]}.")
    return redirect(user.start_url())


password_change = signed_in(
    auth_views.PasswordChangeView.as_view(
        form_class=PasswordChangeForm,
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:profile"),
    )
)


def _recovery_codes_row(user: User) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()


def _recovery_codes_page(request: SignedInRequest, *, new_codes: list[str] | None = None) -> HttpResponse:
    """The recovery codes page: how many are left, and the codes themselves only in the response that
    made them (only their hashes are kept, so they cannot be shown again)."""
    row = _recovery_codes_row(request.user)
    if row is None:
        raise Http404("No recovery codes")
    return render(
        request,
        "mfa/recovery_codes/index.html",
        {
            "new_codes": [recovery_codes.display(code) for code in new_codes or []],
            "unused_count": recovery_codes.unused_count(row.data),
            "total_count": mfa_settings.RECOVERY_CODE_COUNT,
        },
    )


@transaction.atomic
def activate_totp(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """allauth's set-up page; a correct code there is a second-factor step, so the session records it.
    Then the person's recovery codes are made and shown, this once, in place of allauth's redirect."""
    from allauth.mfa.totp.views import activate_totp as allauth_activate_totp

    had_app = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    response = allauth_activate_totp(request, *args, **kwargs)
    if request.method == "POST" and response.status_code == 302 and not had_app:
        totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).first()
        if totp is not None:
            if not passed_second_factor(request):
                record_authentication(request, request.user, "mfa", type=totp.type, id=totp.pk)
            return _recovery_codes_page(
                request, new_codes=services.recovery_codes_generate(user=request.user)
            )
    return response


class TwoStepIndexView(mfa_views.IndexView):
    """allauth's two-step page, with the number of recovery codes left (allauth cannot count ours)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = _recovery_codes_row(self.request.user)
        context["recovery_codes_left"] = None if row is None else recovery_codes.unused_count(row.data)
        context["app_required"] = mfa_required_for(self.request.user)
        return context


two_step_index = signed_in(TwoStepIndexView.as_view())


def deactivate_totp(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """allauth's page to switch the app off, only for someone none of whose roles needs it: a student who
    is also a trainer keeps their app while acting as a student, since the same sign-in opens the
    trainer's pages (mfa_required_for asks about every role held)."""
    from allauth.mfa.totp.views import deactivate_totp as allauth_deactivate_totp

    if mfa_required_for(request.user):
        raise PermissionDenied
    return allauth_deactivate_totp(request, *args, **kwargs)


@signed_in
@require_safe
def recovery_codes_view(request: SignedInRequest) -> HttpResponse:
    return _recovery_codes_page(request)


@signed_in
@reauthentication_required(app="allauth.mfa")
def recovery_codes_generate(request: SignedInRequest) -> HttpResponse:
    """Make new recovery codes (the old ones stop working) and show them, this once."""
    form = GenerateRecoveryCodesForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        codes = services.recovery_codes_generate(user=request.user)
        get_account_adapter(request).send_notification_mail(
            "mfa/email/recovery_codes_generated", request.user
        )
        return _recovery_codes_page(request, new_codes=codes)
    row = _recovery_codes_row(request.user)
    return render(
        request,
        "mfa/recovery_codes/generate.html",
        {"form": form, "unused_code_count": 0 if row is None else recovery_codes.unused_count(row.data)},
    )


@signed_in
@require_safe
def session_list(request: SignedInRequest) -> HttpResponse:
    """The person's signed-in browsers, this one first marked, with a button to end each other one."""
    # Queries: the session and user (middleware), then this person's sessions.
    sessions = list(UserSession.objects.for_user(request.user))
    current = request.session.session_key
    return render(
        request,
        "accounts/session_list.html",
        {
            "current": next((s for s in sessions if s.session_key == current), None),
            "others": [s for s in sessions if s.session_key != current],
        },
    )


@signed_in
@require_POST
def session_end(request: SignedInRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(UserSession, pk=pk, user=request.user)
    if record.session_key == request.session.session_key:
        messages.info(request, "To end this session, use Sign out.")
    else:
        services.user_session_end(user=request.user, session_key=record.session_key)
        messages.success(request, f"Signed out of {record.user_agent or 'that browser'}.")
    return redirect("accounts:sessions")


@signed_in
@require_POST
def session_end_others(request: SignedInRequest) -> HttpResponse:
    count = services.user_sessions_end_others(user=request.user, keep_session_key=request.session.session_key)
    messages.success(request, f"Signed out of {count} other {'browser' if count == 1 else 'browsers'}.")
    return redirect("accounts:sessions")


@role_required(Role.ADMINISTRATOR)
def access_review(request: SignedInRequest) -> HttpResponse:
    """Every account, its role, whether it has a second factor, its last sign-in; switch accounts on or off."""
    if request.method == "POST":
        form = AccessReviewForm(request.POST)
        if form.is_valid():
            user = get_object_or_404(User, pk=form.cleaned_data["user"])
            try:
                if form.cleaned_data["action"] == "disable":
                    services.user_disable(user=user, by=request.user)
                    messages.success(request, f"{user} is switched off and signed out everywhere.")
                elif form.cleaned_data["action"] == "reset_second_factor":
                    services.user_second_factor_reset(user=user, by=request.user)
                    messages.success(
                        request,
                        f"{user}'s two-step sign-in is reset and they are signed out everywhere. When they next "
                        "sign in with their password, they will be asked to set up an authenticator app again.",
                    )
                else:
                    services.user_enable(user=user, by=request.user)
                    messages.success(request, f"{user} is switched on again.")
            except services.AccountChangeRefused as refusal:
                messages.error(request, str(refusal))
        return redirect("accounts:access-review")
    # One query for every account with its second-factor state, whatever the number of accounts.
    totp = Authenticator.objects.filter(user=OuterRef("pk"), type=Authenticator.Type.TOTP)
    accounts = list(
        User.objects.annotate(has_totp=Exists(totp), student_pk=F("student__pk")).order_by(
            "-is_active", "role", "last_name", "email"
        )
    )
    # Students' own sign-ins are listed by name and email: a view of each one's record, in one insert.
    audit.record_many(
        request=request,
        action="view",
        model="accounts.User",
        student_ids=[account.student_pk for account in accounts if account.student_pk is not None],
        note="Access review",
    )
    return render(
        request,
        "accounts/access_review.html",
        {"accounts": accounts, "dormant_days": settings.WARP_DORMANT_DAYS},
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@role_required(Role.ADMINISTRATOR)
def staff_create(request: SignedInRequest) -> HttpResponse:
    """An administrator adds a member of staff, gives them roles, and emails them an invitation."""
    form = StaffAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.staff_account_create(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                roles=set(data["roles"]),
                usual_role=data["usual_role"],
                trainer_kind=data["trainer_kind"],
                by=request.user,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{person} is added as {person.roles_display().lower()}. We have emailed them an invitation "
                "to choose a password; they set up their authenticator app when they first sign in.",
            )
            return redirect("accounts:access-review")
    return render(request, "accounts/staff_create.html", {"form": form})


@role_required(Role.ADMINISTRATOR)
def staff_roles(request: SignedInRequest, pk: int) -> HttpResponse:
    """An administrator changes the roles someone holds (a student role stays with their student record)."""
    person = get_object_or_404(User, pk=pk)
    initial = {
        "roles": sorted(person.held_roles - {Role.STUDENT}),
        "usual_role": person.usual_role,
        "trainer_kind": person.trainer_kind,
    }
    form = StaffRolesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_roles_set(
                user=person,
                roles=set(data["roles"]),
                usual_role=data["usual_role"],
                trainer_kind=data["trainer_kind"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except services.AccountChangeRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{person}'s roles are saved.")
            return redirect("accounts:access-review")
    return render(
        request,
        "accounts/staff_roles.html",
        {
            "form": form,
            "person": person,
            "is_student": Role.STUDENT in person.held_roles,
            **_organisation_context(person),
        },
    )


@role_required(Role.ADMINISTRATOR)
@require_POST
def staff_invite(request: SignedInRequest, pk: int) -> HttpResponse:
    """Send the invitation again (the last one expired, or was lost)."""
    person = get_object_or_404(User, pk=pk, is_active=True)
    with transaction.atomic():
        services.user_invite(user=person, by=request.user, base_url=_base_url(request))
    messages.success(request, f"We have emailed {person.email} a new invitation to choose a password.")
    return redirect("accounts:access-review")


# Signing in with an organisation's account (OpenID Connect; warp/accounts/organisation.py).


def _organisation_context(person: User) -> dict[str, Any]:
    """What the roles page shows about signing in with an organisation's account: nothing when it is off."""
    from allauth.socialaccount.models import SocialAccount

    from warp.accounts.organisation import provider_name, providers

    if not providers():
        return {"organisation_on": False}
    linked = [
        {"name": provider_name(account.provider), "linked_on": account.date_joined}
        for account in SocialAccount.objects.filter(user=person).order_by("date_joined")
    ]
    return {
        "organisation_on": True,
        "organisation_linked": linked,
        "organisation_form": OrganisationInviteForm(initial={"provider_id": providers()[0]["id"]}),
    }


@role_required(Role.ADMINISTRATOR)
@require_POST
def staff_organisation_invite(request: SignedInRequest, pk: int) -> HttpResponse:
    """Email someone an invitation to link their organisation account (their roles stay as they are)."""
    person = get_object_or_404(User, pk=pk)
    form = OrganisationInviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose the organisation whose account they will sign in with.")
        return redirect("accounts:staff-roles", pk=person.pk)
    try:
        services.organisation_invitation_create(
            user=person,
            provider_id=form.cleaned_data["provider_id"],
            by=request.user,
            base_url=_base_url(request),
        )
    except services.AccountChangeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"We have emailed {person.email} an invitation to sign in with their organisation's account.",
        )
    return redirect("accounts:staff-roles", pk=person.pk)


@role_required(Role.ADMINISTRATOR)
@require_POST
def staff_organisation_unlink(request: SignedInRequest, pk: int) -> HttpResponse:
    """Remove the organisation accounts linked to someone's WaRP account."""
    person = get_object_or_404(User, pk=pk)
    if services.organisation_accounts_unlink(user=person, by=request.user):
        messages.success(request, f"{person} no longer signs in with an organisation's account.")
    else:
        messages.info(request, f"{person} had no organisation's account linked.")
    return redirect("accounts:staff-roles", pk=person.pk)


def _keep_states(
    request: HttpRequest, view: Callable[[HttpRequest, str], HttpResponse], provider_id: str
) -> HttpResponse:
    """Run allauth's view; when the organisation cannot be reached, say so kindly and leave nothing half
    done: no state waiting for an answer that will not come (on the way out the new one is taken back; on
    the way back allauth has already used it up), no invitation waiting in the session."""
    import requests
    from allauth.socialaccount.internal import statekit

    from warp.accounts.organisation import provider_name, refuse

    before = dict(request.session.get(statekit.STATES_SESSION_KEY) or {})
    try:
        return view(request, provider_id)
    except requests.RequestException as error:
        after = request.session.get(statekit.STATES_SESSION_KEY) or {}
        request.session[statekit.STATES_SESSION_KEY] = {k: v for k, v in after.items() if k in before}
        request.session.pop(organisation.INVITATION_SESSION_KEY, None)
        return refuse(
            request,
            provider_id=provider_id,
            reason=f"the organisation's sign-in service could not be reached ({type(error).__name__})",
            message=f"We cannot reach {provider_name(provider_id)}'s sign-in service just now. Please try again "
            "in a few minutes, or sign in with your email address and password.",
        ).response


@public
@require_POST
def organisation_sign_in(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The "Sign in with <organisation>" button's target: off to the organisation (allauth's view)."""
    return _keep_states(request, organisation.login_view, provider_id)


@public
@require_safe
def organisation_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Where the organisation sends the person back, with a code for the ID token (allauth's view; WaRP's
    rules are in OrganisationSignInAdapter)."""
    return _keep_states(request, organisation.callback_view, provider_id)


@public
@organisation.allows_forms_to_organisations
def organisation_invitation(request: HttpRequest, key: str) -> HttpResponse:
    """An administrator's emailed invitation: a button that goes to the organisation's sign-in, after which
    the identity signed in with is linked to the invited account."""
    from warp.accounts.organisation import provider_name, providers

    invitation = organisation.invitation_for_key(key)
    configured = invitation is not None and invitation.provider_id in {p["id"] for p in providers()}
    if request.method == "POST" and configured:
        assert invitation is not None  # noqa: S101 - configured says so; for mypy
        request.session[organisation.INVITATION_SESSION_KEY] = invitation.pk
        return _keep_states(request, organisation.login_view, invitation.provider_id)
    return render(
        request,
        "accounts/organisation_invitation.html",
        {
            "invitation": invitation if configured else None,
            "organisation": provider_name(invitation.provider_id) if invitation else "",
        },
    )
