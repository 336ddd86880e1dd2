"""SOPs as the office writes them: the "Impor SOP" page (upload the SOP AP workbook or Word document, see every
problem or a preview, save it as a draft), "Unduh tabel SOP (XLSX)", and an SOP's versions with their approval by
the Kadis ("Sahkan") or a draft discarded.

Who may import, approve or discard is the engine's rule (``engine.access``); these views parse the request, call
one service and render. Between the preview and "Simpan sebagai draf" the uploaded workbook waits in the upload
folder under a random name tied to the person (``sop-import/<user>-<token>.xlsx``, ``.docx`` or ``.pdf``), for a
day at most.
"""

from __future__ import annotations

import io
import re
import secrets
import time
from datetime import date
from pathlib import Path
from typing import Any

from babel.dates import format_date
from flask import Blueprint, flash, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.errors import NotFound, ValidationFailed
from engine.labels import version_status_label
from engine.phrases import Phrase
from engine.services.process_versions import VersionList, approve_version, discard_draft, list_versions
from webapp.formatting import error_fields, error_message, say
from webapp.views.common import db, me, see_other, upload_dir

bp = Blueprint("sop_import", __name__)


@bp.app_template_filter("calendar_day")
def calendar_day(day: date | None) -> str:
    """A calendar date without a time ("25 November 2026"): a Tanggal Efektif, a day of approval."""
    if day is None:
        return ""
    return format_date(day, "d MMMM y", locale=str(get_locale() or "id"))


@bp.app_template_filter("version_status")
def version_status(status: str | None) -> str:
    """A version's status in words, translated (the words are the engine's: engine.labels)."""
    return _(version_status_label(status)) if status else ""


@bp.get("/processes/<key>/versions")
@login_required
def versions(key: str) -> Any:
    """Every version of one SOP; also the page of an SOP whose only versions are drafts (nothing in force yet)."""
    return render_template("processes/versions.html", listing=list_versions(db(), me(), key), errors={}, form={},
                           form_version=None)


def render_versions(listing: VersionList, *, errors: dict[str, str], form_version: int, status: int) -> Any:
    html = render_template("processes/versions.html", listing=listing, errors=errors, form=request.form,
                           form_version=form_version)
    return html, status


@bp.post("/processes/<key>/versions/<id:version>/approve")
@login_required
def approve(key: str, version: int) -> Any:
    form = request.form
    if form.get("confirm") != "1":
        return render_versions(list_versions(db(), me(), key), form_version=version, status=422, errors={
            "confirm": _("Centang pernyataan pengesahan untuk mengesahkan versi ini.")})
    try:
        info = approve_version(db(), me(), key, version, position=form.get("position", ""),
                               name=form.get("name", ""), nip=form.get("nip", ""),
                               approved_on=_day(form.get("approved_on", "")))
    except ValidationFailed as failed:
        return render_versions(list_versions(db(), me(), key), form_version=version, status=422,
                               errors=error_fields(failed, ""))
    if info.status == "effective":
        flash(_("Versi %(v)s disahkan dan berlaku mulai hari ini.", v=version), "success")
    else:
        flash(_("Versi %(v)s disahkan; berlaku mulai %(day)s.", v=version, day=calendar_day(info.effective_on)),
              "success")
    return see_other(url_for("sop_import.versions", key=key))


@bp.post("/processes/<key>/versions/<id:version>/discard")
@login_required
def discard(key: str, version: int) -> Any:
    if request.form.get("confirm") != "1":
        return render_versions(list_versions(db(), me(), key), form_version=version, status=422, errors={
            "discard": _("Centang pernyataan untuk membuang draf ini.")})
    discard_draft(db(), me(), key, version)
    flash(_("Draf versi %(v)s dibuang.", v=version), "success")
    return see_other(url_for("sop_import.versions", key=key))


def _day(text: str) -> date | None:
    """The form's date (YYYY-MM-DD, as a date input sends it); anything else is no date, which the engine says."""
    text = text.strip()
    if len(text) != 10 or not text.isascii():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


# --- "Impor SOP" ------------------------------------------------------------------------------------------------

