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


def test_the_board_is_filtered_as_on_its_page(api: Api, api_sop: str, clock: FixedClock) -> None:
    """The board page's counts each list their steps (status, escalated, unassigned, sop, step, role, person); the
    API's board could not be narrowed at all."""
    api.start(name="Satu")
    api.start(name="Dua")
    first, _second = sorted(int(i["id"]) for i in api.get("/tasks?scope=queue", user="uji_pelaksana")
                            .get_json()["items"])
    api.post(f"/tasks/{first}/claim", user="uji_pelaksana")
    clock.advance(hours=2)
    whole = api.get("/overdue", user="uji_kabid").get_json()
    assert whole["totals"]["overdue"] == 2 and len(whole["items"]) == 2
    held = api.get(f"/overdue?person={whole['items'][0]['assignee_id'] or whole['items'][1]['assignee_id']}",
                   user="uji_kabid").get_json()
    assert [i["task_id"] for i in held["items"]] == [first]
    assert held["totals"] == whole["totals"]  # the counts stay the whole board's, as on the page
    unclaimed = api.get("/overdue?unassigned=true&status=overdue", user="uji_kabid").get_json()
    assert [i["task_id"] for i in unclaimed["items"]] == [_second]
    assert api.get(f"/overdue?sop={api_sop}&unassigned=false", user="uji_kabid").get_json()["items"] == \
        whole["items"]
    assert api.get("/overdue?sop=lain", user="uji_kabid").get_json()["items"] == []


def test_a_wrong_board_filter_is_refused_naming_each_parameter(api: Api, api_sop: str) -> None:
    refused = api.get("/overdue?status=late&escalated=maybe&person=x&sort=due", user="uji_kabid")
    assert refused.status_code == 422
    assert set(refused.get_json()["field_errors"]) == {"status", "escalated", "person", "sort"}
    english = api.get("/overdue?status=late", user="uji_kabid", headers={"Accept-Language": "en"})
    assert "overdue" in english.get_json()["field_errors"]["status"]
