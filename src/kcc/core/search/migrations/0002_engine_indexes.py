"""The full-text machinery of each database, on the tables of 0001.

SQLite: FTS5 tables with external content over ``search_searchentry`` (documents, bm25) and
``search_searchterm`` (trigram tokenizer, for typo correction), kept in sync by triggers.
PostgreSQL: a generated tsvector column with weights A/A/C and a GIN index, and a pg_trgm GIN
index on the vocabulary. Note: if a later migration makes SQLite rebuild these tables (an ALTER
it cannot do in place), the triggers must be created again.
"""

from django.db import migrations

from kcc.core.search.schema import run_per_vendor

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        meta, title, keywords, body,
        content='search_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, meta, title, keywords, body)
        VALUES (new.id, new.meta, new.title, new.keywords, new.body);
    END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, meta, title, keywords, body)
        VALUES ('delete', old.id, old.meta, old.title, old.keywords, old.body);
    END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, meta, title, keywords, body)
        VALUES ('delete', old.id, old.meta, old.title, old.keywords, old.body);
        INSERT INTO search_fts(rowid, meta, title, keywords, body)
        VALUES (new.id, new.meta, new.title, new.keywords, new.body);
    END""",
    """CREATE VIRTUAL TABLE search_term_trigram USING fts5(
        term, content='search_searchterm', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER search_term_ai AFTER INSERT ON search_searchterm BEGIN
        INSERT INTO search_term_trigram(rowid, term) VALUES (new.id, new.term);
    END""",
    """CREATE TRIGGER search_term_ad AFTER DELETE ON search_searchterm BEGIN
        INSERT INTO search_term_trigram(search_term_trigram, rowid, term) VALUES ('delete', old.id, old.term);
    END""",
    """CREATE TRIGGER search_term_au AFTER UPDATE OF term ON search_searchterm BEGIN
        INSERT INTO search_term_trigram(search_term_trigram, rowid, term) VALUES ('delete', old.id, old.term);
        INSERT INTO search_term_trigram(rowid, term) VALUES (new.id, new.term);
    END""",
    # Rows written before this migration (none in practice) enter the new indexes.
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "INSERT INTO search_term_trigram(search_term_trigram) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER search_term_au",
    "DROP TRIGGER search_term_ad",
    "DROP TRIGGER search_term_ai",
    "DROP TABLE search_term_trigram",
    "DROP TRIGGER search_entry_au",
    "DROP TRIGGER search_entry_ad",
    "DROP TRIGGER search_entry_ai",
    "DROP TABLE search_fts",
]

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, keywords), 'A')
        || setweight(to_tsvector('simple'::regconfig, body), 'C')) STORED""",
    "CREATE INDEX search_entry_vector ON search_searchentry USING gin (vector)",
    # On an expression, so that the planner never uses it for equality (gin_trgm_ops supports
    # ``=`` since PostgreSQL 14): a vocabulary look-up of a few hundred words then took seconds.
    "CREATE INDEX search_term_trigram ON search_searchterm USING gin (lower(term) gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX search_term_trigram",
    "DROP INDEX search_entry_vector",
    "ALTER TABLE search_searchentry DROP COLUMN vector",
    # pg_trgm stays: other apps may use it, and keeping an extension harms nothing.
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [run_per_vendor(STATEMENTS)]
