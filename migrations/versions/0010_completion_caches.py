"""Version counters for the in-process caches of the completion path (issue 14)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 12:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        'cache_versions',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('directory', sa.BigInteger(), server_default='1', nullable=False),
        sa.Column('calendar', sa.BigInteger(), server_default='1', nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_cache_versions')),
    )
    op.bulk_insert(table, [{'id': 1, 'directory': 1, 'calendar': 1}])


def downgrade() -> None:
    op.drop_table('cache_versions')
