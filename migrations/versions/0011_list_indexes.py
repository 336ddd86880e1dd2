"""lists that read only what they show: list indexes, the archive's search column (issue 14)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 12:30:00

``cases.search_text`` is filled here for the cases already stored, the way ``engine.reports.search`` writes it
for new ones; on PostgreSQL it gets a trigram index (``pg_trgm``, in contrib).
"""
import sqlalchemy as sa
from alembic import op

from engine.reports.search import identifier_fields, search_text, start_text_fields, step_identifiers

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OPEN_QUEUE = "status = 'open' AND assignee_id IS NULL"
BATCH = 2_000


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    with op.batch_alter_table('cases') as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), nullable=False, server_default=''))
    _backfill(bind)
    if postgresql:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_index('ix_cases_search_text', 'cases', ['search_text'], postgresql_using='gin',
                    postgresql_ops={'search_text': 'gin_trgm_ops'}, sqlite_where=sa.text('0'))
    with op.batch_alter_table('tasks') as batch_op:
        batch_op.drop_index('ix_tasks_queue')
        batch_op.drop_index('ix_tasks_assignee_status')
        batch_op.create_index('ix_tasks_assignee_status_due', ['assignee_id', 'status', 'due_at', 'id'])
        batch_op.create_index('ix_tasks_open_queue', ['role_code', 'unit_id', 'due_at', 'id'],
                              postgresql_where=sa.text(OPEN_QUEUE), sqlite_where=sa.text(OPEN_QUEUE))
        batch_op.create_index('ix_tasks_status_unit_due', ['status', 'unit_id', 'due_at'])


def _backfill(bind: sa.engine.Connection) -> None:
    """Each stored case's search column, from its start data and the identifiers its completed steps recorded."""
    definitions = {row.id: row for row in bind.execute(sa.text(
        "SELECT id, sop, forms FROM process_definitions"))}
    start_fields, step_forms = {}, {}
    for definition_id, row in definitions.items():
        sop, forms = _json(row.sop) or {}, _json(row.forms) or {}
        start_fields[definition_id] = start_text_fields(forms.get((sop.get("case") or {}).get("start_form")))
        step_forms[definition_id] = {path: form for path, form in forms.items() if identifier_fields(form)}
    identified_steps = {step_id: step_forms[definition_id][path] for step_id, definition_id, path in bind.execute(
        sa.text("SELECT id, definition_id, form_path FROM process_steps WHERE form_path IS NOT NULL"))
        if path in step_forms.get(definition_id, {})}
    last = 0
    while True:
        cases = bind.execute(sa.text(
            "SELECT id, reference, subject, data, definition_id FROM cases WHERE id > :last ORDER BY id LIMIT :n"),
            {"last": last, "n": BATCH}).all()
        if not cases:
            return
        last = cases[-1].id
        found: dict[int, list[str]] = {}
        if identified_steps:
            for case_id, step_id, data in bind.execute(sa.text(
                    "SELECT case_id, step_id, data FROM tasks WHERE case_id BETWEEN :first AND :last "
                    "AND status = 'completed' AND step_id IN :steps ORDER BY completed_at, id").bindparams(
                    sa.bindparam("steps", expanding=True)),
                    {"first": cases[0].id, "last": last, "steps": list(identified_steps)}):
                found.setdefault(case_id, []).extend(step_identifiers(identified_steps[step_id], _json(data)))
        bind.execute(sa.text("UPDATE cases SET search_text = :text WHERE id = :id"), [
            {"id": case.id, "text": search_text(case.reference, case.subject, _json(case.data) or {},
                                                start_fields.get(case.definition_id, []), found.get(case.id, []))}
            for case in cases])


def _json(value):  # type: ignore[no-untyped-def]
    import json
    return json.loads(value) if isinstance(value, str) else value


def downgrade() -> None:
    with op.batch_alter_table('tasks') as batch_op:
        batch_op.drop_index('ix_tasks_status_unit_due')
        batch_op.drop_index('ix_tasks_open_queue')
        batch_op.drop_index('ix_tasks_assignee_status_due')
        batch_op.create_index('ix_tasks_assignee_status', ['assignee_id', 'status'])
        batch_op.create_index('ix_tasks_queue', ['status', 'role_code', 'unit_id', 'assignee_id'])
    op.drop_index('ix_cases_search_text', table_name='cases')
    with op.batch_alter_table('cases') as batch_op:
        batch_op.drop_column('search_text')
