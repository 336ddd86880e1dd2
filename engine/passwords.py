"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
#: A hash of a random password: verifying against it costs the same as a real check, so an unknown
#: username takes as long to refuse as a wrong password.
_DUMMY_HASH = _HASHER.hash("alur-dummy-password-never-used")

MIN_PASSWORD_LENGTH = 8
#: Far beyond any passphrase; a new password longer than this is refused rather than hashed.
MAX_PASSWORD_LENGTH = 256


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def credential_fingerprint(password_hash: str, session_epoch: int) -> str:
    """What a browser session and an API token carry to prove they began with the person's current sign-in.

    It changes with the password (a new hash, with a new salt even for the same password) and with the session
    epoch (raised on logout, on "log out all sessions" and on deactivation), so either ends every session and
    token begun before. A digest: the holder can read their session cookie and token, and learns nothing usable
    about the hash.
    """
    return hashlib.sha256(f"{session_epoch}:{password_hash}".encode()).hexdigest()[:32]
