"""Settings come from the environment, read when asked (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_TIMEZONE = "Asia/Makassar"


@dataclass(frozen=True)
class Settings:
    database_url: str
    timezone: str
    processes_dir: Path
    instance_dir: Path


def default_database_url(instance_dir: Path) -> str:
    return f"sqlite:///{(instance_dir / 'alur.db').resolve()}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read Alur's settings: ``DATABASE_URL``, ``ALUR_TIMEZONE``, ``ALUR_PROCESSES``, ``ALUR_INSTANCE``."""
    env = os.environ if environ is None else environ
    instance_dir = Path(env.get("ALUR_INSTANCE", "instance"))
    return Settings(
        database_url=env.get("DATABASE_URL") or default_database_url(instance_dir),
        timezone=env.get("ALUR_TIMEZONE", DEFAULT_TIMEZONE),
        processes_dir=Path(env.get("ALUR_PROCESSES", "processes")),
        instance_dir=instance_dir,
    )
