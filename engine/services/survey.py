"""The Survei Kepuasan Masyarakat's answers: one per finished case from its applicant, or typed from paper by staff.

Nine answers on the 1–4 scale are required; the respondent profile (jenis kelamin, pendidikan, pekerjaan, usia) and
the suggestion are optional. A refused answer changes nothing and says which field is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from engine.access import load_actor, may_enter_paper_survey
from engine.db import Database
from engine.errors import Conflict, NotFound, ValidationFailed
from engine.models import Case, CaseStatus, ProcessDefinition, SurveyResponse
from engine.phrases import N_, Phrase
from engine.public_service.ikm import ELEMENTS
from engine.public_service.tracking import is_public_service
from engine.services.definitions import role_lookup
from engine.services.public_status import NO_MATCH, StatusLookupLimits, find_public_case

PROFILE_LIMITS = {"jenis_kelamin": 20, "pendidikan": 40, "pekerjaan": 40}
MAX_SUGGESTION = 2000
ONLINE, PAPER = "online", "kertas"


def survey_answers(values: Mapping[str, Any]) -> dict[str, Any]:
    """The row's columns from a submitted form, or every problem at once (:class:`ValidationFailed`)."""
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {}
    for element in ELEMENTS:
        raw = str(values.get(element.code) or "").strip()
        if raw not in ("1", "2", "3", "4"):
            errors[element.code] = f"Pilih satu nilai 1–4 untuk unsur '{element.name}'."
        else:
            clean[element.code] = int(raw)
    for name, limit in PROFILE_LIMITS.items():
        text = str(values.get(name) or "").strip()
        if len(text) > limit:
            errors[name] = f"Paling panjang {limit} karakter."
        clean[name] = text or None
    age = str(values.get("usia") or "").strip()
    if age and not (age.isascii() and age.isdecimal() and len(age) <= 3 and 10 <= int(age) <= 120):
        errors["usia"] = "Usia diisi angka tahun antara 10 dan 120, atau dikosongkan."
    clean["usia"] = int(age) if age and "usia" not in errors else None
    suggestion = str(values.get("saran") or "").strip()
    if len(suggestion) > MAX_SUGGESTION:
        errors["saran"] = f"Saran paling panjang {MAX_SUGGESTION} karakter."
    clean["saran"] = suggestion or None
    if errors:
        raise ValidationFailed(N_("Isian survei belum lengkap atau tidak valid."), errors)
    return clean


def submit_online_survey(db: Database, reference: str, code: str, values: Mapping[str, Any], *, source: str = "",
                         limits: StatusLookupLimits | None = None) -> int:
    """The applicant's response for their finished case (reference and tracking code, as on the status page)."""
    limits = limits or StatusLookupLimits()
    now = db.clock.now()
    answers = survey_answers(values)
    with db.transaction() as session:
        case = find_public_case(session, reference, code, source=source, now=now, limits=limits)
        if case is not None:
            if case.status != CaseStatus.COMPLETED:
                raise Conflict(N_("Survei dibuka setelah permohonan selesai."))
            if session.scalar(select(SurveyResponse.id).where(SurveyResponse.case_id == case.id)) is not None:
                raise Conflict(N_("Penilaian untuk permohonan ini sudah diterima; satu penilaian untuk setiap "
                                  "permohonan."))
            response = SurveyResponse(case_id=case.id, process_key=case.definition.key, unit_id=case.unit_id,
                                      answered_at=now, channel=ONLINE, **answers)
            session.add(response)
            try:
                session.flush()
            except IntegrityError as raced:  # answered at the same moment in another tab
                raise Conflict(N_("Penilaian untuk permohonan ini sudah diterima.")) from raced
            return response.id
    raise NotFound(NO_MATCH)  # the failed try is committed above, then the same answer as an unknown case


def enter_paper_survey(db: Database, actor_id: int, process_key: str, values: Mapping[str, Any],
                       reference: str = "") -> int:
    """A paper questionnaire typed by staff who serve the SOP (may start its cases) or supervise its unit; the
    case is named when the questionnaire carries its reference."""
    answers = survey_answers(values)
    now = db.clock.now()
    with db.transaction() as session:
        actor = load_actor(session, actor_id)
        definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == process_key,
                                                                    ProcessDefinition.is_latest))
        if definition is None or not is_public_service(definition):
            raise ValidationFailed(N_("Pilih layanan publik."), {"process": N_("SOP ini bukan layanan publik.")})
        starters = [code for name, code in role_lookup(session).items()
                    if name in {r.lower() for r in definition.sop.get("starter_roles") or []}]
        may_enter_paper_survey(actor, definition.name, definition.unit_id, starters).enforce()
        case_id = None
        reference = (reference or "").strip().upper()
        if reference:
            case = session.scalar(select(Case).where(Case.reference == reference))
            if case is None or case.definition.key != process_key:
                raise ValidationFailed(N_("Nomor permohonan tidak dikenal."), {"reference": Phrase(
                    N_("Tidak ada permohonan %(reference)s pada layanan ini."), {"reference": reference[:60]})})
            if session.scalar(select(SurveyResponse.id).where(SurveyResponse.case_id == case.id)) is not None:
                raise ValidationFailed(N_("Permohonan ini sudah dinilai."),
                                       {"reference": N_("Satu penilaian untuk setiap permohonan.")})
            case_id = case.id
        response = SurveyResponse(case_id=case_id, process_key=process_key, unit_id=definition.unit_id,
                                  answered_at=now, channel=PAPER, entered_by_id=actor.id, **answers)
        session.add(response)
        session.flush()
        return response.id
