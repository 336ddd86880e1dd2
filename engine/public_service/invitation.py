"""The email that invites an applicant to the Survei Kepuasan Masyarakat once their case is finished.

The address is the start form's email field (the first field with ``"format": "email"``, as the desk typed it); the
link is the public status page with the reference and the tracking code filled in, which is where the survey is
answered. Written in Bahasa Indonesia: the applicant is no user and has no language of their own in Alur.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from engine.forms.formats import format_problem
from engine.public_service.tracking import PUBLIC_SERVICE_KEY, display_code
from engine.reports.text import MONTHS
from engine.timekeeping.deadlines import zone_name

#: ``applicant_mails.kind`` of the invitation: one per case.
SURVEY_INVITATION: Final = "survey_invitation"


def applicant_email(sop: Mapping[str, Any], forms: Mapping[str, Any], data: Mapping[str, Any]) -> str | None:
    """Where the applicant of a public-service case said they read email, or None (no field, left empty, or a value
    no mail server would take)."""
    if sop.get(PUBLIC_SERVICE_KEY) is not True:
        return None
    path = (sop.get("case") or {}).get("start_form")
    schema = forms.get(path) if path else None
    fields = (schema or {}).get("properties") or {}
    name = next((key for key, field in fields.items() if isinstance(field, dict) and field.get("format") == "email"),
                None)
    value = data.get(name) if name else None
    if not isinstance(value, str) or not value.strip():
        return None
    address = value.strip()
    return None if format_problem("email", address) is not None else address


def status_link(public_url: str, reference: str | None = None, tracking_code: str | None = None, *,
                survey: bool = False) -> str:
    """The public status page under the office's public address: with the case's reference and code filled in
    when given (the receipt's QR code), opened at the survey when ``survey`` (the invitation)."""
    base = f"{public_url.rstrip('/')}/status"
    if reference is None or tracking_code is None:
        return base
    query = urlencode({"ref": reference, "code": display_code(tracking_code)})
    return f"{base}?{query}" + ("#survei" if survey else "")


@dataclass(frozen=True)
class FinishedCase:
    """What the invitation says about the case."""

    reference: str
    tracking_code: str
    process_name: str
    office_name: str
    applicant_name: str
    outcome: str | None
    finished_at: datetime
    #: The SOP's complaints channels (``pengaduan`` in sop.json).
    complaints: tuple[str, ...] = ()


def survey_invitation(case: FinishedCase, public_url: str, timezone: str) -> tuple[str, str]:
    """The invitation's subject and body (plain text)."""
    link = status_link(public_url, case.reference, case.tracking_code, survey=True)
    subject = f"Permohonan {case.reference} selesai — mohon penilaian Anda atas layanan kami"
    greeting = f"Yth. {case.applicant_name}," if case.applicant_name else "Yth. Bapak/Ibu pemohon,"
    lines = [
        greeting,
        "",
        f"Terima kasih telah menggunakan layanan {case.process_name} di {case.office_name}.",
        "",
        f"Permohonan Anda dengan nomor {case.reference} telah selesai pada {_moment(case.finished_at, timezone)}.",
    ]
    if case.outcome:
        lines.append(f"Hasil: {case.outcome}.")
    lines += [
        "",
        "Kami mohon kesediaan Anda menilai pelayanan kami melalui Survei Kepuasan Masyarakat: sembilan pertanyaan "
        "singkat, satu kali untuk setiap permohonan. Penilaian Anda membantu kami memperbaiki pelayanan.",
        "",
        "Buka halaman status permohonan Anda untuk melihat hasilnya dan mengisi survei:",
        link,
        "",
        f"Nomor permohonan: {case.reference}",
        f"Kode lacak: {display_code(case.tracking_code)}",
        "(keduanya juga tercantum pada tanda terima Anda; jangan berikan kode lacak kepada orang lain)",
    ]
    if case.complaints:
        lines += ["", "Pengaduan, saran dan masukan:", *(f"- {channel}" for channel in case.complaints)]
    lines += ["", "Email ini dikirim otomatis; mohon tidak membalasnya.", "", case.office_name]
    return subject, "\n".join(lines)


def _moment(moment: datetime, timezone: str) -> str:
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.day} {MONTHS[local.month - 1]} {local.year} pukul {local:%H.%M} {zone_name(local)}"
