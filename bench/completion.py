"""Issue 14's figures of the completion path, on the NIB SOP with its form data, side by side in one run:

- an API completion (gunicorn, bearer token) against a SpiffWorkflow step alone (restore, complete with the same
  form data, run, save), in turns: at most 5× (aim 3×);
- the SQL round trips of one API completion, counted with engine event listeners (statements, BEGIN, COMMIT,
  pre-pings): at most 8;
- completions per second with 8 clients against SpiffWorkflow steps per second in one process: at least 20 %
  (aim 40 %);
- where an API completion's time goes, for context: the same completions through the engine's service in this
  process and through Flask's test client, taken in the same turns, in units of a SpiffWorkflow step;
- the floor under a completion on this machine, for context (:mod:`bench.floor`): a bare request, one durable
  write and the SpiffWorkflow step, in the same turns; and the rate at 8 clients of a server that does only those.

``python -m bench.completion`` measures them alone on a database of its own (``ALUR_BENCH_DATABASE_URL`` with
``_completion`` appended); ``python -m bench`` adds them to its table.
"""

from __future__ import annotations

import os
import queue
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, select

from bench import floor, measure, seed
from bench.harness import ROOT, ApiClient, Gunicorn, NoAnswer, mint_tokens
from bench.report import Report, ms, ratio
from engine.db import Database
from engine.models import ProcessDefinition
from engine.runtime import CaseWorkflow, ProcessSpec
from engine.services import complete_task
from engine.services.definitions import spec_of

NIB = "pelayanan_nib_oss"
NIB_UNIT = "dinkop-lobar.bidang-umkm"
APPLICANT = {"nama_pemohon": "Baiq Nurul Aini", "nik": "5201014107900001", "email": "baiq@contoh.id",
             "npwp": "5201014107900001", "nama_usaha": "Jajanan Nurul", "alamat_usaha": "Gerung"}


@dataclass(frozen=True)
class NibPlan:
    """The NIB SOP's path with every requirement met: element ids in order, each with its form data and role."""

    spec: ProcessSpec
    steps: tuple[tuple[str, str, dict[str, Any]], ...]  # (element id, role, form data)

    def data(self, element_id: str) -> dict[str, Any]:
        return next(d for e, _r, d in self.steps if e == element_id)


def nib_plan(db: Database, today: str) -> NibPlan:
    with db.transaction(write=False) as session:
        definition = session.scalar(select(ProcessDefinition).where(ProcessDefinition.key == NIB,
                                                                    ProcessDefinition.is_latest))
        assert definition is not None, "the NIB SOP is not registered"
        spec = spec_of(definition)
        forms = dict(definition.forms)
        by_element = {s.element_id: (s.role_code, forms.get(s.form_path) if s.form_path else None)
                      for s in definition.steps}
    steps = []
    workflow = CaseWorkflow.start(spec, APPLICANT)
    while workflow.ready_steps():
        ready = workflow.ready_steps()[0]
        role, schema = by_element[ready.element_id]
        data = _form_data(schema, today)
        steps.append((ready.element_id, role, data))
        workflow.complete(ready.spiff_task_id, data)
    return NibPlan(spec, tuple(steps))


