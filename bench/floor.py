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
"""

from __future__ import annotations

import time
from typing import Any

import psycopg
from flask import Flask, jsonify, request
from sqlalchemy.engine import make_url

from bench.harness import ApiClient

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

    return app


class DurableWrite:
    """One row UPDATE and COMMIT on the bench's database, through psycopg alone."""

    def __init__(self, database_url: str) -> None:
        self.connection = psycopg.connect(make_url(database_url).set(drivername="postgresql")
                                          .render_as_string(hide_password=False))
        with self.connection.transaction():
            self.connection.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, n bigint NOT NULL)")
            self.connection.execute(f"INSERT INTO {TABLE} VALUES (1, 0) ON CONFLICT (id) DO NOTHING")

    def __call__(self) -> None:
        self.connection.execute(f"UPDATE {TABLE} SET n = n + 1 WHERE id = 1")
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()


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
