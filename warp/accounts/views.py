from functools import wraps

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
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST, require_safe

from warp.accounts import recovery_codes, services
from warp.accounts.access import public, role_required, signed_in
from warp.accounts.forms import AccessReviewForm, GenerateRecoveryCodesForm, PasswordChangeForm
from warp.accounts.middleware import passed_second_factor
from warp.accounts.models import Role, User, UserSession, mfa_required_for


def own(view):
    """A wrapper of our own around a library view, so marking who may use it leaves the library alone."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    return wrapper


sign_in = public(own(allauth_views.login))


def second_factor(request, *args, **kwargs):
    """allauth's code page. It takes a POST without a `code` field for a security-key attempt, which WaRP
    does not offer, and answers with a page that has no form; ask for the code instead."""
    if request.method == "POST" and "code" not in request.POST:
        request.POST = request.POST.copy()
        request.POST["code"] = ""
    return mfa_views.authenticate(request, *args, **kwargs)


sign_out = public(auth_views.LogoutView.as_view())


@signed_in
@require_safe
def profile(request):
    has_totp = Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists()
    return render(
        request,
        "accounts/profile.html",
        {"has_totp": has_totp, "mfa_required": mfa_required_for(request.user)},
    )


password_change = signed_in(
    auth_views.PasswordChangeView.as_view(
        form_class=PasswordChangeForm,
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:profile"),
    )
)


def _recovery_codes_row(user) -> Authenticator | None:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()


def _recovery_codes_page(request, *, new_codes: list[str] | None = None):
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
def activate_totp(request, *args, **kwargs):
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = _recovery_codes_row(self.request.user)
        context["recovery_codes_left"] = None if row is None else recovery_codes.unused_count(row.data)
        return context


two_step_index = signed_in(TwoStepIndexView.as_view())


@signed_in
@require_safe
def recovery_codes_view(request):
    return _recovery_codes_page(request)


@signed_in
@reauthentication_required(app="allauth.mfa")
def recovery_codes_generate(request):
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
def session_list(request):
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
def session_end(request, pk):
    record = get_object_or_404(UserSession, pk=pk, user=request.user)
    if record.session_key == request.session.session_key:
        messages.info(request, "To end this session, use Sign out.")
    else:
        services.user_session_end(user=request.user, session_key=record.session_key)
        messages.success(request, f"Signed out of {record.user_agent or 'that browser'}.")
    return redirect("accounts:sessions")


@signed_in
@require_POST
def session_end_others(request):
    count = services.user_sessions_end_others(user=request.user, keep_session_key=request.session.session_key)
    messages.success(request, f"Signed out of {count} other {'browser' if count == 1 else 'browsers'}.")
    return redirect("accounts:sessions")


@role_required(Role.ADMINISTRATOR)
def access_review(request):
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
    accounts = User.objects.annotate(has_totp=Exists(totp)).order_by(
        "-is_active", "role", "last_name", "email"
    )
    return render(
        request,
        "accounts/access_review.html",
        {"accounts": accounts, "dormant_days": settings.WARP_DORMANT_DAYS},
    )
