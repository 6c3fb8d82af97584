"""What people do to accounts and sessions. Each function is one transaction."""

import ipaddress
from collections.abc import Iterable
from datetime import timedelta
from importlib import import_module

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from warp.accounts import recovery_codes
from warp.accounts.models import (
    MFA_REQUIRED_ROLES,
    Role,
    User,
    UserSession,
    holding_q,
    pack_roles,
)


class AccountChangeRefused(Exception):
    """A change that would leave the centre worse off (e.g. no administrator left)."""


def _coarse_ip(address: str) -> str:
    """The network, not the machine: 203.0.113.7 -> 203.0.113.0/24; IPv6 to its /48."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _short_agent(user_agent: str) -> str:
    """A name a person recognises ("Firefox on Windows"), falling back to the start of the header."""
    browsers = ["Edg", "Firefox", "Chrome", "Safari"]
    systems = ["Windows", "Android", "iPhone", "iPad", "Mac OS", "Linux"]
    browser = next((b for b in browsers if b in user_agent), "")
    system = next((s for s in systems if s in user_agent), "")
    names = {"Edg": "Edge", "Mac OS": "Mac"}
    if browser or system:
        return " on ".join(names.get(part, part) for part in (browser or "A browser", system) if part)
    return user_agent[:120]


def _end_django_sessions(session_keys: Iterable[str]) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in session_keys:
        store(session_key=key).delete()


def _end_sessions(sessions: QuerySet[UserSession]) -> int:
    """End these UserSession rows and the Django sessions behind them; how many there were."""
    keys = list(sessions.values_list("session_key", flat=True))
    sessions.delete()
    _end_django_sessions(keys)
    return len(keys)


@transaction.atomic
def user_session_start(*, user: User, session_key: str, user_agent: str = "", ip: str = "") -> UserSession:
    """Remember a new signed-in browser (called when someone signs in)."""
    now = timezone.now()
    record = UserSession(
        user=user,
        session_key=session_key,
        created_at=now,
        last_seen_at=now,
        user_agent=_short_agent(user_agent),
        ip_coarse=_coarse_ip(ip),
    )
    record.full_clean(validate_unique=False)
    UserSession.objects.filter(session_key=session_key).delete()
    record.save()
    return record


def user_session_seen(*, user: User, session_key: str | None) -> None:
    """Note that this browser is still in use (at most once a minute, by the middleware)."""
    UserSession.objects.filter(user=user, session_key=session_key).update(last_seen_at=timezone.now())


@transaction.atomic
def user_session_end(*, user: User, session_key: str | None) -> bool:
    """End one of this person's sessions. False when it is not theirs or already over."""
    if not session_key:
        return False
    deleted, _ = UserSession.objects.filter(user=user, session_key=session_key).delete()
    _end_django_sessions([session_key])
    return bool(deleted)


@transaction.atomic
def user_sessions_end_others(*, user: User, keep_session_key: str | None) -> int:
    """Sign this person out everywhere except the browser they are using."""
    return _end_sessions(UserSession.objects.filter(user=user).exclude(session_key=keep_session_key))


def _is_last_active_administrator(user: User) -> bool:
    if Role.ADMINISTRATOR not in user.held_roles:
        return False
    return not User.objects.holding(Role.ADMINISTRATOR).filter(is_active=True).exclude(pk=user.pk).exists()


@transaction.atomic
def user_disable(*, user: User, by: User | None) -> None:
    """Switch an account off and end every session it has. The last active administrator stays on."""
    if _is_last_active_administrator(user):
        raise AccountChangeRefused("This is the last active administrator, so it stays switched on.")
    if by is not None and by.pk == user.pk:
        raise AccountChangeRefused("You cannot switch off your own account here.")
    user.is_active = False
    user.full_clean(exclude=["password"])
    user.save(update_fields=["is_active", "is_staff"])
    _end_sessions(UserSession.objects.filter(user=user))


@transaction.atomic
def user_second_factor_reset(*, user: User, by: User | None) -> None:
    """For someone who lost their phone: remove their authenticator app and recovery codes and end their
    sessions. At their next sign-in (password first) they are asked to set up an app again."""
    from allauth.mfa.models import Authenticator

    from warp import audit

    if by is not None and by.pk == user.pk:
        raise AccountChangeRefused(
            "You cannot reset your own two-step sign-in here. Ask another administrator to do it."
        )
    removed, _ = Authenticator.objects.filter(user=user).delete()
    if not removed:
        raise AccountChangeRefused(f"{user} has no two-step sign-in set up, so there is nothing to reset.")
    _end_sessions(UserSession.objects.filter(user=user))
    audit.record(
        action="change", user=by, model="accounts.User", object_id=user.pk, note="Two-step sign-in reset"
    )


@transaction.atomic
def user_enable(*, user: User, by: User | None) -> None:
    """Switch an account back on. The dormancy clock restarts, so the next daily run leaves it alone."""
    user.is_active = True
    user.enabled_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["is_active", "is_staff", "enabled_at"])


