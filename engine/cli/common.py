"""What every command group shares: the configured database, the acting administrator, failing with a message."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import click
from sqlalchemy.engine import make_url

from engine.config import load_settings
from engine.db import Database
from engine.errors import AlurError, ValidationFailed


def open_database() -> Database:
    settings = load_settings()
    return Database(settings.database_url, timezone=settings.timezone)


def existing_database() -> Database | None:
    """The configured database, unless it is an SQLite file that does not exist (a check creates nothing)."""
    database = open_database()
    name = make_url(database.url).database if database.is_sqlite else None
    if name and name != ":memory:" and not Path(name).exists():
        return None
    return database


def admin_id(username: str) -> int:
    """The id of the user a command acts as (``--as``); the services check what that user may do."""
    from engine.services import find_user  # the services package is heavy; only commands that act load it

    return find_user(open_database(), username).id


def fail(error: AlurError) -> NoReturn:
    """Print the engine's message (and each field's) and exit 1."""
    click.echo(f"Gagal: {error.message}", err=True)
    if isinstance(error, ValidationFailed):
        for field, message in error.field_errors.items():
            click.echo(f"  {field}: {message}", err=True)
    sys.exit(1)


def fail_with_problems(headline: str, problems: Iterable[str]) -> NoReturn:
    """Print "Gagal: <headline>" and one line per problem, then exit 1 (nothing was written)."""
    click.echo(f"Gagal: {headline}", err=True)
    for problem in problems:
        click.echo(f"  - {problem}", err=True)
    sys.exit(1)
