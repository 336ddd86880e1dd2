"""indexes for the archive and reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 13:55:00
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_cases_started_at', 'cases', ['started_at'], unique=False)
    op.create_index('ix_cases_started_by', 'cases', ['started_by_id'], unique=False)
    op.create_index('ix_tasks_assignee_case', 'tasks', ['assignee_id', 'case_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_tasks_assignee_case', table_name='tasks')
    op.drop_index('ix_cases_started_by', table_name='cases')
    op.drop_index('ix_cases_started_at', table_name='cases')
