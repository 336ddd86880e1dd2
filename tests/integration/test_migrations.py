"""The migrations build exactly the tables the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import literal_column, select, text

from engine.db import Database
from engine.models import Base, Task, TaskStatus
from engine.models.cases import TIMERS


def test_migrated_schema_matches_the_models(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_the_scheduler_reads_pending_timers_from_indexes_that_hold_only_them(db: Database) -> None:
    """Each timer's index is partial (only the rows whose timer is set: no entry for a completed step), and the
    sweep's query (``column <= now``, soonest first) can be answered from it on both databases: SQLite is told to use
    it (``INDEXED BY`` fails when it cannot), PostgreSQL is left no other index to choose (dropped in a transaction
    that is rolled back) and no sequential scan."""
    now = literal_column("'2026-12-04 03:00:00.000000'")  # as stored; a literal, so that EXPLAIN needs no parameters
    with db.engine.connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        for timer in TIMERS:
            name = f"ix_tasks_{timer}"
            definition = connection.scalar(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :name") if postgres else
                text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = :name"), {"name": name})
            assert f"{timer} IS NOT NULL" in definition.replace("(", "").replace(")", "")
            column = getattr(Task, timer)
            due = select(Task.id).where(column <= now, Task.status == TaskStatus.OPEN).order_by(column, Task.id)
            sql = str(due.limit(50).compile(connection, compile_kwargs={"literal_binds": True}))
            if postgres:
                others = connection.scalars(text("SELECT indexname FROM pg_indexes WHERE tablename = 'tasks' "
                                                 "AND indexname NOT IN (:name, 'pk_tasks')"), {"name": name})
                for other in others.all():
                    connection.exec_driver_sql(f"DROP INDEX {other}")
                connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
                plan = " ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}"))
                connection.rollback()  # the indexes are back
                assert name in plan and "Seq Scan" not in plan, plan
            else:
                connection.exec_driver_sql(sql.replace("FROM tasks", f"FROM tasks INDEXED BY {name}", 1)).all()
