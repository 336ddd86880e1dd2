"""The ``alur`` root command and its database, processes, users, roles, calendar and demo groups.

The web app adds ``alur serve`` (see ``webapp.cli``); every command here calls engine services only.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import click
from sqlalchemy.exc import DBAPIError

from engine.cli.cases import cases
from engine.cli.common import admin_id, existing_database, fail, fail_with_problems, open_database
from engine.cli.sop import sop
from engine.config import load_settings
from engine.db import Database
from engine.definitions.loader import ProcessLoadFailed
from engine.errors import AlurError


def _missing_table(error: DBAPIError) -> bool:
    """SQLite's "no such table" or PostgreSQL's undefined_table: the schema was never migrated."""
    return "no such table" in str(error.orig) or getattr(error.orig, "sqlstate", None) == "42P01"


class AlurCommands(click.Group):
    """Says what to do when a command meets a database ``alur db upgrade`` never ran on, instead of a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except DBAPIError as error:
            if not _missing_table(error):
                raise
            click.echo("Gagal: basis data belum disiapkan (tabelnya belum ada). Jalankan dulu: alur db upgrade",
                       err=True)
            ctx.exit(1)


@click.group(cls=AlurCommands, help="Alur: SOP AP sebagai proses BPMN yang berjalan.")
def cli() -> None:
    pass


@cli.group(help="Basis data.")
def db() -> None:
    pass


@db.command("upgrade", help="Menjalankan migrasi skema sampai versi terbaru.")
def db_upgrade() -> None:
    from engine.migrate import upgrade

    database = open_database()
    upgrade(database.engine)
    click.echo(f"Basis data mutakhir ({database.engine.url.render_as_string(hide_password=True)}).")


@cli.group(help="Definisi proses (SOP).")
def processes() -> None:
    pass


@processes.command("sync", help="Memuat atau memperbarui definisi dari folder processes/ (atau PATH). Versi baru "
                                  "langsung berlaku, kecuali dengan --draft.")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--draft", is_flag=True, help="Daftarkan versi baru sebagai draf: berlaku setelah disahkan Kepala Dinas "
                                            "dan mencapai tanggal efektifnya.")
def processes_sync(path: Path | None, draft: bool) -> None:
    from engine.services import sync_processes

    root = path or load_settings().processes_dir
    try:
        results = sync_processes(open_database(), root, as_draft=draft)
    except ProcessLoadFailed as failed:
        fail_with_problems(f"{len(failed.problems)} masalah; tidak ada definisi yang didaftarkan.",
                           [problem.message for problem in failed.problems])
    except AlurError as error:
        fail(error)
    for result in results:
        state = "versi baru" if result.changed else "tidak berubah"
        if result.status == "draft":
            state += ", draf menunggu pengesahan"
        click.echo(f"{result.key}: v{result.version} ({state})")


@processes.command("check", help="Memeriksa folder processes/ (atau PATH) seperti sync, termasuk uji jalan setiap "
                                   "cabang di memori, tanpa mendaftarkan apa pun.")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--no-db", is_flag=True, help="Jangan membaca peran dari basis data (lane dan peran pemula tidak "
                                            "diperiksa).")
def processes_check(path: Path | None, no_db: bool) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from engine.services.definitions import check_processes

    root = path or load_settings().processes_dir
    database = None if no_db else existing_database()
    unread = "Catatan: basis data tidak dapat dibaca; lane dan peran pemula tidak diperiksa."
    if database is None and not no_db:
        click.echo(unread, err=True)
    try:
        try:
            bundles = check_processes(database, root)
        except SQLAlchemyError:
            click.echo(unread, err=True)
            bundles = check_processes(None, root)
    except ProcessLoadFailed as failed:
        fail_with_problems(f"{len(failed.problems)} masalah.",
                           [problem.message for problem in failed.problems])
    except AlurError as error:
        fail(error)
    for bundle in bundles:
        run = bundle.dry_run
        if run is None:
            continue
        note = " (penjelajahan dihentikan pada batas)" if run.stopped_early else ""
        click.echo(f"{bundle.key}: {run.paths} jalur diuji, {run.completed} selesai, {run.branches} perpindahan "
                   f"antarelemen; akhir: {'; '.join(run.outcomes)}{note}")
    click.echo(f"Semua {len(bundles)} proses lolos pemeriksaan.")


