"""The archive search asks the trigram index only for a search's rare trigrams (issue 14): statistics on them

``CREATE STATISTICS … ON (show_trgm(search_text))``: each ANALYZE of ``cases`` (autovacuum's too) samples the
share of cases holding each of the 1,000 commonest trigrams of the search column, which
``engine.services.reports.archive_search`` reads to pick the few trigrams worth reading for a search. Asked for
every trigram of "rabiatul hakim", the index read twelve posting lists, six of them held by one case in ten to
thirty, for 18 ms at two million cases; two rare ones take 2.6 ms. ANALYZE of two million cases takes some
1.5 s longer (it computes the trigrams of its 30,000 sampled rows). PostgreSQL 14 or later (statistics on an
expression); on older servers and on SQLite nothing is created and every trigram is asked, as before.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 18:30:00
"""
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

NAME = 'st_cases_search_trigrams'


def _supported() -> bool:
    bind = op.get_bind()
    return bind.dialect.name == 'postgresql' and (bind.dialect.server_version_info or (0,)) >= (14,)


def upgrade() -> None:
    if _supported():
        op.execute(f"CREATE STATISTICS IF NOT EXISTS {NAME} ON (show_trgm(search_text)) FROM cases")
        op.execute("ANALYZE cases")  # at once, not when autovacuum next gets to the table


def downgrade() -> None:
    if _supported():
        op.execute(f"DROP STATISTICS IF EXISTS {NAME}")
