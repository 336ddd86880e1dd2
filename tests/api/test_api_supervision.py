"""GET /overdue for supervisors, and the notices the scheduler leaves for people."""

from __future__ import annotations

from datetime import timedelta

from engine.db import Database
from engine.scheduler import SchedulerPolicy, run_pass
from engine.timekeeping.clock import FixedClock

from api_support import Api

pytest_plugins = ["api_fixtures"]


def test_the_overdue_board_shows_late_steps_of_my_units(api: Api, api_sop: str, db: Database,
                                                        clock: FixedClock) -> None:
    case = api.start()
    task_id = api.only_queue_task("uji_pelaksana")
    api.post(f"/tasks/{task_id}/claim", user="uji_pelaksana")
    assert api.get("/overdue", user="uji_kabid").get_json()["totals"] == {"overdue": 0, "due_soon": 0}
    clock.advance(minutes=25)  # past three quarters of its 30 minutes
    assert api.get("/overdue", user="uji_kabid").get_json()["totals"] == {"overdue": 0, "due_soon": 1}
    clock.advance(hours=2)  # 11:25 WITA: due 09:30, so late by 115 working minutes
    board = api.get("/overdue", user="uji_kabid").get_json()
    assert board["totals"] == {"overdue": 1, "due_soon": 0}
    [late] = board["items"]
    assert (late["case_id"], late["task_id"], late["late_working_minutes"]) == (case["id"], task_id, 115)
    assert late["assignee"] == "Uji Pelaksana"
    assert board["by_person"] == [{"key": str(late["assignee_id"]), "label": "Uji Pelaksana", "overdue": 1,
                                   "due_soon": 0}]
    assert api.get("/overdue", user="uji_pelaksana").status_code == 403
    assert api.get("/overdue", user="kabid_lain").get_json()["items"] == []


def test_notices_are_listed_and_marked_read(api: Api, api_sop: str, db: Database, clock: FixedClock) -> None:
    api.start()
    api.post(f"/tasks/{api.only_queue_task('uji_pelaksana')}/claim", user="uji_pelaksana")
    run_pass(db, clock.now() + timedelta(minutes=31), policy=SchedulerPolicy(send_email=False))
    listed = api.get("/notifications", user="uji_pelaksana").get_json()
    assert listed["unread"] == 1 and listed["items"][0]["kind"] == "overdue"
    assert api.get("/notifications", user="uji_kabid").get_json() == {"unread": 0, "items": []}
    refused = api.post("/notifications/read", user="uji_pelaksana", json={"ids": ["satu"]})
    assert refused.status_code == 422 and "ids" in refused.get_json()["field_errors"]
    assert api.post("/notifications/read", user="uji_kabid", json={"ids": [listed["items"][0]["id"]]}) \
        .get_json() == {"marked": 0}
    assert api.post("/notifications/read", user="uji_pelaksana").get_json() == {"marked": 1}
    assert api.get("/notifications?unread=true", user="uji_pelaksana").get_json() == {"unread": 0, "items": []}
