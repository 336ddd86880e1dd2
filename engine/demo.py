"""Demo data for `alur demo`: a user for every role and a day of cases in different states.

The cases are played along a simulated clock that starts the previous working morning, so step times,
late steps and the history look like a real office day. Running it again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from engine.db import Database
from engine.errors import NotFound
from engine.models import Case, ProcessDefinition, Task, TaskStatus, Unit
from engine.services import (
    cancel_case,
    claim_task,
    complete_task,
    create_user,
    find_user,
    get_process,
    get_task,
    start_case,
    sync_processes,
)
from engine.services.common import load_actor
from engine.services.office_calendar import office_calendar
from engine.timekeeping.clock import FixedClock
from engine.timekeeping.working_time import OfficeCalendar

DEMO_PASSWORD = "demo-alur"  # noqa: S105 - public demo accounts, documented in the README

#: username → (full name, roles, unit code)
DEMO_USERS: dict[str, tuple[str, list[str], str]] = {
    "admin": ("Administrator Alur", ["admin"], "dinkop-lobar"),
    "kadis": ("H. Maad Adnan (Kadis)", ["kadis"], "dinkop-lobar"),
    "sekretaris": ("Hj. Rauhun (Sekretaris)", ["sekretaris"], "dinkop-lobar"),
    "kabid": ("Lalu Wirajaya (Kepala Bidang)", ["kepala_bidang"], "dinkop-lobar.bidang-umkm"),
    "pelaksana": ("Baiq Nurhidayah (Pelaksana)", ["pelaksana"], "dinkop-lobar.bidang-umkm"),
    "pelaksana2": ("Muhammad Rizal (Pelaksana)", ["pelaksana"], "dinkop-lobar.bidang-umkm"),
    "jafung": ("Ni Made Sukerti (Jafung)", ["jafung"], "dinkop-lobar.bidang-umkm"),
    "kadis.ntb": ("Kepala Dinas Koperasi UMKM NTB", ["kadis"], "dinkop-ntb"),
    "kabid.ntb": ("Kepala Bidang Penyuluhan", ["kepala_bidang"], "dinkop-ntb.bidang-penyuluhan"),
    "kasi.ntb": ("Kepala Seksi Penyuluhan UMKM", ["kepala_seksi"], "dinkop-ntb.seksi-penyuluhan-umkm"),
    "pelaksana.ntb": ("Pelaksana Seksi Penyuluhan UMKM", ["pelaksana"], "dinkop-ntb.seksi-penyuluhan-umkm"),
    "jafung.ntb": ("Penyuluh (Jafung) Seksi Penyuluhan UMKM", ["jafung"], "dinkop-ntb.seksi-penyuluhan-umkm"),
}

NIB = "pelayanan_nib_oss"
PELATIHAN = "pelatihan_pelaku_umk"


@dataclass
class DemoCase:
    """One scripted case: who starts it, its start data, how many steps to play, and how long each takes."""

    process: str
    starter: str
    data: dict[str, Any]
    steps: int | None = None  # None: to the end
    minutes_per_step: int = 20
    choices: dict[str, Any] | None = None
    cancel_reason: str | None = None
    claim_next_by: str | None = None


def _nib_applicant(name: str, nik: str, business: str) -> dict[str, Any]:
    mailbox = "".join(ch for ch in name.lower() if ch.isalnum())
    return {"nama_pemohon": name, "nik": nik, "email": f"{mailbox}@contoh.id",
            "npwp": nik, "nama_usaha": business, "alamat_usaha": "Desa Gerung Utara, Kec. Gerung, Lombok Barat"}


def demo_cases() -> list[DemoCase]:
    return [
        DemoCase(NIB, "pelaksana", _nib_applicant("Baiq Nurul Aini", "5201014107900001", "Jajanan Nurul"),
                 steps=None, minutes_per_step=15),
        DemoCase(NIB, "pelaksana", _nib_applicant("Lalu Ahmad Fauzi", "5201011203850002", "Bengkel Fauzi"),
                 steps=None, minutes_per_step=45),  # finished, some steps late
        DemoCase(NIB, "pelaksana2", _nib_applicant("Siti Aminah", "5201014508920003", "Tenun Aminah"),
                 steps=None, choices={"persyaratan_lengkap": False}),
        DemoCase(NIB, "pelaksana", _nib_applicant("Made Suarta", "5201010101800004", "Kopi Suarta"),
                 steps=2, claim_next_by="pelaksana"),
        DemoCase(NIB, "pelaksana2", _nib_applicant("Hj. Rukiah", "5201015002750005", "Warung Rukiah"), steps=0),
        DemoCase(NIB, "pelaksana", _nib_applicant("Zainul Majdi", "5201010707880006", "Mebel Zainul"), steps=1,
                 cancel_reason="Pemohon mengundurkan diri dan akan mendaftar melalui OSS secara mandiri."),
        DemoCase(PELATIHAN, "kabid", {}, steps=2, minutes_per_step=60),
    ]


def load_demo(db: Database, processes_dir: Path) -> list[str]:
    """Create the demo users and cases once; report what was done."""
    report: list[str] = []
    with db.transaction(write=False) as session:
        has_processes = session.scalar(select(func.count()).select_from(ProcessDefinition)) or 0
    if not has_processes:
        sync_processes(db, processes_dir)
        report.append("Definisi proses dimuat dari " + str(processes_dir))
    report.extend(_ensure_users(db))
    with db.transaction(write=False) as session:
        existing_cases = session.scalar(select(func.count()).select_from(Case)) or 0
    if existing_cases:
        report.append(f"Kasus demo tidak dibuat: sudah ada {existing_cases} kasus.")
    else:
        report.extend(_play_cases(db))
    report.append(f"Semua pengguna demo memakai kata sandi: {DEMO_PASSWORD}")
    return report


def _ensure_users(db: Database) -> list[str]:
    report = []
    with db.transaction(write=False) as session:
        units = set(session.scalars(select(Unit.code)))
    for username, (full_name, roles, unit) in DEMO_USERS.items():
        if unit not in units:
            report.append(f"Lewati {username}: unit {unit} belum ada (SOP-nya belum dimuat).")
            continue
        try:
            find_user(db, username)
        except NotFound:
            create_user(db, username=username, full_name=full_name, password=DEMO_PASSWORD, roles=roles,
                        unit_code=unit, email=f"{username}@dinkop.contoh.go.id")
            report.append(f"Pengguna demo {username} ({', '.join(roles)}) dibuat.")
    return report


def _play_cases(db: Database) -> list[str]:
    real_now = db.clock.now()
    with db.transaction(write=False) as session:
        calendar = office_calendar(session, db.timezone, real_now)
    morning = _previous_working_morning(real_now, calendar)
    clock = FixedClock(morning)
    played = Database(db.url, clock=clock, timezone=db.timezone)  # the same database on simulated time
    report = []
    try:
        for number, script in enumerate(demo_cases()):
            clock.set(min(morning + timedelta(minutes=25 * number), real_now))
            try:
                report.append(_play(played, script, clock, lambda t: min(t, real_now)))
            except NotFound as missing:
                report.append(f"Lewati kasus {script.process}: {missing.message}")
    finally:
        played.dispose()
    return report


def _previous_working_morning(now: datetime, calendar: OfficeCalendar) -> datetime:
    zone = ZoneInfo(calendar.timezone)
    day = now.astimezone(zone).date() - timedelta(days=1)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    first = calendar.periods_on(day)[0].start
    return datetime.combine(day, first, tzinfo=zone).astimezone(now.tzinfo)


def _play(db: Database, script: DemoCase, clock: FixedClock, cap: Callable[[datetime], datetime]) -> str:
    user = {name: find_user(db, name).id for name in DEMO_USERS if _exists(db, name)}
    process = get_process(db, script.process)
    data = {**_examples(process.start_form), **script.data}
    data = {k: v for k, v in data.items() if k in (process.start_form or {}).get("properties", {})}
    case = start_case(db, user[script.starter], script.process, data)
    played = 0
    while script.steps is None or played < script.steps:
        task_id, worker = _next_task(db, case.id, user)
        if task_id is None:
            break
        clock.set(cap(clock.now() + timedelta(minutes=script.minutes_per_step)))
        detail = get_task(db, worker, task_id)
        form = {**_examples(detail.step.form), **_realistic(detail.step.form, case.id, clock.now(), db.timezone),
                **{k: v for k, v in (script.choices or {}).items()
                   if k in (detail.step.form or {}).get("properties", {})}}
        complete_task(db, worker, task_id, form)
        played += 1
    if script.claim_next_by:
        task_id, _ = _next_task(db, case.id, user)
        if task_id is not None:
            claim_task(db, user[script.claim_next_by], task_id)
    if script.cancel_reason:
        clock.set(cap(clock.now() + timedelta(minutes=10)))
        cancel_case(db, user["kabid"], case.id, script.cancel_reason)
        return f"Kasus {case.reference} ({process.name}) dibatalkan."
    return f"Kasus {case.reference} ({process.name}): {played} langkah dijalankan."


def _exists(db: Database, username: str) -> bool:
    try:
        find_user(db, username)
        return True
    except NotFound:
        return False


def _next_task(db: Database, case_id: int, user: dict[str, int]) -> tuple[int | None, int]:
    with db.transaction(write=False) as session:
        task = session.scalar(select(Task).where(Task.case_id == case_id, Task.status == TaskStatus.OPEN)
                              .order_by(Task.id))
        if task is None:
            return None, 0
        role, unit_id = task.role_code, task.unit_id
    for name, (_full, roles, _unit) in DEMO_USERS.items():
        if role in roles and name in user:
            with db.transaction(write=False) as session:
                actor = load_actor(session, user[name])
            if unit_id in actor.reachable_unit_ids:
                return task.id, user[name]
    return None, 0


def _examples(schema: dict[str, Any] | None) -> dict[str, Any]:
    return {name: field["examples"][0] for name, field in (schema or {}).get("properties", {}).items()
            if field.get("examples")}


def _realistic(schema: dict[str, Any] | None, case_id: int, now: datetime, timezone: str) -> dict[str, Any]:
    """Dates are the simulated day and each case gets its own NIB, so registers read like a real office's."""
    values: dict[str, Any] = {}
    for name, field in (schema or {}).get("properties", {}).items():
        if field.get("format") == "date":
            values[name] = now.astimezone(ZoneInfo(timezone)).date().isoformat()
        elif field.get("format") == "nib":
            values[name] = f"91{case_id:011d}"
    return values
