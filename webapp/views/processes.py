"""The SOP catalogue, one SOP's page, its official SOP AP document (page and PDF), and starting a case from its
start form."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.errors import NotFound, ValidationFailed
from engine.phrases import N_
from engine.reports.exports import safe_filename
from engine.reports.pdf import html_to_pdf
from engine.services import get_process, list_processes, start_case
from engine.services.overview import require_may_start, startable_processes
from engine.services.process_versions import list_versions
from engine.services.sop_documents import sop_document
from webapp.formatting import error_fields
from webapp.views.common import db, me, see_other, submitted

bp = Blueprint("processes", __name__)


@bp.get("/processes")
@login_required
def catalogue() -> str:
    return render_template("processes/catalogue.html", processes=list_processes(db()),
                           startable=startable_processes(db(), me()))


@bp.get("/processes/<key>")
@login_required
def process(key: str) -> Any:
    versions = list_versions(db(), me(), key)  # first: a version whose Tanggal Efektif came is in force now
    if versions.in_force is None:  # only drafts (or approved, waiting for their day): the versions page
        return redirect(url_for("sop_import.versions", key=key))
    info = get_process(db(), key)
    return render_template("processes/process.html", process=info, diagram=_diagram(key), versions=versions,
                           startable=startable_processes(db(), me()))


@bp.get("/processes/<key>/sop")
@login_required
def sop(key: str) -> str:
    """The SOP AP document of the SOP's latest version (or ``?version=N``), as a page."""
    return render_template("processes/sop.html", document=sop_document(db(), me(), key, _version()))


@bp.get("/processes/<key>/sop.pdf")
@login_required
def sop_pdf(key: str) -> Response:
    """The same document as an A4 landscape PDF (WeasyPrint, the page's stylesheet inline)."""
    document = sop_document(db(), me(), key, _version())
    html = render_template("processes/sop_print.html", document=document, css=Markup(_sop_css()))  # noqa: S704
    name = safe_filename(f"SOP-AP-{document.key}-versi-{document.version}.pdf")
    response = send_file(io.BytesIO(html_to_pdf(html)), mimetype="application/pdf", as_attachment=True,
                         download_name=name, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    return response


def _version() -> int | None:
    """``?version=N``: none gives the latest version; anything but a version number is a version that is not there."""
    raw = request.args.get("version", "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdecimal() and len(raw) <= 9 and int(raw) > 0:
        return int(raw)
    raise NotFound(N_("Versi SOP tidak ditemukan; buka dokumen tanpa nomor versi untuk versi terbaru."))


@cache
def _sop_css() -> str:
    """webapp/static/sop.css, our own file: safe inside the PDF's <style> (it holds no ``</``)."""
    css = (Path(__file__).resolve().parents[1] / "static" / "sop.css").read_text(encoding="utf-8")
    assert "</" not in css
    return css


@bp.route("/processes/<key>/start", methods=["GET", "POST"])
@login_required
def start(key: str) -> Any:
    info = get_process(db(), key)
    require_may_start(db(), me(), key)  # refused before the form is filled, not after
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = submitted(info.start_form)
        try:
            ref = start_case(db(), me(), key, values)
        except ValidationFailed as failed:
            errors = error_fields(failed, "")
        else:
            flash(_("Kasus %(ref)s dimulai. Langkah pertama sudah masuk ke antrean.", ref=ref.reference), "success")
            if ref.tracking_code:  # a public service: the applicant's receipt, to print at the desk
                return see_other(url_for("receipts.receipt", case_id=ref.id))
            return see_other(url_for("cases.case", case_id=ref.id))
    html = render_template("processes/start.html", process=info, values=values, errors=errors)
    return html, 422 if errors else 200


def _diagram(key: str) -> Markup | None:
    try:
        from engine.services.diagrams import process_diagram_svg
    except ImportError:  # optional: the catalogue works without pictures
        return None
    try:
        return Markup(process_diagram_svg(db(), key))  # noqa: S704 - sanitized by engine.diagrams
    except Exception:
        current_app.logger.exception("diagram of process %s failed", key)
        return None
