"""Permission-checked getters for API tokens: only administrators manage them (404 for anyone else)."""

from django.http import Http404

from warp.accounts.models import Role
from warp.api.models import ApiToken


def get_token_for(user, pk: int) -> ApiToken:
    if not user.is_authenticated or user.role != Role.ADMINISTRATOR:
        raise Http404("No such token")
    token = ApiToken.objects.filter(pk=pk).first()
    if token is None:
        raise Http404("No such token")
    return token
