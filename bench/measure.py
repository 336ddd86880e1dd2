"""The measurements: each returns raw timings; the report turns them into figures and verdicts.

Figures that are compared are measured taking turns (A, B, A, B …), so a change in the machine's
load while the benchmark runs falls on both sides of a ratio alike.
"""

from __future__ import annotations

import math
import queue
import statistics
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bench.harness import ApiClient, NoAnswer
from engine.db import Database
from engine.runtime import CaseWorkflow, ProcessSpec
from engine.scheduler import PassReport, run_pass
from engine.services import complete_task, inbox

#: One measured action: called with the turn's number, returns the seconds it measured.
Action = Callable[[int], float]


@dataclass(frozen=True)
class Timings:
    """Seconds per operation."""

    samples: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]

    def __len__(self) -> int:
        return len(self.samples)


def take_turns(actions: Sequence[Action], repeats: int) -> list[Timings]:
    """Each action ``repeats`` times, in turn."""
    samples: list[list[float]] = [[] for _ in actions]
    for turn in range(repeats):
        for number, action in enumerate(actions):
            samples[number].append(action(turn))
    return [Timings(tuple(s)) for s in samples]


def stopwatch(call: Callable[[], object]) -> Action:
    def action(_turn: int) -> float:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start

    return action


# --------------------------------------------------------------------------------------------
# A step: SpiffWorkflow alone, the engine's service, the API
# --------------------------------------------------------------------------------------------


class SpiffSteps:
    """One step as a request does it, without the database: restore the saved state, complete the
    ready task, run the engine to the next wait, save. Case after case of one SOP."""

    def __init__(self, spec: ProcessSpec, steps: int) -> None:
        self.spec = spec
        self.steps = steps
        self.state = ""
        self.position = steps
        self.by_position: dict[int, list[float]] = {}

    def __call__(self, _turn: int = 0) -> float:
        if self.position == self.steps:  # a new case, started outside the measured time
            self.state = CaseWorkflow.start(self.spec, {}).save()
            self.position = 0
        start = time.perf_counter()
        workflow = CaseWorkflow.restore(self.spec, self.state)
        workflow.complete(workflow.ready_steps()[0].spiff_task_id, {})
        self.state = workflow.save()
        took = time.perf_counter() - start
        self.position += 1
        self.by_position.setdefault(self.position, []).append(took)
        return took

    def at(self, position: int) -> Timings:
        return Timings(tuple(self.by_position[position]))


class CaseWalk:
    """Completes cases step after step through the API, the way one person works through their cases."""

    def __init__(self, client: ApiClient, first_tasks: queue.Queue[int]) -> None:
        self.client = client
        self.first_tasks = first_tasks
        self.task_id: int | None = None
        self.position = 0
        self.by_position: dict[int, list[float]] = {}

    def step(self) -> tuple[int, float, int, Any]:
        """Complete the current step: (its position in the case, seconds, HTTP status, body)."""
        if self.task_id is None:
            self.task_id = self.first_tasks.get_nowait()
            self.position = 1
        position = self.position
        start = time.perf_counter()
        try:
            status, body = self.client.complete(self.task_id)
        except NoAnswer as error:
            self.task_id = None
            return position, time.perf_counter() - start, 0, str(error)
        took = time.perf_counter() - start
        following = body.get("next_task_ids") if status == 200 and isinstance(body, dict) else None
        self.task_id = following[0] if following else None
        self.position += 1
        return position, took, status, body

    def __call__(self, _turn: int = 0) -> float:
        """One completion that must succeed (a measured action)."""
        position, took, status, body = self.step()
        if status != 200:
            raise RuntimeError(f"completion failed: HTTP {status} {body}")
        self.by_position.setdefault(position, []).append(took)
        return took

    def at(self, position: int) -> Timings:
        return Timings(tuple(self.by_position[position]))


