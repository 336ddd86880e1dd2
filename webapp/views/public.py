"""Pages for the public, without sign-in: Cek status permohonan (with the survey once the case is finished) and
the Standar Pelayanan of each public-service SOP. Each calls one engine use case that takes no user and reveals
nothing beyond what the page shows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from engine.errors import NotFound, ValidationFailed
from engine.labels import N_
from engine.public_service.ikm import ELEMENTS
from engine.services.public_status import StatusLookupLimits, public_case_status
from webapp.views.common import db, see_other

bp = Blueprint("public", __name__)

#: The respondent profile's choices (Permenpan RB 14/2017's questionnaire).
PROFILE = {
    "jenis_kelamin": (N_("Laki-laki"), N_("Perempuan")),
    "pendidikan": ("SD", "SMP", "SMA/SMK", "D1-D3", "D4/S1", "S2", "S3"),  # the same in both languages
    "pekerjaan": ("PNS", "TNI/Polri", N_("Pegawai swasta"), N_("Wirausaha"), N_("Pelajar/Mahasiswa"),
                  N_("Lainnya")),
}


def lookup_limits() -> StatusLookupLimits:
    """The configured limits on wrong status look-ups (README, "Configuration")."""
    config = current_app.config
    return StatusLookupLimits(per_address=int(config["STATUS_LOOKUP_FAILURES_PER_ADDRESS"]),
                              per_reference=int(config["STATUS_LOOKUP_FAILURES_PER_REFERENCE"]),
                              window=timedelta(minutes=float(config["LOGIN_FAILURE_WINDOW_MINUTES"])))


@bp.get("/status")
def status() -> Any:
    """The look-up form; with ``ref`` and ``code`` (typed, or from the receipt's QR code) the case's status."""
    reference, code = request.args.get("ref", "").strip(), request.args.get("code", "").strip()
    if not reference and not code:
        return render_template("public/status.html", status=None, reference="", code="", error=None)
    try:
        found = public_case_status(db(), reference, code, source=request.remote_addr or "", limits=lookup_limits())
    except NotFound as missing:
        return render_template("public/status.html", status=None, reference=reference[:60], code="",
                               error=missing.message), 404
    return render_template("public/status.html", status=found, reference=found.reference, code=code, error=None,
                           elements=ELEMENTS, profile=PROFILE, values={}, errors={})


@bp.post("/status/survey")
def survey() -> Any:
    """One survey response for a finished case, from whoever holds its reference and code."""
    from engine.services.survey import submit_online_survey

    reference, code = request.form.get("ref", "").strip(), request.form.get("code", "").strip()
    values = request.form.to_dict()
    try:
        submit_online_survey(db(), reference, code, values, source=request.remote_addr or "", limits=lookup_limits())
    except ValidationFailed as failed:
        found = public_case_status(db(), reference, code, source=request.remote_addr or "", limits=lookup_limits())
        return render_template("public/status.html", status=found, reference=found.reference, code=code, error=None,
                               elements=ELEMENTS, profile=PROFILE, values=values,
                               errors=failed.field_errors or {"": failed.message}), 422
    flash(_("Terima kasih. Penilaian Anda sudah kami terima."), "success")
    return see_other(url_for("public.status", ref=reference, code=code, _anchor="survei"))


@bp.get("/standar-pelayanan")
def standards() -> str:
    from engine.services.service_standard import public_services

    return render_template("public/standards.html", services=public_services(db()))


@bp.get("/standar-pelayanan/<key>")
def standard(key: str) -> str:
    from engine.services.service_standard import service_standard

    found = service_standard(db(), key)
    return render_template("public/standard.html", standard=found, diagram=_diagram(found.key))


def _diagram(key: str) -> Markup | None:
    """The procedure as the SOP's diagram (server-rendered, sanitized SVG); the page stands without it."""
    from engine.services.diagrams import process_diagram_svg

    try:
        return Markup(process_diagram_svg(db(), key))  # noqa: S704 - sanitized by engine.diagrams
    except Exception:  # a drawing problem must not hide the standard
        current_app.logger.exception("diagram of process %s failed", key)
        return None