def dormant_staff(*, days: int) -> QuerySet[User]:
    """Active staff accounts with no sign-in in `days` days (never signed in: counted from joining)."""
    cutoff = timezone.now() - timedelta(days=days)
    return User.objects.filter(
        Q(last_login__isnull=True) | Q(last_login__lt=cutoff),
        Q(enabled_at__isnull=True) | Q(enabled_at__lt=cutoff),
        holding_q(*MFA_REQUIRED_ROLES),
        is_active=True,
        date_joined__lt=cutoff,
    )


@transaction.atomic
def users_disable_dormant(*, days: int) -> list[User]:
    """Switch off dormant staff accounts and end their sessions; the last active administrator stays on."""
    disabled = []
    for user in (
        dormant_staff(days=days).select_for_update().order_by(F("last_login").asc(nulls_first=True), "pk")
    ):
        try:
            user_disable(user=user, by=None)
        except AccountChangeRefused:
            continue
        disabled.append(user)
    return disabled


@transaction.atomic
def recovery_codes_generate(*, user: User) -> list[str]:
    """New recovery codes for this person, replacing any they had; only their hashes are stored. The codes
    are returned to be shown once, now: they cannot be had again."""
    User.objects.select_for_update().get(pk=user.pk)  # two clicks at once must not leave two sets
    Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).delete()
    codes = recovery_codes.new_codes()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data=recovery_codes.stored_form(codes)
    )
    return codes


@transaction.atomic
def recovery_code_use(*, user: User, code: str) -> Authenticator | None:
    """Spend one of this person's unused recovery codes: its row, with the code marked used, or None when
    `code` is not one of them (a used code is not one of them any more)."""
    row = (
        Authenticator.objects.select_for_update()  # the same code typed twice at once is spent once
        .filter(user=user, type=Authenticator.Type.RECOVERY_CODES)
        .first()
    )
    if row is None:
        return None
    position = recovery_codes.matching_unused(row.data, code)
    if position is None:
        return None
    row.data["codes"][position]["used_at"] = timezone.now().isoformat()
    row.save(update_fields=["data"])
    return row


# Roles an administrator gives on the staff pages. The student role comes with a student record (a person
# registers as a student, or is registered), never by a tick here.
GIVEN_ROLES = [role for role in Role if role != Role.STUDENT]


