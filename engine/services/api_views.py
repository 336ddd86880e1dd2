"""Reads the JSON API needs beyond the other use cases: what a bearer token is checked against."""

from __future__ import annotations

from engine.db import Database
from engine.services.users import current_credential


def credential_fingerprint(db: Database, user_id: int) -> str | None:
    """The credential a token must carry (see :func:`engine.services.users.current_credential`); None for an
    unknown or deactivated user.

    A token carries it and is refused once it no longer matches: a new password, a logout, "log out all sessions"
    or a deactivation (even one undone since) revokes every token issued before.
    """
    return current_credential(db, user_id)
