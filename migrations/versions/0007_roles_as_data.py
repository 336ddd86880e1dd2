"""roles as data: external parties (Pemohon) recorded by an internal role; the performing role of a step

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:40:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _add_role_reference(table: str, column: str) -> None:
    """A nullable column referring to a role. SQLite adds it in place (``ADD COLUMN … REFERENCES``): a batch copy
    would drop and recreate tables that other tables refer to, which its enforced foreign keys refuse."""
    name = f'fk_{table}_{column}_roles'
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'ALTER TABLE {table} ADD COLUMN {column} VARCHAR(40) CONSTRAINT {name} REFERENCES roles (code)')
    else:
        op.add_column(table, sa.Column(column, sa.String(length=40), nullable=True))
        op.create_foreign_key(name, table, 'roles', [column], ['code'])


def upgrade() -> None:
    op.add_column('roles', sa.Column('is_external', sa.Boolean(), server_default=sa.false(), nullable=False))
    _add_role_reference('roles', 'recorded_by_code')
    _add_role_reference('process_steps', 'performer_role_code')
    _add_role_reference('tasks', 'performer_role_code')
    # The applicant, so an office can draw a Pemohon lane at once: its steps are recorded by the Pelaksana.
    # Only where the office has a Pelaksana and no role of that code or name yet.
    op.execute(
        "INSERT INTO roles (code, name, is_supervisor, escalation_rank, is_admin, is_external, recorded_by_code) "
        "SELECT 'pemohon', 'Pemohon', false, NULL, false, true, 'pelaksana' "
        "WHERE EXISTS (SELECT 1 FROM roles WHERE code = 'pelaksana' AND is_external = false) "
        "AND NOT EXISTS (SELECT 1 FROM roles WHERE code = 'pemohon' OR lower(name) = 'pemohon')"
    )


def downgrade() -> None:
    # The seeded Pemohon goes only if nothing refers to it; other external roles become plain roles.
    op.execute(
        "DELETE FROM roles WHERE code = 'pemohon' AND is_external = true "
        "AND NOT EXISTS (SELECT 1 FROM user_roles WHERE role_code = 'pemohon') "
        "AND NOT EXISTS (SELECT 1 FROM process_steps WHERE role_code = 'pemohon' OR performer_role_code = 'pemohon') "
        "AND NOT EXISTS (SELECT 1 FROM tasks WHERE role_code = 'pemohon' OR performer_role_code = 'pemohon')"
    )
    for table, column in (('tasks', 'performer_role_code'), ('process_steps', 'performer_role_code'),
                          ('roles', 'recorded_by_code')):
        with op.batch_alter_table(table) as batch_op:
            if op.get_bind().dialect.name != 'sqlite':  # on SQLite the key is inline: it goes with its column
                batch_op.drop_constraint(f'fk_{table}_{column}_roles', type_='foreignkey')
            batch_op.drop_column(column)
    with op.batch_alter_table('roles') as batch_op:
        batch_op.drop_column('is_external')
