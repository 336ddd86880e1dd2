"""A register laid out from its declaration (:mod:`engine.reports.register_declaration`): the records the
report use case read (cases or SOPs, in the register's order) become its tables and summary figures.

Pure: no database; the use case is :func:`engine.services.reports.register`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any

from engine.labels import status_label
from engine.reports.exports import Column, Table, rows_of
from engine.reports.register_declaration import (
    SOP_FACTS,
    ColumnSpec,
    MonthSpec,
    RegisterSpec,
    SummarySpec,
    TableSpec,
)
from engine.reports.text import month_name

CARRIED_OUT, NOT_CARRIED_OUT = "Sudah dilaksanakan", "Belum dilaksanakan"


# --- the records a register lists ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StepRecord:
    """The latest activation of a step in a case."""

    status: str  # open, completed, cancelled
    data: Mapping[str, Any]
    completed_at: datetime | None


@dataclass(frozen=True)
class CaseRecord:
    reference: str
    subject: str | None
    status: str  # active, completed, cancelled
    start: Mapping[str, Any]
    steps: Mapping[str, StepRecord]
    open_steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class SopRecord:
    """One SOP feeding a register of SOPs, with its cases in the period."""

    sop: Mapping[str, Any]
    standard_time: str
    kind: str
    started: int
    completed: int
    running: int


Record = CaseRecord | SopRecord


def value_of(record: Record, path: str, words: Mapping[str, str], bound: tuple[str, str] | None = None) -> Any:
    """The value a field path names in one record (None when it has none)."""
    head, _, name = path.partition(".")
    if isinstance(record, SopRecord):
        return _sop_value(record, head, name)
    if head == "case":
        if name == "state":
            word = status_label(record.status)
            return f"{word}: {', '.join(record.open_steps)}" if record.open_steps and record.status == "active" \
                else word
        return record.reference if name == "reference" else record.subject
    if head == "start":
        return record.start.get(name)
    step_id, label = bound if head == "step" and bound else (head, "")
    if name == "@name":
        return label
    step = record.steps.get(step_id)
    if name == "@state":
        if step is None:
            return words["cancelled"] if record.status == "cancelled" else words["none"]
        return words[step.status]
    if step is None or step.status != "completed":
        return None
    return step.completed_at if name == "@completed_at" else step.data.get(name)


def _sop_value(record: SopRecord, head: str, name: str) -> Any:
    if head == "period":
        if name in ("carried_out", "carried_out_basis"):
            if name == "carried_out":
                return CARRIED_OUT if record.completed else NOT_CARRIED_OUT
            basis = f"{record.completed} kasus selesai, {record.started} dimulai dalam periode"
            return basis + (f"; {record.running} sedang berjalan" if record.running else "")
        return {"started": record.started, "completed": record.completed, "running": record.running}[name]
    if name in SOP_FACTS:
        return record.standard_time if name == "@standard_time" else record.kind
    value = record.sop.get(name)
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value


def _has_value(value: Any) -> bool:
    return value is not None and value != ""


def _as_date(value: Any) -> date | None:
    if isinstance(value, date) or not value:
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# --- building the register -------------------------------------------------------------------------------


def build_register(spec: RegisterSpec, records: Sequence[Record]) -> tuple[tuple[Table, ...],
                                                                             tuple[tuple[str, str], ...]]:
    """The register's tables and summary figures from its records (cases or SOPs, in the register's order)."""
    tables, data_rows = [], {}
    for table in spec.tables:
        if table.per_month is not None:
            built, rows = _month_table(table, table.per_month, records, spec.state_words)
        else:
            built, rows = _detail_table(table, records, spec.state_words)
        tables.append(built)
        data_rows[table.title] = (table, rows)
    return tuple(tables), tuple((s.label, _figure(s, data_rows, len(records))) for s in spec.summary)


def _detail_table(table: TableSpec, records: Sequence[Record],
                  words: Mapping[str, str]) -> tuple[Table, list[tuple[Any, ...]]]:
    """The table as shown (a column's ``blank`` where it has no value) and its values for the summary."""
    values: list[tuple[Any, ...]] = []
    for record in records:
        for bound in table.for_each_step or (None,):
            value = partial(value_of, record, words=words, bound=bound)
            if table.only_when_any and not any(_has_value(value(p)) for p in table.only_when_any):
                continue
            values.append(tuple(_cell(column, value, len(values) + 1) for column in table.columns))
    shown = [tuple(c.blank if v is None and c.blank is not None else v for c, v in zip(table.columns, row, strict=True))
             for row in values]
    columns = tuple(Column(c.label, c.kind, c.group) for c in table.columns)
    return Table(table.title, columns, rows_of(shown), note=table.note), values


def _cell(column: ColumnSpec, value: Callable[[str], Any], number: int) -> Any:
    if column.fields == ("#",):
        return number
    found = next((v for v in map(value, column.fields) if _has_value(v)), None)
    return _as_date(found) if column.kind == "date" else found


def _month_table(table: TableSpec, month: MonthSpec, records: Sequence[Record],
                 words: Mapping[str, str]) -> tuple[Table, list[tuple[Any, ...]]]:
    months: dict[tuple[int, int], dict[str, int]] = {}
    for record in records:
        day = _as_date(value_of(record, month.field, words))
        if day is not None:
            split = str(value_of(record, month.split_field, words) or "—") if month.split_field else "—"
            bucket = months.setdefault((day.year, day.month), {})
            bucket[split] = bucket.get(split, 0) + 1
    levels = month.split_values
    rows = [(n, month_name(*key), sum(counts.values()), *(counts.get(level, 0) for level in levels))
            for n, (key, counts) in enumerate(sorted(months.items()), start=1)]
    total = ("", "Jumlah", len(records), *(sum(r[3 + i] for r in rows) for i in range(len(levels))))
    columns = (Column("No", "int"), Column("Bulan"), Column(month.count_label, "int"),
               *(Column(level, "int", group=month.split_label) for level in levels))
    return Table(table.title, columns, rows_of([*rows, total]), note=table.note), rows


def _figure(spec: SummarySpec, data_rows: Mapping[str, tuple[TableSpec, list[tuple[Any, ...]]]],
            records: int) -> str:
    if spec.figure == "cases":
        return str(records)
    table, rows = data_rows[spec.table or ""]
    if spec.figure == "rows":
        return str(len(rows))
    index = [c.label for c in table.columns].index(spec.column or "")
    values = [row[index] for row in rows]
    if spec.figure == "sum":
        return f"{sum(int(v or 0) for v in values):,}".replace(",", ".")
    count = sum(1 for v in values if (v == spec.value if spec.figure == "equal" else _has_value(v)))
    return f"{count} dari {len(rows)}" if spec.of_rows else str(count)
