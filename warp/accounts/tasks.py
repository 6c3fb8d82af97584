"""Sign-in emails, sent by the task worker (`warp manage db_worker`), never inside the request.

A page that may send an email answers the same way, in the same time, whether or not one goes out: asking
for a password reset for a known address does exactly what it does for an unknown one (one task queued),
and only the worker finds out whom to write to (issue 13, hole 12). Tasks carry ids, never an email's
text: a link that sets a password is made by the worker as it sends, so it is never stored in the tasks
table.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from warp.accounts.models import User, mfa_required_for


def _common(user: User, base_url: str) -> dict:
    from warp.accounts.services import invitation_link

    return {
        "user": user,
        "link": invitation_link(user=user, base_url=base_url),
        "sign_in": base_url.rstrip("/") + reverse("accounts:login"),
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }


@task()
def send_invitation(user_id: int, base_url: str, registered_themselves: bool = False) -> None:
    """The link to choose a first password: for someone staff made a sign-in for, or someone who has just
    registered themselves on the public page (their link also shows the address is theirs)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    context = {
        **_common(user, base_url),
        "second_factor": mfa_required_for(user),
        "registered_themselves": registered_themselves,
    }
    body = render_to_string("accounts/email/invitation.txt", context)
    subject = (
        f"Welcome to {settings.CENTRE_NAME}: choose your password"
        if registered_themselves
        else f"Your sign-in for {settings.CENTRE_NAME}"
    )
    send_mail(subject, body, None, [user.email])


@task()
def send_password_reset(user_ids: list[int], base_url: str) -> None:
    """A link to choose a new password, to each active account the address typed belongs to (none, for an
    address we do not know: nothing is sent, as before)."""
    for user in User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"):
        body = render_to_string("accounts/email/password_reset.txt", _common(user, base_url))
        send_mail(f"Choosing a new password for {settings.CENTRE_NAME}", body, None, [user.email])


@task()
def send_organisation_invitation(invitation_id: int, base_url: str) -> None:
    """An administrator's invitation to sign in with the organisation's account: the link is made here, as
    the email is sent, so it is never stored."""
    from warp.accounts.models import OrganisationInvitation
    from warp.accounts.organisation import invitation_key, provider_name

    invitation = (
        OrganisationInvitation.objects.select_related("user")
        .filter(pk=invitation_id, used_at__isnull=True, user__is_active=True)
        .first()
    )
    if invitation is None:
        return
    organisation = provider_name(invitation.provider_id)
    path = reverse("accounts:organisation-invitation", kwargs={"key": invitation_key(invitation)})
    context = {
        "user": invitation.user,
        "organisation": organisation,
        "link": base_url.rstrip("/") + path,
        "days": settings.WARP_OIDC_INVITATION_DAYS,
        "centre_name": settings.CENTRE_NAME,
        "centre_contact": settings.CENTRE_CONTACT,
    }
    body = render_to_string("accounts/email/organisation_invitation.txt", context)
    send_mail(
        f"Sign in to {settings.CENTRE_NAME} with your {organisation} account",
        body,
        None,
        [invitation.user.email],
    )
