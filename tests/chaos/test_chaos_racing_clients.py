"""Fifty clients racing on the same steps, each claiming and completing every one of them at once.

The database settles every race: one completion per step, the others told it is done (409), the
case moving on once per step, never an error.
"""

from __future__ import annotations

import random
import threading
from collections import defaultdict

from chaos_support import (
    KEY,
    START_DATA,
    STEPS,
    Answer,
    ApiClient,
    Gunicorn,
    Ledger,
    check_acknowledged,
    check_cases_consistent,
    check_overdue_once,
    send,
)

from bench.seed import open_cases
from engine.db import Database

pytest_plugins = ["chaos_fixtures"]


def _race(port: int, people: list[tuple[int, str]], task_ids: list[int], ledger: Ledger) -> None:
    """Everyone starts together and goes through all the steps in an order of their own."""
    start_line = threading.Barrier(len(people))

    def run(number: int, user_id: int, token: str) -> None:
        client = ApiClient(port, token, timeout=60)
        order = list(task_ids)
        random.Random(number).shuffle(order)
        start_line.wait()
        for task_id in order:
            send(client, ledger, "claim", task_id, user_id)
            send(client, ledger, "complete", task_id, user_id)
        client.close()

    threads = [threading.Thread(target=run, args=(n, uid, token)) for n, (uid, token) in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert not any(t.is_alive() for t in threads), "a racing client hung"


def test_fifty_clients_race_on_the_same_steps(
    chaos_url: str, chaos_sop: str, server: Gunicorn, people: list[tuple[int, str]], db: Database,
) -> None:
    assert len(people) == 50
    cases = open_cases(db, KEY, 6, data=START_DATA)
    current = {case.case_id: case.task_ids[0] for case in cases}
    ledger = Ledger()
    for step in range(1, STEPS + 1):
        round_start = len(ledger.answers)
        _race(server.port, people, list(current.values()), ledger)
        answers = ledger.answers[round_start:]
        assert {a.status for a in answers} <= {200, 409}, [a for a in answers if a.status not in (200, 409)][:5]
        completions: defaultdict[int, list[Answer]] = defaultdict(list)
        claims: defaultdict[int, set[int]] = defaultdict(set)
        for answer in (a for a in answers if a.status == 200):
            if answer.action == "complete":
                completions[answer.task_id].append(answer)
            else:
                claims[answer.task_id].add(answer.user_id)
        following = {}
        for case_id, task_id in current.items():
            winners = completions[task_id]
            assert len(winners) == 1, f"step {step} of case {case_id}: {len(winners)} successful completions"
            winner = winners[0]
            # A claim that succeeded belongs to whoever then completed the step, never to someone else.
            assert claims[task_id] <= {winner.user_id}, f"task {task_id}: claims {claims[task_id]}"
            if step < STEPS:
                assert len(winner.next_task_ids) == 1, f"task {task_id}: next steps {winner.next_task_ids}"
                following[case_id] = winner.next_task_ids[0]
            else:
                assert winner.next_task_ids == ()
        current = following

    assert check_acknowledged(db, ledger) == len(cases) * STEPS
    assert check_cases_consistent(db) == {"completed": len(cases)}
    assert check_overdue_once(db) == 0
