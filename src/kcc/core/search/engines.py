"""The two search engines behind one interface: SQLite FTS5 and PostgreSQL full-text search.

Both store the same analysed tokens in ``SearchEntry`` and keep the vocabulary in ``SearchTerm``
(see ``models.py``); only matching, ranking and the trigram look-up for typos are vendor SQL.
A query runs as one index look-up that requires every clause; when that leaves places free,
a second look-up that requires any clause fills them, ranked below the first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import F

from kcc.core.search import MAX_QUERY_LENGTH, Document, Hit, QueryTooLong
from kcc.core.search.analysis import (
    AllOf,
    AnalysedQuery,
    Expr,
    SetVocabulary,
    Term,
    all_of,
    analyse_query,
    any_of,
    expr_matches,
    expr_stems,
    index_tokens,
    stem,
    words,
)
from kcc.core.search.models import SearchEntry, SearchTerm
from kcc.core.search.synonyms import synonym_table

_NAME = re.compile(r"[a-z0-9]{1,30}")
MAX_TERM_LENGTH = 60  # longer "words" are codes or garbage: indexed, but not vocabulary
SQL_BATCH = 500
TYPO_CANDIDATES = 30
RERANK_POOL = 50  # candidates taken from the index per level and re-ranked (see Engine._rerank)
FIELD_WEIGHTS = (3.0, 1.0, 1.0)  # a clause found in: title, keywords, body
TITLE_FOCUS = 1.0  # weight of the share of the title's words that the query asked for
LEVEL_GAP = 10.0  # above any score a some-clause match can reach


def _check_name(kind: str, value: str) -> str:
    if not _NAME.fullmatch(value):
        raise ValueError(f"Search {kind} must be 1-30 lower-case letters or digits, not {value!r}.")
    return value


def _meta(source: str, tags: Iterable[str]) -> str:
    """Source and tags as tokens that no analysed word collides with in their own column."""
    return " ".join([f"s{_check_name('source', source)}", *sorted(f"t{_check_name('tag', tag)}" for tag in tags)])


@dataclass
class AnalysedDocument:
    title: list[str]
    keywords: list[str]
    body: list[str]
    words: dict[str, str] = field(default_factory=dict)  # vocabulary word → stem

    def entry(self, doc: Document) -> SearchEntry:
        return SearchEntry(
            source=doc.source,
            object_id=doc.object_id,
            meta=_meta(doc.source, doc.tags),
            title=" ".join(self.title),
            keywords=" ".join(self.keywords),
            body=" ".join(self.body),
            words=" ".join(sorted(self.words)),
        )


def _document_words(doc: Document) -> tuple[list[str], list[str], list[str]]:
    return (
        words(doc.title, join_numbers=False),
        words(doc.keywords, join_numbers=False),
        words(doc.body, join_numbers=False),
    )


def _analyse(fields: tuple[list[str], list[str], list[str]], vocabulary, splits: dict) -> AnalysedDocument:
    title, keywords, body = (index_tokens(field_words, vocabulary, splits) for field_words in fields)
    vocabulary_words = {word: stem(word) for field_words in fields for word in field_words}
    return AnalysedDocument(
        title, keywords, body, {word: s for word, s in vocabulary_words.items() if len(word) <= MAX_TERM_LENGTH}
    )


class DatabaseVocabulary:
    """The vocabulary of one source (or of all, for highlighting), answered from ``SearchTerm``.

    Plain SQL on the (source, term) and (source, stem) indexes: these run for every query,
    where the ORM's query building would cost more than the look-ups themselves.
    """

    def __init__(self, engine: Engine, source: str | None, extra: Collection[str] = ()) -> None:
        self.engine = engine
        self.source = source
        self.extra = set(extra)

    def _column(self, column: str, values: list[str], condition: str = "IN") -> set[str]:
        found: set[str] = set()
        source_filter = "source = %s AND " if self.source else ""
        with connection.cursor() as cursor:
            for start in range(0, len(values), SQL_BATCH):
                batch = values[start : start + SQL_BATCH]
                cursor.execute(
                    f"SELECT DISTINCT {column} FROM {SearchTerm._meta.db_table} WHERE {source_filter}"
                    f"{column} IN ({', '.join(['%s'] * len(batch))})",
                    [*([self.source] if self.source else []), *batch],
                )
                found.update(row[0] for row in cursor.fetchall())
        return found

    def known(self, candidates: Collection[str]) -> set[str]:
        found = {candidate for candidate in candidates if candidate in self.extra}
        return found | self._column("term", sorted(set(candidates) - found))

    def known_stems(self, stems: Collection[str]) -> set[str]:
        return self._column("stem", sorted(stems))

    def similar(self, word: str) -> list[tuple[str, int]]:
        return self.engine.similar_terms(self.source, word)

    def completions(self, prefix: str) -> list[str]:
        # A range on the (source, term) index: terms are ASCII letters and digits only.
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        source_filter = "source = %s AND " if self.source else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term FROM {SearchTerm._meta.db_table} WHERE {source_filter}term >= %s AND term < %s "
                "ORDER BY df DESC, term LIMIT 10",
                [*([self.source] if self.source else []), prefix, upper],
            )
            return [row[0] for row in cursor.fetchall()]


class Engine:
    """Indexing is shared; subclasses answer ``_match`` and ``similar_terms`` with their own SQL."""

    vendor = ""

    # -- writing ----------------------------------------------------------------------------

    def index(self, doc: Document) -> None:
        """Insert or replace ``doc``; runs in the caller's transaction."""
        fields = _document_words(doc)
        own_words = {word for field_words in fields for word in field_words}
        analysed = _analyse(fields, DatabaseVocabulary(self, doc.source, own_words), {})
        new_entry = analysed.entry(doc)
        with transaction.atomic():
            entry = SearchEntry.objects.filter(source=doc.source, object_id=doc.object_id).first()
            old_words = set(entry.words.split()) if entry else set()
            if entry is None:
                new_entry.save()
            else:
                new_entry.pk = entry.pk
                new_entry.save(force_update=True)
            self._count_terms(
                doc.source,
                added={word: s for word, s in analysed.words.items() if word not in old_words},
                removed=old_words - set(analysed.words),
            )

    def remove(self, source: str, object_id: int) -> None:
        with transaction.atomic():
            entry = SearchEntry.objects.filter(source=source, object_id=object_id).first()
            if entry is not None:
                entry.delete()
                self._count_terms(source, added={}, removed=set(entry.words.split()))

    def rebuild(self, source: str, docs: Iterable[Document]) -> int:
        """Replace every document of ``source`` in bulk; the vocabulary is the new corpus's own."""
        _check_name("source", source)
        latest = {doc.object_id: doc for doc in docs if doc.source == source}
        fields = {object_id: _document_words(doc) for object_id, doc in latest.items()}
        vocabulary = SetVocabulary(word for doc_fields in fields.values() for ws in doc_fields for word in ws)
        splits: dict[str, tuple[str, ...]] = {}
        document_frequency: Counter[str] = Counter()
        stems: dict[str, str] = {}
        entries = []
        for object_id, doc in latest.items():
            analysed = _analyse(fields[object_id], vocabulary, splits)
            document_frequency.update(analysed.words.keys())
            stems.update(analysed.words)
            entries.append(analysed.entry(doc))
        with transaction.atomic():
            SearchEntry.objects.filter(source=source).delete()
            SearchTerm.objects.filter(source=source).delete()
            SearchEntry.objects.bulk_create(entries, batch_size=SQL_BATCH)
            SearchTerm.objects.bulk_create(
                (SearchTerm(source=source, term=w, stem=stems[w], df=n) for w, n in document_frequency.items()),
                batch_size=SQL_BATCH,
            )
            self._optimise()
        return len(entries)

    def _count_terms(self, source: str, *, added: dict[str, str], removed: set[str]) -> None:
        table = SearchTerm._meta.db_table
        with connection.cursor() as cursor:
            if added:
                cursor.executemany(
                    f"INSERT INTO {table} (source, term, stem, df) VALUES (%s, %s, %s, 1) "
                    f"ON CONFLICT (source, term) DO UPDATE SET df = {table}.df + 1",
                    [(source, word, word_stem) for word, word_stem in added.items()],
                )
        removed_list = sorted(removed)
        for start in range(0, len(removed_list), SQL_BATCH):
            batch = removed_list[start : start + SQL_BATCH]
            terms = SearchTerm.objects.filter(source=source, term__in=batch)
            terms.filter(df__lte=1).delete()
            terms.update(df=F("df") - 1)

    def _optimise(self) -> None:
        """Bring the index into shape after a bulk load."""

    # -- reading ----------------------------------------------------------------------------

    def analyse(self, query: str, source: str | None) -> AnalysedQuery:
        """The query as the index will be asked it; raises ``QueryTooLong``."""
        if len(query) > MAX_QUERY_LENGTH:
            raise QueryTooLong(len(query))
        return analyse_query(query, DatabaseVocabulary(self, source), synonym_table())

    def search(self, source: str, query: str, *, limit: int = 10, tags: frozenset[str] = frozenset()) -> list[Hit]:
        return self.search_analysed(source, self.analyse(query, source), limit=limit, tags=tags)

    def search_analysed(
        self, source: str, query: AnalysedQuery, *, limit: int = 10, tags: frozenset[str] = frozenset()
    ) -> list[Hit]:
        """Best first: documents matching every clause, then (ranked below) those matching some.

        For callers that also highlight: they analyse once and pass the result here.
        """
        meta = _meta(source, tags).split()
        clauses = query.clauses
        if not clauses or limit <= 0:
            return []
        pool = max(limit, RERANK_POOL)
        ranked = self._rerank(source, clauses, self._match(meta, all_of(clauses), pool), level=1)
        if len(ranked) < limit and len(clauses) > 1:
            found = {object_id for object_id, _ in ranked}
            some = [hit for hit in self._match(meta, any_of(clauses), pool + len(ranked)) if hit[0] not in found]
            ranked += self._rerank(source, clauses, some, level=0)
        return [Hit(source, object_id, score) for object_id, score in ranked[:limit]]

    def _rerank(
        self, source: str, clauses: tuple[Expr, ...], candidates: list[tuple[int, float]], *, level: int
    ) -> list[tuple[int, float]]:
        """Order the index's best candidates by where each clause occurs, identically on every engine.

        The native ranks (bm25, ts_rank_cd) normalise by the length of the whole document, so a
        long answer buries a question that says exactly what was asked. Counting the clauses
        found in the question, the keywords and the answer puts that question first; the native
        rank only breaks ties. ``level`` keeps all-clause matches above some-clause matches.
        """
        if not candidates:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT object_id, title, keywords, body FROM {SearchEntry._meta.db_table} "
                f"WHERE source = %s AND object_id IN ({', '.join(['%s'] * len(candidates))})",
                [source, *(object_id for object_id, _ in candidates)],
            )
            fields = {row[0]: row[1:] for row in cursor.fetchall()}
        stems = set().union(*(expr_stems(clause) for clause in clauses))
        scored = []
        for object_id, native in candidates:
            if object_id not in fields:
                continue
            title, keywords, body = (text.split() for text in fields[object_id])
            field_score = sum(
                weight * sum(expr_matches(clause, tokens) for clause in clauses)
                for weight, tokens in zip(FIELD_WEIGHTS, (set(title), set(keywords), set(body)), strict=True)
            )
            # Of two questions with the asked words, the one about little else is the better answer.
            focus = sum(token in stems for token in title) / len(title) if title else 0.0
            score = level * LEVEL_GAP + field_score / len(clauses) + TITLE_FOCUS * focus + native / (1 + native)
            scored.append((object_id, score))
        return sorted(scored, key=lambda pair: (-pair[1], pair[0]))

    def _match(self, meta: list[str], expr: Expr, limit: int) -> list[tuple[int, float]]:
        """(object_id, score ≥ 0) of the best documents having all ``meta`` tokens and matching ``expr``."""
        raise NotImplementedError

    def similar_terms(self, source: str | None, word: str) -> list[tuple[str, int]]:
        raise NotImplementedError


