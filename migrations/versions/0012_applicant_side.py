"""The applicant's side (issue 15): tracking code and promised time on cases, the survey's answers

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 12:30:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # In place (no batch copy): other tables refer to cases.
    op.add_column('cases', sa.Column('tracking_code', sa.String(length=16), nullable=True))
    op.add_column('cases', sa.Column('promised_at', sa.DateTime(), nullable=True))
    op.create_table(
        'survey_responses',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('process_key', sa.String(length=120), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=False),
        sa.Column('channel', sa.String(length=10), nullable=False),
        sa.Column('entered_by_id', sa.Integer(), nullable=True),
        *(sa.Column(f'u{n}', sa.Integer(), nullable=False) for n in range(1, 10)),
        sa.Column('jenis_kelamin', sa.String(length=20), nullable=True),
        sa.Column('pendidikan', sa.String(length=40), nullable=True),
        sa.Column('pekerjaan', sa.String(length=40), nullable=True),
        sa.Column('usia', sa.Integer(), nullable=True),
        sa.Column('saran', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name='fk_survey_responses_case_id_cases'),
        sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name='fk_survey_responses_unit_id_units'),
        sa.ForeignKeyConstraint(['entered_by_id'], ['users.id'], name='fk_survey_responses_entered_by_id_users'),
        sa.PrimaryKeyConstraint('id', name='pk_survey_responses'),
        sa.UniqueConstraint('case_id', name='uq_survey_responses_case_id'),
    )
    op.create_index('ix_survey_responses_process_at', 'survey_responses', ['process_key', 'answered_at'])
    op.create_index('ix_survey_responses_unit_at', 'survey_responses', ['unit_id', 'answered_at'])


def downgrade() -> None:
    op.drop_index('ix_survey_responses_unit_at', table_name='survey_responses')
    op.drop_index('ix_survey_responses_process_at', table_name='survey_responses')
    op.drop_table('survey_responses')
    op.drop_column('cases', 'promised_at')
    op.drop_column('cases', 'tracking_code')
