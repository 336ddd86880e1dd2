"""An SOP AP workbook (Excel's through openpyxl, or LibreOffice Calc's), Word or LibreOffice Writer document or PDF →
:class:`SopTable` and every problem in it, with sheet (or table), row and column.

Tolerant of the ways offices write the table (see :mod:`engine.sop_table.headers`, :mod:`.times`,
:mod:`.decisions`, :mod:`.identity`): what was read only approximately is said in ``assumptions``; what
cannot be read is a :class:`Problem`, and all of them are listed at once.

What marks a row (processes/README.md, "Menulis SOP sebagai tabel"):
- the performing role: any non-empty cell in its column ("X", "✓", "v", "1", "Kotak", "Keputusan" …), or a
  flowchart symbol drawn over it in Excel (:mod:`engine.sop_table.drawn_flowchart`);
- a decision: the mark is a decision word or symbol ("Keputusan", "Belah ketupat", "◇", "?"), or the Simbol
  column says so, or the Kegiatan ends with "?", or the row says where "Ya"/"Tidak" go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from engine.phrases import N_, Phrase
from engine.sop_table.decisions import Routing, RoutingNotUnderstood, question_for, read_routing
from engine.sop_table.documents.arrows import Drawing
from engine.sop_table.documents.ods import SpreadsheetBook
from engine.sop_table.documents.opening import open_sop_file
from engine.sop_table.documents.sheets import TextDocument, TextSheet
from engine.sop_table.documents.workbook_drawings import drawn_flowcharts
from engine.sop_table.drawn_flowchart import LaidMarks, drawn_branches, drawn_goto, lay_drawn_marks, pin_groups
from engine.sop_table.headers import (
    AFTER_ROLES,
    START_OR_END,
    column_kind,
    describe_roles,
    header_unit,
    match_role,
    names_no_and_kegiatan,
    normalise,
)
from engine.sop_table.identity import cell_text, read_identity, split_items
from engine.sop_table.model import Activity, Identity, Problem, RoleInfo, SopTable, Target
from engine.sop_table.times import TimeNotUnderstood, read_time

DECISION_MARKS = {"keputusan", "belahketupat", "ketupat", "decision", "diamond", "kondisi", "pilihan",
                  "percabangan", "bk"}
DECISION_SYMBOLS = {"◇", "◆", "♦", "⬦", "⬥", "◊", "⧫", "?", "<>"}
PROCEDURE_SHEETS = ("prosedur", "flowchart", "diagramalir", "uraianprosedur", "prosedursop", "tabelsop", "sop")
IDENTITY_SHEETS = ("identitas", "identitassop", "identity")
SKIPPED_SHEETS = ("petunjuk", "contoh", "daftar", "panduan")
_NUMBER = re.compile(r"^\s*(\d+)\s*[.)]?\s*$")
#: A cell of the row of column numbers under the header: "1", "(1)", "[1]", "1.".
_COLUMN_NUMBER = re.compile(r"^[(\[]?\s*(\d+)\s*[)\].]?$")


class _Columns:
    def __init__(self) -> None:
        self.at: dict[str, int] = {}
        self.roles: list[tuple[int, RoleInfo]] = []
        #: The unit the Waktu header names ("Waktu (Menit)"): a bare number in the column is in it.
        self.time_unit: str | None = None


def read_workbook(path: Path | str, roles: Sequence[RoleInfo], *,
                  sheet: str | None = None) -> tuple[SopTable | None, list[Problem]]:
    """Read an SOP workbook (.xlsx, .ods), or an SOP AP document written in Word or LibreOffice Writer or saved as PDF
    (:mod:`engine.sop_table.documents`), told apart by content (:mod:`.documents.opening`); (the table, []) or (None
    or a partial table, every problem).

    A workbook may hold several SOPs, one per sheet, each with its identity above its table: ``sheet`` names the
    one to read; without it the first is read, and the table says which others there are (``SopTable.sheets``)."""
    book, problems = open_sop_file(path)
    if book is None:
        return None, problems
    drawn: dict[str, Drawing] = {}
    if isinstance(book, TextDocument | SpreadsheetBook):  # a PDF's or a Calc sheet's symbols and arrows, by cell
        drawn = {ws.title: ws.drawing for ws in book.worksheets if ws.drawing is not None}
    sheets = {normalise(ws.title): ws for ws in book.worksheets}
    candidates = [ws for ws in book.worksheets  # every sheet with a procedure table, in order
                  if not normalise(ws.title).startswith(SKIPPED_SHEETS + IDENTITY_SHEETS) and _header_row(ws)]
    tables = [ws.title for ws in candidates]  # a book of SOPs: a workbook's sheets, a document's flowchart tables
    procedure = _find_sheet(sheets, PROCEDURE_SHEETS)
    if sheet is not None:
        if sheet not in tables:
            return None, [Problem("Berkas", Phrase(N_("lembar '%(sheet)s' tidak ada atau tidak berisi tabel prosedur; "
                                                      "lembar yang berisi tabel prosedur: %(sheets)s"),
                                                   {"sheet": sheet, "sheets": ", ".join(tables) or "-"}))]
        procedure = next(ws for ws in candidates if ws.title == sheet)
    elif procedure is None and candidates:
        procedure = candidates[0]
    header_at = _header_row(procedure) if procedure is not None else None
    if (procedure is None or header_at is None) and isinstance(book, TextDocument) and book.kind == "pdf":
        return None, [Problem("Prosedur", N_("PDF ini tidak berisi tabel prosedur bergaris (baris judul berisi 'No' "
                                             "dan 'Kegiatan'): tabel di PDF dibaca dari garis-garisnya. Unggah "
                                             "dokumen Word aslinya (.docx), atau pakai templat (alur sop template)"))]
    if (procedure is None or header_at is None) and isinstance(book, TextDocument) and book.kind == "odt":
        return None, [Problem("Prosedur", N_("dokumen LibreOffice Writer ini tidak berisi tabel prosedur (baris judul "
                                             "berisi 'No' dan 'Kegiatan'); tulis bagan alir SOP AP sebagai tabel, "
                                             "atau pakai templat (alur sop template)"))]
    if (procedure is None or header_at is None) and isinstance(book, TextDocument):
        return None, [Problem("Prosedur", N_("dokumen Word ini tidak berisi tabel prosedur (baris judul berisi 'No' "
                                             "dan 'Kegiatan'); tulis bagan alir SOP AP sebagai tabel, atau pakai "
                                             "templat (alur sop template)"))]
    if procedure is None or header_at is None:
        return None, [Problem("Prosedur", N_("tidak ada lembar dengan tabel prosedur (baris judul berisi 'No' dan "
                                             "'Kegiatan'); pakai lembar 'Prosedur' dari templat (alur sop template)"))]
    identity_sheet = _identity_sheet(procedure, sheets)
    if identity_sheet is not None:
        identity, problems, notes = read_identity(identity_sheet.iter_rows(values_only=True), identity_sheet.title)
    else:  # one sheet: the identity above the table
        rows = list(procedure.iter_rows(min_row=1, max_row=max(1, header_at - 1), values_only=True))
        identity, problems, notes = read_identity(rows, procedure.title)
    identity.sheet = identity_sheet.title if identity_sheet is not None else procedure.title
    if not isinstance(book, TextDocument | SpreadsheetBook):  # the flowchart drawn over this sheet only: one SOP
        drawn = drawn_flowcharts(path, book, {procedure.title})
    table = _read_procedure(procedure, header_at, roles, identity, problems, notes, drawn.get(procedure.title))
    table.sheet = procedure.title
    if len(tables) > 1:
        table.sheets = tuple(tables)
        table.sheet_names = tuple(_sop_name(ws, sheets) for ws in candidates)
        table.assumptions.insert(0, f"Dokumen ini berisi {len(tables)} SOP ({', '.join(tables)}); "
                                    f"yang dibaca {procedure.title}." if isinstance(book, TextDocument) else
                                    f"Buku kerja ini berisi {len(tables)} tabel prosedur (lembar "
                                    f"{', '.join(tables)}); yang dibaca lembar '{procedure.title}'.")
    if not identity.nama:
        problems.insert(0, Problem(identity.sheet, N_("Nama SOP belum diisi"), None, "Nama SOP"))
    return table, problems


def _identity_sheet(procedure: Any, sheets: dict[str, Any]) -> Any:
    """Where a procedure table's identity is: a document's flowchart table has its own (a book of SOPs one per
    table), a workbook (Excel or Calc) has its Identitas sheet; None: the rows above the table."""
    if isinstance(procedure, TextSheet) and procedure.identity is not None:
        return procedure.identity if procedure.identity.rows else None
    return _find_sheet(sheets, IDENTITY_SHEETS)


def _sop_name(procedure: Any, sheets: dict[str, Any]) -> str:
    """The Nama SOP of a procedure table of a book of several, for choosing it ('' when it names none)."""
    identity_sheet = _identity_sheet(procedure, sheets)
    rows = (identity_sheet.iter_rows(values_only=True) if identity_sheet is not None else
            procedure.iter_rows(min_row=1, max_row=max(1, (_header_row(procedure) or 1) - 1), values_only=True))
    return read_identity(rows, procedure.title)[0].nama or ""


def _find_sheet(sheets: dict[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        if name in sheets:
            return sheets[name]
    return next((ws for word, ws in sheets.items() if word.startswith(tuple(names))
                 and not word.startswith(SKIPPED_SHEETS)), None)


def _header_row(ws: Any) -> int | None:
    for number, row in enumerate(ws.iter_rows(min_row=1, max_row=40, values_only=True), start=1):
        if names_no_and_kegiatan(row):
            return number
    return None


def _columns(ws: Any, header_at: int, roles: Sequence[RoleInfo], sheet: str, problems: list[Problem],
             notes: list[str]) -> tuple[_Columns, int]:
    """Recognise the columns (one or two header rows); returns them and the first data row."""
    main = [cell_text(c) for c in next(ws.iter_rows(min_row=header_at, max_row=header_at, values_only=True))]
    below = next(ws.iter_rows(min_row=header_at + 1, max_row=header_at + 1, values_only=True), ())
    below = [cell_text(c) for c in below] + [""] * (len(main) - len(below))
    no_col = next(i for i, c in enumerate(main) if column_kind(c)[0] == "no")
    two_rows = not below[no_col] and any(below) and not re.match(r"^\d", below[no_col] or "")
    if two_rows and (all(not c or _COLUMN_NUMBER.fullmatch(c) for c in below)  # a row of column numbers "1 2 3 …"
                     or any(START_OR_END.match(c) for c in below if c)):  # a "Mulai" row of its own
        two_rows = False
    names = [(below[i] if two_rows and below[i] else main[i]) for i in range(len(main))]
    columns = _Columns()
    kegiatan_at = None
    for index, name in enumerate(names):
        kind, approximate = column_kind(name)
        if kind and kind not in columns.at and (kind != "kegiatan" or kegiatan_at is None):
            if kind in AFTER_ROLES or kind in ("no", "kegiatan"):
                columns.at[kind] = index
                if approximate:
                    notes.append(f"Judul kolom '{name}' dibaca sebagai {kind.capitalize()}.")
                if kind == "waktu":
                    columns.time_unit = header_unit(name)[1]
            if kind == "kegiatan":
                kegiatan_at = index
    if kegiatan_at is None:  # the sub-row hid it: take it from the main row
        kegiatan_at = next(i for i, c in enumerate(main) if column_kind(c)[0] == "kegiatan")
        columns.at["kegiatan"] = kegiatan_at
    role_end = min([i for k, i in columns.at.items() if k in AFTER_ROLES and i > kegiatan_at], default=len(names))
    for index in range(kegiatan_at + 1, role_end):
        name = names[index]
        if not name:
            continue
        role, approximate = match_role(name, roles)
        if role is None:
            problems.append(Problem(sheet, Phrase(N_("kolom peran '%(name)s' tidak menyebut peran yang dikenal; "
                                                     "peran yang dikenal: %(roles)s. Tambahkan perannya (alur role "
                                                     "create) atau pakai salah satu nama itu"),
                                                  {"name": name, "roles": describe_roles(roles)}),
                                    header_at + (1 if two_rows else 0),
                                    name))
            continue
        if approximate:
            notes.append(f"Kolom peran '{name}' dibaca sebagai {role.name}.")
        if twin := next((names[i] for i, r in columns.roles if r.code == role.code), None):
            problems.append(Problem(sheet, Phrase(N_("kolom '%(name)s' dan '%(twin)s' sama-sama dibaca sebagai peran "
                                                     "%(role)s; buat peran untuk salah satunya (alur role create) atau "
                                                     "gabungkan kedua kolom"),
                                                  {"name": name, "twin": twin, "role": role.name}),
                                    header_at, name))
            continue
        columns.roles.append((index, role))
    if not columns.roles:
        problems.append(Problem(sheet, N_("tidak ada kolom peran di antara Kegiatan dan Kelengkapan/Waktu; beri "
                                          "satu kolom untuk setiap peran (mis. Pelaksana, Kepala Bidang, Kadis)"),
                                    header_at))
    for needed, word in (("waktu", "Waktu"),):
        if needed not in columns.at:
            problems.append(Problem(sheet, Phrase(N_("kolom %(word)s tidak ada"), {"word": word}), header_at))
    return columns, header_at + (2 if two_rows else 1)


def _read_procedure(ws: Any, header_at: int, roles: Sequence[RoleInfo], identity: Identity,
                    problems: list[Problem], notes: list[str], drawing: Drawing | None = None) -> SopTable:
    sheet = ws.title
    columns, first = _columns(ws, header_at, roles, sheet, problems, notes)

    def cell(row: Sequence[object], kind: str) -> str:
        index = columns.at.get(kind)
        return cell_text(row[index]) if index is not None and index < len(row) else ""

    def letter(kind: str) -> str:
        return {"kegiatan": "Kegiatan", "waktu": "Waktu", "no": "No", "keterangan": "Keterangan",
                "ya": "Ya", "tidak": "Tidak", "simbol": "Simbol"}.get(kind, kind)

    activities: list[Activity] = []
    unmarked: list[Problem] = []  # rows with no role marked
    any_mark = False
    table_rows = list(ws.iter_rows(min_row=first, values_only=True))
    if getattr(ws, "grouped", None) is not None:  # Word's grouped flowchart, pinned to the activities in order
        drawing, unpinned, pinned = pin_groups(ws.grouped, table_rows, first, {i for i, _ in columns.roles},
                                               columns.at)
        problems += [Problem(sheet, phrase, row, None) for row, phrase in unpinned]
        notes += pinned
    laid = lay_drawn_marks(ws, table_rows, first, {index for index, _ in columns.roles},
                           [columns.at[kind] for kind in ("no", "kegiatan") if kind in columns.at],
                           columns.at["kegiatan"], drawing.marks if drawing else ())
    rows = laid.rows
    no_way: list[tuple[Activity, Problem]] = []  # decisions the table does not say where "Tidak" goes
    numbered = {int(m[1]) for row in rows if (m := _NUMBER.match(cell(row, "no")))}
    headers = [[normalise(c) for c in row if cell_text(c)]
               for row in ws.iter_rows(min_row=header_at, max_row=first - 1, values_only=True)]
    repeated: list[int] = []
    below: list[int] = []  # rows under the table after a blank row: the signature block, notes, a legend
    gap = False
    for number, row in enumerate(rows, start=first):
        filled = [cell_text(c) for c in row if cell_text(c)]
        if not filled:
            gap = bool(activities)
            continue
        if [_COLUMN_NUMBER.sub(r"\1", f) for f in filled] == [str(n) for n in range(1, len(filled) + 1)]:
            continue  # the row of column numbers "1 2 3 …" under the header
        if [normalise(f) for f in filled] in headers:
            repeated.append(number)  # the header written again where a printed page begins
            continue
        text = cell(row, "kegiatan")
        marked = [(role, cell_text(row[i])) for i, role in columns.roles if i < len(row) and cell_text(row[i])]
        no_text = cell(row, "no")
        ends = [mark for mark in marked if START_OR_END.match(mark[1])]
        if ends and len(ends) < len(marked):  # a "Selesai" drawn beside a decision: where a branch ends, not a role
            marked = [mark for mark in marked if mark not in ends]
        elif ends and not no_text and not cell(row, "waktu"):
            continue  # the start or the end in a row of its own ("Pemohon datang" beside a "Mulai" capsule)
        if gap and not marked and not _NUMBER.match(no_text) and not cell(row, "waktu") and not text.endswith("?"):
            below.append(number)  # no step's: nothing of a step in it, past a blank row
            continue
        gap = False
        if activities and not no_text and not marked and (
                not text  # lists continued on the next row
                or _wrapped(text, cell(row, "waktu"), cell(row, "keterangan"), cell(row, "simbol"))):
            previous = activities[-1]
            previous.requirements += split_items(cell(row, "kelengkapan"))
            previous.output = "; ".join(p for p in (previous.output, *split_items(cell(row, "output"))) if p)
            if text:  # the Kegiatan wrapped into a row of its own
                previous.text = f"{previous.text} {text}"
                previous.note = " ".join(p for p in (previous.note, cell(row, "keterangan")) if p)
                notes.append(f"Baris {number} tanpa nomor, tanda peran dan waktu dibaca sebagai lanjutan kegiatan "
                             f"{previous.number}.")
            continue
        if START_OR_END.match(text) and not cell(row, "waktu"):
            continue  # a "Mulai" / "Selesai" row of its own: the capsules are drawn by Alur
        if not text:
            problems.append(Problem(sheet, N_("Kegiatan kosong; tulis kegiatannya atau hapus baris ini"), number,
                                    letter("kegiatan")))
            continue
        match = _NUMBER.match(no_text)
        if match:
            row_no = int(match[1])
        elif not no_text:
            row_no = (activities[-1].number if activities else 0) + 1
            if row_no in numbered:  # a decision between numbered rows: a number no row has
                row_no = max(numbered | {a.number for a in activities}) + 1
            notes.append(f"Baris {number} tidak bernomor; dianggap kegiatan {row_no}.")
        else:
            problems.append(Problem(sheet, Phrase(N_("'%(number)s' bukan nomor kegiatan"), {"number": no_text}),
                                    number, "No"))
            continue
        if any(a.number == row_no for a in activities):
            problems.append(Problem(sheet, Phrase(N_("nomor kegiatan %(number)s dipakai dua kali"),
                                                  {"number": row_no}), number, "No"))
            continue
        any_mark = any_mark or bool(marked)
        activity = Activity(number=row_no, text=text, role="", code=cell(row, "kode"), sheet_row=number)
        mark = marked[0][1] if marked else ""
        symbol = normalise(cell(row, "simbol"))
        decision_by_mark = normalise(mark) in DECISION_MARKS or mark.strip() in DECISION_SYMBOLS \
            or symbol in DECISION_MARKS or cell(row, "simbol").strip() in DECISION_SYMBOLS
        try:
            routing = read_routing(cell(row, "keterangan"), yes_cell=cell(row, "ya"), no_cell=cell(row, "tidak"))
        except RoutingNotUnderstood as error:
            problems.append(Problem(sheet, error.phrase, number, "Keterangan"))
            routing = read_routing("")
        decides = decision_by_mark or text.endswith("?") or routing.decides
        if len(marked) > 1:
            problems.append(Problem(sheet, Phrase(N_("lebih dari satu peran ditandai (%(roles)s); tandai satu peran "
                                                     "yang melaksanakan kegiatan ini"),
                                                  {"roles": ", ".join(r.name for r, _ in marked)}),
                                    number, marked[0][0].name))
        elif marked:
            activity.role = marked[0][0].name
        elif decides and activities and not cell(row, "waktu"):
            activity.role = activities[-1].role  # a diamond drawn between the columns: the step above decides
            notes.append(f"Keputusan baris {number} tanpa tanda peran; diputuskan oleh {activity.role} "
                         "(peran kegiatan di atasnya).")
        else:
            unmarked.append(Problem(sheet, N_("tidak ada peran yang ditandai; beri tanda (mis. X) di kolom peran "
                                              "yang melaksanakan kegiatan ini"), number))
            problems.append(unmarked[-1])
        activity.note = routing.rest
        activity.parallel_with = routing.parallel_with
        activity.requirements = split_items(cell(row, "kelengkapan"))
        activity.output = "; ".join(split_items(cell(row, "output")))
        asked = text
        if decides and routing.no is None and routing.yes is None and (in_text := _routing_in(text)) is not None:
            routing = replace(in_text, rest=routing.rest, goto=routing.goto, parallel_with=routing.parallel_with)
            asked = in_text.rest.strip(" ,;:") or text  # the question without the routing words
            notes.append(f"Tujuan cabang keputusan {row_no} dibaca dari teks Kegiatan: '{text}'.")
        if decides:
            activity.kind = "decision"
            activity.yes, activity.no = routing.yes, routing.no
            activity.question = question_for(asked, routing.predicate)
            if routing.no is None:
                problems.append(Problem(sheet, N_("keputusan tanpa tujuan 'Tidak'; tulis mis. 'Tidak: kembali ke "
                                                  "kegiatan 1' atau 'Tidak: Selesai' di Keterangan"), number,
                                        "Keterangan"))
                no_way.append((activity, problems[-1]))
        else:
            activity.goto = routing.goto
        waktu = cell(row, "waktu")
        if columns.time_unit and re.fullmatch(r"\d+(?:[.,]\d+)?", waktu):
            waktu = f"{waktu} {columns.time_unit}"  # "Waktu (Menit)" over a bare 15
        if activity.is_decision and re.fullmatch(r"[-–—]+", waktu):
            waktu = ""  # a decision's "-": no time of its own, as an empty cell
        if waktu or not activity.is_decision:
            try:
                read = read_time(waktu)
                activity.time = read.time
                if read.note:
                    notes.append(f"Kegiatan {row_no}: {read.note}.")
            except TimeNotUnderstood as error:
                problems.append(Problem(sheet, error.phrase, number, "Waktu"))
        activities.append(activity)
    if unmarked and not any_mark and columns.roles:
        # Not one mark in the role columns: the flowchart's symbols were drawn shapes (a table copied from Word or
        # a PDF keeps the text, not the shapes). One problem that says so, not one per row.
        summary = Problem(sheet, Phrase(N_("tidak satu pun kegiatan punya tanda di kolom peran (%(roles)s). Simbol "
                                           "bagan alir yang digambar (kotak, belah ketupat) tidak ikut bila tabel "
                                           "disalin dari Word atau PDF, dan tidak terbaca bila bagan alir digambar "
                                           "sebagai satu gambar di atas tabel: beri tanda X di kolom peran yang "
                                           "melaksanakan setiap kegiatan"),
                                        {"roles": ", ".join(role.name for _, role in columns.roles)}), first)
        at = next(i for i, p in enumerate(problems) if p is unmarked[0])
        problems[:] = [*(p for p in problems[:at] if all(p is not u for u in unmarked)), summary,
                       *(p for p in problems[at:] if all(p is not u for u in unmarked))]
    if drawing is not None and drawing.arrows:
        _follow_arrows(drawing, laid, activities, no_way, problems, notes)
    if repeated:
        notes.append(f"Baris judul tabel yang diulang (baris {', '.join(map(str, repeated))}) dilewati.")
    if below:
        where = f"{below[0]}" if len(below) == 1 else f"{below[0]}–{below[-1]}"
        notes.append(f"Baris {where} di bawah tabel (tanda tangan, catatan) tidak dibaca sebagai kegiatan.")
    if not activities:
        problems.append(Problem(sheet, N_("tabel prosedur belum berisi kegiatan")))
    _check_targets(activities, sheet, problems)
    used = {a.role for a in activities}
    ordered_roles = [role.name for _, role in columns.roles if role.name in used]
    return SopTable(identity=identity, roles=ordered_roles, activities=activities, assumptions=notes)


def _routing_in(text: str) -> Routing | None:
    """Where a decision's branches go when its Kegiatan says so itself ("Memeriksa berkas; jika tidak lengkap
    kembali ke no. 1") and nothing else does; None when the text names no branch's destination."""
    try:
        routing = read_routing(text)
    except RoutingNotUnderstood:
        return None
    return routing if routing.no is not None else None