def _form_data(schema: dict[str, Any] | None, today: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, field in (schema or {}).get("properties", {}).items():
        if field.get("format") == "date":
            values[name] = today
        elif field.get("examples"):
            values[name] = field["examples"][0]
    return values


class SpiffNibSteps:
    """A SpiffWorkflow step of the NIB SOP as a request does it, with its form data, without the database."""

    def __init__(self, plan: NibPlan) -> None:
        self.plan = plan
        self.state = ""

    def __call__(self, _turn: int = 0) -> float:
        if not self.state:
            self.state = CaseWorkflow.start(self.plan.spec, APPLICANT).save()
        start = time.perf_counter()
        workflow = CaseWorkflow.restore(self.plan.spec, self.state)
        ready = workflow.ready_steps()[0]
        workflow.complete(ready.spiff_task_id, self.plan.data(ready.element_id))
        self.state = workflow.save()
        took = time.perf_counter() - start
        if not workflow.ready_steps():
            self.state = ""
        return took


class NibWalks:
    """NIB cases completed step after step through the API, each step by a person of its role."""

    def __init__(self, port: int, tokens: dict[str, list[str]], plan: NibPlan, first_tasks: queue.Queue[int],
                 number: int = 0) -> None:
        self.clients = {role: ApiClient(port, ts[number % len(ts)]) for role, ts in tokens.items()}
        self.plan = plan
        self.first_tasks = first_tasks
        self.task_id: int | None = None
        self.position = 0

    def step(self) -> tuple[float, int, Any]:
        if self.task_id is None:
            self.task_id, self.position = self.first_tasks.get_nowait(), 0
        _element, role, data = self.plan.steps[self.position]
        start = time.perf_counter()
        try:
            status, body = self.clients[role].complete(self.task_id, data)
        except NoAnswer as error:
            self.task_id = None
            return time.perf_counter() - start, 0, str(error)
        took = time.perf_counter() - start
        following = body.get("next_task_ids") if status == 200 and isinstance(body, dict) else None
        self.task_id = following[0] if following else None
        self.position += 1
        return took, status, body

    def __call__(self, _turn: int = 0) -> float:
        took, status, body = self.step()
        if status != 200:
            raise RuntimeError(f"NIB completion failed: HTTP {status} {body}")
        return took

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def nib_cases(db: Database, count: int) -> queue.Queue[int]:
    first: queue.Queue[int] = queue.Queue()
    for case in seed.open_cases(db, NIB, count, data=APPLICANT):
        first.put(case.task_ids[0])
    return first


@contextmanager
def in_process_app(database_url: str, secret_key: str) -> Iterator[Any]:
    """The web app in this process on the bench's database (Flask's test client, no HTTP)."""
    from webapp import create_app

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": secret_key})
    try:
        yield app
    finally:
        app.extensions["alur_db"].dispose()


def app_token(app: Any, user_id: int) -> str:
    from engine.services.users import current_credential
    from webapp.api.tokens import issue_token

    with app.app_context():
        return issue_token(user_id, current_credential(app.extensions["alur_db"], user_id) or "").token


def count_round_trips(database_url: str, secret_key: str, user_id: int, task_ids: list[int],
                      data: dict[str, Any]) -> list[str]:
    """The round trips of the last of ``task_ids``' API completions (the others warm the process), in-process."""
    trips: list[str] = []
    with in_process_app(database_url, secret_key) as app:
        client = app.test_client()
        headers = {"Authorization": f"Bearer {app_token(app, user_id)}"}
        engine = app.extensions["alur_db"].engine
        real_ping = engine.dialect.do_ping
        for number, task_id in enumerate(task_ids):
            last = number == len(task_ids) - 1
            if last:
                event.listen(engine, "before_cursor_execute", _statement(trips))
                event.listen(engine, "begin", lambda *_a: trips.append("BEGIN"))
                event.listen(engine, "commit", lambda *_a: trips.append("COMMIT"))
                event.listen(engine, "rollback", lambda *_a: trips.append("ROLLBACK"))
                engine.dialect.do_ping = lambda c: trips.append("PING") or real_ping(c)  # type: ignore[method-assign]
            response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": data}, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"counted completion failed: {response.status_code} {response.get_json()}")
    return trips


#: Completes a step of the NIB SOP as a person of ``role``: (role, task id, form data) → the next step's id or None.
Completer = Callable[[str, int, dict[str, Any]], "int | None"]


class LayerWalk:
    """NIB cases completed step after step by a :data:`Completer` below the API (the service, or Flask without
    HTTP), so each layer of a completion is measured in the same turns as the API itself."""

    def __init__(self, plan: NibPlan, first_tasks: queue.Queue[int], complete: Completer) -> None:
        self.plan = plan
        self.first_tasks = first_tasks
        self.complete = complete
        self.task_id: int | None = None
        self.position = 0

    def __call__(self, _turn: int = 0) -> float:
        if self.task_id is None:
            self.task_id, self.position = self.first_tasks.get_nowait(), 0
        _element, role, data = self.plan.steps[self.position]
        start = time.perf_counter()
        following = self.complete(role, self.task_id, data)
        took = time.perf_counter() - start
        self.task_id, self.position = following, self.position + 1
        return took


def service_completer(db: Database, staff: dict[str, list[int]]) -> Completer:
    """``complete_task`` in this process, as the API calls it (a next step of the same person is carried on)."""
    def complete(role: str, task_id: int, data: dict[str, Any]) -> int | None:
        following = complete_task(db, staff[role][0], task_id, data, carry_on=True).next_task_ids
        return following[0] if following else None
    return complete


def flask_completer(app: Any, staff: dict[str, list[int]]) -> Completer:
    """``POST /api/v1/tasks/<id>/complete`` through Flask's test client: the web app without gunicorn and HTTP."""
    client = app.test_client()
    headers = {role: {"Authorization": f"Bearer {app_token(app, ids[0])}"} for role, ids in staff.items()}

    def complete(role: str, task_id: int, data: dict[str, Any]) -> int | None:
        response = client.post(f"/api/v1/tasks/{task_id}/complete", json={"data": data}, headers=headers[role])
        body = response.get_json()
        if response.status_code != 200:
            raise RuntimeError(f"NIB completion through Flask failed: HTTP {response.status_code} {body}")
        return body["next_task_ids"][0] if body.get("next_task_ids") else None
    return complete


def _statement(trips: list[str]) -> Any:
    def listener(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            trips.append(statement.split("\n", 1)[0][:100])
    return listener


def nib_throughput(port: int, tokens: dict[str, list[str]], plan: NibPlan, first: queue.Queue[int], clients: int,
                   seconds: float) -> measure.Throughput:
    def open_walk(number: int) -> measure.Walk:
        walk = NibWalks(port, tokens, plan, first, number)
        return (lambda: walk.step()[1:]), walk.close

    return measure.run_clients(measure.Throughput(clients=clients), clients, seconds, open_walk)


def measure_completion(report: Report, db: Database, office: seed.Office, server: Gunicorn, *, completions: int,
                       seconds: float) -> None:
    """Add the issue's three completion figures to ``report`` (``db`` is the database ``server`` runs on)."""
    today = db.clock.now().date().isoformat()
    plan = nib_plan(db, today)
    staff = {"pelaksana": office.users(NIB_UNIT, "pelaksana")[:8], "jafung": office.users(NIB_UNIT, "jafung")[:8]}
    tokens = {role: mint_tokens(server, ids) for role, ids in staff.items()}
    steps = len(plan.steps)
    # Round trips: in-process on the same database, after one warming completion.
    counted_cases = nib_cases(db, 2)
    trips = count_round_trips(db.url, server.secret_key, staff["pelaksana"][0],
                              [counted_cases.get_nowait(), counted_cases.get_nowait()], plan.steps[0][2])
    cases_per_walk = completions // steps + 8
    first = nib_cases(db, cases_per_walk + int(seconds * 1_500 / steps))  # room for 1,500 completions/s
    warm = NibWalks(server.port, tokens, plan, first)
    form_data = [d for _e, _r, d in plan.steps]
    floor.prepare(db.url)
    with in_process_app(db.url, server.secret_key) as app, \
            Gunicorn(db.url, scratch=server.scratch / "floor", workers=server.workers, threads=server.threads,
                     app="bench.floor:floor_app()", ready_path=floor.READY) as floor_server:
        service = LayerWalk(plan, nib_cases(db, cases_per_walk), service_completer(db, staff))
        flask = LayerWalk(plan, nib_cases(db, cases_per_walk), flask_completer(app, staff))
        least = floor.FloorSteps(floor_server.port, db.url, SpiffNibSteps(plan), form_data)
        for walk in (warm, service, flask, least):
            for _ in range(steps * 2):
                walk()
        raw, in_service, in_flask, api, at_least = measure.take_turns(
            [SpiffNibSteps(plan), service, flask, warm, least], completions)
        least.close()
        warm.close()
        rate = nib_throughput(server.port, tokens, plan, first, 8, seconds)
        floor_rate = floor.floor_throughput(floor_server.port, form_data, 8, seconds)
    spiff_rate = 1 / raw.median
    step_ratio = ratio(api.median, raw.median)
    report.add("NIB SOP: SpiffWorkflow step alone, with its form data", f"{ms(raw.median)} median")
    report.add("NIB SOP: completion through the API with its form data",
               f"{ms(api.median)} median, {ms(api.p95)} p95")
    report.add("API completion ÷ SpiffWorkflow step of the NIB SOP with its form data", f"{step_ratio:.1f}×",
               "≤ 5× (aim 3×)", step_ratio <= 5)
    report.add("SQL round trips of one completion (counted, not timed)", f"{len(trips)}", "≤ 8", len(trips) <= 8)
    share = rate.per_second / spiff_rate
    report.add("completions/s at 8 clients ÷ SpiffWorkflow steps/s in one process",
               f"{rate.per_second:.0f}/s ÷ {spiff_rate:.0f}/s = {share:.1%} {rate.details()}",
               "≥ 20 % (aim 40 %)", share >= 0.2 and rate.errors == 0 and not rate.ran_out)
    report.add("the floor's completions/s at 8 clients ÷ SpiffWorkflow steps/s (Spiff step and write in the worker)",
               f"{floor_rate.per_second:.0f}/s ÷ {spiff_rate:.0f}/s = {floor_rate.per_second / spiff_rate:.1%} "
               f"{floor_rate.details()}; Alur reaches {rate.per_second / floor_rate.per_second:.0%} of it")
    report.add("where an API completion's time goes, in SpiffWorkflow steps",
               f"the service in-process {ratio(in_service.median, raw.median):.1f}, through Flask "
               f"{ratio(in_flask.median, raw.median):.1f}, through gunicorn and HTTP {step_ratio:.1f}")
    report.add("a completion's floor: bare request, one-row write, Spiff step",
               f"{ms(at_least.median)} median = {ratio(at_least.median, raw.median):.1f} SpiffWorkflow steps; "
               f"the API completion is {ratio(api.median, at_least.median):.1f}× its floor")
    report.notes.append("Round trips of one API completion: " + "; ".join(trips) + ".")
    report.notes += [f"NIB error sample: {s}" for s in rate.error_samples[:2]]


def main() -> int:
    url = os.environ.get("ALUR_BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/alur_bench")
    url = url.replace("/" + url.rsplit("/", 1)[-1], "/" + url.rsplit("/", 1)[-1] + "_completion")
    quick = "--quick" in sys.argv
    scratch = Path(tempfile.mkdtemp(prefix="alur-bench-completion-"))
    cores = os.cpu_count() or 1
    report = Report(f"Alur's completion path ({'quick' if quick else 'full'} run, {cores} cores)")
    try:
        seed.recreate_database(url)
        db = Database(url)
        office = seed.prepare(db, [ROOT / "processes"])
        seeder = seed.Seeder(db, office, rng=random.Random(2026), now=datetime.now(UTC))
        seed.seed_in_flight(seeder, [d for k, d in office.definitions.items()], task_rows=1_000)
        seeder.finish()
        seed.analyze(db)
        with Gunicorn(db.url, scratch=scratch / "web", workers=2 * cores + 1) as server:
            measure_completion(report, db, office, server, completions=60 if quick else 200,
                               seconds=4 if quick else 10)
        db.dispose()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(report.text())
    print("\n".join(f"- {note}" for note in report.notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
