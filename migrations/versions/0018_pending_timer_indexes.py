"""The scheduler's timer indexes hold only pending timers (issue 14)

``flag_overdue_at``, ``remind_at`` and ``next_escalation_at`` are null once handled or when the step closes, and a
sweep reads only the rows whose timer is set (``column <= now`` implies it is not null, so PostgreSQL and SQLite use
a partial index for it). Indexed whole, each held an entry for every completed step as well: a million entries of
nulls at a million task rows, and three more index entries written by every completion. Partial, they hold the open
steps' timers only.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 11:50:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

TIMERS = ('flag_overdue_at', 'remind_at', 'next_escalation_at')


def upgrade() -> None:
    for timer in TIMERS:
        op.drop_index(f'ix_tasks_{timer}', table_name='tasks')
        pending = sa.text(f'{timer} IS NOT NULL')
        op.create_index(f'ix_tasks_{timer}', 'tasks', [timer], postgresql_where=pending, sqlite_where=pending)


def downgrade() -> None:
    for timer in TIMERS:
        op.drop_index(f'ix_tasks_{timer}', table_name='tasks')
        op.create_index(f'ix_tasks_{timer}', 'tasks', [timer])
