"""An SOP's versions and their approval by the Kadis ("Sahkan"), with discarding a draft.

Who may approve or discard is the engine's rule (``engine.access.may_approve_sop``); these views parse the
form, call one service and render.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date
from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from engine.errors import ValidationFailed
from engine.labels import version_status_label
from engine.services.process_versions import VersionList, approve_version, discard_draft, list_versions
from webapp.views.common import db, me, see_other

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
                               errors=failed.field_errors or {"": failed.message})
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
