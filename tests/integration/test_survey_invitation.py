"""The Survei Kepuasan Masyarakat's invitation by email: once per finished public case whose applicant gave an
address, sent by the scheduler with a link to the status page (reference and code filled in), never twice."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import timedelta
from email.message import Message
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from applicant_support import APPLICANT, NIB, complete_steps
from sqlalchemy import func, select

from engine.config import load_settings, public_base_url
from engine.db import Database
from engine.mailer import SmtpMailer
from engine.models import ApplicantMail, Event
from engine.public_service.invitation import applicant_email
from engine.scheduler import SchedulerPolicy, run_pass
from engine.scheduler.applicant_mail import NO_PUBLIC_URL, TOO_LATE
from engine.services import cancel_case, claim_task, complete_task, get_case, inbox, start_case, sync_processes
from engine.services.public_status import public_case_status
from engine.services.survey import submit_online_survey
from engine.timekeeping.clock import FixedClock

from support import decision_sketch, side_by_side, write_process

PUBLIC_URL = "https://layanan.dinkop-lobar.contoh.go.id"
QUIET = SchedulerPolicy(send_email=False)  # no notices to staff: only the applicants' mail is under test
OPTIONAL_EMAIL_SOP = "uji_layanan_email"
OPTIONAL_EMAIL_FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Permohonan",
    "type": "object",
    "properties": {
        "nama_pemohon": {"title": "Nama pemohon", "type": "string", "minLength": 1, "examples": ["Baiq Nurul"]},
        "email_pemohon": {"title": "Email pemohon", "type": "string", "format": "email",
                          "examples": ["baiq@contoh.id"]},
    },
    "required": ["nama_pemohon"],
}


class Inbox:
    """A real SMTP server on a free local port (aiosmtpd) and what it received."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.handlers import Message as MessageHandler

        self.received: list[Message] = []
        received = self.received

        class Collect(MessageHandler):
            def handle_message(self, message: Message) -> None:
                received.append(message)

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.controller = Controller(Collect(), hostname="127.0.0.1", port=port)
        self.mailer = SmtpMailer(host="127.0.0.1", port=port, sender="layanan@dinkop-lobar.contoh.go.id",
                                 starttls=False)


@pytest.fixture
def mailbox() -> Iterator[Inbox]:
    box = Inbox()
    box.controller.start()
    try:
        yield box
    finally:
        box.controller.stop()


@pytest.fixture
def optional_email_sop(db: Database, tmp_path: Path) -> str:
    write_process(tmp_path, decision_sketch(OPTIONAL_EMAIL_SOP), sop={"layanan_publik": True},
                  forms={"forms/start.json": OPTIONAL_EMAIL_FORM})
    sync_processes(db, tmp_path)
    return OPTIONAL_EMAIL_SOP


def _finished_nib(db: Database, staff: dict[str, int], data: dict[str, str] | None = None) -> tuple[int, str, str]:
    ref = start_case(db, staff["pelaksana"], NIB, data or APPLICANT)
    complete_steps(db, staff, ref.id, 5)
    assert get_case(db, staff["pelaksana"], ref.id).status == "completed"
    return ref.id, ref.reference, ref.tracking_code or ""


def _mails(db: Database, case_id: int) -> list[ApplicantMail]:
    with db.transaction(write=False) as session:
        return list(session.scalars(select(ApplicantMail).where(ApplicantMail.case_id == case_id)))


def _invitation_history(db: Database, case_id: int) -> list[tuple[str, dict[str, str]]]:
    """The case's history entries about its survey invitation: (kind, payload)."""
    with db.transaction(write=False) as session:
        about = select(Event).where(Event.case_id == case_id, Event.kind.startswith("survey_invitation"))
        return [(e.kind, e.payload) for e in session.scalars(about.order_by(Event.id))]


def _later(clock: FixedClock, **delta: float):  # type: ignore[no-untyped-def]
    return clock.now() + timedelta(**delta)


