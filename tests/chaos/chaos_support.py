"""Helpers of the fault tests: client threads that record every answer, a private PostgreSQL server to
restart, and the checks that must hold afterwards whatever was killed.

The checks read only the database: every acknowledged action is there, no step is half-applied, each
step was completed once, each late step flagged once. They know the test SOP's shape (a straight line
of steps), so "the next step was created exactly once" is a precise statement.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Select, func, insert, select, text

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # bench/ sits beside the package and is not installed with it
    sys.path.insert(0, str(ROOT))

from bench.harness import ApiClient, Gunicorn, NoAnswer, free_port, mint_tokens  # noqa: E402
from engine.db import Database  # noqa: E402
from engine.models import (  # noqa: E402
    Case,
    CaseStatus,
    Event,
    Notification,
    ProcessDefinition,
    Task,
    TaskStatus,
    Unit,
    User,
    UserRole,
)
from engine.passwords import hash_password  # noqa: E402
from engine.runtime import CaseWorkflow  # noqa: E402
from engine.services.definitions import spec_of  # noqa: E402

__all__ = ["ApiClient", "Gunicorn", "NoAnswer", "free_port", "mint_tokens"]

#: The staff password of tests/conftest.py (not imported: ``conftest`` is a fragile module name).
PASSWORD = "kata-sandi-uji"
KEY = "uji_kekacauan"
STEPS = 3
UNIT = "kantor-uji.bidang-a"
START_DATA = {"nama_pemohon": "Pemohon Uji"}


def create_pelaksana(db: Database, prefix: str, count: int) -> list[tuple[int, str]]:
    """``count`` Pelaksana of the test unit, with one password hash (Argon2 for each would take seconds)."""
    password_hash = hash_password(PASSWORD)
    with db.transaction() as session:
        unit_id = session.scalar(select(Unit.id).where(Unit.code == UNIT))
        names = [f"{prefix}{n:02d}" for n in range(1, count + 1)]
        ids = session.execute(insert(User).returning(User.id, sort_by_parameter_order=True), [
            {"username": name, "full_name": f"Pelaksana {name}", "email": None, "password_hash": password_hash,
             "unit_id": unit_id, "active": True, "created_at": db.clock.now()} for name in names
        ]).scalars().all()
        session.execute(insert(UserRole), [{"user_id": uid, "role_code": "pelaksana"} for uid in ids])
    return list(zip(ids, names, strict=True))


# --------------------------------------------------------------------------------------------
# Clients
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    action: str
    task_id: int
    user_id: int
    status: int  # 0: the connection broke before an answer
    next_task_ids: tuple[int, ...] = ()
    message: str = ""


@dataclass
class Ledger:
    """Every answer any client got, in one place."""

    answers: list[Answer] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)

    def acknowledged(self, action: str = "complete") -> list[Answer]:
        return [a for a in self.answers if a.action == action and a.status in (200, 201)]

    def statuses(self) -> Counter[int]:
        return Counter(a.status for a in self.answers)


def send(client: ApiClient, ledger: Ledger, action: str, task_id: int, user_id: int) -> Answer:
    try:
        status, body = client.complete(task_id) if action == "complete" else client.claim(task_id)
    except NoAnswer as error:
        answer = Answer(action, task_id, user_id, 0, message=str(error))
    else:
        following = tuple(body.get("next_task_ids", ())) if status == 200 and isinstance(body, dict) else ()
        message = "" if status == 200 else str(body)[:300]
        answer = Answer(action, task_id, user_id, status, following, message)
    ledger.record(answer)
    return answer


class CaseWalkers:
    """Client threads walking cases step by step through the API until stopped or out of cases.

    An unanswered step (connection cut, HTTP 5xx) is sent again after a pause: the retry either
    completes it or is told it is already done (the first attempt committed before the answer was lost);
    then the client leaves that case and takes another one.
    """

    def __init__(self, port: int, people: Sequence[tuple[int, str]], first_tasks: Sequence[int], *,
                 retries: int = 20, pause: float = 0.25) -> None:
        self.port = port
        self.people = list(people)
        self.pending: queue.Queue[int] = queue.Queue()
        for task_id in first_tasks:
            self.pending.put(task_id)
        self.retries = retries
        self.pause = pause
        self.ledger = Ledger()
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._walk, args=(p,), daemon=True) for p in self.people]

    def start(self) -> CaseWalkers:
        for thread in self.threads:
            thread.start()
        return self

    def join(self, timeout: float = 120) -> None:
        self.stop.set()
        deadline = time.monotonic() + timeout
        for thread in self.threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        assert not any(t.is_alive() for t in self.threads), "a client thread hung"

    def wait_until_done(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while any(t.is_alive() for t in self.threads) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.join()

    def _walk(self, person: tuple[int, str]) -> None:
        user_id, token = person
        client = ApiClient(self.port, token, timeout=30)
        task_id: int | None = None
        failures = 0
        while not self.stop.is_set():
            if task_id is None:
                try:
                    task_id = self.pending.get_nowait()
                except queue.Empty:
                    break
                failures = 0
            answer = send(client, self.ledger, "complete", task_id, user_id)
            if answer.status == 200:
                task_id = answer.next_task_ids[0] if answer.next_task_ids else None
                failures = 0
            elif answer.status == 0 or answer.status >= 500:
                failures += 1
                if failures > self.retries:
                    task_id = None
                time.sleep(self.pause)
            else:
                task_id = None
        client.close()


# --------------------------------------------------------------------------------------------
# What must hold afterwards
# --------------------------------------------------------------------------------------------


def check_acknowledged(db: Database, ledger: Ledger) -> int:
    """Every completion answered 200 is in the database, by that person, and no step was acknowledged twice."""
    acknowledged = ledger.acknowledged()
    twice = [task for task, n in Counter(a.task_id for a in acknowledged).items() if n > 1]
    assert not twice, f"steps acknowledged as completed more than once: {twice}"
    with db.transaction(write=False) as session:
        rows = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_([a.task_id for a in acknowledged])))}
    for answer in acknowledged:
        task = rows.get(answer.task_id)
        assert task is not None, f"acknowledged step {answer.task_id} is not in the database"
        assert task.status == TaskStatus.COMPLETED, f"acknowledged step {answer.task_id} is {task.status}"
        assert task.completed_by_id == answer.user_id, f"step {answer.task_id} completed by someone else"
        for following in answer.next_task_ids:
            assert following in _task_ids_of_case(db, task.case_id), f"announced next step {following} missing"
    return len(acknowledged)


def _task_ids_of_case(db: Database, case_id: int) -> set[int]:
    with db.transaction(write=False) as session:
        return set(session.scalars(select(Task.id).where(Task.case_id == case_id)))


def check_cases_consistent(db: Database, *, key: str = KEY, steps: int = STEPS) -> Counter[str]:
    """No step half-applied: in every case of the linear test SOP the task rows, their events, the case's
    status and its saved workflow state tell the same story. Returns the cases counted by status."""
    with db.transaction(write=False) as session:
        cases = session.scalars(select(Case).join(ProcessDefinition, Case.definition_id == ProcessDefinition.id)
                                .where(ProcessDefinition.key == key)).all()
        tasks: dict[int, list[Task]] = {}
        for task in session.scalars(select(Task).where(Task.case_id.in_([c.id for c in cases])).order_by(Task.id)):
            tasks.setdefault(task.case_id, []).append(task)
        counts = Counter(session.execute(
            select(Event.kind, Event.case_id, Event.task_id).where(Event.case_id.in_([c.id for c in cases]))).all())
        by_status: Counter[str] = Counter()
        for case in cases:
            rows = tasks.get(case.id, [])
            where = f"case {case.reference} ({case.status.value})"
            assert rows, f"{where}: no steps at all"
            elements = [t.element_id for t in rows]
            assert elements == [f"langkah_{n}" for n in range(1, len(rows) + 1)], f"{where}: steps {elements}"
            assert len({t.spiff_task_id for t in rows}) == len(rows), f"{where}: a step activated twice"
            *done, last = rows
            assert all(t.status == TaskStatus.COMPLETED for t in done), f"{where}: an earlier step is not completed"
            for task in rows:
                created = counts[("task_created", case.id, task.id)]
                completed = counts[("task_completed", case.id, task.id)]
                assert created == 1, f"{where}: step {task.id} has {created} task_created events"
                expected = 1 if task.status == TaskStatus.COMPLETED else 0
                assert completed == expected, f"{where}: step {task.id} ({task.status}) has {completed} completions"
                if task.status == TaskStatus.COMPLETED:
                    assert task.completed_at and task.completed_by_id and task.flag_overdue_at is None
            finished = counts[("case_completed", case.id, None)]
            if case.status == CaseStatus.ACTIVE:
                assert last.status == TaskStatus.OPEN and finished == 0, f"{where}: last step {last.status}"
            else:
                assert case.status == CaseStatus.COMPLETED and len(rows) == steps, f"{where}: {len(rows)} steps"
                assert last.status == TaskStatus.COMPLETED and finished == 1, f"{where}: not finished once"
            workflow = CaseWorkflow.restore(spec_of(case.definition), case.workflow_state)
            ready = {r.spiff_task_id for r in workflow.ready_steps()}
            waiting = {t.spiff_task_id for t in rows if t.status == TaskStatus.OPEN}
            assert ready == waiting, f"{where}: workflow state waits at {ready}, task rows at {waiting}"
            assert workflow.is_completed == (case.status == CaseStatus.COMPLETED), f"{where}: workflow state"
            by_status[case.status.value] += 1
    return by_status


def steps_of(key: str = KEY) -> Select[tuple[int]]:
    """The ids of the steps of ``key``'s cases, as a subquery: a check of this SOP's steps ignores whatever else
    the database holds (another test's late steps, which the same scheduler pass handles)."""
    return (select(Task.id).join(Case, Task.case_id == Case.id)
            .join(ProcessDefinition, Case.definition_id == ProcessDefinition.id).where(ProcessDefinition.key == key))


def check_overdue_once(db: Database, *, key: str = KEY) -> int:
    """Each late step of ``key`` flagged once (one event, one notice per person), escalated once per level."""
    mine = steps_of(key)
    with db.transaction(write=False) as session:
        overdue = Counter(session.scalars(select(Event.task_id).where(Event.kind == "task_overdue",
                                                                      Event.task_id.in_(mine))))
        escalated = Counter(session.execute(select(Event.task_id, Event.payload["level"].as_integer())
                                            .where(Event.kind == "task_escalated", Event.task_id.in_(mine))).all())
        flagged = dict(session.execute(select(Task.id, Task.overdue_flagged_at)
                                       .where(Task.overdue_flagged_at.is_not(None), Task.id.in_(mine))).all())
        levels = dict(session.execute(select(Task.id, Task.escalation_level).where(Task.id.in_(mine))).all())
        notices = Counter(session.execute(select(Notification.kind, Notification.task_id, Notification.user_id)
                                          .where(Notification.kind == "overdue", Notification.task_id.in_(mine))).all())
        keys = session.scalar(select(func.count(Notification.dedupe_key.distinct()))
                              .where(Notification.task_id.in_(mine)))
        total = session.scalar(select(func.count()).select_from(Notification).where(Notification.task_id.in_(mine)))
    assert all(n == 1 for n in overdue.values()), f"steps flagged twice: {[t for t, n in overdue.items() if n > 1]}"
    assert set(overdue) == set(flagged), "a flag without its event, or an event without its flag"
    assert all(n == 1 for n in escalated.values()), "a step escalated twice at the same level"
    reached: dict[int, list[int]] = {}
    for task_id, level in sorted(escalated):
        reached.setdefault(task_id, []).append(level)
    for task_id, levels_done in reached.items():
        assert levels_done == list(range(1, levels[task_id] + 1)), f"step {task_id}: escalations {levels_done}"
    assert all(n == 1 for n in notices.values()), "a person got the same overdue notice twice"
    assert keys == total, "duplicate notification dedupe keys"
    return len(overdue)


# --------------------------------------------------------------------------------------------
# Killing things precisely
# --------------------------------------------------------------------------------------------


def worker_in_transaction(server: Gunicorn, db: Database) -> int | None:
    """The pid of a gunicorn worker whose database connection is inside a transaction right now.

    PostgreSQL reports the client port of each connection in a transaction; the worker owning the
    socket with that local port is found through /proc.
    """
    with db.engine.connect() as connection:
        ports = set(connection.scalars(text(
            "SELECT client_port FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL AND client_port IS NOT NULL")))
    if not ports:
        return None
    inodes_by_port = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            port = int(fields[1].rsplit(":", 1)[1], 16)
            if port in ports:
                inodes_by_port[fields[9]] = port
    for pid in server.worker_pids():
        try:
            links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
        except OSError:
            continue
        if any(link.startswith("socket:[") and link[8:-1] in inodes_by_port for link in links):
            return pid
    return None


def kill_worker_mid_transaction(server: Gunicorn, db: Database, timeout: float = 10) -> tuple[int, bool]:
    """SIGKILL a worker while it holds an open transaction (any worker if none is caught in time).

    Returns the pid and whether it was caught inside a transaction.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pid = worker_in_transaction(server, db)
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            return pid, True
        time.sleep(0.005)
    return server.kill_worker(), False


class PrivatePostgres:
    """A throwaway PostgreSQL server of our own (initdb in a scratch folder, a free port), so a test can
    restart a server under load without disturbing anyone else's databases on the shared one."""

    def __init__(self) -> None:
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="alur-chaos-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self._as_postgres = os.geteuid() == 0  # the server refuses to run as root

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *command: str, timeout: float = 60) -> None:
        argv = [str(_postgres_bindir() / command[0]), *command[1:]]
        if self._as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        subprocess.run(argv, check=True, timeout=timeout, capture_output=True)

    def start(self) -> PrivatePostgres:
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self._ctl("start")
        admin = Database(self.admin_url)
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("CREATE DATABASE alur_chaos"))
        admin.dispose()
        return self

    def _ctl(self, action: str, *extra: str) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.folder} "
                   "-c max_connections=60 -c shared_buffers=32MB")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", action,
                  *extra)

    def restart(self) -> None:
        """Stop at once, as a crash would (no checkpoint, open transactions lost), and start again."""
        self._ctl("restart", "-m", "immediate")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def _postgres_bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise FileNotFoundError("initdb not found (install the PostgreSQL server package)")