def _follow_arrows(drawing: Drawing, laid: LaidMarks, activities: list[Activity],
                   no_way: list[tuple[Activity, Problem]], problems: list[Problem], notes: list[str]) -> None:
    """Where the table is silent, the flow its drawn arrows show (:mod:`engine.sop_table.drawn_flowchart`): a
    decision's "Tidak" (its problem then withdrawn), an activity's jump; each said among the assumptions."""
    for decision, problem in no_way:
        yes, no = drawn_branches(decision, activities, laid, drawing.marks, drawing.arrows)
        if no is None:
            continue
        problems.remove(problem)
        decision.no, decision.yes = no, yes or decision.yes
        notes.append(f"Tujuan 'Tidak' keputusan {decision.number} dibaca dari panah bagan alir: {_place(no)}"
                     + (f"; 'Ya': {_place(yes)}." if yes else "."))
    for activity in activities:
        if activity.is_decision or activity.goto is not None or activity.parallel_with is not None:
            continue
        if (goto := drawn_goto(activity, activities, laid, drawing.marks, drawing.arrows)) is not None:
            activity.goto = goto
            notes.append(f"Kegiatan {activity.number} dilanjutkan ke {_place(goto)}, seperti panah bagan alirnya.")


def _place(target: Target) -> str:
    return "Selesai" if target.is_end else f"kegiatan {target.row}"


