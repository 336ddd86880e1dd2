"""Settings come from the environment, read when asked (never at import time)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_TIMEZONE = "Asia/Makassar"


@dataclass(frozen=True)
class Settings:
    database_url: str
    timezone: str
    processes_dir: Path
    instance_dir: Path
    #: The office's address on the internet (``https://alur.contoh.go.id``), for links in mail to applicants;
    #: None sends no such mail (the status page still invites to the survey).
    public_url: str | None = None


def default_database_url(instance_dir: Path) -> str:
    return f"sqlite:///{(instance_dir / 'alur.db').resolve()}"


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read Alur's settings: ``DATABASE_URL``, ``ALUR_TIMEZONE``, ``ALUR_PROCESSES``, ``ALUR_INSTANCE``,
    ``ALUR_PUBLIC_URL``."""
    env = os.environ if environ is None else environ
    instance_dir = Path(env.get("ALUR_INSTANCE", "instance"))
    return Settings(
        database_url=env.get("DATABASE_URL") or default_database_url(instance_dir),
        timezone=env.get("ALUR_TIMEZONE", DEFAULT_TIMEZONE),
        processes_dir=Path(env.get("ALUR_PROCESSES", "processes")),
        instance_dir=instance_dir,
        public_url=public_base_url(env.get("ALUR_PUBLIC_URL", "")),
    )


def public_base_url(text: str) -> str | None:
    """``ALUR_PUBLIC_URL`` as links start with it (no trailing slash); empty is None. A value that is not an http(s)
    address with a host is refused at start, so a typo never reaches an applicant's mailbox as a broken link."""
    text = (text or "").strip().rstrip("/")
    if not text:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"ALUR_PUBLIC_URL harus alamat http(s) kantor tanpa ? atau #, mis. "
                         f"https://alur.contoh.go.id (ALUR_PUBLIC_URL must be the office's http(s) address): {text!r}")
    return text
