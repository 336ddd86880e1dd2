"""Reads the JSON API needs beyond the other use cases: what a bearer token is checked against."""

from __future__ import annotations

import hashlib

from engine.db import Database
from engine.models import User


def credential_fingerprint(db: Database, user_id: int) -> str | None:
    """A short digest of the user's password hash; None for an unknown or deactivated user.

    A token carries this digest and is refused once it no longer matches, so setting a new password
    (a new hash, with a new salt even for the same password) revokes every token issued before. The digest
    reveals nothing usable about the hash, which matters because signed tokens are readable by their holder.
    """
    with db.transaction(write=False) as session:
        user = session.get(User, user_id)
        if user is None or not user.active:
            return None
        return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:32]
