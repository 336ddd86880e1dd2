"""``alur cases``: an administrator repairs running cases — migrate to a newer version, move to another step,
suspend, resume, list cases needing attention (registered in engine.cli.main, like ``engine.cli.sop``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from engine.cli.common import admin_id, fail, fail_with_problems, open_database
from engine.errors import AlurError


@click.group(help="Perbaikan kasus berjalan (administrator): migrasi versi, pindah langkah, tangguhkan, lanjutkan.")
def cases() -> None:
    pass


def _step_mapping(path: Path | None) -> dict[str, str] | None:
    """The ``--map`` file: a JSON object of old element id → new element id."""
    import json

    if path is None:
        return None
    try:
        mapping = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise click.BadParameter(f"{path}: bukan berkas JSON yang dapat dibaca ({error})", param_hint="--map") \
            from error
    if not isinstance(mapping, dict):
        raise click.BadParameter(f'{path}: harus objek JSON {{"id_lama": "id_baru"}}', param_hint="--map")
    return mapping


@cases.command("migrate", help="Memindahkan kasus berjalan proses KEY ke versi N (semua atau tidak sama sekali).")
@click.argument("key")
@click.option("--to-version", "to_version", type=int, required=True, help="Versi tujuan (lebih baru).")
@click.option("--case", "case_ids", type=int, multiple=True, help="Hanya kasus ini (id); boleh berulang.")
@click.option("--map", "map_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help='Berkas JSON {"id_lama": "id_baru"} untuk langkah yang berganti id.')
@click.option("--reason", required=True, help="Alasan, dicatat di riwayat setiap kasus.")
@click.option("--dry-run", is_flag=True, help="Hanya tampilkan rencana; tidak ada yang diubah.")
@click.option("--as", "as_user", default="admin", show_default=True, help="Pengguna administrator.")
def cases_migrate(key: str, to_version: int, case_ids: tuple[int, ...], map_file: Path | None, reason: str,
                  dry_run: bool, as_user: str) -> None:
    from engine.services.case_repair import MigrationRefused, migrate_cases, plan_migration

    database = open_database()
    mapping = _step_mapping(map_file)
    try:
        admin = admin_id(as_user)
        if dry_run:
            plan = plan_migration(database, admin, key, to_version, case_ids=case_ids or None, mapping=mapping)
        else:
            plan = migrate_cases(database, admin, key, to_version, reason, case_ids=case_ids or None, mapping=mapping)
    except MigrationRefused as refused:
        fail_with_problems(f"migrasi ditolak, tidak ada kasus yang dipindahkan ({len(refused.problems)} masalah):",
                           refused.problems)
    except AlurError as error:
        fail(error)
    for case in plan.cases:
        steps = ", ".join(f"{s.from_element} → {s.to_element or '?'}" for s in case.steps) or "tanpa langkah terbuka"
        click.echo(f"{case.reference}: v{case.from_version} → v{plan.to_version} ({steps})")
        for problem in case.problems:
            click.echo(f"  - {problem}")
    if dry_run:
        click.echo(f"Rencana saja: {len(plan.cases)} kasus, {len(plan.problems)} masalah; tidak ada yang diubah.")
        sys.exit(1 if plan.problems else 0)
    click.echo(f"{len(plan.cases)} kasus dipindahkan ke {key} v{plan.to_version}.")


@cases.command("move", help="Memindahkan kasus CASE_ID ke langkah lain (mundur atau maju) versinya sendiri.")
@click.argument("case_id", type=int)
@click.option("--to", "to_steps", multiple=True, required=True,
              help="Id elemen langkah tujuan; boleh berulang (satu per cabang paralel).")
@click.option("--reason", required=True)
@click.option("--as", "as_user", default="admin", show_default=True)
def cases_move(case_id: int, to_steps: tuple[str, ...], reason: str, as_user: str) -> None:
    from engine.services.case_repair import move_case

    try:
        opened = move_case(open_database(), admin_id(as_user), case_id, list(to_steps), reason)
    except AlurError as error:
        fail(error)
    click.echo(f"Kasus {case_id} dipindahkan ke {', '.join(to_steps)} ({len(opened)} langkah dibuka).")


@cases.command("suspend", help="Menangguhkan kasus: tidak dapat dikerjakan dan tidak ditandai terlambat.")
@click.argument("case_id", type=int)
@click.option("--reason", required=True)
@click.option("--as", "as_user", default="admin", show_default=True)
def cases_suspend(case_id: int, reason: str, as_user: str) -> None:
    from engine.services.case_repair import suspend_case

    try:
        suspend_case(open_database(), admin_id(as_user), case_id, reason)
    except AlurError as error:
        fail(error)
    click.echo(f"Kasus {case_id} ditangguhkan.")


@cases.command("resume", help="Melanjutkan kasus yang ditangguhkan; batas waktu langkahnya bergeser.")
@click.argument("case_id", type=int)
@click.option("--reason", required=True)
@click.option("--as", "as_user", default="admin", show_default=True)
def cases_resume(case_id: int, reason: str, as_user: str) -> None:
    from engine.services.case_repair import resume_case

    try:
        resume_case(open_database(), admin_id(as_user), case_id, reason)
    except AlurError as error:
        fail(error)
    click.echo(f"Kasus {case_id} dilanjutkan.")


@cases.command("attention", help="Kasus perlu perhatian: langkahnya gagal dijalankan.")
@click.option("--as", "as_user", default="admin", show_default=True)
def cases_attention(as_user: str) -> None:
    from engine.services.case_repair import cases_needing_attention

    try:
        rows = cases_needing_attention(open_database(), admin_id(as_user))
    except AlurError as error:
        fail(error)
    for row in rows:
        click.echo(f"{row.case_id}  {row.reference}  {row.process_key} v{row.version} (terbaru v{row.latest_version})"
                   f"  {row.at.isoformat()}\n  {row.error}")
    if not rows:
        click.echo("Tidak ada kasus yang perlu perhatian.")
