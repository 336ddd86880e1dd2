"""The Tanda terima as the document an office prints (A4 portrait, the reports' letterhead): the same facts as the
receipt page, with the QR code of the public status page as its figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine.reports.exports import Column, Document, Figure, Table
from engine.reports.text import local_datetime


@dataclass(frozen=True)
class Requirement:
    title: str
    #: True/False once the first step recorded its checklist; None while it is still to be checked.
    received: bool | None


@dataclass(frozen=True)
class Receipt:
    case_id: int
    reference: str
    tracking_code: str
    process_key: str
    process_name: str
    nomor_sop: str | None
    unit_name: str
    header_lines: tuple[str, ...]
    logo: str
    applicant_name: str
    started_at: datetime
    promised_at: datetime | None
    requirements: tuple[Requirement, ...]
    cost: str
    status: str
    #: Where the survey's invitation goes once the case is finished (the start form's email field), else None.
    applicant_email: str | None = None


def receipt_document(receipt: Receipt, status_url: str, qr: str, timezone: str, now: datetime, *,
                     invitation_email: str | None = None) -> Document:
    """``qr`` is the SVG of ``status_url`` (engine.public_service.qr); ``invitation_email``: the address the survey's
    invitation will be emailed to, when the office sends it."""
    requirements = tuple((n, r.title, "Diterima" if r.received else "Belum lengkap" if r.received is False
                          else "Diserahkan") for n, r in enumerate(receipt.requirements, start=1))
    return Document(
        title="Tanda Terima Permohonan",
        filename=f"tanda-terima-{receipt.reference}",
        header_lines=receipt.header_lines,
        logo=receipt.logo,
        meta=(("Nomor permohonan", receipt.reference), ("Kode lacak", receipt.tracking_code),
              ("Layanan", receipt.process_name), ("Unit", receipt.unit_name),
              ("Nama pemohon", receipt.applicant_name or "—"),
              ("Tanggal diterima", local_datetime(receipt.started_at, timezone)),
              ("Perkiraan selesai", local_datetime(receipt.promised_at, timezone) if receipt.promised_at else "—"),
              ("Biaya", receipt.cost)),
        tables=(Table("Persyaratan yang diterima", (Column("No", "int", width=8), Column("Persyaratan"),
                                                     Column("Keterangan", width=22)), requirements),),
        figures=(Figure("Cek status permohonan", qr),),
        notes=(f"Cek status permohonan tanpa masuk: pindai kode QR atau buka {status_url} lalu masukkan nomor "
               "permohonan dan kode lacak di atas. Simpan tanda terima ini; kode lacak hanya untuk Anda.",
               *((f"Setelah permohonan selesai, kami mengirim undangan Survei Kepuasan Masyarakat ke "
                  f"{invitation_email}.",) if invitation_email else ())),
        landscape=False, timezone=timezone, generated_at=now,
    )
