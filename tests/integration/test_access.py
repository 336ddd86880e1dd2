"""One access rule: the flag a page shows and the action itself agree, for every kind of person.

Each action is tried by the same six people (plus the case's starter): the step's holder with its role, a holder
whose role was taken away, someone with the role in another office, a supervisor of the step's unit, a supervisor
of another division, and an administrator. For each, the expected answer is stated; the flag (``get_task`` /
``get_case`` or the access rule) must give it, and the action must then succeed and change something, or be
refused and change nothing. The lists (queue, case list) must agree with the same rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine import access
from engine.db import Database
from engine.errors import Conflict, NotAuthorized, NotFound
from engine.models import Attachment, Case, Comment, Event, Task
from engine.services import (
    cancel_case,
    claim_task,
    complete_task,
    create_user,
    find_user,
    get_case,
    get_task,
    get_user,
    inbox,
    reassign_task,
    start_case,
    sync_processes,
    unclaim_task,
    update_user,
)
from engine.services.attachments import add_attachment
from engine.services.comments import add_comment
from engine.services.people import visible_cases

from support import PASSWORD, decision_sketch, write_process

KEY = "uji_akses"
UNIT = "kantor-uji.bidang-a"
NIK = "5201014107900001"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

#: The people of the matrix, in column order.
PEOPLE = ("holder", "holder_lost_role", "role_other_office", "supervisor", "supervisor_elsewhere", "admin", "starter")

#: action → the people who may do it (everyone else is refused). The step is held by the person acting when that
#: person is a holder, else by ``holder``; for ``claim`` the step is unclaimed (a "holder" is then just a person
#: with the role, or one whose role was taken away). The case was started by ``starter`` (a Pelaksana of the unit).
MAY = {
    "view": {"holder", "holder_lost_role", "supervisor", "starter"},
    "comment": {"holder", "holder_lost_role", "supervisor", "starter"},
    "claim": {"holder", "starter"},
    "unclaim": {"holder", "holder_lost_role", "supervisor"},
    "complete": {"holder"},
    "attach": {"holder"},
    "reassign": {"supervisor"},
    "cancel": {"supervisor", "starter"},
}


@dataclass
class Scene:
    case_id: int
    task_id: int
    people: dict[str, int]


def _user(db: Database, username: str, roles: list[str]) -> int:
    try:
        return find_user(db, username).id
    except NotFound:
        return create_user(db, username=username, full_name=username.replace("_", " ").title(), password=PASSWORD,
                           roles=roles, unit_code=UNIT).id


@pytest.fixture
def people(db: Database, staff: dict[str, int], tmp_path: Path) -> Iterator[dict[str, int]]:
    write_process(tmp_path, decision_sketch(KEY))
    sync_processes(db, tmp_path)
    lost = _user(db, "uji_akses_lepas", ["pelaksana"])
    update_user(db, staff["admin"], lost, roles=["pelaksana"], unit_code=UNIT)  # whatever an earlier test left
    yield {
        "holder": staff["uji_pelaksana"], "holder_lost_role": lost, "role_other_office": staff["pelaksana_lain"],
        "supervisor": staff["uji_kabid"], "supervisor_elsewhere": staff["kabid_lain"], "admin": staff["admin"],
        "starter": _user(db, "uji_akses_pemula", ["pelaksana"]), "receiver": _user(db, "uji_akses_penerima",
                                                                                    ["pelaksana"]),
    }
    update_user(db, staff["admin"], lost, roles=["pelaksana"], unit_code=UNIT)


def _scene(db: Database, people: dict[str, int], actor: str, *, claimed: bool) -> Scene:
    """A new case started by ``starter``; its first step held as the matrix says."""
    case = start_case(db, people["starter"], KEY, {"nama_pemohon": "Baiq Nurul"})
    with db.transaction(write=False) as session:
        task_id = session.scalar(select(Task.id).where(Task.case_id == case.id))
    holder = actor if actor in ("holder", "holder_lost_role") else "holder"
    admin = find_user(db, "admin").id
    if holder == "holder_lost_role":
        update_user(db, admin, people[holder], roles=["pelaksana"], unit_code=UNIT)
    if claimed:
        claim_task(db, people[holder], task_id)
    if holder == "holder_lost_role":  # an administrator takes the role away while the step is held (or queued)
        update_user(db, admin, people[holder], roles=["jafung"], unit_code=UNIT)
    return Scene(case.id, task_id, people)


def _state(db: Database) -> tuple[object, ...]:
    with db.transaction(write=False) as session:
        return (
            tuple(session.scalar(select(func.count()).select_from(m)) for m in (Event, Comment, Attachment)),
            tuple(session.execute(select(Task.id, Task.status, Task.assignee_id).order_by(Task.id)).all()),
            tuple(session.execute(select(Case.id, Case.status).order_by(Case.id)).all()),
        )


def _rule(db: Database, user_id: int, task_id: int, rule: Callable[..., access.Decision], on_case: bool) -> bool:
    with db.transaction(write=False) as session:
        actor = access.load_actor(session, user_id)
        task = session.get(Task, task_id)
        assert task is not None
        return bool(rule(session, actor, task.case if on_case else task))


def _flag(db: Database, action: str, user_id: int, scene: Scene) -> bool:
    """What the page (or, for actions without a page flag, the access rule) says this person may do."""
    if action == "view":
        try:
            get_case(db, user_id, scene.case_id)
            get_task(db, user_id, scene.task_id)
        except NotAuthorized:
            return False
        return True
    if action == "comment":
        return _rule(db, user_id, scene.task_id, access.may_comment, on_case=True)
    if action == "attach":
        return _rule(db, user_id, scene.task_id, access.may_attach, on_case=False)
    try:
        if action == "cancel":
            return get_case(db, user_id, scene.case_id).may_cancel
        detail = get_task(db, user_id, scene.task_id)
    except NotAuthorized:
        return False  # the page is not shown at all
    return {"claim": detail.may_claim, "unclaim": detail.may_unclaim, "complete": detail.may_complete,
            "reassign": detail.may_reassign}[action]


def _act(db: Database, action: str, user_id: int, scene: Scene, tmp_path: Path) -> None:
    task, case = scene.task_id, scene.case_id
    {
        "view": lambda: (get_case(db, user_id, case), get_task(db, user_id, task)),
        "comment": lambda: add_comment(db, user_id, case, "Mohon dicek lagi."),
        "claim": lambda: claim_task(db, user_id, task),
        "unclaim": lambda: unclaim_task(db, user_id, task),
        "complete": lambda: complete_task(db, user_id, task, {"nik": NIK, "lengkap": True}),
        "attach": lambda: add_attachment(db, user_id, task, "ktp.png", PNG, upload_dir=tmp_path / "unggahan"),
        "reassign": lambda: reassign_task(db, user_id, task, scene.people["receiver"], "cuti"),
        "cancel": lambda: cancel_case(db, user_id, case, "Pemohon menarik permohonan"),
    }[action]()


@pytest.mark.parametrize("action", sorted(MAY))
def test_the_flag_and_the_action_agree_for_every_person(
    db: Database, people: dict[str, int], action: str, tmp_path: Path
) -> None:
    wrong = []
    for person in PEOPLE:
        scene = _scene(db, people, person, claimed=action != "claim")
        expected = person in MAY[action]
        flag = _flag(db, action, people[person], scene)
        if flag != expected:
            wrong.append(f"{action} as {person}: flag {flag}, expected {expected}")
        before = _state(db)
        try:
            _act(db, action, people[person], scene, tmp_path)
        except (NotAuthorized, Conflict) as refused:
            if expected:
                wrong.append(f"{action} as {person}: refused ({refused.message}) though allowed")
            if _state(db) != before:
                wrong.append(f"{action} as {person}: refused but something changed")
        else:
            if not expected:
                wrong.append(f"{action} as {person}: accepted though the flag says no")
            elif action != "view" and _state(db) == before:
                wrong.append(f"{action} as {person}: accepted but nothing changed")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("person", PEOPLE)
def test_lists_follow_the_same_rule(db: Database, people: dict[str, int], person: str) -> None:
    """The queue holds a step exactly when it may be claimed; the case list a case exactly when it may be seen."""
    queued = _scene(db, people, person, claimed=False)
    held = _scene(db, people, person, claimed=True)
    user = people[person]
    in_queue = {row.id for row in inbox(db, user, "queue").rows}
    assert (queued.task_id in in_queue) == _flag(db, "claim", user, queued) == (person in MAY["claim"])
    assert held.task_id not in in_queue
    listed = {row.id for row in visible_cases(db, user, "all").rows}
    for scene in (queued, held):
        assert (scene.case_id in listed) == _flag(db, "view", user, scene)


def test_a_holder_whose_role_was_removed_may_not_complete_but_may_release(
    db: Database, people: dict[str, int]
) -> None:
    """The review's reproduction: update_user took the role away; the page said no, the action said yes."""
    holder = people["holder_lost_role"]
    scene = _scene(db, people, "holder_lost_role", claimed=True)
    detail = get_task(db, holder, scene.task_id)
    assert detail.assignee_id == holder
    assert not detail.may_complete
    before = _state(db)
    with pytest.raises(NotAuthorized, match="tidak lagi memiliki peran 'pelaksana'"):
        complete_task(db, holder, scene.task_id, {"nik": NIK, "lengkap": True})
    assert _state(db) == before
    assert detail.may_unclaim
    unclaim_task(db, holder, scene.task_id)
    assert scene.task_id in {row.id for row in inbox(db, people["holder"], "queue").rows}
    assert get_task(db, people["holder"], scene.task_id).may_claim


def test_supervisor_and_admin_come_from_the_roles_table(db: Database, staff: dict[str, int]) -> None:
    """The web app shows supervisors' and admins' pages from ``UserInfo``, which reads ``Role`` flags, not codes."""
    assert get_user(db, staff["kabid"]).is_supervisor and get_user(db, staff["kadis"]).is_supervisor
    assert not get_user(db, staff["pelaksana"]).is_supervisor and not get_user(db, staff["pelaksana"]).is_admin
    assert get_user(db, staff["admin"]).is_admin and not get_user(db, staff["kabid"]).is_admin
    from engine.models import Role

    with db.transaction() as session:
        role = session.get(Role, "jafung")
        assert role is not None and not role.is_supervisor
        role.is_supervisor = True
    try:
        assert get_user(db, staff["jafung"]).is_supervisor  # an office that makes its Jafung a supervisor
    finally:
        with db.transaction() as session:
            restored = session.get(Role, "jafung")
            assert restored is not None
            restored.is_supervisor = False

