"""Placeholder for issue 14 (completion path): version counters for the in-process caches

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:30:00
"""
from alembic import op  # noqa: F401

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
