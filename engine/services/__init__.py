"""The engine's use cases: one function each, one transaction each, with its authorization check.

The web app, the API, the CLI and the scheduler call these and nothing below them.
"""

from engine.services.case_repair import (
    MigrationPlan,
    MigrationRefused,
    case_repair_view,
    cases_needing_attention,
    migrate_cases,
    move_case,
    plan_migration,
    resume_case,
    suspend_case,
)
from engine.services.cases import CaseDetail, CaseRef, cancel_case, get_case, start_case
from engine.services.definitions import ProcessInfo, SyncResult, get_process, list_processes, sync_processes
from engine.services.tasks import (
    Completion,
    InboxFilter,
    InboxPage,
    TaskDetail,
    TaskRow,
    claim_task,
    complete_task,
    get_task,
    inbox,
    reassign_task,
    unclaim_task,
)
from engine.services.users import (
    UserInfo,
    authenticate,
    create_user,
    find_user,
    get_user,
    list_users,
    set_password,
    set_user_active,
    update_user,
)

__all__ = [
    "CaseDetail", "CaseRef", "Completion", "InboxFilter", "InboxPage", "MigrationPlan", "MigrationRefused",
    "ProcessInfo", "SyncResult", "TaskDetail", "TaskRow", "UserInfo", "authenticate", "cancel_case",
    "case_repair_view", "cases_needing_attention", "claim_task", "complete_task", "create_user", "find_user",
    "get_case", "get_process", "get_task", "get_user", "inbox", "list_processes", "list_users", "migrate_cases",
    "move_case", "plan_migration", "reassign_task", "resume_case", "set_password", "set_user_active", "start_case",
    "suspend_case", "sync_processes", "unclaim_task", "update_user",
]
