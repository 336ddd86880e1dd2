"""The floor under an API completion: what any completion costs on this machine before Alur's own work.

A completion is at least a request through gunicorn and Flask, one durable write to PostgreSQL and the
SpiffWorkflow step. :class:`FloorSteps` does exactly those, in the same turns as the real completion:

- ``POST /floor`` with the step's form data to :func:`floor_app`, a Flask app with one view that reads the JSON and
  answers JSON, served by gunicorn as the web app is (same worker class, workers and threads, keep-alive);
- one row UPDATE and COMMIT through psycopg alone (no SQLAlchemy), a WAL flush like every completion's;
- the SpiffWorkflow step of :class:`bench.completion.SpiffNibSteps` (restore, complete with the form data, save).

What a completion costs above this floor is SQLAlchemy's, psycopg's and Alur's own work (the person and the step
read and locked, the form checked, the rows written, the events); the floor in SpiffWorkflow steps says how far
below it a target stated as a multiple of a step can reach on this machine.

The same floor under the throughput figure: ``POST /floor/step`` does the SpiffWorkflow step and the durable write
inside the gunicorn worker, each worker thread on a NIB case and a table row of its own, so clients measure how many
completions per second a machine of these cores could answer if Alur's own work cost nothing.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from datetime import date
from typing import Any

import psycopg
from flask import Flask, jsonify, request
from sqlalchemy.engine import make_url

from bench.harness import ApiClient
from bench.measure import Throughput, Walk, run_clients

TABLE = "bench_floor"
#: What :class:`bench.harness.Gunicorn` asks the floor app until it answers.
READY = "/ready"


def floor_app() -> Flask:
    """The least a JSON API request does in Flask: route, read the body, answer.

    Served as ``gunicorn 'bench.floor:floor_app()'``."""
    app = Flask("alur_bench_floor")
    app.add_url_rule(READY, "ready", lambda: jsonify({"ready": True}))

    @app.post("/floor")
    def floor() -> Any:
        body = request.get_json(silent=True) or {}
        return jsonify({"received": len(body.get("data") or {})})

    @app.post("/floor/step")
    def floor_step() -> Any:
        body = request.get_json(silent=True) or {}
        _worker_floor().step()
        return jsonify({"received": len(body.get("data") or {})})

    return app


_in_thread = threading.local()
_plan_lock = threading.Lock()
_plan: Any = None
_thread_numbers = itertools.count(2)


class _WorkerFloor:
    """One worker thread's floor of a completion: a SpiffWorkflow step of its NIB case and a write of its row."""

    def __init__(self, plan: Any, database_url: str) -> None:
        from bench.completion import SpiffNibSteps

        self.spiff_step = SpiffNibSteps(plan)
        self.write = DurableWrite(database_url, row=os.getpid() * 1_000 + next(_thread_numbers))

    def step(self) -> None:
        self.spiff_step()
        self.write()


def _worker_floor() -> _WorkerFloor:
    global _plan
    floor = getattr(_in_thread, "floor", None)
    if floor is None:
        from bench.completion import nib_plan
        from engine.db import Database

        url = os.environ["DATABASE_URL"]
        with _plan_lock:
            if _plan is None:
                db = Database(url)
                _plan = nib_plan(db, date.today().isoformat())
                db.dispose()
        floor = _in_thread.floor = _WorkerFloor(_plan, url)
    return floor


class DurableWrite:
    """One row UPDATE and COMMIT on the bench's database, through psycopg alone (the table: :func:`prepare`)."""

    def __init__(self, database_url: str, row: int = 1) -> None:
        self.connection = _connect(database_url)
        self.row = row
        with self.connection.transaction():
            self.connection.execute(f"INSERT INTO {TABLE} VALUES (%s, 0) ON CONFLICT (id) DO NOTHING", (row,))

    def __call__(self) -> None:
        self.connection.execute(f"UPDATE {TABLE} SET n = n + 1 WHERE id = %s", (self.row,))
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()


def prepare(database_url: str) -> None:
    """The floor's table, made once before its server starts (concurrent CREATE TABLE IF NOT EXISTS can fail)."""
    with _connect(database_url) as connection:
        connection.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id bigint PRIMARY KEY, n bigint NOT NULL)")


def _connect(database_url: str) -> psycopg.Connection[Any]:
    return psycopg.connect(make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False))


def floor_throughput(port: int, form_data: list[dict[str, Any]], clients: int, seconds: float) -> Throughput:
    """Completions per second the floor answers with ``clients`` clients (``POST /floor/step``)."""
    def open_walk(_number: int) -> Walk:
        client = ApiClient(port)
        turns = itertools.count()

        def step() -> tuple[int, Any]:
            return client.request("POST", "/floor/step", {"data": form_data[next(turns) % len(form_data)]})
        return step, client.close

    return run_clients(Throughput(clients=clients), clients, seconds, open_walk)


class FloorSteps:
    """A bare request, a durable write and a SpiffWorkflow step, timed together: one turn's floor."""

    def __init__(self, port: int, database_url: str, spiff_step: Any, form_data: list[dict[str, Any]]) -> None:
        self.client = ApiClient(port)
        self.write = DurableWrite(database_url)
        self.spiff_step = spiff_step
        self.form_data = form_data

    def __call__(self, turn: int = 0) -> float:
        start = time.perf_counter()
        status, _body = self.client.request("POST", "/floor", {"data": self.form_data[turn % len(self.form_data)]})
        if status != 200:
            raise RuntimeError(f"the floor's request failed: HTTP {status}")
        self.write()
        return time.perf_counter() - start + self.spiff_step(turn)

    def close(self) -> None:
        self.client.close()
        self.write.close()
