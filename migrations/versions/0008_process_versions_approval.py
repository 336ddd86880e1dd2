"""process versions approval: draft → approved → effective → archived, "Disahkan oleh" recorded; the Kadis role

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 10:10:00
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

_TIMES = ('took_effect_at', 'archived_at', 'discarded_at', 'approved_at')


def upgrade() -> None:
    # The status column is a non-native enum (VARCHAR(20) without a CHECK constraint), like the case status.
    op.add_column('process_definitions', sa.Column('status', sa.String(length=20), server_default='effective',
                                                   nullable=False))
    op.add_column('process_definitions', sa.Column('effective_on', sa.Date(), nullable=True))
    for column in _TIMES:
        op.add_column('process_definitions', sa.Column(column, sa.DateTime(timezone=False), nullable=True))
    op.add_column('process_definitions', sa.Column('approved_on', sa.Date(), nullable=True))
    op.add_column('process_definitions', sa.Column('approver_position', sa.String(length=250), nullable=True))
    op.add_column('process_definitions', sa.Column('approver_name', sa.String(length=200), nullable=True))
    op.add_column('process_definitions', sa.Column('approver_nip', sa.String(length=40), nullable=True))
    name = 'fk_process_definitions_approved_by_id_users'
    if op.get_bind().dialect.name == 'sqlite':
        # In place: a batch copy would recreate a table that cases and steps refer to (see 0007). A downgrade
        # leaves this column behind on SQLite (see there), so it is added only when missing.
        columns = {c['name'] for c in sa.inspect(op.get_bind()).get_columns('process_definitions')}
        if 'approved_by_id' not in columns:
            op.execute(f'ALTER TABLE process_definitions ADD COLUMN approved_by_id INTEGER '
                       f'CONSTRAINT {name} REFERENCES users (id)')
    else:
        op.add_column('process_definitions', sa.Column('approved_by_id', sa.Integer(), nullable=True))
        op.create_foreign_key(name, 'process_definitions', 'users', ['approved_by_id'], ['id'])
    op.add_column('roles', sa.Column('approves_sops', sa.Boolean(), server_default=sa.false(), nullable=False))

    # Every version registered so far was published by sync: the latest is in force, the older ones were
    # replaced when the next one was registered.
    op.execute("UPDATE process_definitions SET status = CASE WHEN is_latest THEN 'effective' ELSE 'archived' END, "
               "took_effect_at = created_at")
    op.execute("UPDATE process_definitions SET archived_at = (SELECT MIN(n.created_at) FROM process_definitions n "
               "WHERE n.key = process_definitions.key AND n.version > process_definitions.version) "
               "WHERE status = 'archived'")
    op.execute("UPDATE process_definitions SET effective_on = CAST(created_at AS DATE)"
               if op.get_bind().dialect.name != 'sqlite'
               else "UPDATE process_definitions SET effective_on = date(created_at)")
    # The Kadis approves the office's SOPs (Permenpan RB 35/2012: "Disahkan oleh" the head of the office).
    op.execute("UPDATE roles SET approves_sops = true WHERE code = 'kadis'")


def downgrade() -> None:
    # Versions that never took effect have no place in the older schema's "latest or replaced" view.
    op.execute("DELETE FROM process_steps WHERE definition_id IN (SELECT id FROM process_definitions "
               "WHERE status IN ('draft', 'approved', 'discarded'))")
    op.execute("DELETE FROM process_definitions WHERE status IN ('draft', 'approved', 'discarded')")
    columns = ('approver_nip', 'approver_name', 'approver_position', 'approved_on', *reversed(_TIMES),
               'effective_on', 'status')
    if op.get_bind().dialect.name == 'sqlite':
        # SQLite drops plain columns in place (3.35+); a batch copy of roles or process_definitions, which other
        # tables refer to, is refused by its enforced foreign keys. approved_by_id, a foreign key itself, cannot
        # be dropped in place: it stays, empty and unread, and 0008 finds it there if upgraded again.
        op.execute("UPDATE process_definitions SET approved_by_id = NULL")
        op.execute('ALTER TABLE roles DROP COLUMN approves_sops')
        for column in columns:
            op.execute(f'ALTER TABLE process_definitions DROP COLUMN {column}')
        return
    op.drop_column('roles', 'approves_sops')
    op.drop_constraint('fk_process_definitions_approved_by_id_users', 'process_definitions', type_='foreignkey')
    for column in ('approved_by_id', *columns):
        op.drop_column('process_definitions', column)
