"""A client carrying a bearer token, as a dashboard would send it."""

from django.test import Client

from warp.api.services import api_token_create


def token_for(user, *, days: int = 30, name: str = "Dashboard") -> str:
    return api_token_create(user=user, name=name, days=days, by=None)[1]


def api_client(user=None, *, plain: str | None = None) -> Client:
    plain = plain or token_for(user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
