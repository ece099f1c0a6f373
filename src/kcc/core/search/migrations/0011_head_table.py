"""PostgreSQL: the title-and-keywords vector in a narrow table of its own, kept by triggers.

Most look-ups start in questions and keywords (``Engine._candidates``). Stored as the last column of
``search_searchentry``, that vector sat behind the answers and their full vector, so a look-up whose words
occur in thousands of questions (the some-words level of a long question) scanned wide rows and walked over
every variable-width column to reach it: 1,100 pages and 13 ms at 10,000 VAC's. In ``search_head`` the same
look-up reads a tenth of the pages, and the wide columns are fetched only for the rows that are returned.

The triggers keep it equal to ``search_searchentry`` on every insert, update, delete and truncate (Django's
test flush truncates), as SQLite's triggers keep ``search_fts``. SQLite needs nothing: an FTS5 column
filter (``{title keywords}``) already reads only those columns.
"""

from django.db import migrations

from kcc.core.search.schema import run_per_vendor

HEAD_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, {row}title), 'A') "
    "|| setweight(to_tsvector('simple'::regconfig, {row}keywords), 'A')"
)

POSTGRES_FORWARD = [
    """CREATE TABLE search_head (
        entry_id bigint PRIMARY KEY,
        source varchar(40) NOT NULL,
        object_id bigint NOT NULL,
        meta varchar(500) NOT NULL,
        head tsvector NOT NULL)""",
    f"""CREATE FUNCTION search_head_write() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_head (entry_id, source, object_id, meta, head)
        VALUES (NEW.id, NEW.source, NEW.object_id, NEW.meta, {HEAD_VECTOR.format(row="NEW.")})
        ON CONFLICT (entry_id) DO UPDATE SET source = EXCLUDED.source, object_id = EXCLUDED.object_id,
            meta = EXCLUDED.meta, head = EXCLUDED.head;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_head_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM search_head WHERE entry_id = OLD.id;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION search_head_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        TRUNCATE search_head;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER search_head_write AFTER INSERT OR UPDATE ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_head_write()",
    "CREATE TRIGGER search_head_delete AFTER DELETE ON search_searchentry "
    "FOR EACH ROW EXECUTE FUNCTION search_head_delete()",
    "CREATE TRIGGER search_head_truncate AFTER TRUNCATE ON search_searchentry "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_head_truncate()",
    "INSERT INTO search_head (entry_id, source, object_id, meta, head) "
    "SELECT id, source, object_id, meta, head FROM search_searchentry",
    "CREATE INDEX search_head_vector ON search_head USING gin (head)",
    "DROP INDEX search_entry_head",
    "ALTER TABLE search_searchentry DROP COLUMN head",
    "ANALYZE search_head",
]
POSTGRES_BACKWARD = [
    f"ALTER TABLE search_searchentry ADD COLUMN head tsvector GENERATED ALWAYS AS ({HEAD_VECTOR.format(row='')}) STORED",
    "CREATE INDEX search_entry_head ON search_searchentry USING gin (head)",
    "DROP TRIGGER search_head_truncate ON search_searchentry",
    "DROP TRIGGER search_head_delete ON search_searchentry",
    "DROP TRIGGER search_head_write ON search_searchentry",
    "DROP FUNCTION search_head_truncate()",
    "DROP FUNCTION search_head_delete()",
    "DROP FUNCTION search_head_write()",
    "DROP TABLE search_head",
]

STATEMENTS = {
    "sqlite": ([], []),
    "postgresql": (POSTGRES_FORWARD, POSTGRES_BACKWARD),
}


class Migration(migrations.Migration):
    dependencies = [("search", "0010_thesaurus_situations")]

    operations = [run_per_vendor(STATEMENTS)]
