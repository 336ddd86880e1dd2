"""The Kadis' review as use cases: the case archive, case histories, SOP compliance, the registers the SOPs
declare, and the semester monitoring form of Permenpan RB 35/2012.

Each function is one read-only transaction with its own authorization check; the records they return
live in :mod:`engine.reports.model`, and :mod:`engine.reports` turns them into documents and charts.
Everything is read from our own tables (the event log, the task rows with their maintained columns),
never from the workflow state; figures over many rows are aggregated by the database.
"""

from engine.reports.model import (
    ArchiveFilter,
    ArchivePage,
    ArchiveRow,
    CaseHistory,
    ComplianceReport,
    MonitoringForm,
    Register,
    ReportChoices,
)
from engine.services.reports.archive import case_archive
from engine.services.reports.compliance import compliance_report
from engine.services.reports.history import case_history
from engine.services.reports.monitoring import monitoring_form
from engine.services.reports.registers import register, register_list
from engine.services.reports.scope import report_choices

__all__ = [
    "ArchiveFilter", "ArchivePage", "ArchiveRow", "CaseHistory", "ComplianceReport", "MonitoringForm", "Register",
    "ReportChoices", "case_archive", "case_history", "compliance_report", "monitoring_form", "register",
    "register_list", "report_choices",
]
