"""The client's own key for `private_key_jwt` (Digdir's recommended client authentication):
a signed assertion at the token endpoint, and the public half served as a JWKS."""

from __future__ import annotations

from typing import Any

from authlib.oauth2.rfc7523 import PrivateKeyJWT, private_key_jwt_sign
from fastapi import APIRouter, HTTPException, Request
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from starlette.responses import JSONResponse, Response

from tilskudd_flow.config import OidcInnstillinger, UgyldigKonfigurasjon

JWKS = "/logg-inn/oidc/jwks"  # the public key, for the registration with the issuer
ruter = APIRouter()
# Digdir accepts an assertion that lives at most 120 seconds.
LEVETID_SEKUNDER = 120


def klientnokkel(oidc: OidcInnstillinger) -> RSAKey:
    """The private key from the configuration, with its kid; a clear error at start if bad."""
    try:
        nokkel = RSAKey.import_key(oidc.privat_nokkel_pem())
    except (OSError, ValueError, JoseError) as feil:
        raise UgyldigKonfigurasjon(
            f"oidc: privat_nokkel kan ikke leses som en privat RSA-nøkkel i PEM-format ({feil})"
        ) from None
    if not nokkel.is_private:
        raise UgyldigKonfigurasjon("oidc: privat_nokkel er en offentlig nøkkel, ikke en privat")
    kid = oidc.nokkel_id or nokkel.thumbprint()
    return RSAKey.import_key(
        nokkel.as_dict(private=True), {"kid": kid, "use": "sig", "alg": "RS256"}
    )


class Klientpastand(PrivateKeyJWT):  # type: ignore[misc]
    """Signs a fresh assertion for every token request: a new jti (Authlib's own class keeps
    the first one in its claims), aud the issuer as Digdir asks, and a short life."""

    def __init__(self, nokkel: RSAKey, utsteder: str) -> None:
        super().__init__(alg="RS256")
        self.nokkel = nokkel
        self.utsteder = utsteder

    def sign(self, auth: Any, token_endpoint: str) -> str:
        return str(private_key_jwt_sign(
            self.nokkel, client_id=auth.client_id, token_endpoint=token_endpoint,
            claims={"aud": self.utsteder}, header={"kid": self.nokkel.kid}, alg="RS256",
            expires_in=LEVETID_SEKUNDER,
        ))  # fmt: skip


@ruter.get(JWKS)
def jwks(request: Request) -> Response:
    """The client's public key as a JWK Set (404 without private_key_jwt)."""
    nokkel = getattr(request.app.state, "oidc_nokkel", None)
    if nokkel is None:
        raise HTTPException(status_code=404, detail="Ingen klientnøkkel er satt opp")
    return JSONResponse(KeySet([nokkel]).as_dict(private=False))
