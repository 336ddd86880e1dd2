"""Email over SMTP, configured by environment (``ALUR_SMTP_*``); nothing is sent when unconfigured."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    body: str
    message_id: str


class Mailer(Protocol):
    domain: str

    def send(self, mail: OutgoingMail) -> None: ...


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int = 587
    sender: str = "alur@localhost"
    username: str | None = None
    password: str | None = None
    starttls: bool = True
    use_ssl: bool = False
    timeout: float = 20.0

    @property
    def domain(self) -> str:
        return self.sender.rpartition("@")[2] or "localhost"

    def send(self, mail: OutgoingMail) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Message-ID"] = mail.message_id  # the same notice always has the same id: receivers dedupe
        message.set_content(mail.body + "\n\n-- \nAlur\n")
        if self.use_ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with client:
            if self.starttls and not self.use_ssl:
                client.starttls(context=ssl.create_default_context())
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)


def mailer_from_environment(environ: Mapping[str, str]) -> SmtpMailer | None:
    host = environ.get("ALUR_SMTP_HOST")
    if not host:
        return None
    return SmtpMailer(
        host=host,
        port=int(environ.get("ALUR_SMTP_PORT", "587")),
        sender=environ.get("ALUR_SMTP_FROM", "alur@localhost"),
        username=environ.get("ALUR_SMTP_USER") or None,
        password=environ.get("ALUR_SMTP_PASSWORD") or None,
        starttls=environ.get("ALUR_SMTP_STARTTLS", "1") not in ("0", "false", "no"),
        use_ssl=environ.get("ALUR_SMTP_SSL", "0") in ("1", "true", "yes"),
    )
