"""NIP (Nomor Induk Pegawai) on users, unique when given

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place (no batch copy): other tables refer to users (see 0007).
    op.add_column('users', sa.Column('nip', sa.String(length=18), nullable=True))
    op.create_index('ix_users_nip', 'users', ['nip'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_users_nip', table_name='users')
    op.drop_column('users', 'nip')
