"""PostgreSQL: a tsvector of title and keywords alone, with its own GIN index.

The search first looks for the clauses in questions and keywords (see ``Engine._candidates``);
matched through ``vector`` that would fetch and re-check every row whose answer has the word.
SQLite needs nothing: an FTS5 column filter (``{title keywords}``) does the same on ``search_fts``.
"""

from django.db import migrations

from kcc.core.search.schema import run_per_vendor

POSTGRES_FORWARD = [
    """ALTER TABLE search_searchentry ADD COLUMN head tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, keywords), 'A')) STORED""",
    "CREATE INDEX search_entry_head ON search_searchentry USING gin (head)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX search_entry_head",
    "ALTER TABLE search_searchentry DROP COLUMN head",
]

STATEMENTS = {
    "sqlite": ([], []),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("search", "0003_shipped_synonyms")]

    operations = [run_per_vendor(STATEMENTS)]
