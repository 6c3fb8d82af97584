"""How the API knows who is asking: `Authorization: Bearer TOKEN`, and nothing else (no sessions, so no
cookies and no CSRF). A missing, wrong, expired or revoked token gets 401; a token whose person may not see
a thing gets 403, as the page would; too many requests from one token get 429 with Retry-After."""

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from warp.api.models import ApiToken
from warp.api.services import api_token_find, api_token_used

REFUSED = "Send a current API token as: Authorization: Bearer TOKEN. An administrator can make one."


class BearerToken(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None  # no token at all: the permission check answers 401
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(REFUSED)
        try:
            plain = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(REFUSED) from None
        token = api_token_find(plain)
        if token is None:
            raise exceptions.AuthenticationFailed(REFUSED)
        api_token_used(token=token, request=request._request)
        # The token acts in its person's usual role (the stored one), whatever they act in on the site.
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="WaRP API"'


class RoleAllowed(BasePermission):
    """Signed in with a token whose person's role is one the view names in `roles` (as `role_required`)."""

    message = "This token's role may not see this."

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, ApiToken):
            raise exceptions.NotAuthenticated(REFUSED)
        return request.user.role in view.roles


class PerToken(SimpleRateThrottle):
    """WARP_API_RATE requests per token (for example 120/min); DRF answers 429 with Retry-After."""

    scope = "api_token"

    def get_rate(self) -> str:
        return settings.WARP_API_RATE

    def get_cache_key(self, request, view) -> str | None:
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names the bearer token (drf-spectacular finds it by its target class)."""

    target_class = "warp.api.auth.BearerToken"
    name = "bearer"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer", "description": "An API token an administrator made."}
