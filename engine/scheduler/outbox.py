"""Sending the rows of an email outbox exactly once, however many schedulers run: notices to staff
(``notifications``) and mail owed to applicants (``applicant_mails``) share the columns and this machinery.

A row is claimed with ``FOR UPDATE SKIP LOCKED`` and a conditional update on its status and attempt count (a second
scheduler that read the same row changes nothing and moves on), sent outside the transaction, then marked sent; a
failure puts it back to pending for a later pass, until the last attempt marks it failed. A sender that died while
sending leaves the row "sending": it is claimed again after :data:`EMAIL_RECLAIM_AFTER`, with the same Message-ID, so
a receiving server that saw the first copy drops the second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.db import Database
from engine.mailer import Mailer, OutgoingMail

log = logging.getLogger("alur.scheduler")

#: An email claimed by a sender that died is sent again after this long (same Message-ID).
EMAIL_RECLAIM_AFTER = timedelta(minutes=15)
EMAIL_MAX_ATTEMPTS = 5
#: A failed email waits this long before the next attempt (so one pass never hammers a dead server).
EMAIL_RETRY_AFTER = timedelta(minutes=5)

#: The row's mail (composed in the claiming transaction), or why it must not be sent after all (the row is then
#: marked "skipped" with that reason).
Compose = Callable[[Session, Any], OutgoingMail | str]
#: Told, in the transaction that writes it, each row's last status ("sent", "failed" or "skipped") with its error:
#: what must be recorded with it (an applicant's mail goes into the case's history). Never told of a retry.
Settled = Callable[[Session, int, str, str | None], None]


def send_outbox(db: Database, mailer: Mailer, now: datetime, errors: list[str], model: Any, compose: Compose,
                what: str, *, batch: int = 100, settled: Settled | None = None) -> int:
    """Send up to ``batch`` due rows of ``model``'s outbox; the number sent. Each failure is logged and listed in
    ``errors`` and the pass carries on."""
    sent = 0
    for _ in range(batch):
        with db.transaction() as session:
            row = session.scalar(
                select(model).where(
                    ((model.email_status == "pending")
                     & (model.email_claimed_at.is_(None) | (model.email_claimed_at < now - EMAIL_RETRY_AFTER)))
                    | ((model.email_status == "sending") & (model.email_claimed_at < now - EMAIL_RECLAIM_AFTER))
                ).order_by(model.id).limit(1).with_for_update(skip_locked=True)
            )
            if row is None:
                return sent
            claimed = session.execute(
                update(model).where(model.id == row.id, model.email_status == row.email_status,
                                    model.email_attempts == row.email_attempts)
                .values(email_status="sending", email_claimed_at=now, email_attempts=row.email_attempts + 1)
            ).rowcount
            if not claimed:
                continue
            row_id, attempts = row.id, row.email_attempts + 1
            mail = compose(session, row)
            if isinstance(mail, str):
                session.execute(update(model).where(model.id == row_id).values(email_status="skipped",
                                                                               email_error=mail))
                if settled is not None:
                    settled(session, row_id, "skipped", mail)
                continue
        try:
            mailer.send(mail)
        except Exception as error:  # noqa: BLE001 - SMTP trouble: try again on a later pass
            log.warning("%s %s failed: %s", what, row_id, error)
            errors.append(f"{what} {row_id}: {error}")
            last = attempts >= EMAIL_MAX_ATTEMPTS
            with db.transaction() as session:
                session.execute(update(model).where(model.id == row_id).values(
                    email_status="failed" if last else "pending", email_error=str(error)))
                if last and settled is not None:
                    settled(session, row_id, "failed", str(error))
            continue
        with db.transaction() as session:
            session.execute(update(model).where(model.id == row_id)
                            .values(email_status="sent", email_sent_at=now, email_error=None))
            if settled is not None:
                settled(session, row_id, "sent", None)
        sent += 1
    return sent
