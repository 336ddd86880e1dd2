"""The Tanda terima of a public-service case: a printable page and its PDF, with the QR code of the status page."""

from __future__ import annotations

import io

from flask import Blueprint, render_template, send_file, url_for
from flask_login import login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.public_service.qr import qr_svg
from engine.public_service.receipt_document import receipt_document
from engine.reports.exports import export
from engine.services.receipts import Receipt, case_receipt
from webapp.views.common import db, me

bp = Blueprint("receipts", __name__)


def status_url(receipt: Receipt) -> str:
    """The public status page of the case, with its reference and code: what the QR code holds."""
    return url_for("public.status", ref=receipt.reference, code=receipt.tracking_code, _external=True)


@bp.get("/cases/<id:case_id>/receipt")
@login_required
def receipt(case_id: int) -> str:
    found = case_receipt(db(), me(), case_id)
    url = status_url(found)
    return render_template("cases/receipt.html", receipt=found, status_url=url,
                           lookup_url=url_for("public.status", _external=True),
                           qr=Markup(qr_svg(url, title="Kode QR cek status")))  # noqa: S704 - segno's own SVG


@bp.get("/cases/<id:case_id>/receipt.pdf")
@login_required
def receipt_pdf(case_id: int) -> Response:
    found = case_receipt(db(), me(), case_id)
    url = status_url(found)
    document = receipt_document(found, url_for("public.status", _external=True), qr_svg(url), db().timezone,
                                db().clock.now())
    file = export(document, "pdf")
    response = send_file(io.BytesIO(file.content), mimetype=file.mimetype, as_attachment=True,
                         download_name=file.filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response