def invitation_link(*, user: User, base_url: str) -> str:
    """A link to choose a first password: allauth's password-reset page with a key for this person, which
    stops working once the password is set (or after PASSWORD_RESET_TIMEOUT)."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return base_url.rstrip("/") + path


def user_invite(*, user: User, by: User | None, base_url: str, registered_themselves: bool = False) -> None:
    """Email someone an invitation to choose their password (and, for staff, set up the authenticator
    app when they first sign in): queued for the task worker once the transaction commits; audited.
    `registered_themselves`: they have just registered on the public page, and the email welcomes them."""
    from warp import audit
    from warp.accounts.tasks import send_invitation

    user_id = user.pk
    transaction.on_commit(lambda: send_invitation.enqueue(user_id, base_url, registered_themselves))
    audit.record(action="change", user=by, model="accounts.User", object_id=user.pk, note="Invitation sent")


def _check_roles(*, roles: set[str], usual_role: str, trainer_kind: str) -> dict[str, str]:
    problems = {}
    if not roles:
        problems["roles"] = "Tick at least one of the roles."
    elif usual_role not in roles:
        problems["usual_role"] = "Choose their usual role from the roles you ticked."
    if Role.TRAINER in roles and not trainer_kind:
        problems["trainer_kind"] = "Choose the perspective this trainer usually brings: peer or professional."
    return problems


@transaction.atomic
def staff_account_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    roles: set[str],
    usual_role: str,
    trainer_kind: str = "",
    by: User,
    base_url: str,
) -> User:
    """An administrator adds a member of staff: no password yet; they are emailed an invitation to choose
    one, and set up the authenticator app when they first sign in."""
    from django.core.exceptions import ValidationError

    from warp import audit

    roles = set(roles)
    problems = _check_roles(roles=roles, usual_role=usual_role, trainer_kind=trainer_kind)
    if roles - set(GIVEN_ROLES):
        problems["roles"] = "Students are registered as students, not given the role here."
    if User.objects.filter(email__iexact=email.strip()).exists():
        problems["email"] = (
            "Someone already signs in with this email address. To give them a staff role, "
            "find them on the access review and choose Change roles."
        )
    if problems:
        raise ValidationError(problems)
    user = User.objects.create_user(
        email.strip(),
        None,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=usual_role,
        other_roles=roles - {usual_role},
        trainer_kind=trainer_kind if Role.TRAINER in roles else "",
    )
    audit.record(
        action="create",
        user=by,
        model="accounts.User",
        object_id=user.pk,
        note=f"Roles: {user.roles_display()}",
    )
    user_invite(user=user, by=by, base_url=base_url)
    return user


@transaction.atomic
def user_roles_set(*, user: User, roles: set[str], usual_role: str, trainer_kind: str = "", by: User) -> User:
    """An administrator changes the roles someone holds. A student role stays while they have a student
    record (it is theirs, not the centre's to take); the last active administrator keeps that role."""
    from django.core.exceptions import ValidationError

    from warp import audit

    user = User.objects.select_for_update().get(pk=user.pk)
    roles = set(roles) & set(GIVEN_ROLES)
    if Role.STUDENT in user.held_roles:
        roles.add(Role.STUDENT)
    problems = _check_roles(roles=roles, usual_role=usual_role, trainer_kind=trainer_kind)
    if problems:
        raise ValidationError(problems)
    if Role.ADMINISTRATOR not in roles and _is_last_active_administrator(user):
        raise AccountChangeRefused("This is the last active administrator, so they keep that role.")
    before = user.roles_display()
    user.role = usual_role
    user.other_roles = pack_roles(roles - {usual_role})
    user.trainer_kind = trainer_kind if Role.TRAINER in roles else ""
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(
        action="change",
        user=by,
        model="accounts.User",
        object_id=user.pk,
        note=f"Roles: {before} -> {user.roles_display()}",
    )
    return user


@transaction.atomic
def user_student_role_add(*, user: User) -> User:
    """Give someone the student role beside the ones they hold (they now have a student record)."""
    if Role.STUDENT in user.held_roles:
        return user
    user.other_roles = pack_roles(set(user.held_roles) - {user.usual_role} | {Role.STUDENT})
    user.save(update_fields=["other_roles", "role", "is_staff"])
    return user


# Signing in with an organisation's account (OpenID Connect; warp/accounts/organisation.py).


@transaction.atomic
def organisation_invitation_create(*, user: User, provider_id: str, by: User, base_url: str):
    """An administrator invites a member of staff to link their organisation account: an email with a link
    (working once, for WARP_OIDC_INVITATION_DAYS) is queued for the task worker; audited. The link, then the
    organisation's own sign-in, links whichever identity they sign in with to this account."""
    from django.core.exceptions import ValidationError

    from warp import audit
    from warp.accounts.models import OrganisationInvitation, mfa_required_for
    from warp.accounts.organisation import provider_name, providers
    from warp.accounts.tasks import send_organisation_invitation

    if provider_id not in {p["id"] for p in providers()}:
        raise ValidationError({"provider_id": "Choose one of the organisations WaRP is set up to use."})
    if not user.is_active:
        raise AccountChangeRefused(f"{user} is switched off. Switch them on first.")
    if not mfa_required_for(user) and not settings.WARP_OIDC_STUDENTS:
        raise AccountChangeRefused(
            f"{user} is a student, and students here sign in with their email address and password."
        )
    now = timezone.now()
    invitation = OrganisationInvitation(
        user=user,
        provider_id=provider_id,
        created_at=now,
        created_by=by,
        expires_at=now + timedelta(days=settings.WARP_OIDC_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    invitation_id = invitation.pk
    transaction.on_commit(lambda: send_organisation_invitation.enqueue(invitation_id, base_url))
    audit.record(
        action="change",
        user=by,
        model="accounts.User",
        object_id=user.pk,
        note=f"Invited to sign in with {provider_name(provider_id)}",
    )
    return invitation


@transaction.atomic
def organisation_account_link(*, request, sociallogin, user: User, how: str, invitation=None) -> None:
    """Link the identity someone has just signed in with at their organisation to their WaRP account (by
    `how`: an administrator's invitation, which is used up, or a verified email in an allowed domain);
    audited. Never makes an account nor gives a role."""
    from warp import audit
    from warp.accounts.models import OrganisationInvitation
    from warp.accounts.organisation import provider_name

    if invitation is not None:
        used = OrganisationInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if not used:
            raise AccountChangeRefused("This invitation has already been used.")
    sociallogin.connect(request, user)
    audit.record(
        action="change",
        request=request,
        user=user,
        model="accounts.User",
        object_id=user.pk,
        note=f"Organisation account ({provider_name(sociallogin.account.provider)}) linked by {how}",
    )


def sign_in_record(*, request, user: User, how: str) -> None:
    """The audit entry for a completed sign-in, with a password or an organisation's account: `how` says
    which, and how the second factor was met."""
    from warp import audit

    audit.record(
        action="sign_in", request=request, user=user, model="accounts.User", object_id=user.pk, note=how
    )


@transaction.atomic
def organisation_accounts_unlink(*, user: User, by: User) -> int:
    """An administrator removes every organisation account linked to this person's WaRP account (they then
    sign in with their password, or are invited again); audited. How many there were."""
    from allauth.socialaccount.models import SocialAccount

    from warp import audit

    removed, _ = SocialAccount.objects.filter(user=user).delete()
    if removed:
        audit.record(
            action="change",
            user=by,
            model="accounts.User",
            object_id=user.pk,
            note="Organisation sign-in unlinked",
        )
    return removed
