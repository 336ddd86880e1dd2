"""The archive lists cases newest first by (started_at, id): an index in that order (issue 14)

It replaces the index on ``started_at`` alone, which serves every query that one served. With that one, a page of
the archive read the index newest first and then sorted each group of cases sharing a start time by id, every
case of the group: 1.1 s for the first page at two million cases when a million of them were started in one
import (the list bench's open work), 2 ms now. The archive search walks the newest cases in the same order.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 18:10:00
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_cases_started_id', 'cases', ['started_at', 'id'])
    op.drop_index('ix_cases_started_at', table_name='cases')


def downgrade() -> None:
    op.create_index('ix_cases_started_at', 'cases', ['started_at'])
    op.drop_index('ix_cases_started_id', table_name='cases')
