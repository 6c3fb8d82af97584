"""What people do with API tokens: make one, revoke one, and use one (every use is audited)."""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from warp import audit
from warp.accounts.models import User
from warp.api.models import ApiToken

TOKEN_START = "warp_"  # noqa: S105 - a prefix, not a secret: so a token found in a log or a file is recognised, and can be revoked
MAX_DAYS = 366  # a token lives a year at most: a dashboard's owner makes a new one each year


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int, by: User | None) -> tuple[ApiToken, str]:
    """A new token acting as `user` in their usual role, for `days` days. Returns the token row and the
    token itself, which is never stored and cannot be shown again."""
    if not user.is_active:
        raise ValidationError(
            {"user": "This account is switched off. Switch it on first, or choose another."}
        )
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"Choose from 1 to {MAX_DAYS} days."})
    plain = TOKEN_START + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=plain[:12],
        key_hash=token_hash(plain),
        created_at=now,
        created_by=by,
        expires_at=now + timedelta(days=days),
    )
    token.full_clean()
    token.save()
    audit.record(action="create", user=by, obj=token, note=f"API token made, for {days} days")
    return token, plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Stop a token working at once. Revoking a revoked token changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(action="change", user=by, obj=token, note="API token revoked")
    return token


def api_token_find(plain: str) -> ApiToken | None:
    """The live token with this value (its account switched on, not revoked, not expired), or None."""
    if not plain.startswith(TOKEN_START):
        return None
    return ApiToken.objects.live().select_related("user").filter(key_hash=token_hash(plain)).first()


def api_token_used(*, token: ApiToken, request: HttpRequest) -> None:
    """Record one use: when it was last used, and an audit entry naming the address asked for (the path
    only: a query string may hold search words)."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    audit.record(
        action="view",
        request=request,
        user=token.user,
        model="api.ApiToken",
        object_id=token.pk,
        note=f"API {request.method} {request.path}"[:200],
    )