def test_a_finished_public_case_invites_its_applicant_once_with_the_status_link(
        db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox) -> None:
    case_id, reference, code = _finished_nib(db, staff)
    [owed] = _mails(db, case_id)
    assert (owed.to_address, owed.email_status) == ("baiq@contoh.id", "pending")
    assert get_case(db, staff["pelaksana"], case_id).survey_invitation.status == "pending"  # type: ignore[union-attr]

    first = run_pass(db, _later(clock, minutes=1), policy=QUIET, mailer=mailbox.mailer, public_url=PUBLIC_URL)
    assert (first.invitations_sent, first.errors) == (1, [])
    assert run_pass(db, _later(clock, minutes=2), policy=QUIET, mailer=mailbox.mailer,
                    public_url=PUBLIC_URL).invitations_sent == 0
    assert run_pass(db, _later(clock, hours=2), policy=QUIET, mailer=mailbox.mailer,
                    public_url=PUBLIC_URL).invitations_sent == 0

    [message] = mailbox.received
    assert message["To"] == "baiq@contoh.id"
    assert reference in message["Subject"] and message["Message-ID"].startswith("<alur-survei-")
    body = message.get_payload(decode=True).decode("utf-8")  # type: ignore[union-attr]
    assert "Yth. Baiq Nurul Aini," in body and "Terima kasih" in body and "Survei Kepuasan Masyarakat" in body
    outcome = get_case(db, staff["pelaksana"], case_id).outcome
    assert outcome and f"Hasil: {outcome}." in body
    display = f"{code[:5]}-{code[5:]}"
    link = f"{PUBLIC_URL}/status?ref={reference}&code={display}#survei"
    assert link in body.split() and f"Kode lacak: {display}" in body
    # The link opens the case's status page, which invites to the survey.
    query = parse_qs(urlsplit(link).query)
    status = public_case_status(db, query["ref"][0], query["code"][0])
    assert status.reference == reference and status.survey_open

    invitation = get_case(db, staff["pelaksana"], case_id).survey_invitation
    assert invitation is not None and invitation.status == "sent" and invitation.sent_at is not None
    assert _invitation_history(db, case_id) == [("survey_invitation_sent", {"to": "baiq@contoh.id"})]


def test_two_schedulers_at_once_send_one_invitation(
        db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox, prepared_database: str) -> None:
    case_id, _, _ = _finished_nib(db, staff)
    totals: list[int] = []

    side_by_side(prepared_database, clock, lambda own: totals.append(run_pass(
        own, _later(clock, minutes=1), policy=QUIET, mailer=mailbox.mailer, public_url=PUBLIC_URL).invitations_sent))
    assert sorted(totals) == [0, 1] and len(mailbox.received) == 1
    assert [m.email_status for m in _mails(db, case_id)] == ["sent"]
    assert [kind for kind, _ in _invitation_history(db, case_id)] == ["survey_invitation_sent"]


def test_a_case_whose_applicant_gave_no_email_owes_no_invitation(
        db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox, optional_email_sop: str) -> None:
    with_email = start_case(db, staff["uji_pelaksana"], optional_email_sop,
                            {"nama_pemohon": "Lalu Ahmad", "email_pemohon": "lalu@contoh.id"})
    without = start_case(db, staff["uji_pelaksana"], optional_email_sop, {"nama_pemohon": "Baiq Nurul"})
    for ref in (with_email, without):
        assert ref.tracking_code is not None
        task = next(r for r in inbox(db, staff["uji_pelaksana"], "queue").rows if r.case_id == ref.id)
        claim_task(db, staff["uji_pelaksana"], task.id)
        # Incomplete papers: the case ends "Dikembalikan", finished all the same, and its service may be rated.
        complete_task(db, staff["uji_pelaksana"], task.id, {"nik": "5201014107900001", "lengkap": False})
    assert _mails(db, without.id) == []
    assert get_case(db, staff["uji_pelaksana"], without.id).survey_invitation is None
    report = run_pass(db, _later(clock, minutes=1), policy=QUIET, mailer=mailbox.mailer, public_url=PUBLIC_URL)
    assert report.invitations_sent == 1
    assert [m["To"] for m in mailbox.received] == ["lalu@contoh.id"]


def test_without_the_public_address_no_invitation_is_sent_ever(
        db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox) -> None:
    case_id, reference, code = _finished_nib(db, staff)
    assert run_pass(db, _later(clock, minutes=1), policy=QUIET, mailer=mailbox.mailer).invitations_sent == 0
    [skipped] = _mails(db, case_id)
    assert skipped.email_status == "skipped" and "ALUR_PUBLIC_URL" in (skipped.email_error or "")
    # Configured later: an old case is not mailed out of the blue; its status page still invites.
    assert run_pass(db, _later(clock, minutes=10), policy=QUIET, mailer=mailbox.mailer,
                    public_url=PUBLIC_URL).invitations_sent == 0
    assert mailbox.received == []
    assert public_case_status(db, reference, code).survey_open
    assert _invitation_history(db, case_id) == [("survey_invitation_not_sent", {"reason": NO_PUBLIC_URL})]


def test_a_cancelled_case_sends_none(db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox) -> None:
    ref = start_case(db, staff["pelaksana"], NIB, APPLICANT)
    complete_steps(db, staff, ref.id, 2)
    cancel_case(db, staff["kabid"], ref.id, "Pemohon menarik permohonan")
    assert _mails(db, ref.id) == []
    run_pass(db, _later(clock, minutes=1), policy=QUIET, mailer=mailbox.mailer, public_url=PUBLIC_URL)
    assert mailbox.received == []


