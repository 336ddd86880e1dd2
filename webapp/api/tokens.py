"""Bearer tokens: stateless, signed with the app's SECRET_KEY, revoked whenever the person's sign-ins end.

A token is ``{"u": user id, "f": the person's credential}`` signed by itsdangerous with a timestamp. The
credential is a digest of the password hash and the session epoch (``engine.passwords.credential_fingerprint``),
the same one a browser session carries. Nothing is stored: a token is valid while its signature checks, it is
younger than ``API_TOKEN_MAX_AGE`` seconds, and the user is active with the same credential as when it was
issued, so a password change or reset, a logout, "log out all sessions" and a deactivation (even one undone
since) each revoke it.
Time comes from the app's clock, so tests move time instead of sleeping.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from engine.access import SIGN_IN_ENDED
from engine.errors import NotAuthenticated
from engine.phrases import N_
from engine.services.users import current_credential
from engine.timekeeping.clock import Clock
from webapp import get_db

SALT = "alur-api-token"
#: A token whose person changed password, ended their sessions or was deactivated.
REVOKED = SIGN_IN_ENDED
DEFAULT_MAX_AGE = 12 * 60 * 60


class _ClockSigner(TimestampSigner):
    """itsdangerous' timestamp signer reading the engine's clock instead of ``time.time()``."""

    def __init__(self, *args: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clock = clock

    def get_timestamp(self) -> int:
        return int(self._clock.now().timestamp())


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime
    max_age: int


class InvalidToken(NotAuthenticated):
    """The bearer token is malformed, forged, expired or revoked (RFC 6750 ``invalid_token``)."""


def max_age() -> int:
    return int(current_app.config.get("API_TOKEN_MAX_AGE", DEFAULT_MAX_AGE))


def _serializer() -> URLSafeTimedSerializer:
    # SECRET_KEY signs; SECRET_KEY_FALLBACKS (Flask's key rotation) still verify older tokens.
    keys = (*(current_app.config.get("SECRET_KEY_FALLBACKS") or []), current_app.config["SECRET_KEY"])
    clock = get_db().clock
    # Building a serializer costs as much as checking a token (it dumps a sample to learn its text type): one per
    # keys and clock, kept on the app. A serializer holds no state between calls.
    kept: dict[tuple[Any, ...], URLSafeTimedSerializer] = current_app.extensions.setdefault(_SERIALIZERS, {})
    serializer = kept.get((keys, id(clock)))
    if serializer is None:
        serializer = URLSafeTimedSerializer(list(keys), salt=SALT, signer=_ClockSigner, signer_kwargs={"clock": clock})
        if len(kept) >= 8:
            kept.clear()
        kept[(keys, id(clock))] = serializer
    return serializer


_SERIALIZERS = "alur_token_serializers"


def issue_token(user_id: int, fingerprint: str) -> IssuedToken:
    serializer = _serializer()
    token = serializer.dumps({"u": user_id, "f": fingerprint})
    _, issued_at = serializer.loads(token, return_timestamp=True)  # the exact second the signature carries
    age = max_age()
    return IssuedToken(token=token, expires_at=issued_at + timedelta(seconds=age), max_age=age)


def user_of_token(token: str) -> int:
    """The id of the user a token stands for, or :class:`InvalidToken`."""
    user_id, carried = claims_of_token(token)
    fingerprint = current_credential(get_db(), user_id)
    if fingerprint is None or not hmac.compare_digest(fingerprint.encode(), carried.encode()):
        raise InvalidToken(REVOKED)
    return user_id


def claims_of_token(token: str) -> tuple[int, str]:
    """(user id, credential) a token carries, its signature and age checked; whether the person's sign-in still
    stands is the caller's question (:func:`user_of_token`, or the use case's own transaction)."""
    try:
        payload = _serializer().loads(token, max_age=max_age())
    except SignatureExpired:
        raise InvalidToken(N_("Token sudah kedaluwarsa; minta token baru.")) from None
    except BadSignature:
        raise InvalidToken(N_("Token tidak valid.")) from None
    user_id = payload.get("u") if isinstance(payload, dict) else None
    carried = payload.get("f") if isinstance(payload, dict) else None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not isinstance(carried, str):
        raise InvalidToken(N_("Token tidak valid."))
    return user_id, carried