class SQLiteEngine(Engine):
    """FTS5 over ``SearchEntry`` (external content, kept in sync by triggers) with bm25 column weights."""

    vendor = "sqlite"
    # bm25 weights per FTS5 column: meta (filter only), title, keywords, body.
    WEIGHTS = (0.0, 10.0, 10.0, 2.0)

    @staticmethod
    def compile(expr: Expr) -> str:
        if isinstance(expr, Term):
            return f'"{expr.stem}"'
        operator = " AND " if isinstance(expr, AllOf) else " OR "
        return "(" + operator.join(SQLiteEngine.compile(part) for part in expr.parts) + ")"

    def _match(self, meta: list[str], expr: Expr, limit: int) -> list[tuple[int, float]]:
        match = "meta : (" + " AND ".join(f'"{token}"' for token in meta) + ")"
        match += " AND {title keywords body} : " + self.compile(expr)
        weights = ", ".join(str(weight) for weight in self.WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.object_id, -m.score FROM (SELECT rowid, bm25(search_fts, {weights}) AS score "
                "FROM search_fts WHERE search_fts MATCH %s ORDER BY score LIMIT %s) m "
                f"JOIN {SearchEntry._meta.db_table} e ON e.id = m.rowid ORDER BY m.score, e.object_id",
                [match, limit],
            )
            return [(object_id, max(score, 0.0)) for object_id, score in cursor.fetchall()]

    def similar_terms(self, source: str | None, word: str) -> list[tuple[str, int]]:
        trigrams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
        if not trigrams:
            return []
        source_filter = "AND t.source = %s" if source else ""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.term, t.df FROM (SELECT rowid, rank FROM search_term_trigram "
                "WHERE search_term_trigram MATCH %s ORDER BY rank LIMIT 200) m "
                f"JOIN {SearchTerm._meta.db_table} t ON t.id = m.rowid "
                f"WHERE length(t.term) BETWEEN %s AND %s {source_filter} ORDER BY m.rank LIMIT %s",
                [
                    " OR ".join(f'"{trigram}"' for trigram in trigrams),
                    len(word) - 2,
                    len(word) + 2,
                    *([source] if source else []),
                    TYPO_CANDIDATES,
                ],
            )
            return cursor.fetchall()

    def _optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


class PostgresEngine(Engine):
    """A generated tsvector (weights A/A/C on the analysed tokens, 'simple' config) with GIN; pg_trgm."""

    vendor = "postgresql"

    @staticmethod
    def compile(expr: Expr) -> str:
        if isinstance(expr, Term):
            return f"'{expr.stem}'"
        operator = " & " if isinstance(expr, AllOf) else " | "
        return "(" + operator.join(PostgresEngine.compile(part) for part in expr.parts) + ")"

    def _match(self, meta: list[str], expr: Expr, limit: int) -> list[tuple[int, float]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT object_id, ts_rank_cd(vector, query, 1) AS score "
                f"FROM {SearchEntry._meta.db_table}, to_tsquery('simple', %s) query "
                "WHERE vector @@ query AND string_to_array(meta, ' ') @> %s::text[] "
                "ORDER BY score DESC, object_id LIMIT %s",
                [self.compile(expr), meta, limit],
            )
            return [(object_id, float(score) * 10) for object_id, score in cursor.fetchall()]

    def similar_terms(self, source: str | None, word: str) -> list[tuple[str, int]]:
        source_filter = "AND source = %s" if source else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, df FROM {SearchTerm._meta.db_table} WHERE lower(term) %% %s {source_filter} "
                "ORDER BY similarity(lower(term), %s) DESC, df DESC LIMIT %s",
                [word, *([source] if source else []), word, TYPO_CANDIDATES],
            )
            return cursor.fetchall()

    def _optimise(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
            cursor.execute(f"ANALYZE {SearchTerm._meta.db_table}")


_ENGINES: dict[str, type[Engine]] = {engine.vendor: engine for engine in (SQLiteEngine, PostgresEngine)}
_instances: dict[str, Engine] = {}


def engine_for_default_connection() -> Engine:
    vendor = connection.vendor
    if vendor not in _ENGINES:
        raise ImproperlyConfigured(f"No search engine for database vendor {vendor!r}.")
    return _instances.setdefault(vendor, _ENGINES[vendor]())
