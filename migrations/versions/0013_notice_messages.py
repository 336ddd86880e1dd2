"""Notices kept as message keys: each notice's title and body as an Indonesian msgid with parameters (issue 13)

The bell shows a notice in the reader's language; ``title`` and ``body`` stay the Indonesian text for email and
for notices written before this column (whose ``message`` is empty).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 12:30:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notifications') as batch_op:
        message = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
        batch_op.add_column(sa.Column('message', message, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notifications') as batch_op:
        batch_op.drop_column('message')
