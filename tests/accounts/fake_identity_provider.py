"""A fake organisation identity provider (OpenID Connect), answering through a mocked HTTP layer.

Only the outside world is faked: the HTTP answers of the discovery document, the published keys (JWKS)
and the token endpoint, by replacing `requests.Session.request`. Everything else is real: allauth's
OpenID Connect code, WaRP's rules, and the ID token, signed with an RSA key made for the test by
`cryptography` and checked by PyJWT. Invented names throughout (example-trust.test)."""

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse

ISSUER = "https://login.example-trust.test/00000000-0000-4000-8000-000000000000/v2.0"
CLIENT_ID = "11111111-2222-4333-8444-555555555555"
PROVIDER_ID = "example-trust"
PROVIDER_NAME = "Example NHS Trust"


def _new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class FakeProvider:
    """Configure `claims` (None removes a claim) before a sign-in; `reachable = False` takes it down."""

    claims: dict[str, Any] = field(default_factory=dict)
    reachable: bool = True
    signing_key: Any = field(default_factory=_new_key)  # the key the tokens are signed with
    published_key: Any = None  # the key in the JWKS: the signing key unless a test swaps it
    asked: list[str] = field(default_factory=list)  # every URL WaRP asked, in order

    authorize_endpoint = ISSUER.replace("/v2.0", "/oauth2/v2.0/authorize")
    token_endpoint = ISSUER.replace("/v2.0", "/oauth2/v2.0/token")
    jwks_uri = ISSUER.replace("/v2.0", "/discovery/v2.0/keys")

    def token_claims(self) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": CLIENT_ID,
            "sub": "organisation-identity-0001",
            "iat": now,
            "exp": now + 600,
            "jti": str(uuid.uuid4()),
            "email": "tutor@example.org",
            "email_verified": True,
            "amr": ["pwd", "mfa"],
        }
        claims.update(self.claims)
        return {key: value for key, value in claims.items() if value is not None}

    def id_token(self) -> str:
        pem = self.signing_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        return jwt.encode(self.token_claims(), pem, algorithm="RS256", headers={"kid": "fake-key-1"})

    def _answer(self, url: str, payload: dict) -> requests.Response:
        response = requests.Response()
        response.status_code = 200
        response.url = url
        response.headers["Content-Type"] = "application/json"
        response._content = json.dumps(payload).encode()
        return response

    def request(self, session: requests.Session, method: str, url: str, *args: Any, **kwargs: Any):
        """Stands in for requests.Session.request: what the provider would answer over the network."""
        self.asked.append(url)
        if not self.reachable:
            raise requests.ConnectionError(f"{url} cannot be reached (the fake provider is down)")
        if url == ISSUER + "/.well-known/openid-configuration":
            return self._answer(
                url,
                {
                    "issuer": ISSUER,
                    "authorization_endpoint": self.authorize_endpoint,
                    "token_endpoint": self.token_endpoint,
                    "jwks_uri": self.jwks_uri,
                    "userinfo_endpoint": ISSUER.replace("/v2.0", "/oidc/userinfo"),
                    "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                },
            )
        if url == self.jwks_uri:
            public = (self.published_key or self.signing_key).public_key()
            jwk = jwt.algorithms.RSAAlgorithm.to_jwk(public, as_dict=True)
            return self._answer(url, {"keys": [{**jwk, "kid": "fake-key-1", "alg": "RS256", "use": "sig"}]})
        if url == self.token_endpoint and method.upper() == "POST":
            return self._answer(
                url,
                {
                    "access_token": "fake-access-token",
                    "token_type": "Bearer",
                    "expires_in": 600,
                    "id_token": self.id_token(),
                },
            )
        raise AssertionError(f"WaRP asked the provider for something it should not: {method} {url}")


def providers_setting(secret: str = "fake-client-secret") -> dict:  # noqa: S107 - invented
    """SOCIALACCOUNT_PROVIDERS as warp/env.py makes it from WARP_OIDC_PROVIDERS for the fake provider."""
    return {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": PROVIDER_NAME,
                    "client_id": CLIENT_ID,
                    "secret": secret,
                    "settings": {"server_url": ISSUER, "fetch_userinfo": False},
                }
            ],
            "OAUTH_PKCE_ENABLED": True,
        }
    }


def start_sign_in(client, *, path: str | None = None):
    """Press "Sign in with Example NHS Trust" (or the invitation's button at `path`)."""
    return client.post(path or reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID}))


def come_back(client, start_response, *, code: str = "fake-authorisation-code"):
    """The organisation sends the browser back with a code and the state it was given."""
    location = start_response["Location"]
    assert location.startswith(FakeProvider.authorize_endpoint), location
    state = parse_qs(urlparse(location).query)["state"][0]
    return client.get(
        reverse("openid_connect_callback", kwargs={"provider_id": PROVIDER_ID}),
        {"code": code, "state": state},
    )


def sign_in_with_organisation(client, *, path: str | None = None):
    return come_back(client, start_sign_in(client, path=path))