@processes.command("versions", help="Semua versi satu SOP: draf, disahkan, berlaku, diarsipkan.")
@click.argument("key")
@click.option("--as", "as_user", default="admin", show_default=True, help="Pengguna yang membaca.")
def processes_versions(key: str, as_user: str) -> None:
    from engine.labels import version_status_label
    from engine.services.process_versions import list_versions

    try:
        listing = list_versions(open_database(), admin_id(as_user), key)
    except AlurError as error:
        fail(error)
    for info in listing.versions:
        approval = (f"; disahkan {info.approval.approved_on:%d-%m-%Y} oleh {info.approval.name} "
                    f"(NIP {info.approval.nip})" if info.approval else "")
        effective = f"; berlaku {info.effective_on:%d-%m-%Y}" if info.effective_on else ""
        click.echo(f"v{info.version}  {version_status_label(info.status)}  didaftarkan "
                   f"{info.created_at:%d-%m-%Y}{effective}{approval}")


@processes.command("approve", help="Mengesahkan draf satu versi SOP (sebagai Kepala Dinas).")
@click.argument("key")
@click.argument("version", type=int)
@click.option("--as", "as_user", required=True, help="Pengguna Kepala Dinas yang mengesahkan.")
@click.option("--position", "position", required=True, help="Jabatan, seperti tertulis pada 'Disahkan oleh'.")
@click.option("--name", "name", required=True, help="Nama dengan gelar.")
@click.option("--nip", required=True, help="NIP (18 angka).")
@click.option("--date", "approved_on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Tanggal pengesahan (bawaan: hari ini).")
def processes_approve(key: str, version: int, as_user: str, position: str, name: str, nip: str,
                      approved_on) -> None:  # type: ignore[no-untyped-def]
    from engine.services.process_versions import approve_version, office_today

    database = open_database()
    day = approved_on.date() if approved_on else office_today(database.clock.now(), database.timezone)
    try:
        info = approve_version(database, admin_id(as_user), key, version, position=position, name=name, nip=nip,
                               approved_on=day)
    except AlurError as error:
        fail(error)
    state = "sudah berlaku" if info.status == "effective" else f"berlaku mulai {info.effective_on:%d-%m-%Y}"
    click.echo(f"{key} v{version} disahkan; {state}.")


@processes.command("list", help="Daftar proses yang terdaftar.")
def processes_list() -> None:
    from engine.services import list_processes

    for info in list_processes(open_database()):
        click.echo(f"{info.key} v{info.version}  {info.name}  [{info.unit_code}]  {len(info.steps)} langkah")


@cli.group(help="Pengguna.")
def user() -> None:
    pass


@user.command("create", help="Membuat pengguna. Kata sandi dibaca dari masukan standar.")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, help="Kode atau nama peran; boleh berulang.")
@click.option("--unit", "unit_code", required=True, help="Kode unit (mis. dinkop-lobar).")
@click.option("--full-name", default=None, help="Nama lengkap (bawaan: nama pengguna).")
@click.option("--email", default=None)
def user_create(username: str, roles: tuple[str, ...], unit_code: str, full_name: str | None,
                email: str | None) -> None:
    from engine.services import create_user

    stream = click.get_text_stream("stdin")
    password = stream.readline().rstrip("\r\n")
    try:
        info = create_user(open_database(), username=username, full_name=full_name or username, password=password,
                           roles=list(roles), unit_code=unit_code, email=email)
    except AlurError as error:
        fail(error)
    click.echo(f"Pengguna {info.username} dibuat ({', '.join(info.roles)}; {info.unit_name}).")


@cli.group(help="Peran: peran pegawai dan pihak luar (Pemohon, Sistem OSS) yang langkahnya dicatat pegawai.")
def role() -> None:
    pass


def _role_line(info) -> str:  # type: ignore[no-untyped-def]
    if info.is_external:
        kind = f"pihak luar, dicatat oleh {info.recorded_by_name or info.recorded_by_code}"
    elif info.is_admin:
        kind = "administrator"
    elif info.is_supervisor:
        rank = f", eskalasi ke-{info.escalation_rank}" if info.escalation_rank else ""
        kind = f"atasan{rank}"
    else:
        kind = "pegawai"
    return f"{info.code}  {info.name}  [{kind}]  {info.user_count} pengguna"


