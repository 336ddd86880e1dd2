"""A NIK, NPWP or NIB typed whole is looked up exactly (issue 14): ``cases.identifiers``

The whole numbers of each case's search column (``engine.reports.search.whole_numbers``), with a GIN index on
PostgreSQL. A trigram search for sixteen digits reads a posting list per digit trigram, and every NIK shares
them: 54 ms at two million cases, against one index lookup now.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 16:00:00
"""
import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from engine.reports.search import whole_numbers

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

BATCH = 2_000
#: The UPDATE of a batch, by whether the database is PostgreSQL (its jsonb column takes a cast text).
_SET_NUMBERS = {True: sa.text("UPDATE cases SET identifiers = CAST(:numbers AS jsonb) WHERE id = :id"),
                False: sa.text("UPDATE cases SET identifiers = :numbers WHERE id = :id")}


def upgrade() -> None:
    bind = op.get_bind()
    column_type = sa.JSON().with_variant(JSONB(), "postgresql")
    with op.batch_alter_table('cases') as batch_op:
        batch_op.add_column(sa.Column('identifiers', column_type, nullable=False, server_default='[]'))
    for batch in _batches(bind):
        _fill(bind, batch)
    op.create_index('ix_cases_identifiers', 'cases', ['identifiers'], postgresql_using='gin',
                    postgresql_ops={'identifiers': 'jsonb_path_ops'}, sqlite_where=sa.text('0'))


def _batches(bind: sa.engine.Connection):  # type: ignore[no-untyped-def]
    """The stored cases' (id, search_text), a batch at a time in id order."""
    last = 0
    while True:
        cases = bind.execute(sa.text("SELECT id, search_text FROM cases WHERE id > :last ORDER BY id LIMIT :n"),
                             {"last": last, "n": BATCH}).all()
        if not cases:
            return
        last = cases[-1].id
        yield cases


def _fill(bind: sa.engine.Connection, cases) -> None:  # type: ignore[no-untyped-def]
    """Each case's whole numbers, as ``engine.reports.search.whole_numbers`` writes them for new ones."""
    numbered = [{"id": case.id, "numbers": json.dumps(numbers)}
                for case in cases if (numbers := whole_numbers(case.search_text or ""))]
    if numbered:
        bind.execute(_SET_NUMBERS[bind.dialect.name == "postgresql"], numbered)


def downgrade() -> None:
    op.drop_index('ix_cases_identifiers', table_name='cases')
    with op.batch_alter_table('cases') as batch_op:
        batch_op.drop_column('identifiers')
