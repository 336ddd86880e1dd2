"""Who may open what: every page and API endpoint, as every role, in the case's own unit and outside it.

The case is a real NIB case of Lombok Barat's Bidang UMKM, started by `pelaksana`, its first step open in
the Pelaksana queue with a file attached. A route missing from these tables fails the coverage test, so a
new route must state its policy here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from engine.db import Database
from engine.models import Attachment, Case, Comment, Event, ProcessDefinition, Role, SurveyResponse, Task, User
from engine.services import get_process, inbox, start_case
from engine.services.attachments import add_attachment

from support import PASSWORD

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
NIB = "pelayanan_nib_oss"

#: The people tried, and the groups the policies name.
EVERYONE = ("pelaksana", "pelaksana2", "jafung", "kabid", "sekretaris", "kadis", "admin",
            "pelaksana_lain", "kabid_lain", "uji_pelaksana")
#: May see the case: its starter, the Pelaksana who may take its open step, its unit's supervisors.
CASE_VIEWERS = {"pelaksana", "pelaksana2", "kabid", "sekretaris", "kadis"}
SUPERVISORS = {"kabid", "sekretaris", "kadis", "kabid_lain"}
ADMINS = {"admin"}
ALL = set(EVERYONE)

#: endpoint → (URL template, who gets 200; everyone else gets 403 — or the status given third)
GET_POLICY: dict[str, tuple[str, set[str]] | tuple[str, set[str], int]] = {
    "tasks.home": ("/", ALL),  # each person's own home: office overview, board or their steps
    "tasks.inbox": ("/tasks", ALL),
    "tasks.task": ("/tasks/{task}", CASE_VIEWERS),
    "cases.index": ("/cases", ALL),
    "cases.case": ("/cases/{case}", CASE_VIEWERS),
    # The applicant's receipt (an NIB case is a public service): whoever may see the case.
    "receipts.receipt": ("/cases/{case}/receipt", CASE_VIEWERS),
    "receipts.receipt_pdf": ("/cases/{case}/receipt.pdf", CASE_VIEWERS),
    # The paper questionnaire's form (the public services are no secret); saving it is checked (POST below).
    "survey.paper": ("/survey/paper", ALL),
    "survey.report": (f"/reports/ikm?sop={NIB}", SUPERVISORS),  # over the units each supervises
    "survey.report_file": (f"/reports/ikm.xlsx?sop={NIB}", SUPERVISORS),
    "attachments.download": ("/attachments/{attachment}", CASE_VIEWERS),
    "processes.catalogue": ("/processes", ALL),
    "processes.process": (f"/processes/{NIB}", ALL),
    # The form is refused before anything is typed to whoever may not start the SOP (and checked again on submit).
    "processes.start": (f"/processes/{NIB}/start", {"pelaksana", "pelaksana2"}),
    "processes.sop": (f"/processes/{NIB}/sop", ALL),  # the SOP AP document: whoever sees the catalogue
    "processes.sop_pdf": (f"/processes/{NIB}/sop.pdf", ALL),
    "sop_import.versions": (f"/processes/{NIB}/versions", ALL),  # statuses and who approved are not secret
    "sop_import.export": (f"/processes/{NIB}/sop.xlsx", ALL),  # the SOP table, like the SOP AP document
    "sop_import.import_page": ("/admin/sop-import", ADMINS),
    "sop_import.template": ("/admin/sop-import/template.xlsx", ADMINS),
    "admin.users": ("/admin/users", ADMINS),
    "auth.account": ("/account", ALL),  # one's own account page
    "admin.processes": ("/admin/processes", ADMINS),
    "roles.index": ("/admin/roles", ADMINS),
    "calendar.index": ("/admin/calendar", ADMINS),
    "admin.letterhead": ("/admin/letterhead", ADMINS),
    "case_repair.attention": ("/admin/cases/attention", ADMINS),
    "case_repair.case": ("/admin/cases/{case}", ADMINS),
    "case_repair.migration": ("/admin/cases/migrate", ADMINS),
    "supervision.board": ("/supervision", SUPERVISORS),
    "notifications.index": ("/notifications", ALL),  # my own notices only
    "reports.index": ("/reports", SUPERVISORS, 302),  # staff are sent on to their own archive
    "reports.archive": ("/reports/cases", ALL),  # filtered to what each person may see
    "reports.history": ("/reports/cases/{case}", CASE_VIEWERS),
    "reports.history_file": ("/reports/cases/{case}.csv", CASE_VIEWERS),
    "reports.compliance": (f"/reports/compliance?sop={NIB}", SUPERVISORS),
    "reports.compliance_file": (f"/reports/compliance.csv?sop={NIB}&from=2026-01-01&to=2026-12-31",
                                SUPERVISORS),
    "reports.monitoring": ("/reports/monitoring", SUPERVISORS),
    "reports.monitoring_file": ("/reports/monitoring.csv", SUPERVISORS),
    # A register is its SOPs' units' own: not offered to the supervisor of a sibling division.
    "reports.register_page": ("/reports/registers/nib", SUPERVISORS - {"kabid_lain"}),
    "reports.register_file": ("/reports/registers/nib.csv", SUPERVISORS - {"kabid_lain"}),
    "api.me": ("/api/v1/me", ALL),
    "api.processes": ("/api/v1/processes", ALL),
    "api.process": (f"/api/v1/processes/{NIB}", ALL),
    "api.tasks": ("/api/v1/tasks?scope=queue", ALL),
    "api.task": ("/api/v1/tasks/{task}", CASE_VIEWERS),
    "api.case": ("/api/v1/cases/{case}", CASE_VIEWERS),
    "api.overdue": ("/api/v1/overdue", SUPERVISORS),
    "api.notifications": ("/api/v1/notifications", ALL),
    "api.compliance": (f"/api/v1/reports/compliance?process={NIB}&from=2026-01-01&to=2026-12-31", SUPERVISORS),
}

#: endpoint → (URL template, form or JSON body, people who must be refused with 403 and change nothing)
POST_POLICY: dict[str, tuple[str, dict[str, Any], tuple[str, ...]]] = {
    "tasks.claim": ("/tasks/{task}/claim", {}, ("jafung", "kabid_lain", "pelaksana_lain", "uji_pelaksana")),
    "tasks.unclaim": ("/tasks/{task}/unclaim", {}, ("pelaksana_lain", "uji_pelaksana")),
    "tasks.complete": ("/tasks/{task}/complete", {}, ("jafung", "pelaksana_lain", "admin")),
    "tasks.upload": ("/tasks/{task}/attachments", {}, ("jafung", "pelaksana_lain")),
    "tasks.reassign": ("/tasks/{task}/reassign", {"to_user": "{pelaksana2_id}"}, ("pelaksana", "kabid_lain")),
    "cases.cancel": ("/cases/{case}/cancel", {"reason": "bukan wewenang saya"}, ("jafung", "kabid_lain")),
    "cases.comment": ("/cases/{case}/comments", {"body": "komentar"}, ("jafung", "pelaksana_lain")),
    "attachments.remove": ("/attachments/{attachment}/remove", {}, ("pelaksana_lain", "kabid_lain")),
    "admin.create": ("/admin/users", {"username": "baru", "full_name": "Baru", "password": "rahasia-baru",
                                      "roles": "pelaksana", "unit": "dinkop-lobar"}, ("kadis", "pelaksana")),
    "admin.activate": ("/admin/users/{pelaksana2_id}/active", {"active": "0"}, ("kadis", "sekretaris")),
    "admin.access": ("/admin/users/{pelaksana2_id}/access", {"roles": "admin", "unit": "dinkop-lobar"},
                     ("kadis", "pelaksana")),
    # An administrator's route even for oneself: pelaksana2 may not set their own password here.
    "admin.password": ("/admin/users/{pelaksana2_id}/password", {"password": "kata-sandi-baru"},
                       ("kadis", "pelaksana2")),
    "admin.end_sessions": ("/admin/users/{pelaksana2_id}/sessions/end", {}, ("kadis", "sekretaris", "pelaksana2")),
    "admin.reload": ("/admin/processes/reload", {}, ("kadis", "pelaksana")),
    "admin.letterhead_logo": ("/admin/letterhead/logo", {}, ("kadis", "pelaksana")),
    "admin.letterhead_logo_remove": ("/admin/letterhead/logo/remove", {}, ("kadis", "pelaksana")),
    "roles.create": ("/admin/roles", {"code": "kepala_upt", "name": "Kepala UPT", "supervises": "1"},
                     ("kadis", "kabid", "pelaksana")),
    "roles.update": ("/admin/roles/pemohon", {"name": "Pelanggan", "external": "1", "recorded_by": "jafung"},
                     ("kadis", "sekretaris", "pelaksana")),
    # The Kadis approves (engine.access.may_approve_sop); the Kadis or an administrator discards a draft.
    "sop_import.approve": (f"/processes/{NIB}/versions/1/approve",
                           {"position": "Kepala Dinas", "name": "Nama Uji", "nip": "196508171990031012",
                            "approved_on": "2026-11-23", "confirm": "1"},
                           ("kabid", "sekretaris", "admin", "pelaksana")),
    "sop_import.upload": ("/admin/sop-import", {}, ("kadis", "kabid", "pelaksana")),
    "sop_import.save": ("/admin/sop-import/save", {"token": "0" * 32}, ("kadis", "sekretaris", "pelaksana")),
    "sop_import.choose_sheet": ("/admin/sop-import/sheet", {"token": "0" * 32, "sheet": "Prosedur"},
                                ("kadis", "kabid", "jafung")),
    "sop_import.discard": (f"/processes/{NIB}/versions/1/discard", {"confirm": "1"}, ("kabid", "sekretaris", "jafung")),
    "case_repair.move": ("/admin/cases/{case}/move", {"to_step": "login_oss", "reason": "uji pindah"},
                         ("kadis", "kabid", "pelaksana")),
    "case_repair.suspend": ("/admin/cases/{case}/suspend", {"reason": "uji tangguh"}, ("kadis", "kabid", "pelaksana")),
    "case_repair.resume": ("/admin/cases/{case}/resume", {"reason": "uji lanjut"}, ("kadis", "sekretaris")),
    "case_repair.migrate": ("/admin/cases/migrate", {"process": NIB, "version": "1", "reason": "uji migrasi"},
                            ("kadis", "kabid", "pelaksana")),
    "supervision.reassign": ("/supervision/tasks/{task}/reassign", {"to_user": "{pelaksana2_id}"},
                             ("pelaksana", "kabid_lain")),
    "calendar.add_day": ("/admin/calendar/days", {"day": "2026-12-01", "kind": "off", "description": "Libur"},
                         ("kadis", "pelaksana")),
    "calendar.remove_day": ("/admin/calendar/days/2026-12-25/remove", {}, ("kadis", "pelaksana")),
    "calendar.hours": ("/admin/calendar/hours", {"week-0-0-start": "08:00", "week-0-0-end": "16:00",
                                                 "ramadan_week-0-0-start": "08:00", "ramadan_week-0-0-end": "15:00"},
                       ("kadis", "pelaksana")),
    "calendar.ramadan": ("/admin/calendar/ramadan", {"ramadan_start": "2026-02-19", "ramadan_end": "2026-03-20"},
                         ("kadis", "sekretaris")),
    "api.claim": ("/api/v1/tasks/{task}/claim", {}, ("jafung", "pelaksana_lain")),
    "api.unclaim": ("/api/v1/tasks/{task}/unclaim", {}, ("pelaksana_lain",)),
    "api.complete": ("/api/v1/tasks/{task}/complete", {}, ("jafung", "pelaksana_lain")),
    "api.cancel": ("/api/v1/cases/{case}/cancel", {"reason": "bukan wewenang saya"}, ("jafung", "kabid_lain")),
    "api.create_case": ("/api/v1/cases", {"process": NIB, "data": {}}, ("jafung", "pelaksana_lain", "admin")),
    # Typed by those who serve the service or supervise its unit (engine.access.may_enter_paper_survey).
    "survey.paper": ("/survey/paper", {"process": NIB, **{f"u{n}": "3" for n in range(1, 10)}},
                     ("jafung", "pelaksana_lain", "uji_pelaksana", "admin")),
}

#: Pages of an administrator's own upload (a made-up token finds nothing for them): the others are refused first.
OWN_UPLOAD_PAGES = {"sop_import.next_sheet": (f"/admin/sop-import/sheet?token={'0' * 32}&sheet=Tabel+4", ADMINS)}

#: Open to anyone, or acting only on the caller's own things.
NOT_ROLE_BOUND = {"static", "auth.login", "auth.logout", "auth.set_language", "auth.change_password",
                  "api.create_token", "api.openapi_document", "api.notifications_read", "notifications.read",
                  "notifications.read_all",
                  # The public's pages: the reference and tracking code are the key, the same answer to a wrong one
                  # as to an unknown case (tests/web/test_applicant_side.py), and the Standar Pelayanan.
                  "public.status", "public.survey", "public.standards", "public.standard", "api.public_case"}


@dataclass
class Scene:
    ids: dict[str, int]

    def url(self, template: str) -> str:
        return template.format(**self.ids)


@pytest.fixture
def scene(app: Any, db: Database, staff: dict[str, int]) -> Scene:
    process = get_process(db, NIB)
    data = {name: field["examples"][0] for name, field in (process.start_form or {})["properties"].items()}
    case = start_case(db, staff["pelaksana"], NIB, data)
    task = next(r.id for r in inbox(db, staff["pelaksana"], "queue").rows if r.case_id == case.id)
    attachment = add_attachment(db, staff["pelaksana"], task, "ktp.png", PNG,
                                upload_dir=Path(app.config["UPLOAD_DIR"]))
    return Scene({"case": case.id, "task": task, "attachment": attachment.id,
                  "pelaksana2_id": staff["pelaksana2"]})


class Visitor:
    """One signed-in person: a browser session for pages, a bearer token for the API."""

    def __init__(self, app: Any, username: str) -> None:
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = "192.0.2.77"
        page = self.client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        response = self.client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, f"{username} could not sign in"
        api = self.client.post("/api/v1/token", json={"username": username, "password": PASSWORD})
        self.token = api.get_json()["token"]

    def csrf(self) -> str:
        page = self.client.get("/").get_data(as_text=True)
        return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

    def get(self, url: str) -> int:
        headers = {"Authorization": f"Bearer {self.token}"} if url.startswith("/api/") else {}
        return self.client.get(url, headers=headers).status_code

    def post(self, url: str, body: dict[str, Any]) -> int:
        if url.startswith("/api/"):
            return self.client.post(url, json=body, headers={"Authorization": f"Bearer {self.token}"}).status_code
        return self.client.post(url, data={**body, "csrf_token": self.csrf()}).status_code


@pytest.fixture
def visitors(app: Any, scene: Scene, db: Database) -> dict[str, Visitor]:
    yield {name: Visitor(app, name) for name in EVERYONE}
    from engine.models import LoginAttempt

    with db.transaction() as session:
        session.execute(LoginAttempt.__table__.delete().where(LoginAttempt.source == "192.0.2.77"))


def test_every_route_has_a_stated_policy(app: Any) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    stated = set(GET_POLICY) | set(POST_POLICY) | set(OWN_UPLOAD_PAGES) | NOT_ROLE_BOUND
    assert endpoints - stated == set(), "new routes: add them to the authorization matrix"
    assert stated - endpoints == set(), "the matrix names routes that no longer exist"


def test_who_may_open_each_page_and_endpoint(scene: Scene, visitors: dict[str, Visitor]) -> None:
    wrong = []
    for endpoint, (template, allowed, *otherwise) in GET_POLICY.items():
        for name, visitor in visitors.items():
            status = visitor.get(scene.url(template))
            expected = 200 if name in allowed else (otherwise[0] if otherwise else 403)
            if status != expected:
                wrong.append(f"{endpoint} as {name}: {status}, expected {expected}")
    assert not wrong, "\n".join(wrong)


def test_an_upload_is_its_administrators_and_the_others_are_refused_before_it_is_looked_for(
        scene: Scene, visitors: dict[str, Visitor]) -> None:
    for _endpoint, (url, allowed) in OWN_UPLOAD_PAGES.items():
        assert {name: visitor.get(url) for name, visitor in visitors.items()} == {
            name: 404 if name in allowed else 403 for name in visitors}


def _snapshot(db: Database) -> tuple[Any, ...]:
    with db.transaction(write=False) as session:
        return tuple(session.scalar(select(func.count()).select_from(model)) for model in
                     (Event, Comment, Attachment, Case, User, SurveyResponse)) + tuple(session.execute(
            select(Task.id, Task.status, Task.assignee_id)).all()) + tuple(session.execute(
                select(User.id, User.active, User.password_hash)).all()) + tuple(session.execute(
                    select(Attachment.id, Attachment.removed_at)).all()) + tuple(session.execute(
                        select(Role.code, Role.name, Role.is_supervisor, Role.is_external, Role.recorded_by_code)
                        .order_by(Role.code)).all()) + tuple(session.execute(
                            select(ProcessDefinition.id, ProcessDefinition.status, ProcessDefinition.is_latest)
                            .order_by(ProcessDefinition.id)).all())


def test_actions_outside_my_role_or_unit_are_refused_and_change_nothing(
    scene: Scene, visitors: dict[str, Visitor], db: Database
) -> None:
    wrong = []
    for endpoint, (template, body, refused) in POST_POLICY.items():
        for name in refused:
            before = _snapshot(db)
            filled = {k: scene.url(v) if isinstance(v, str) else v for k, v in body.items()}
            status = visitors[name].post(scene.url(template), filled)
            if status != 403:
                wrong.append(f"{endpoint} as {name}: {status}, expected 403")
            if _snapshot(db) != before:
                wrong.append(f"{endpoint} as {name}: something changed")
    assert not wrong, "\n".join(wrong)