@role.command("list", help="Daftar peran.")
def role_list() -> None:
    from engine.services.roles import list_roles

    for info in list_roles(open_database(), None):
        click.echo(_role_line(info))


@role.command("create", help="Menambah peran, mis. alur role create pemohon_izin --name \"Pemohon Izin\" --external "
                             "--recorded-by pelaksana.")
@click.argument("code")
@click.option("--name", required=True, help="Nama peran seperti ditulis pada lane dan SOP AP.")
@click.option("--supervises", is_flag=True, help="Peran atasan: mengawasi unitnya dan unit di bawahnya.")
@click.option("--escalation-rank", type=int, default=None,
              help="Urutan eskalasi keterlambatan untuk peran atasan (1 lebih dulu).")
@click.option("--external", is_flag=True, help="Pihak luar (Pemohon, Sistem OSS): langkahnya dicatat peran lain.")
@click.option("--recorded-by", default=None, help="Kode atau nama peran pegawai yang mencatat langkah pihak luar.")
def role_create(code: str, name: str, supervises: bool, escalation_rank: int | None, external: bool,
                recorded_by: str | None) -> None:
    from engine.services.roles import create_role

    try:
        info = create_role(open_database(), None, code=code, name=name, supervises=supervises, external=external,
                           recorded_by=recorded_by, escalation_rank=escalation_rank)
    except AlurError as error:
        fail(error)
    click.echo(f"Peran dibuat: {_role_line(info)}")


@role.command("update", help="Mengubah peran; opsi yang tidak disebut tetap.")
@click.argument("code")
@click.option("--name", default=None)
@click.option("--supervises/--no-supervises", default=None)
@click.option("--escalation-rank", type=int, default=None, help="0 menghapus urutan eskalasi.")
@click.option("--external/--internal", default=None)
@click.option("--recorded-by", default=None)
def role_update(code: str, name: str | None, supervises: bool | None, escalation_rank: int | None,
                external: bool | None, recorded_by: str | None) -> None:
    from engine.services.roles import update_role

    try:
        info = update_role(open_database(), None, code, name=name, supervises=supervises, external=external,
                           recorded_by=recorded_by, escalation_rank=escalation_rank)
    except AlurError as error:
        fail(error)
    click.echo(f"Peran disimpan: {_role_line(info)}")


@cli.command("demo", help="Membuat pengguna demo untuk setiap peran dan beberapa kasus contoh.")
def demo() -> None:
    from engine.demo import load_demo

    try:
        report = load_demo(open_database(), load_settings().processes_dir)
    except AlurError as error:
        fail(error)
    for line in report:
        click.echo(line)


def main() -> None:
    cli()


@cli.command("scheduler", help="Penjadwal: menandai keterlambatan, pengingat, eskalasi, SOP rutin, email.")
@click.option("--once", is_flag=True, help="Satu putaran lalu selesai (untuk mengejar ketertinggalan/uji).")
@click.option("--now", "now_text", default=None, help="Waktu putaran (ISO 8601 dengan zona), hanya dengan --once.")
@click.option("--interval", default=60, show_default=True, type=int, help="Detik antar putaran.")
def scheduler(once: bool, now_text: str | None, interval: int) -> None:
    import logging
    import os
    from datetime import datetime

    from engine.mailer import mailer_from_environment
    from engine.scheduler import run_pass

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    database = open_database()
    mailer = mailer_from_environment(os.environ)
    public_url = load_settings().public_url
    if now_text and not once:
        raise click.UsageError("--now hanya dapat dipakai bersama --once")
    if once:
        now = datetime.fromisoformat(now_text) if now_text else database.clock.now()
        if now.tzinfo is None:
            raise click.UsageError("--now harus menyertakan zona waktu, mis. 2026-11-23T09:00:00+08:00")
        report = run_pass(database, now, mailer=mailer, public_url=public_url)
        click.echo(" ".join(f"{k}={v}" for k, v in report.as_dict().items()))
        for error in report.errors:
            click.echo(f"  kesalahan: {error}", err=True)
        return
    from apscheduler.schedulers.blocking import BlockingScheduler

    runner = BlockingScheduler(timezone="UTC")
    add_scheduler_job(runner, database, mailer, interval, public_url)
    click.echo(f"Penjadwal Alur berjalan setiap {interval} detik (Ctrl+C untuk berhenti).")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        runner.start()


