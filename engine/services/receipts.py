"""The Tanda terima of a public-service case: what the applicant takes home from the desk.

Read by staff who may see the case (the same rule as the case page): the office's letterhead, the reference, the
date, the applicant's name from the start form, the requirements handed in (the first step's Kelengkapan), the
promised completion date, the tracking code and, drawn by the web app, the QR code of the public status page; and the
address the survey's invitation will go to (the web app says so when the office sends invitations).
"""

from __future__ import annotations

from sqlalchemy import select

from engine import forms
from engine.access import get_visible_case, load_actor
from engine.db import Database
from engine.errors import NotFound
from engine.models import Case, Task, TaskStatus
from engine.phrases import N_
from engine.public_service.invitation import applicant_email
from engine.public_service.receipt_document import Receipt, Requirement
from engine.public_service.tracking import display_code, is_public_service, service_cost
from engine.reports.model import sop_identity
from engine.services.office_logo import office_logo


def case_receipt(db: Database, actor_id: int, case_id: int) -> Receipt:
    """The receipt of a case the person may see; a case of an SOP that serves no applicant has none."""
    logo = office_logo(db)
    with db.transaction(write=False) as session:
        case = get_visible_case(session, load_actor(session, actor_id), case_id)
        if not is_public_service(case.definition) or not case.tracking_code:
            raise NotFound(N_("Kasus ini bukan layanan publik; tidak ada tanda terima untuknya."))
        identity = sop_identity(case.definition)
        return Receipt(
            case_id=case.id, reference=case.reference, tracking_code=display_code(case.tracking_code),
            process_key=case.definition.key, process_name=case.definition.name,
            nomor_sop=case.definition.nomor_sop or None, unit_name=case.unit.name,
            header_lines=identity.header_lines, logo=logo, applicant_name=_applicant_name(case),
            started_at=case.started_at, promised_at=case.promised_at,
            requirements=_requirements(session, case), cost=service_cost(case.definition.sop or {}),
            status=case.status.value,
            applicant_email=applicant_email(case.definition.sop or {}, case.definition.forms or {}, case.data or {}),
        )


def _applicant_name(case: Case) -> str:
    """The start form's field the SOP names as the case's subject (the applicant's name in a public service)."""
    field = (case.definition.sop.get("case") or {}).get("subject_field")
    value = (case.data or {}).get(field) if field else None
    return str(value).strip() if value else (case.subject or "")


def _requirements(session: object, case: Case) -> tuple[Requirement, ...]:
    """The first step's Kelengkapan; ticked as the desk recorded them once that step is done."""
    steps = sorted(case.definition.steps, key=lambda s: s.position)
    if not steps:
        return ()
    first = steps[0]
    checked: set[str] | None = None
    schema = case.definition.forms.get(first.form_path or "") if first.form_path else None
    task = session.scalar(select(Task).where(Task.case_id == case.id, Task.step_id == first.id,  # type: ignore[attr-defined]
                                             Task.status == TaskStatus.COMPLETED).order_by(Task.id).limit(1))
    if task is not None and schema:
        options = forms.requirement_checklist_titles(schema)
        ticked = {v for value in (task.data or {}).values() if isinstance(value, list) for v in value}
        if options:
            checked = {title for value, title in options if value in ticked}
    return tuple(Requirement(title, None if checked is None else title in checked) for title in first.requirements)
