"""office settings: working hours and Ramadan periods

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 12:45:00
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'office_settings',
        sa.Column('key', sa.String(length=60), nullable=False),
        sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'),
                  nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=False), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_office_settings')),
    )


def downgrade() -> None:
    op.drop_table('office_settings')