#: How long an uploaded workbook waits for "Simpan sebagai draf".
STAGED_SECONDS = 24 * 3600
#: The kinds an upload may be (``check_workbook_upload``), each staged under its own suffix.
STAGED_KINDS = (".xlsx", ".ods", ".docx", ".odt", ".pdf")
#: The kinds that are documents (a book of SOPs one per flowchart table), not workbooks (one per sheet).
DOCUMENT_KINDS = (".docx", ".odt", ".pdf")
_TOKEN = re.compile(r"[0-9a-f]{32}")


@bp.get("/admin/sop-import")
@login_required
def import_page() -> Any:
    from engine.services.sop_import import require_importer

    require_importer(db(), me())
    return render_template("admin/sop_import.html", preview=None, problems=None, errors={}, token=None)


@bp.post("/admin/sop-import")
@login_required
def upload() -> Any:
    """Check the workbook and show its problems or its preview; nothing is registered yet."""
    from engine.services.sop_import import check_workbook_upload, require_importer

    require_importer(db(), me())  # before the file is read
    chosen = request.files.get("file")
    content = chosen.stream.read(_limit() + 1) if chosen else b""
    try:
        kind = check_workbook_upload((chosen.filename or "") if chosen else "", content)
    except ValidationFailed as failed:
        return _import_page(errors=error_fields(failed, "file"), status=422)
    return _preview(_stage(content, kind), None)


@bp.post("/admin/sop-import/sheet")
@login_required
def choose_sheet() -> Any:
    """Another SOP of the uploaded workbook (one per sheet) or document (one per flowchart table): its problems or
    its preview."""
    from engine.services.sop_import import require_importer

    require_importer(db(), me())
    return _preview(_staged(request.form.get("token", "")), request.form.get("sheet", "").strip() or None)


@bp.get("/admin/sop-import/sheet")
@login_required
def next_sheet() -> Any:
    """The SOP after the one just saved from a book of several, from the same upload (nothing is written)."""
    from engine.services.sop_import import require_importer

    require_importer(db(), me())
    return _preview(_staged(request.args.get("token", "")), request.args.get("sheet", "").strip() or None)


def _preview(path: Path, sheet: str | None) -> Any:
    """The staged upload's preview, or its problems. A workbook of several SOPs stays staged either way, so another
    of its sheets can be chosen; any other refused upload is forgotten."""
    from engine.services.sop_import import preview_workbook

    token = path.stem.split("-", 1)[1]
    try:
        preview = preview_workbook(db(), me(), path, sheet)
    except ValidationFailed as failed:
        sheets = tuple(getattr(failed, "sheets", ()))
        if not sheets:
            path.unlink(missing_ok=True)
        return _import_page(problems=_problems(failed), status=422, token=token if sheets else None,
                            sheets=sheets, sheet_names=tuple(getattr(failed, "sheet_names", ())),
                            sheet=getattr(failed, "sheet", "") or sheet or "", document=path.suffix in DOCUMENT_KINDS)
    return _import_page(preview=preview, token=token, sheets=preview.sheets, sheet_names=preview.sheet_names,
                        sheet=preview.sheet, document=path.suffix in DOCUMENT_KINDS)


@bp.post("/admin/sop-import/save")
@login_required
def save() -> Any:
    """"Simpan sebagai draf": the workbook of the preview is registered as a draft version."""
    from engine.services.sop_import import require_importer, save_workbook_as_draft

    require_importer(db(), me())
    token, following = request.form.get("token", ""), request.form.get("next_sheet", "").strip()
    path = _staged(token)
    try:
        saved = save_workbook_as_draft(db(), me(), path, request.form.get("sheet", "").strip() or None)
    except ValidationFailed as failed:  # the roles or units changed since the preview
        path.unlink(missing_ok=True)
        return _import_page(problems=_problems(failed), status=422)
    result = saved.synced
    if not following:
        path.unlink(missing_ok=True)
    if following and result.changed:  # a book of SOPs: on to its next one, from the same upload
        flash(_("%(name)s: versi %(v)s disimpan sebagai draf; Kepala Dinas mengesahkannya di halaman versi SOP itu. "
                "Berikut SOP berikutnya dari berkas yang sama.", name=saved.name, v=result.version), "success")
        return see_other(url_for("sop_import.next_sheet", token=token, sheet=following))
    if following:
        flash(_("%(name)s sama dengan versi %(v)s yang sudah ada; tidak ada versi baru. Berikut SOP berikutnya dari "
                "berkas yang sama.", name=saved.name, v=result.version), "info")
        return see_other(url_for("sop_import.next_sheet", token=token, sheet=following))
    if result.changed:
        flash(_("Versi %(v)s disimpan sebagai draf; Kepala Dinas mengesahkannya di halaman ini.", v=result.version),
              "success")
    elif result.status == "effective":
        flash(_("Tabel SOP ini sama dengan versi %(v)s yang berlaku; tidak ada versi baru.", v=result.version),
              "info")
    else:
        flash(_("Tabel SOP ini sudah menunggu pengesahan sebagai versi %(v)s.", v=result.version), "info")
    return see_other(url_for("sop_import.versions", key=result.key, _anchor="versi"))


