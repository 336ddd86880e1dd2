"""Alur's tables, as typed SQLAlchemy 2.x models.

Spiff's saved state (``Case.workflow_state``) exists only to resume a case. Everything a person or a
report asks about (status, role, unit, assignee, due time, history) lives in plain indexed columns
here and in the append-only ``events`` table.

- :mod:`engine.models.base` — the declarative base, UTC timestamps, JSON columns, status enums;
- :mod:`engine.models.people` — units, roles, users, sign-in attempts;
- :mod:`engine.models.processes` — SOP versions and their steps;
- :mod:`engine.models.cases` — cases, steps (tasks) with their named transitions, events, comments, attachments;
- :mod:`engine.models.office` — calendar corrections, office settings, notices, routine SOP runs;
- :mod:`engine.models.survey` — the Survei Kepuasan Masyarakat's answers and the mail owed to applicants.
"""

from engine.models.base import NAMING_CONVENTION as NAMING_CONVENTION
from engine.models.base import Base as Base
from engine.models.base import CaseStatus as CaseStatus
from engine.models.base import JSONType as JSONType
from engine.models.base import TaskStatus as TaskStatus
from engine.models.base import UnitKind as UnitKind
from engine.models.base import UTCDateTime as UTCDateTime
from engine.models.base import VersionStatus as VersionStatus
from engine.models.base import as_stored as as_stored
from engine.models.base import plain_row as plain_row
from engine.models.cases import Attachment as Attachment
from engine.models.cases import Case as Case
from engine.models.cases import CaseCounter as CaseCounter
from engine.models.cases import Comment as Comment
from engine.models.cases import Event as Event
from engine.models.cases import EventKind as EventKind
from engine.models.cases import Task as Task
from engine.models.cases import record_event as record_event
from engine.models.office import CacheVersion as CacheVersion
from engine.models.office import Notification as Notification
from engine.models.office import OfficeDay as OfficeDay
from engine.models.office import OfficeSetting as OfficeSetting
from engine.models.office import RecurringRun as RecurringRun
from engine.models.people import LoginAttempt as LoginAttempt
from engine.models.people import Role as Role
from engine.models.people import Unit as Unit
from engine.models.people import User as User
from engine.models.people import UserRole as UserRole
from engine.models.processes import ProcessDefinition as ProcessDefinition
from engine.models.processes import ProcessStep as ProcessStep
from engine.models.survey import ApplicantMail as ApplicantMail
from engine.models.survey import SurveyResponse as SurveyResponse
