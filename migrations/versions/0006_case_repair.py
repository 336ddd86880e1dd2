"""case repair: cases needing attention, suspended cases

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# The status column is a non-native enum (a plain VARCHAR(20) without a CHECK constraint), so the new
# 'suspended' value needs no DDL.


def upgrade() -> None:
    with op.batch_alter_table('cases') as batch_op:
        batch_op.add_column(sa.Column('attention_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('attention_at', sa.DateTime(timezone=False), nullable=True))
        batch_op.add_column(sa.Column('suspended_at', sa.DateTime(timezone=False), nullable=True))
        batch_op.create_index('ix_cases_attention_at', ['attention_at'], unique=False)


def downgrade() -> None:
    op.execute("UPDATE cases SET status = 'active' WHERE status = 'suspended'")
    with op.batch_alter_table('cases') as batch_op:
        batch_op.drop_index('ix_cases_attention_at')
        batch_op.drop_column('suspended_at')
        batch_op.drop_column('attention_at')
        batch_op.drop_column('attention_error')
