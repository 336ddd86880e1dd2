"""Mail owed to applicants (issue 15): the Survei Kepuasan Masyarakat's invitation when a public case finishes

An outbox the scheduler sends from, one row per case and kind, claimed like the notices' email.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 13:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'applicant_mails',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('to_address', sa.String(length=320), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('email_status', sa.String(length=20), nullable=False),
        sa.Column('email_attempts', sa.Integer(), nullable=False),
        sa.Column('email_claimed_at', sa.DateTime(), nullable=True),
        sa.Column('email_sent_at', sa.DateTime(), nullable=True),
        sa.Column('email_error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name='fk_applicant_mails_case_id_cases'),
        sa.PrimaryKeyConstraint('id', name='pk_applicant_mails'),
        sa.UniqueConstraint('case_id', 'kind', name='uq_applicant_mails_case_kind'),
    )
    op.create_index('ix_applicant_mails_status', 'applicant_mails', ['email_status', 'id'])


def downgrade() -> None:
    op.drop_index('ix_applicant_mails_status', table_name='applicant_mails')
    op.drop_table('applicant_mails')