def test_a_survey_answered_before_the_mail_goes_out_is_not_asked_again(
        db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox) -> None:
    case_id, reference, code = _finished_nib(db, staff)
    submit_online_survey(db, reference, code, {f"u{n}": "4" for n in range(1, 10)})
    assert run_pass(db, _later(clock, minutes=1), policy=QUIET, mailer=mailbox.mailer,
                    public_url=PUBLIC_URL).invitations_sent == 0
    assert mailbox.received == [] and _mails(db, case_id)[0].email_status == "skipped"


def test_a_failed_invitation_is_retried_on_a_later_pass(
        db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox) -> None:
    case_id, _, _ = _finished_nib(db, staff)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = SmtpMailer(host="127.0.0.1", port=probe.getsockname()[1], starttls=False, timeout=2)  # nobody listens
    report = run_pass(db, _later(clock, minutes=1), policy=QUIET, mailer=dead, public_url=PUBLIC_URL)
    assert report.invitations_sent == 0 and report.errors
    assert [(m.email_status, m.email_attempts) for m in _mails(db, case_id)] == [("pending", 1)]
    assert _invitation_history(db, case_id) == []  # a retry is not history; what finally happens is
    assert run_pass(db, _later(clock, minutes=10), policy=QUIET, mailer=mailbox.mailer,
                    public_url=PUBLIC_URL).invitations_sent == 1
    assert len(mailbox.received) == 1
    assert [kind for kind, _ in _invitation_history(db, case_id)] == ["survey_invitation_sent"]


def test_an_invitation_the_mail_server_never_took_in_time_is_dropped(
        db: Database, staff: dict[str, int], clock: FixedClock, mailbox: Inbox) -> None:
    case_id, _, _ = _finished_nib(db, staff)
    assert run_pass(db, _later(clock, days=15), policy=QUIET, mailer=mailbox.mailer,
                    public_url=PUBLIC_URL).invitations_sent == 0
    assert mailbox.received == [] and _mails(db, case_id)[0].email_status == "skipped"
    assert _invitation_history(db, case_id) == [("survey_invitation_not_sent",
                                                 {"to": "baiq@contoh.id", "reason": TOO_LATE})]


def test_only_one_invitation_row_per_case(db: Database, staff: dict[str, int]) -> None:
    case_id, _, _ = _finished_nib(db, staff)
    with db.transaction(write=False) as session:
        assert session.scalar(select(func.count()).select_from(ApplicantMail)
                              .where(ApplicantMail.case_id == case_id)) == 1


def test_the_applicants_address_is_the_start_forms_email_field_of_a_public_service() -> None:
    forms = {"forms/start.json": OPTIONAL_EMAIL_FORM}
    sop = {"layanan_publik": True, "case": {"start_form": "forms/start.json"}}
    assert applicant_email(sop, forms, {"email_pemohon": " baiq@contoh.id "}) == "baiq@contoh.id"
    assert applicant_email(sop, forms, {"email_pemohon": ""}) is None
    assert applicant_email(sop, forms, {"email_pemohon": "baiq@contoh.id\nBcc: x@y.id"}) is None
    assert applicant_email({**sop, "layanan_publik": False}, forms, {"email_pemohon": "baiq@contoh.id"}) is None


@pytest.mark.parametrize(("value", "expected"), [
    ("", None), ("  ", None), ("https://alur.contoh.go.id/", "https://alur.contoh.go.id"),
    ("http://10.0.0.5:5000/alur", "http://10.0.0.5:5000/alur"),
])
def test_the_public_address_setting(value: str, expected: str | None) -> None:
    assert public_base_url(value) == expected
    assert load_settings({"ALUR_PUBLIC_URL": value}).public_url == expected


@pytest.mark.parametrize("value", ["alur.contoh.go.id", "ftp://alur.contoh.go.id", "https://", "https://a.id/?x=1"])
def test_a_public_address_that_is_no_web_address_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="ALUR_PUBLIC_URL"):
        public_base_url(value)


def test_the_receipt_knows_where_the_invitation_will_go(db: Database, staff: dict[str, int]) -> None:
    from engine.public_service.receipt_document import receipt_document
    from engine.services.receipts import case_receipt

    ref = start_case(db, staff["pelaksana"], NIB, APPLICANT)
    receipt = case_receipt(db, staff["pelaksana"], ref.id)
    assert receipt.applicant_email == "baiq@contoh.id"
    document = receipt_document(receipt, f"{PUBLIC_URL}/status", "<svg/>", db.timezone, db.clock.now(),
                                invitation_email=receipt.applicant_email)
    assert any("undangan Survei Kepuasan Masyarakat ke baiq@contoh.id" in note for note in document.notes)
    quiet = receipt_document(receipt, f"{PUBLIC_URL}/status", "<svg/>", db.timezone, db.clock.now())
    assert not any("undangan" in note for note in quiet.notes)
