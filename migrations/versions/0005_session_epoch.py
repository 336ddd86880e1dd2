"""session epoch on users; sign-in attempts by account and address

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 08:55:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_login_attempts_username_source_at', 'login_attempts', ['username', 'source', 'at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_login_attempts_username_source_at', table_name='login_attempts')
    with op.batch_alter_table('users') as batch_op:
        batch_op.drop_column('session_epoch')
