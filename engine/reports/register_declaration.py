"""The ``registers`` an SOP declares in its ``sop.json``: which register it feeds, which of its fields each
table lists (column label, field path) and which figures sum it up. Read and checked here, at sync
(``engine.definitions.loader``) and when a register is made; the format is in ``processes/README.md`` ("Registers").

Field paths: ``#`` (row number); ``case.reference|subject|state``; ``start.<field>`` (the start form);
``<step id>.<field>`` (the latest activation of that step, once completed) and ``<step id>.@state`` /
``.@completed_at``; ``step.…`` the same for the step of a table's ``for_each_step`` (plus ``step.@name``);
for registers of SOPs (``"rows": "sops"``): ``sop.<key of sop.json>``, ``sop.@standard_time``,
``sop.@kind`` and ``period.started|completed|running|carried_out|carried_out_basis``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from engine.reports.exports import ColumnKind

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME = re.compile(r"^@?[A-Za-z_][A-Za-z0-9_-]*$")
KINDS: tuple[ColumnKind, ...] = ("text", "int", "date", "datetime")
ROW_SOURCES = ("cases", "sops")
CASE_FIELDS = ("reference", "subject", "state")
STEP_FACTS = ("@state", "@completed_at")
SOP_FACTS = ("@standard_time", "@kind")
PERIOD_FIELDS = ("started", "completed", "running", "carried_out", "carried_out_basis")
FIGURES = ("cases", "rows", "filled", "equal", "sum")
STATE_WORDS = {"completed": "Selesai", "open": "Berjalan", "cancelled": "Dibatalkan", "none": "Belum dimulai"}


class RegisterDeclarationError(ValueError):
    """A ``registers`` entry of sop.json that Alur cannot build; the message names the entry and the problem."""


@dataclass(frozen=True)
class ColumnSpec:
    label: str
    fields: tuple[str, ...]  # the first that has a value
    kind: ColumnKind = "text"
    group: str | None = None
    blank: str | None = None  # written when no field has a value


@dataclass(frozen=True)
class MonthSpec:
    """Rows counted per month of a date field, optionally split by the values of another field."""

    field: str
    count_label: str
    split_field: str | None = None
    split_label: str | None = None
    split_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    title: str
    columns: tuple[ColumnSpec, ...] = ()
    per_month: MonthSpec | None = None
    for_each_step: tuple[tuple[str, str], ...] = ()  # (step id, name): one row per step of each case
    only_when_any: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class SummarySpec:
    label: str
    figure: str
    table: str | None = None
    column: str | None = None
    value: str | None = None
    of_rows: bool = False


@dataclass(frozen=True)
class RegisterSpec:
    key: str
    title: str
    rows: str
    basis: str
    tables: tuple[TableSpec, ...]
    summary: tuple[SummarySpec, ...] = ()
    dated_by: str | None = None
    state_words: Mapping[str, str] = field(default_factory=lambda: dict(STATE_WORDS))

    def step_ids(self) -> set[str]:
        """The step ids whose data the register reads (besides the ``for_each_step`` steps)."""
        paths = [self.dated_by or ""]
        for table in self.tables:
            paths += [f for c in table.columns for f in c.fields] + list(table.only_when_any)
            paths += [table.per_month.field, table.per_month.split_field or ""] if table.per_month else []
            paths += [step for step, _ in table.for_each_step]
        heads = {p.partition(".")[0] for p in paths if p and p != "#"}
        return heads - {"case", "start", "step", "sop", "period"}


# --- reading a declaration --------------------------------------------------------------------------------


def parse_registers(value: Any) -> tuple[RegisterSpec, ...]:
    """The registers an SOP declares (``None``: none); a malformed entry raises RegisterDeclarationError."""
    if value is None:
        return ()
    if not isinstance(value, list):
        raise RegisterDeclarationError("'registers' harus berupa daftar")
    specs = tuple(_register(entry, n) for n, entry in enumerate(value, start=1))
    keys = [s.key for s in specs]
    if len(set(keys)) != len(keys):
        raise RegisterDeclarationError("'registers': setiap register hanya boleh disebut sekali")
    return specs


def _register(entry: Any, number: int) -> RegisterSpec:
    where = f"registers[{number}]"
    if not isinstance(entry, dict):
        raise RegisterDeclarationError(f"{where} harus berupa objek")
    key = entry.get("key")
    if not isinstance(key, str) or not KEY.match(key):
        raise RegisterDeclarationError(f"{where}.key wajib diisi dengan huruf kecil, angka dan tanda '-'")
    where = f"register '{key}'"
    rows = entry.get("rows", "cases")
    if rows not in ROW_SOURCES:
        raise RegisterDeclarationError(f"{where}: 'rows' harus 'cases' atau 'sops'")
    title, basis = _text(entry, "title", where), _text(entry, "basis", where)
    dated_by = entry.get("dated_by")
    if dated_by is not None and (rows != "cases" or not _is_step_field(dated_by)):
        raise RegisterDeclarationError(f"{where}: 'dated_by' harus '<id langkah>.<isian>' (register kasus)")
    words = entry.get("state_words", {})
    if not isinstance(words, dict) or set(words) - set(STATE_WORDS) or \
            not all(isinstance(w, str) and w.strip() for w in words.values()):
        raise RegisterDeclarationError(f"{where}: 'state_words' hanya boleh memuat {', '.join(STATE_WORDS)}")
    raw_tables = entry.get("tables")
    if not isinstance(raw_tables, list) or not raw_tables:
        raise RegisterDeclarationError(f"{where}: 'tables' wajib berisi minimal satu tabel")
    tables = tuple(_table(t, where, rows) for t in raw_tables)
    if len({t.title for t in tables}) != len(tables):
        raise RegisterDeclarationError(f"{where}: judul tabel harus berbeda-beda")
    raw_summary = entry.get("summary", [])
    if not isinstance(raw_summary, list):
        raise RegisterDeclarationError(f"{where}: 'summary' harus berupa daftar")
    summary = tuple(_summary(s, where, {t.title: t for t in tables}) for s in raw_summary)
    return RegisterSpec(key=key, title=title, rows=rows, basis=basis, tables=tables, summary=summary,
                        dated_by=dated_by, state_words={**STATE_WORDS, **words})


def _text(entry: Mapping[str, Any], name: str, where: str, *, required: bool = True) -> str:
    value = entry.get(name, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise RegisterDeclarationError(f"{where}: '{name}' wajib berupa teks")
    return value


def _table(entry: Any, register: str, rows: str) -> TableSpec:
    if not isinstance(entry, dict):
        raise RegisterDeclarationError(f"{register}: setiap tabel harus berupa objek")
    where = f"{register}, tabel '{_text(entry, 'title', register)}'"
    each = entry.get("for_each_step", [])
    if not isinstance(each, list) or not all(isinstance(s, dict) and _is_name(s.get("step"))
                                             and isinstance(s.get("name"), str) for s in each):
        raise RegisterDeclarationError(f"{where}: 'for_each_step' berisi objek dengan 'step' dan 'name'")
    if each and rows != "cases":
        raise RegisterDeclarationError(f"{where}: 'for_each_step' hanya untuk register kasus")

    def path(value: Any) -> str:
        if not _is_path(value, rows, bound=bool(each)):
            raise RegisterDeclarationError(f"{where}: jalur isian '{value}' tidak dikenal")
        return cast(str, value)

    when = entry.get("only_when_any", [])
    if not isinstance(when, list):
        raise RegisterDeclarationError(f"{where}: 'only_when_any' harus berupa daftar jalur isian")
    per_month = None
    if "per_month" in entry:
        month = entry["per_month"]
        split = month.get("split_by", {}) if isinstance(month, dict) else None
        if not isinstance(month, dict) or not isinstance(split, dict) or rows != "cases" or \
                not isinstance(split.get("values", []), list):
            raise RegisterDeclarationError(f"{where}: 'per_month' berisi 'field', 'count_label' dan 'split_by'")
        per_month = MonthSpec(
            field=path(month.get("field")), count_label=_text(month, "count_label", where),
            split_field=path(split["field"]) if split else None,
            split_label=_text(split, "label", where) if split else None,
            split_values=tuple(str(v) for v in split.get("values", [])))
    raw_columns = entry.get("columns", [])
    if not isinstance(raw_columns, list) or bool(raw_columns) == bool(per_month):
        raise RegisterDeclarationError(f"{where}: tabel berisi 'columns' atau 'per_month' (salah satu)")
    columns = []
    for column in raw_columns:
        if not isinstance(column, dict):
            raise RegisterDeclarationError(f"{where}: setiap kolom harus berupa objek")
        fields = column.get("field")
        fields = fields if isinstance(fields, list) and fields else [fields]
        kind = column.get("type", "text")
        if kind not in KINDS:
            raise RegisterDeclarationError(f"{where}: jenis kolom '{kind}' tidak dikenal ({', '.join(KINDS)})")
        group, blank = column.get("group"), column.get("blank")
        if not all(v is None or isinstance(v, str) for v in (group, blank)):
            raise RegisterDeclarationError(f"{where}: 'group' dan 'blank' kolom harus berupa teks")
        columns.append(ColumnSpec(_text(column, "label", where), tuple(path(f) for f in fields), kind, group,
                                  blank))
    if len({c.label for c in columns}) != len(columns):
        raise RegisterDeclarationError(f"{where}: label kolom harus berbeda-beda")
    return TableSpec(title=entry["title"], columns=tuple(columns), per_month=per_month,
                     for_each_step=tuple((s["step"], s["name"]) for s in each),
                     only_when_any=tuple(path(p) for p in when), note=_text(entry, "note", where, required=False))


def _summary(entry: Any, register: str, tables: Mapping[str, TableSpec]) -> SummarySpec:
    if not isinstance(entry, dict) or entry.get("figure") not in FIGURES:
        raise RegisterDeclarationError(f"{register}: setiap ringkasan berisi 'label' dan 'figure' "
                                       f"({', '.join(FIGURES)})")
    spec = SummarySpec(label=_text(entry, "label", register), figure=entry["figure"], table=entry.get("table"),
                       column=entry.get("column"), value=entry.get("value"), of_rows=bool(entry.get("of_rows")))
    if spec.figure == "cases":
        return spec
    table = tables.get(spec.table or "")
    if table is None:
        raise RegisterDeclarationError(f"{register}: ringkasan '{spec.label}' menyebut tabel yang tidak ada")
    if spec.figure != "rows" and spec.column not in {c.label for c in table.columns}:
        raise RegisterDeclarationError(f"{register}: ringkasan '{spec.label}' menyebut kolom yang tidak ada")
    if spec.figure == "equal" and not isinstance(spec.value, str):
        raise RegisterDeclarationError(f"{register}: ringkasan '{spec.label}' memerlukan 'value'")
    return spec


def _is_name(value: Any) -> bool:
    return isinstance(value, str) and bool(NAME.match(value)) and not value.startswith("@")


def _is_step_field(value: Any) -> bool:
    head, dot, name = value.partition(".") if isinstance(value, str) else ("", "", "")
    return bool(dot) and _is_name(head) and _is_name(name) and head not in ("case", "start", "step", "sop", "period")


def _is_path(value: Any, rows: str, *, bound: bool) -> bool:
    if value == "#":
        return True
    if not isinstance(value, str):
        return False
    head, dot, name = value.partition(".")
    if not dot or not NAME.match(name):
        return False
    if rows == "sops":
        return (head == "sop" and (_is_name(name) or name in SOP_FACTS)) or (head == "period" and name in PERIOD_FIELDS)
    if head == "case":
        return name in CASE_FIELDS
    if head == "start":
        return _is_name(name)
    if head == "step" and not bound:
        return False
    return _is_name(head) and head not in ("sop", "period") and (
        _is_name(name) or name in STEP_FACTS or (head == "step" and name == "@name"))


