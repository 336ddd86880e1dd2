"""``alur sop``: the SOP table as the office's source — template, import, export (registered in engine.cli.main)."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from engine.cli.common import fail, fail_with_problems, open_database
from engine.errors import AlurError

if TYPE_CHECKING:
    from engine.sop_table.service import ImportResult


@click.group(help="Tabel SOP AP (XLSX): templat, impor menjadi proses, ekspor untuk revisi.")
def sop() -> None:
    pass


@sop.command("template", help="Menulis buku kerja kosong (petunjuk, Identitas, Prosedur, contoh) ke FILE.xlsx.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def sop_template(file: Path) -> None:
    from engine.sop_table.service import write_template

    try:
        write_template(open_database(), file)
    except AlurError as error:
        fail(error)
    click.echo(f"Templat ditulis ke {file}. Isi lembar Identitas dan Prosedur, lalu: alur sop import {file}")


@sop.command("import", help="Mengubah tabel SOP FILE.xlsx atau FILE.ods (atau SOP AP yang ditulis di Word, "
                            "FILE.docx, atau LibreOffice Writer, FILE.odt, atau disimpan sebagai PDF, FILE.pdf) "
                            "menjadi folder proses di processes/ (atau --out); "
                            "--publish juga mendaftarkannya sebagai draf versi baru untuk disahkan Kepala Dinas.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder tujuan (bawaan: folder processes/).")
@click.option("--publish", is_flag=True, help="Daftarkan folder hasil impor sebagai draf (disahkan Kepala Dinas).")
@click.option("--in-force", "in_force", is_flag=True,
              help="Dengan --publish: langsung berlaku tanpa pengesahan (jalur operator, seperti processes sync).")
@click.option("--sheet", "sheet", metavar="LEMBAR",
              help="Berkas berisi beberapa SOP (buku kerja: satu per lembar; dokumen Word atau PDF: satu per tabel "
                   "prosedur, mis. 'Tabel 4'): yang diimpor (bawaan: yang pertama).")
@click.option("--all", "every", is_flag=True,
              help="Buku SOP: impor setiap SOP-nya. Semuanya diperiksa dulu; bila satu bermasalah, semua masalahnya "
                   "disebut dan tidak ada yang ditulis.")
def sop_import(file: Path, out: Path | None, publish: bool, in_force: bool, sheet: str | None, every: bool) -> None:
    from engine.config import load_settings
    from engine.definitions.loader import ProcessLoadFailed
    from engine.sop_table.service import SopTableInvalid, import_book, import_workbook

    if every and sheet:
        raise click.UsageError("--all mengimpor setiap SOP berkas ini; jangan pakai --sheet bersamanya.")
    root = out or load_settings().processes_dir
    try:
        results = (import_book(open_database(), file, root, publish=publish, in_force=in_force) if every else
                   [import_workbook(open_database(), file, root, publish=publish, in_force=in_force, sheet=sheet)])
    except SopTableInvalid as invalid:
        if not every:
            _other_sheets(file, invalid.sheet, invalid.sheets, invalid.sheet_names, err=True)
        fail_with_problems(f"{len(invalid.problems)} masalah; tidak ada yang ditulis.",
                           [str(problem) for problem in invalid.problems])
    except ProcessLoadFailed as failed:
        fail_with_problems(f"{len(failed.problems)} masalah saat sinkronisasi.",
                           [problem.message for problem in failed.problems])
    except AlurError as error:
        fail(error)
    for result in results:
        _said(result, in_force)
    if every:
        click.echo(f"{len(results)} SOP dari {file.name} diimpor.")
    else:
        _other_sheets(file, results[0].sheet, results[0].sheets, results[0].sheet_names)


def _said(result: ImportResult, in_force: bool) -> None:
    """One SOP's import in words: its folder, what was assumed, and whether it was registered."""
    click.echo(f"{result.key}: {result.steps} langkah ditulis ke {result.folder}")
    if result.assumptions:
        click.echo("Anggapan (periksa dan perbaiki bila perlu; juga di sop.json 'assumptions'):")
        for note in result.assumptions:
            click.echo(f"  - {note}")
    if result.published is not None:
        state = ("tidak berubah" if not result.published.changed
                 else "berlaku" if in_force else "draf; sahkan: alur processes approve")
        click.echo(f"Didaftarkan: {result.key} v{result.published.version} ({state})")
    else:
        click.echo(f"Belum didaftarkan: jalankan alur processes sync {result.folder} (atau impor dengan --publish).")


def _other_sheets(file: Path, sheet: str, sheets: tuple[str, ...], names: tuple[str, ...], *,
                  err: bool = False) -> None:
    """The commands that import the other SOPs of a book of several (one per sheet, or per flowchart table)."""
    others = [(title, name) for title, name in zip(sheets, names or ("",) * len(sheets), strict=True)
              if title != sheet]
    if others:
        click.echo(f"'{sheet}' yang dibaca; berkas ini berisi SOP lain juga, impor masing-masing dengan --sheet "
                   "(atau semuanya dengan --all):", err=err)
        for title, name in others:
            click.echo(f"  alur sop import {shlex.quote(str(file))} --sheet {shlex.quote(title)}"
                       + (f"   # {name}" if name and name != title else ""), err=err)


@sop.command("export", help="Menulis SOP terdaftar KEY sebagai tabel SOP FILE.xlsx (untuk revisi: ekspor, ubah, "
                            "impor).")
@click.argument("key")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def sop_export(key: str, file: Path) -> None:
    from engine.sop_table.service import export_workbook

    try:
        export_workbook(open_database(), key, file)
    except AlurError as error:
        fail(error)
    click.echo(f"{key} ditulis ke {file}.")