def add_scheduler_job(runner, database: Database, mailer, interval: int,  # type: ignore[no-untyped-def]
                      public_url: str | None = None) -> None:
    """One pass every ``interval`` seconds; never two at once in this process (the database keeps
    several processes from doubling anything). ``public_url``: ``ALUR_PUBLIC_URL``, for the applicants' links."""
    from engine.scheduler import run_pass

    runner.add_job(lambda: run_pass(database, database.clock.now(), mailer=mailer, public_url=public_url),
                   "interval", seconds=interval,
                   max_instances=1, coalesce=True, id="alur-pass", next_run_time=database.clock.now())


@cli.group(help="Kalender kantor: hari libur kantor, koreksi hari kerja, jam kerja.")
def calendar() -> None:
    pass


@calendar.command("list", help="Hari libur nasional dan kantor, jam kerja dan Ramadan untuk satu tahun.")
@click.option("--year", type=int, default=None)
@click.option("--as", "as_user", default="admin", show_default=True, help="Pengguna administrator.")
def calendar_list(year: int | None, as_user: str) -> None:
    from engine.services.office_calendar import WEEKDAYS, calendar_overview

    database = open_database()
    try:
        overview = calendar_overview(database, admin_id(as_user), year or database.clock.now().year)
    except AlurError as error:
        fail(error)
    click.echo(f"Jam kerja ({overview.week_hours:g} jam/minggu):")
    for day, periods in overview.working_week.items():
        click.echo(f"  {WEEKDAYS[int(day)]}: {', '.join(a + '-' + b for a, b in periods) or 'libur'}")
    note = " (perkiraan)" if overview.ramadan_estimated else ""
    for start, end in overview.ramadan_periods:
        click.echo(f"Ramadan{note}: {start} s.d. {end} ({overview.ramadan_week_hours:g} jam/minggu)")
    for day in overview.days:
        click.echo(f"{day.day}  [{day.source}]  {day.description}")


@calendar.command("set-day", help="Menetapkan hari libur kantor (atau --working: hari kerja pengganti).")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.argument("description")
@click.option("--working", is_flag=True, help="Hari kerja (koreksi atas libur/akhir pekan).")
@click.option("--as", "as_user", default="admin", show_default=True)
def calendar_set_day(day, description: str, working: bool, as_user: str) -> None:  # type: ignore[no-untyped-def]
    from engine.services.office_calendar import set_office_day

    try:
        set_office_day(open_database(), admin_id(as_user), day.date(), is_working=working, description=description)
    except AlurError as error:
        fail(error)
    click.echo(f"{day.date()}: {'hari kerja' if working else 'libur kantor'} — {description}")


@calendar.command("remove-day", help="Menghapus hari kantor yang pernah ditetapkan.")
@click.argument("day", type=click.DateTime(formats=["%Y-%m-%d"]))
@click.option("--as", "as_user", default="admin", show_default=True)
def calendar_remove_day(day, as_user: str) -> None:  # type: ignore[no-untyped-def]
    from engine.services.office_calendar import remove_office_day

    try:
        remove_office_day(open_database(), admin_id(as_user), day.date())
    except AlurError as error:
        fail(error)
    click.echo(f"{day.date()} dihapus dari kalender kantor.")


@calendar.command("set-hours", help='Jam kerja, mis. "Senin-Kamis 07.30-12.00,13.00-16.00; '
                                    'Jumat 07.30-11.30,13.00-16.30".')
@click.option("--week", default=None)
@click.option("--ramadan", "ramadan_week", default=None)
@click.option("--as", "as_user", default="admin", show_default=True)
def calendar_set_hours(week: str | None, ramadan_week: str | None, as_user: str) -> None:
    from engine.services.office_calendar import set_working_hours

    try:
        overview = set_working_hours(open_database(), admin_id(as_user), week=week, ramadan_week=ramadan_week)
    except AlurError as error:
        fail(error)
    click.echo(f"Jam kerja disimpan: {overview.week_hours:g} jam/minggu, Ramadan {overview.ramadan_week_hours:g}.")


cli.add_command(cases)
cli.add_command(sop)
