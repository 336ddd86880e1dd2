"""The Indeks Kepuasan Masyarakat per SOP, unit and period, for supervisors (the Kadis on the office overview).

Reads the ``survey_responses`` table and the cases' own columns (``promised_at``, ``completed_at``): never workflow
state. Who may see it is the reports' rule: supervisors, over the units they supervise.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from engine.db import Database
from engine.errors import ValidationFailed
from engine.models import Case, CaseStatus, ProcessDefinition, SurveyResponse
from engine.phrases import N_
from engine.public_service.ikm import Ikm, compute_ikm, minimum_sample
from engine.public_service.survey_report import SurveyReport, profile_counts
from engine.public_service.tracking import is_public_service
from engine.reports.model import sop_identity
from engine.reports.period import local_period
from engine.services.common import load_actor
from engine.services.office_logo import office_logo
from engine.services.reports.scope import require_supervisor, supervised_scope


@dataclass(frozen=True)
class IkmFigures:
    """The index of the responses answered in a period, beside the cases finished then and those finished on time."""

    ikm: Ikm
    population: int
    with_case: int
    on_time: int
    rows: tuple[SurveyResponse, ...]

    @property
    def minimum_sample(self) -> int:
        return minimum_sample(self.population)


def public_services_in_force(session: Session) -> dict[str, ProcessDefinition]:
    return {d.key: d for d in session.scalars(select(ProcessDefinition).where(ProcessDefinition.is_latest))
            if is_public_service(d)}


def ikm_figures(session: Session, units: Collection[int], keys: Collection[str], start: datetime | None,
                end: datetime | None) -> IkmFigures:
    """The IKM of the public services ``keys`` in ``units`` between ``start`` and ``end`` (UTC; None: open)."""
    answered = [SurveyResponse.unit_id.in_(list(units) or [0]), SurveyResponse.process_key.in_(list(keys) or [""])]
    if start:
        answered.append(SurveyResponse.answered_at >= start)
    if end:
        answered.append(SurveyResponse.answered_at < end)
    rows = tuple(session.scalars(select(SurveyResponse).where(*answered).order_by(SurveyResponse.answered_at)))
    finished = [Case.status == CaseStatus.COMPLETED, Case.unit_id.in_(list(units) or [0]),
                Case.tracking_code.is_not(None),
                Case.definition_id.in_(select(ProcessDefinition.id)
                                       .where(ProcessDefinition.key.in_(list(keys) or [""])))]
    if start:
        finished.append(Case.completed_at >= start)
    if end:
        finished.append(Case.completed_at < end)
    population = session.scalar(select(func.count()).select_from(Case).where(*finished)) or 0
    case_ids = [r.case_id for r in rows if r.case_id is not None]
    on_time = session.scalar(select(func.count()).select_from(Case).where(
        Case.id.in_(case_ids or [0]), and_(Case.completed_at.is_not(None), Case.promised_at.is_not(None)),
        Case.completed_at <= Case.promised_at)) or 0
    return IkmFigures(compute_ikm([r.answers() for r in rows]), population, len(case_ids), on_time, rows)


def survey_report(db: Database, actor_id: int, process_key: str | None, date_from: date | None,
                  date_to: date | None, unit_code: str | None = None) -> SurveyReport:
    """The IKM of the responses answered in the period (office-local dates) for one public service (or all of
    them), in the units the supervisor covers."""
    logo = office_logo(db)
    with db.transaction(write=False) as session:
        actor = load_actor(session, actor_id)
        require_supervisor(actor)
        start, end = local_period(date_from, date_to, db.timezone)
        units, unit_name = supervised_scope(session, actor, unit_code)
        public = public_services_in_force(session)
        if process_key and process_key not in public:
            raise ValidationFailed(N_("Pilih layanan publik."), {"process": N_("SOP ini bukan layanan publik.")})
        keys = [process_key] if process_key else sorted(public)
        figures = ikm_figures(session, units, keys, start, end)
        rows = figures.rows
        definition = public.get(process_key) if process_key else next(iter(public.values()), None)
        identity = sop_identity(definition) if definition else None
        return SurveyReport(
            process_key=process_key, process_name=public[process_key].name if process_key else "Semua layanan publik",
            unit_name=unit_name, header_lines=identity.header_lines if identity else (), date_from=date_from,
            date_to=date_to, ikm=figures.ikm, population=figures.population,
            minimum_sample=minimum_sample(figures.population), with_case=figures.with_case, on_time=figures.on_time,
            online=sum(1 for r in rows if r.channel == "online"), paper=sum(1 for r in rows if r.channel != "online"),
            profile=profile_counts([(r.jenis_kelamin, r.pendidikan, r.pekerjaan, r.usia) for r in rows]),
            suggestions=tuple((r.answered_at, r.saran) for r in rows if r.saran), timezone=db.timezone, logo=logo,
        )