def _wrapped(text: str, waktu: str, keterangan: str, simbol: str) -> bool:
    """Whether a row without number or role mark only continues the Kegiatan above: no time, and nothing that would
    make it a row of its own (a question, a symbol, routing words, "Selesai")."""
    if waktu or simbol or text.endswith("?") or START_OR_END.match(text):
        return False
    try:
        routing = read_routing(keterangan)
    except RoutingNotUnderstood:
        return False
    return not routing.decides and routing.goto is None and routing.parallel_with is None


def _check_targets(activities: list[Activity], sheet: str, problems: list[Problem]) -> None:
    numbers = {a.number for a in activities}
    for index, activity in enumerate(activities):
        for word, target in (("Ya", activity.yes), ("Tidak", activity.no), ("tujuan", activity.goto)):
            if target is not None and target.row is not None and target.row not in numbers:
                problems.append(Problem(sheet, Phrase(N_("%(word)s menuju kegiatan %(row)s, yang tidak ada "
                                                         "(kegiatan: %(numbers)s)"),
                                                      {"word": word,
                                                       "row": target.row,
                                                       "numbers": ", ".join(map(str, sorted(numbers)))}),
                                        activity.sheet_row,
                                        "Keterangan"))
            if target is not None and target.row == activity.number:
                problems.append(Problem(sheet, Phrase(N_("%(word)s menuju kegiatan ini sendiri"), {"word": word}),
                                        activity.sheet_row,
                                        "Keterangan"))
        if activity.parallel_with is not None:
            earlier = [a.number for a in activities[:index]]
            if activity.parallel_with not in earlier or activity.is_decision:
                problems.append(Problem(sheet, Phrase(N_("'bersamaan dengan kegiatan %(parallel_with)s' harus "
                                                         "menyebut kegiatan biasa di atasnya"),
                                                      {"parallel_with": activity.parallel_with}), activity.sheet_row,
                                        "Keterangan"))


def column_letter(index: int) -> str:
    return get_column_letter(index + 1)