@bp.get("/admin/sop-import/template.xlsx")
@login_required
def template() -> Response:
    """The empty SOP AP workbook to fill in for a new SOP (the page's instructions name its sheets)."""
    from engine.services.sop_import import template_workbook_file

    name, content = template_workbook_file(db(), me())
    return _workbook(name, content)


@bp.get("/processes/<key>/sop.xlsx")
@login_required
def export(key: str) -> Response:
    """"Unduh tabel SOP (XLSX)": the SOP in force as its SOP AP table, to revise and import again."""
    from engine.services.sop_import import export_workbook_file

    name, content = export_workbook_file(db(), me(), key)
    return _workbook(name, content)


def _workbook(name: str, content: bytes) -> Response:
    response = send_file(io.BytesIO(content), as_attachment=True, download_name=name, max_age=0,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response.headers["Cache-Control"] = "no-store"
    return response


def _import_page(*, preview: Any = None, token: str | None = None, problems: list[str] | None = None,
                 errors: dict[str, str] | None = None, status: int = 200, sheets: tuple[str, ...] = (),
                 sheet_names: tuple[str, ...] = (), sheet: str = "", document: bool = False) -> Any:
    """The page; ``sheets`` (with the Nama SOP of each) when the upload holds several SOPs, one per sheet or, in a
    ``document``, one per flowchart table."""
    diagram = Markup(preview.diagram_svg) if preview is not None else None  # noqa: S704 - sanitized by engine.diagrams
    choices = list(zip(sheets, sheet_names or ("",) * len(sheets), strict=True))
    html = render_template("admin/sop_import.html", preview=preview, diagram=diagram, token=token,
                           problems=problems, errors=errors or {}, sheets=choices, sheet=sheet, document=document)
    return html, status


def _limit() -> int:
    from engine.services.sop_import import MAX_WORKBOOK_BYTES

    return MAX_WORKBOOK_BYTES


def _staging() -> Path:
    folder = upload_dir() / "sop-import"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stage(content: bytes, kind: str) -> Path:
    """Keep the checked upload for "Simpan sebagai draf" (and forget uploads older than a day); ``kind`` is its
    checked suffix, ".xlsx", ".ods", ".docx", ".odt" or ".pdf" (the readers go by it)."""
    folder = _staging()
    for old in [path for suffix in STAGED_KINDS for path in folder.glob(f"*{suffix}")]:
        if old.stat().st_mtime < time.time() - STAGED_SECONDS:
            old.unlink(missing_ok=True)
    path = folder / f"{me()}-{secrets.token_hex(16)}{kind}"
    path.write_bytes(content)
    return path


def _staged(token: str) -> Path:
    """The upload this person previewed; another person's, an old one or a made-up token is not there."""
    gone = NotFound("Unggahan tabel SOP tidak ditemukan atau sudah disimpan; unggah tabel SOP lagi.")
    if not _TOKEN.fullmatch(token):
        raise gone
    for kind in STAGED_KINDS:
        path = _staging() / f"{me()}-{token}{kind}"
        if path.is_file() and path.stat().st_mtime >= time.time() - STAGED_SECONDS:
            return path
    raise gone


def _problems(failed: ValidationFailed) -> list[str]:
    """Every problem of a refused workbook (sheet, row, column, what is wrong) in the page's language."""
    return [say(p.phrase) if isinstance(getattr(p, "phrase", None), Phrase) else str(p)
            for p in getattr(failed, "problems", [])] or [error_message(failed)]