class ServiceSteps:
    """The same completions through the engine's service in-process: what HTTP and the token add."""

    def __init__(self, db: Database, user_id: int, first_tasks: queue.Queue[int]) -> None:
        self.db = db
        self.user_id = user_id
        self.first_tasks = first_tasks
        self.task_id: int | None = None

    def __call__(self, _turn: int = 0) -> float:
        task_id = self.task_id or self.first_tasks.get_nowait()
        start = time.perf_counter()
        result = complete_task(self.db, self.user_id, task_id, {})
        took = time.perf_counter() - start
        self.task_id = result.next_task_ids[0] if result.next_task_ids else None
        return took


# --------------------------------------------------------------------------------------------
# Reads and sweeps
# --------------------------------------------------------------------------------------------


def inbox_actions(db: Database, user_id: int, client: ApiClient) -> tuple[Action, Action, int]:
    """The queue of one person through the engine's service and through the API, and its size."""

    def over_http() -> None:
        status, body = client.request("GET", "/api/v1/tasks?scope=queue")
        if status != 200:
            raise RuntimeError(f"GET /api/v1/tasks: HTTP {status} {body}")

    for _ in range(10):  # warm the connection pools, the worker, the statement cache
        inbox(db, user_id, "queue")
        over_http()
    return stopwatch(lambda: inbox(db, user_id, "queue")), stopwatch(over_http), inbox(db, user_id, "queue").total


def sweep_action(db: Database, moments: Sequence[datetime], reports: list[PassReport]) -> Action:
    """The scheduler's pass at the turn's moment (each moment has its own batch of steps falling due)."""

    def action(turn: int) -> float:
        start = time.perf_counter()
        reports.append(run_pass(db, moments[turn]))
        return time.perf_counter() - start

    return action


# --------------------------------------------------------------------------------------------
# Throughput
# --------------------------------------------------------------------------------------------


@dataclass
class Throughput:
    clients: int
    seconds: float = 0.0
    completed: int = 0
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)
    #: Clients that stopped before the time was up because the seeded cases ran out: the rate is then too low.
    ran_out: int = 0

    @property
    def per_second(self) -> float:
        return self.completed / self.seconds if self.seconds else 0.0

    def details(self) -> str:
        """How the rate was counted, with what makes it unreliable: "(1,901 in 4.0 s, 0 errors)"."""
        out = f", {self.ran_out} clients ran out of seeded cases (the rate is too low)" if self.ran_out else ""
        return f"({self.completed:,} in {self.seconds:.1f} s, {self.errors} errors{out})"

    def said(self) -> str:
        return f"{self.per_second:.0f}/s {self.details()}"


#: A client's walk for :func:`run_clients`: one completion per call, its (HTTP status, body); and closing it.
Walk = tuple[Callable[[], tuple[int, Any]], Callable[[], None]]


def run_clients(result: Throughput, clients: int, seconds: float, open_walk: Callable[[int], Walk]) -> Throughput:
    """``clients`` threads, each on the walk ``open_walk(number)`` gives it, completing as fast as the server
    answers for ``seconds`` (or until the cases run out), all starting on one line; counted into ``result``."""
    lock = threading.Lock()
    start_line = threading.Barrier(clients + 1)
    stop = threading.Event()

    def work(number: int) -> None:
        step, close = open_walk(number)
        start_line.wait()
        done = failed = 0
        samples: list[str] = []
        ran_out = False
        while not stop.is_set():
            try:
                status, body = step()
            except queue.Empty:
                ran_out = True
                break
            if status == 200:
                done += 1
            else:
                failed += 1
                if len(samples) < 3:
                    samples.append(f"HTTP {status}: {str(body)[:160]}")
        close()
        with lock:
            result.completed += done
            result.errors += failed
            result.error_samples.extend(samples)
            result.ran_out += ran_out

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    result.seconds += time.perf_counter() - began
    return result


def throughput(port: int, tokens: Sequence[str], first_tasks: queue.Queue[int], clients: int, seconds: float,
               into: Throughput | None = None) -> Throughput:
    """``clients`` threads completing their own cases as fast as the server answers, for ``seconds``."""

    def open_walk(number: int) -> Walk:
        client = ApiClient(port, tokens[number % len(tokens)])
        walk = CaseWalk(client, first_tasks)
        return (lambda: walk.step()[2:]), client.close

    return run_clients(into or Throughput(clients=clients), clients, seconds, open_walk)
