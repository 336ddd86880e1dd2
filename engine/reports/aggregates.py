"""Grouped counts and percentiles computed by the database, on PostgreSQL and on SQLite alike.

Reports read up to millions of task rows: the rows never travel to Python, only one line per group.
PostgreSQL has ``percentile_cont``, so one scan gives every count and percentile of every group. SQLite has
none: there the same value is computed with window functions (rank every value in its group, pick the two
neighbours of the position ``p·(n−1)`` and interpolate), which is exactly ``percentile_cont``'s definition.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

from sqlalchemy import Float, Integer, Select, case, cast, func, select
from sqlalchemy.orm import Session


def grouped_summary(session: Session, source: Select[Any],
                    percentiles: Mapping[str, Sequence[float]]) -> dict[Hashable, dict[str, Any]]:
    """``{group: {"count": n, "late": k, column: [percentile for each fraction], …}}``.

    ``source`` selects labelled columns: ``grp``, ``late`` (1 or 0) and each column named in ``percentiles``
    (nulls are left out of that column's percentiles, as ``percentile_cont`` does).
    """
    rows = source.subquery()
    counts = (func.count(), func.coalesce(func.sum(rows.c.late), 0))
    if session.get_bind().dialect.name == "postgresql":
        wanted = [(name, p) for name, fractions in percentiles.items() for p in fractions]
        query = select(rows.c.grp, *counts, *(func.percentile_cont(p).within_group(rows.c[name]) for name, p in wanted))
        result: dict[Hashable, dict[str, Any]] = {}
        for row in session.execute(query.group_by(rows.c.grp)):
            entry: dict[str, Any] = {"count": int(row[1]), "late": int(row[2])}
            for index, (name, _) in enumerate(wanted):
                value = row[3 + index]
                entry.setdefault(name, []).append(None if value is None else float(value))
            result[row[0]] = entry
        return result
    result = {row[0]: {"count": int(row[1]), "late": int(row[2]), **{name: [None] * len(f) for name, f in
                                                                      percentiles.items()}}
              for row in session.execute(select(rows.c.grp, *counts).group_by(rows.c.grp))}
    for name, fractions in percentiles.items():
        for group, values in _window_percentiles(session, rows, name, fractions).items():
            result[group][name] = values
    return result


def grouped_percentiles(session: Session, source: Select[Any],
                        fractions: Sequence[float]) -> dict[Hashable, list[float]]:
    """``{group: [percentile for each fraction]}`` of ``source``'s ``value`` column within its ``grp`` column."""
    rows = source.subquery()
    if session.get_bind().dialect.name == "postgresql":
        query = select(rows.c.grp, *(func.percentile_cont(p).within_group(rows.c.value) for p in fractions)) \
            .where(rows.c.value.is_not(None)).group_by(rows.c.grp)
        return {row[0]: [float(v) for v in row[1:]] for row in session.execute(query)}
    return _window_percentiles(session, rows, "value", fractions)


def _window_percentiles(session: Session, rows: Any, name: str,
                        fractions: Sequence[float]) -> dict[Hashable, list[float]]:
    values = select(rows.c.grp, rows.c[name].label("value")).where(rows.c[name].is_not(None)).subquery()
    ranked = select(
        values.c.grp,
        cast(values.c.value, Float).label("value"),
        (func.row_number().over(partition_by=values.c.grp, order_by=values.c.value) - 1).label("rn"),
        func.count().over(partition_by=values.c.grp).label("n"),
    ).subquery()
    columns = []
    for p in fractions:
        position = p * (ranked.c.n - 1)
        below = cast(position, Integer)  # truncation is floor: positions are never negative
        columns += [
            func.max(case((ranked.c.rn == below, ranked.c.value))),
            func.max(case((ranked.c.rn == below + 1, ranked.c.value))),
            func.max(position - below),
        ]
    result: dict[Hashable, list[float]] = {}
    for row in session.execute(select(ranked.c.grp, *columns).group_by(ranked.c.grp)):
        found = []
        for index in range(len(fractions)):
            low, high, share = row[1 + 3 * index: 4 + 3 * index]
            found.append(float(low) if high is None or not share else float(low) + float(share) * (high - low))
        result[row[0]] = found
    return result


def percentile(values: Sequence[float], fraction: float) -> float | None:
    """``percentile_cont`` in Python, for small lists and for tests to check the SQL against."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    below = int(position)
    if below + 1 >= len(ordered):
        return float(ordered[below])
    return ordered[below] + (position - below) * (ordered[below + 1] - ordered[below])
