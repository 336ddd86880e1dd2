"""The Tanda terima of a public-service case: a printable page and its PDF, with the QR code of the status page."""

from __future__ import annotations

import io

from flask import Blueprint, current_app, render_template, send_file, url_for
from flask_login import login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.config import public_base_url
from engine.public_service.invitation import status_link
from engine.public_service.qr import qr_svg
from engine.public_service.receipt_document import receipt_document
from engine.reports.exports import export
from engine.services.receipts import Receipt, case_receipt
from webapp.views.common import db, me

bp = Blueprint("receipts", __name__)


def _public_url() -> str | None:
    """``ALUR_PUBLIC_URL``: the address applicants reach the office at (the desk may use an internal one)."""
    return public_base_url(str(current_app.config.get("PUBLIC_URL") or ""))


def status_url(receipt: Receipt) -> str:
    """The public status page of the case, with its reference and code: what the QR code holds."""
    public = _public_url()
    if public:
        return status_link(public, receipt.reference, receipt.tracking_code)
    return url_for("public.status", ref=receipt.reference, code=receipt.tracking_code, _external=True)


def lookup_url() -> str:
    public = _public_url()
    return status_link(public) if public else url_for("public.status", _external=True)


def invitations_can_go() -> bool:
    """Whether the scheduler can send the survey's invitations: the public address and an email server are set."""
    return bool(_public_url() and current_app.config.get("SMTP_HOST"))


def invitation_email(receipt: Receipt) -> str | None:
    """The address the receipt says the survey's invitation goes to: only when the scheduler can send it."""
    return receipt.applicant_email if invitations_can_go() else None


@bp.get("/cases/<id:case_id>/receipt")
@login_required
def receipt(case_id: int) -> str:
    found = case_receipt(db(), me(), case_id)
    url = status_url(found)
    return render_template("cases/receipt.html", receipt=found, status_url=url, lookup_url=lookup_url(),
                           invitation_email=invitation_email(found),
                           qr=Markup(qr_svg(url, title="Kode QR cek status")))  # noqa: S704 - segno's own SVG


@bp.get("/cases/<id:case_id>/receipt.pdf")
@login_required
def receipt_pdf(case_id: int) -> Response:
    found = case_receipt(db(), me(), case_id)
    url = status_url(found)
    document = receipt_document(found, lookup_url(), qr_svg(url), db().timezone, db().clock.now(),
                                invitation_email=invitation_email(found))
    file = export(document, "pdf")
    response = send_file(io.BytesIO(file.content), mimetype=file.mimetype, as_attachment=True,
                         download_name=file.filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
