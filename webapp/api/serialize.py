"""The engine's answers as JSON: one function per shape, each named after its OpenAPI schema.

Timestamps are ISO 8601 in UTC with a ``Z``; the office's local time is a display concern of clients.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import url_for

from engine.labels import event_label, status_label
from engine.phrases import Phrase
from engine.services import CaseDetail, Completion, InboxPage, ProcessInfo, TaskDetail, TaskRow, UserInfo
from engine.services.cases import EventRecord, InvitationState, StepRecord
from engine.services.definitions import StepInfo
from engine.services.notifications import NotificationInfo
from engine.services.public_status import PublicStatus
from engine.services.reports import ComplianceReport
from engine.services.supervision import BoardFilter, Group, LateStep, SupervisionBoard
from webapp.api.tokens import IssuedToken
from webapp.formatting import say

JSON = dict[str, Any]


def timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def user(info: UserInfo) -> JSON:
    return {"id": info.id, "username": info.username, "full_name": info.full_name, "email": info.email,
            "unit": {"code": info.unit_code, "name": info.unit_name}, "roles": list(info.roles)}


def token(issued: IssuedToken, info: UserInfo) -> JSON:
    return {"token": issued.token, "token_type": "Bearer", "expires_at": timestamp(issued.expires_at),
            "expires_in": issued.max_age, "user": user(info)}


def step(info: StepInfo) -> JSON:
    """A step as the SOP describes it, with its Mutu Baku (requirements, standard time, output)."""
    return {
        "element_id": info.element_id, "position": info.position, "name": info.name,
        "documentation": info.documentation, "role": info.role_code, "on_behalf_of": info.performer_role_code,
        "standard_duration": info.standard_duration, "standard_time_text": info.standard_time_text,
        "time_basis": info.time_basis, "requirements": list(info.requirements), "output": info.output,
        "has_form": info.form is not None,
    }


def process(info: ProcessInfo) -> JSON:
    return {
        "key": info.key, "version": info.version, "name": info.name, "nomor_sop": info.nomor_sop,
        "unit": {"code": info.unit_code, "name": info.unit_name}, "jenis": info.jenis,
        "recurrence": info.recurrence, "steps": [step(s) for s in info.steps], "start_form": info.start_form,
    }


def case_step(record: StepRecord) -> JSON:
    return {
        "task_id": record.task_id, "element_id": record.element_id, "name": record.step_name,
        "role": record.role_code, "status": record.status, "status_label": status_label(record.status),
        "assignee": record.assignee,
        "started_at": timestamp(record.started_at), "claimed_at": timestamp(record.claimed_at),
        "due_at": timestamp(record.due_at), "completed_at": timestamp(record.completed_at),
        "completed_by": record.completed_by, "standard_duration": record.standard_duration,
        "data": record.data, "is_overdue": record.is_overdue, "on_behalf_of": record.performer_role_code,
    }


def event(record: EventRecord) -> JSON:
    return {"id": record.id, "at": timestamp(record.at), "kind": record.kind, "label": event_label(record.kind),
            "actor": record.actor,
            "task_id": record.task_id, "payload": record.payload}


def case(detail: CaseDetail) -> JSON:
    return {
        "id": detail.id, "reference": detail.reference,
        "process": {"key": detail.process_key, "name": detail.process_name, "version": detail.process_version,
                    "nomor_sop": detail.nomor_sop},
        "unit_name": detail.unit_name, "subject": detail.subject, "status": detail.status,
        "status_label": status_label(detail.status),
        "outcome": detail.outcome, "data": detail.data, "started_by": detail.started_by,
        "started_at": timestamp(detail.started_at), "completed_at": timestamp(detail.completed_at),
        "cancelled_at": timestamp(detail.cancelled_at), "cancel_reason": detail.cancel_reason,
        "may_cancel": detail.may_cancel,
        "tracking_code": detail.tracking_code, "promised_at": timestamp(detail.promised_at),
        "survey_invitation": survey_invitation(detail.survey_invitation) if detail.survey_invitation else None,
        "steps": [case_step(s) for s in detail.steps], "events": [event(e) for e in detail.events],
    }


def survey_invitation(invitation: InvitationState) -> JSON:
    """The applicant's survey invitation as the case page says it; a skipped one's reason in the reader's
    language (the reason is a msgid; an email server's own words stay as they came)."""
    return {"status": invitation.status, "to_address": invitation.to_address,
            "sent_at": timestamp(invitation.sent_at),
            "reason": say(Phrase(invitation.error)) if invitation.error else None}


def public_status(found: PublicStatus) -> JSON:
    """What the public status page shows, and nothing more."""
    return {
        "reference": found.reference, "process": {"key": found.process_key, "name": found.process_name},
        "status": found.status, "status_label": status_label(found.status),
        "current_steps": [{"name": c.name, "role": c.role} for c in found.current],
        "steps": [{"position": s.position, "name": s.name, "state": s.state} for s in found.steps],
        "started_at": timestamp(found.started_at), "promised_at": timestamp(found.promised_at),
        "finished_at": timestamp(found.finished_at), "late": found.late, "outcome": found.outcome,
        "survey_open": found.survey_open,
    }


def task_row(row: TaskRow) -> JSON:
    return {
        "id": row.id, "case_id": row.case_id, "case_reference": row.case_reference, "subject": row.subject,
        "process": {"key": row.process_key, "name": row.process_name}, "element_id": row.element_id,
        "step_name": row.step_name, "role": row.role_code, "assignee_id": row.assignee_id,
        "started_at": timestamp(row.started_at), "due_at": timestamp(row.due_at), "is_overdue": row.is_overdue,
        "is_due_soon": row.is_due_soon, "on_behalf_of": row.performer_role_code,
    }


def task_page(page: InboxPage) -> JSON:
    return {"scope": page.scope, "items": [task_row(r) for r in page.rows], "total": page.total,
            "total_capped": page.total_capped, "page": page.page, "per_page": page.per_page, "pages": page.pages,
            "next_after": page.next_after, "counts": dict(page.counts), "counts_capped": sorted(page.counts_capped)}


def task(detail: TaskDetail) -> JSON:
    """A step of a case: the SOP's step (the Mutu Baku), its form as JSON Schema, and what I may do."""
    return {
        "id": detail.id, "case_id": detail.case_id, "case_reference": detail.case_reference,
        "subject": detail.subject, "process": {"key": detail.process_key, "name": detail.process_name},
        "status": detail.status, "step": step(detail.step), "form": detail.step.form,
        "assignee_id": detail.assignee_id, "assignee": detail.assignee,
        "started_at": timestamp(detail.started_at), "claimed_at": timestamp(detail.claimed_at),
        "due_at": timestamp(detail.due_at), "completed_at": timestamp(detail.completed_at),
        "completed_by": detail.completed_by, "data": detail.data, "case_data": detail.case_data,
        "is_overdue": detail.is_overdue, "may_claim": detail.may_claim, "may_complete": detail.may_complete,
        "may_reassign": detail.may_reassign,
    }


def completion(result: Completion) -> JSON:
    return {"task_id": result.task_id, "case_id": result.case_id, "case_status": result.case_status,
            "next_task_ids": list(result.next_task_ids),
            "carried_on_task": None if result.carried_on_task_id is None else {
                "id": result.carried_on_task_id,
                "url": url_for("api.task", task_id=result.carried_on_task_id),
                "page": url_for("tasks.task", task_id=result.carried_on_task_id)}}


def late_step(step: LateStep) -> JSON:
    return {
        "task_id": step.task_id, "case_id": step.case_id, "case_reference": step.case_reference,
        "subject": step.subject, "process": {"key": step.process_key, "name": step.process_name},
        "element_id": step.element_id, "step_name": step.step_name, "role": step.role_code,
        "assignee_id": step.assignee_id, "assignee": step.assignee, "started_at": timestamp(step.started_at),
        "due_at": timestamp(step.due_at), "is_overdue": step.is_overdue,
        "late_working_minutes": step.late_working_minutes, "escalation_level": step.escalation_level,
    }


def _group(group: Group) -> JSON:
    return {"key": group.key, "label": group.label, "overdue": group.overdue, "due_soon": group.due_soon}


def supervision(board: SupervisionBoard, only: BoardFilter | None = None) -> JSON:
    return {
        "totals": {"overdue": board.totals.get("overdue", 0), "due_soon": board.totals.get("due_soon", 0)},
        "items": [late_step(s) for s in (board.listed(only) if only is not None else board.steps)],
        "by_process": [_group(g) for g in board.by_process], "by_step": [_group(g) for g in board.by_step],
        "by_role": [_group(g) for g in board.by_role], "by_person": [_group(g) for g in board.by_person],
    }


def notification(info: NotificationInfo) -> JSON:
    return {"id": info.id, "kind": info.kind, "title": say(info.title_phrase), "body": say(info.body_phrase),
            "case_id": info.case_id,
            "task_id": info.task_id, "created_at": timestamp(info.created_at), "read_at": timestamp(info.read_at)}


def compliance(report: ComplianceReport) -> JSON:
    """An SOP's compliance in a period: totals, per step and per person; times in working minutes."""
    totals = report.totals
    return {
        "process": {"key": report.sop.key, "name": report.sop.name, "version": report.sop.version,
                    "nomor_sop": report.sop.nomor_sop},
        "period": {"from": report.date_from.isoformat(), "to": report.date_to.isoformat()},
        "unit": {"code": report.unit_code, "name": report.unit_name},
        "totals": {"completions": totals.completions, "on_time": totals.on_time, "late": totals.late,
                   "share_on_time": totals.share_on_time, "open_now": totals.open_now,
                   "overdue_now": totals.overdue_now, "cases_started": totals.cases_started,
                   "cases_completed": totals.cases_completed, "cases_cancelled": totals.cases_cancelled,
                   "cases_active": totals.cases_active},
        "steps": [{"element_id": s.element_id, "position": s.position, "name": s.name, "role": s.role_code,
                   "standard_time_text": s.standard_text, "completions": s.completions, "on_time": s.on_time,
                   "late": s.late, "share_on_time": s.share_on_time, "standard_minutes": s.standard_minutes,
                   "median_minutes": s.median_minutes, "p90_minutes": s.p90_minutes, "median_ratio": s.median_ratio,
                   "open_now": s.open_now, "overdue_now": s.overdue_now} for s in report.steps],
        "people": [{"user_id": p.user_id, "name": p.name, "completions": p.completions, "on_time": p.on_time,
                    "late": p.late, "share_on_time": p.share_on_time, "median_ratio": p.median_ratio,
                    "open_now": p.open_now, "overdue_now": p.overdue_now} for p in report.people],
        "generated_at": timestamp(report.generated_at),
    }
