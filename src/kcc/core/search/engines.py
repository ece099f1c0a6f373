"""The two search engines behind one interface: SQLite FTS5 and PostgreSQL full-text search.

Both store the same analysed tokens in ``SearchEntry`` and keep the vocabulary in ``SearchTerm``
(see ``models.py``); only matching, ranking and the trigram look-up for typos are vendor SQL.
A query runs as one index look-up that requires every clause; when that leaves places free,
a second look-up that requires any clause fills them, ranked below the first.
"""

from __future__ import annotations

import itertools
import math
import re
import time
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

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
    split_all,
    stem,
    typo_limit,
    words,
)
from kcc.core.search.models import SearchEntry, SearchTerm
from kcc.core.search.synonyms import synonym_table

_NAME = re.compile(r"[a-z0-9]{1,30}")
MAX_TERM_LENGTH = 60  # longer "words" are codes or garbage: indexed, but not vocabulary
SQL_BATCH = 500
TYPO_CANDIDATES = 200  # vocabulary words containing a piece of a word two edits off (see Engine._two_edits)
RERANK_POOL = 50  # candidates taken from the index per level and re-ranked (see Engine._rerank)
# Ranking (bm25, ts_rank) costs time per matching row: at most this many matching rows are
# ranked per look-up (see Engine._match), so a word found in most documents costs no more than a rare one.
RANK_CAP = 1000
TAG_OVERFETCH = 2  # rows ranked per wanted row before the source/tag filter (see Engine._match)
HEAD_TABLE = "search_head"  # PostgreSQL: title and keywords of every entry, kept by triggers (migration 0011)
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
FIELD_WEIGHTS = (3.0, 1.0, 1.0)  # a clause found in: title, keywords, body
# The content rank that breaks re-ranking's close calls (see _content_rank): BM25 per query stem
# with these weights per field, the column weights SQLite's FTS5 bm25 used to be asked for
# (question and keywords 10, answer 2), counted in Python so that both engines agree.
CONTENT_FIELD_WEIGHTS = (10.0, 10.0, 2.0)
# Passages: the body is stored with PASSAGE between its lines (paragraphs, list items,
# headings). Neither index sees it (both tokenizers drop it), re-ranking does: a clause found
# in the body's best passage (two consecutive lines, a heading with its paragraph) weighs again,
# so a subtopic treated in one paragraph of a long answer outranks words scattered over it.
PASSAGE = "|"
PASSAGE_WEIGHT = 1.0
TITLE_FOCUS = 1.0  # weight of the share of the title's words that the query asked for
LEVEL_GAP = 10.0  # above any score a some-clause match can reach
# Within each level the clause-count order is fused with a BM25 order of the same candidates
# (reciprocal rank fusion, see Engine._fuse): BM25 weighs a rare word above a common one and
# counts repetitions, which clause counting does not, and it breaks the many ties of clause counts
# ("gemeente" counting as much as "toeristenbelasting"). Its order weighs half: at a full share it
# overrules the field weights that make terse agent queries work.
FUSION_K = 60  # the usual rank offset of reciprocal rank fusion: the top ranks do not dominate
BM25_SHARE = 0.5
BM25_K1 = 1.2
BM25_B = 0.75
# BM25 needs the number of documents of a source: counted once per this many seconds, and again
# after this process writes to the index (counting 100,000 rows costs a few milliseconds).
DOCUMENT_COUNT_TTL = 600.0


Sources = str | tuple[str, ...] | None
"""Whose vocabulary a query is analysed against: one source, several (one search box over
related sources, analysed once), or every source (None)."""


def source_condition(sources: Sources, column: str = "source") -> tuple[str, list[str]]:
    """SQL ``AND``-prefix restricting ``column`` to ``sources`` (nothing for every source), and its parameters."""
    if not sources:
        return "", []
    if isinstance(sources, str):
        return f"{column} = %s AND ", [sources]
    return f"{column} IN ({', '.join(['%s'] * len(sources))}) AND ", list(sources)


class Candidate(NamedTuple):
    """A document the index found, with what re-ranking reads (fetched by the same look-up)."""

    object_id: int
    native: float  # the engine's own rank, ≥ 0, higher is better: chose the pool, re-ranking ignores it
    title: str
    keywords: str
    body: str


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

    def row(self, doc: Document) -> tuple[str, int, str, str, str, str, str]:
        """(source, object_id, meta, title, keywords, body, words): a ``SearchEntry`` row."""
        return (
            doc.source,
            doc.object_id,
            _meta(doc.source, doc.tags),
            " ".join(self.title),
            " ".join(self.keywords),
            " ".join(self.body),
            " ".join(sorted(self.words)),
        )


def _document_words(doc: Document) -> tuple[list[str], list[str], list[str]]:
    body: list[str] = []
    for line in doc.body.splitlines():
        line_words = words(line, join_numbers=False)
        if line_words:
            if body:
                body.append(PASSAGE)
            body.extend(line_words)
    return (words(doc.title, join_numbers=False), words(doc.keywords, join_numbers=False), body)


def _analyse(fields: tuple[list[str], list[str], list[str]], vocabulary, splits: dict) -> AnalysedDocument:
    split_all((word for field_words in fields for word in field_words), vocabulary, splits)  # one look-up
    title, keywords, body = (index_tokens(field_words, vocabulary, splits) for field_words in fields)
    vocabulary_words = {word: stem(word) for field_words in fields for word in field_words if word != PASSAGE}
    return AnalysedDocument(
        title, keywords, body, {word: s for word, s in vocabulary_words.items() if len(word) <= MAX_TERM_LENGTH}
    )


class DatabaseVocabulary:
    """The vocabulary of some sources (or of all, for highlighting), answered from ``SearchTerm``.

    Plain SQL on the (source, term) and (source, stem) indexes: these run for every query,
    where the ORM's query building would cost more than the look-ups themselves.
    """

    def __init__(self, engine: Engine, sources: Sources, extra: Collection[str] = ()) -> None:
        self.engine = engine
        self.sources = sources
        self.extra = set(extra)

    def _select(self, columns: str, condition: str, params: list) -> list[tuple]:
        source_filter, source_params = source_condition(self.sources)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {columns} FROM {SearchTerm._meta.db_table} WHERE {source_filter}{condition}",
                [*source_params, *params],
            )
            return cursor.fetchall()

    def known(self, candidates: Collection[str]) -> set[str]:
        found = {candidate for candidate in candidates if candidate in self.extra}
        todo = sorted(set(candidates) - found)
        for start in range(0, len(todo), SQL_BATCH):
            condition, params = self.engine.in_list("term", todo[start : start + SQL_BATCH])
            found.update(row[0] for row in self._select("term", condition, params))
        return found

    def known_words_and_stems(self, candidates: Collection[str], stems: Collection[str]) -> tuple[set[str], set[str]]:
        """Both look-ups of a query in one round trip (a query has at most a few hundred candidates).

        A ``UNION ALL`` of two look-ups, each on its own index: SQLite answers ``term IN ... OR
        stem IN ...`` by scanning the source's vocabulary.
        """
        terms, term_params = self.engine.in_list("term", sorted(set(candidates)))
        stem_list, stem_params = self.engine.in_list("stem", sorted(set(stems)))
        table = SearchTerm._meta.db_table
        source_filter, source_params = source_condition(self.sources)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 0, term FROM {table} WHERE {source_filter}{terms} "
                f"UNION ALL SELECT DISTINCT 1, stem FROM {table} WHERE {source_filter}{stem_list}",
                [*source_params, *term_params, *source_params, *stem_params],
            )
            rows = cursor.fetchall()
        return {value for kind, value in rows if kind == 0}, {value for kind, value in rows if kind == 1}

    def similar(self, words: Collection[str]) -> dict[str, list[tuple[str, int]]]:
        return self.engine.similar_terms(self.sources, words)

    def completions(self, prefixes: Collection[str]) -> dict[str, list[str]]:
        """A range on the (source, term) index per prefix (terms are ASCII letters and digits only),
        the ten most frequent words of each, all prefixes in one statement."""
        ordered = sorted(prefixes)
        ranges = [(prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)) for prefix in ordered]
        rows = self.engine.per_word(
            self.sources,
            "term, df",
            "term >= %s AND term < %s ORDER BY df DESC, term LIMIT 10",
            [list(bounds) for bounds in ranges],
            order="df DESC, term",
        )
        return {prefix: [term for term, _ in rows[number]] for number, prefix in enumerate(ordered)}


def single_edits(word: str) -> set[str]:
    """Every word one deletion, transposition, substitution or insertion away from ``word``.

    A few hundred words, looked up at once on the (source, term) index: exact for one edit and
    far cheaper than ranking trigram matches over the whole vocabulary.
    """
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {left + right[1:] for left, right in splits if right}
        | {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
        | {left + char + right[1:] for left, right in splits if right for char in ALPHABET}
        | {left + char + right for left, right in splits for char in ALPHABET}
    ) - {word}


def typo_pieces(word: str) -> list[str]:
    """Three consecutive pieces of ``word`` (each at least a trigram), one of which any word within
    two edits of it contains intact: two edits touch at most two of the three."""
    third = len(word) // 3
    pieces = {word[:third], word[third : 2 * third], word[2 * third :]}
    return sorted({piece if len(piece) >= 3 else word[-3:] for piece in pieces})


class FieldCounts(NamedTuple):
    """How often each token occurs in a candidate's title, keywords and body, and their lengths:
    counted once per candidate for both BM25 passes of re-ranking."""

    counts: tuple[Counter[str], Counter[str], Counter[str]]
    lengths: tuple[int, int, int]


def field_counts(candidates: list[Candidate]) -> dict[int, FieldCounts]:
    """Token counts per field of each candidate, the passage marks left out."""
    result = {}
    for candidate in candidates:
        counts = tuple(Counter(text.split()) for text in (candidate.title, candidate.keywords, candidate.body))
        for field_counts_ in counts:
            field_counts_.pop(PASSAGE, None)
        result[candidate.object_id] = FieldCounts(counts, tuple(sum(c.values()) for c in counts))
    return result


def _bm25(clauses: tuple[Expr, ...], idf: list[float], fields: dict[int, FieldCounts]) -> dict[int, float]:
    """Okapi BM25 of each candidate over its stored fields, the question counted twice (as the
    question weighs most in re-ranking); a clause's term frequency counts all its alternatives."""
    lengths = {object_id: 2 * f.lengths[0] + f.lengths[1] + f.lengths[2] for object_id, f in fields.items()}
    average = sum(lengths.values()) / len(lengths) if lengths else 1.0
    clause_stems = [expr_stems(clause) for clause in clauses]
    scores = {}
    for object_id, (counts, _) in fields.items():
        title, keywords, body = counts
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[object_id] / average)
        score = 0.0
        for weight, stems in zip(idf, clause_stems, strict=True):
            frequency = sum(2 * title[stem] + keywords[stem] + body[stem] for stem in stems)
            if frequency:
                score += weight * frequency * (BM25_K1 + 1) / (frequency + norm)
        scores[object_id] = score
    return scores


def _clause_frequency(expr: Expr, frequencies: dict[str, int], total: int) -> int:
    """How many documents a clause may match, from the stems' document frequencies: that of its
    rarest required part (all of) or the sum of its alternatives (any of), at most ``total``; 0 when
    no document has it."""
    if isinstance(expr, Term):
        return frequencies.get(expr.stem, 0)
    parts = [_clause_frequency(part, frequencies, total) for part in expr.parts]
    return min(parts) if isinstance(expr, AllOf) else min(total, sum(parts))


def _content_rank(
    stems: Collection[str], frequencies: dict[str, int], total: int, fields: dict[int, FieldCounts]
) -> dict[int, float]:
    """BM25 of each candidate with one phrase per query stem and weighted fields, as SQLite's FTS5
    ``bm25(search_fts, 0, 10, 10, 2)`` counts it, but computed here from the stored fields.

    Re-ranking used to add the engine's own rank (FTS5 bm25, PostgreSQL ts_rank) to break close
    calls. The two differ (ts_rank has no inverse document frequency and normalises length
    otherwise), and that term alone changed the top 3 of one query in five between the engines.
    Counted here, it is the same on both; the average length is the candidates' own (the engines'
    pools, not the whole source), and a stem the vocabulary lacks (a compound part) counts as rare.
    """
    idf = {}
    for term in stems:
        hits = frequencies.get(term, 0)
        idf[term] = max(math.log((total - hits + 0.5) / (hits + 0.5)), 1e-6)  # FTS5's floor
    lengths = {object_id: sum(f.lengths) for object_id, f in fields.items()}
    average = (sum(lengths.values()) / len(lengths) if lengths else 0.0) or 1.0
    title_weight, keywords_weight, body_weight = CONTENT_FIELD_WEIGHTS
    scores = {}
    for object_id, (counts, _) in fields.items():
        title, keywords, body = counts
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[object_id] / average)
        score = 0.0
        for term in stems:
            frequency = title_weight * title[term] + keywords_weight * keywords[term] + body_weight * body[term]
            if frequency:
                score += idf[term] * frequency * (BM25_K1 + 1) / (frequency + norm)
        scores[object_id] = score
    return scores


class Engine:
    """Indexing is shared; subclasses answer ``_match`` and ``similar_terms`` with their own SQL."""

    vendor = ""

    def __init__(self) -> None:
        self._document_counts: dict[str, tuple[float, int]] = {}  # source → (when counted, count)

    # -- writing ----------------------------------------------------------------------------

    def index(self, doc: Document) -> None:
        """Insert or replace ``doc``; runs in the caller's transaction."""
        fields = _document_words(doc)
        own_words = {word for field_words in fields for word in field_words}
        analysed = _analyse(fields, DatabaseVocabulary(self, doc.source, own_words), {})
        row = analysed.row(doc)
        table = SearchEntry._meta.db_table
        self._document_counts.pop(doc.source, None)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, words FROM {table} WHERE source = %s AND object_id = %s", [doc.source, doc.object_id]
            )
            found = cursor.fetchone()
            if found is None:
                cursor.execute(
                    f"INSERT INTO {table} (source, object_id, meta, title, keywords, body, words) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    row,
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET meta = %s, title = %s, keywords = %s, body = %s, words = %s WHERE id = %s",
                    [*row[2:], found[0]],
                )
            old_words = set(found[1].split()) if found else set()
            self._count_terms(
                doc.source,
                added={word: s for word, s in analysed.words.items() if word not in old_words},
                removed=old_words - set(analysed.words),
            )

    def remove(self, source: str, object_id: int) -> None:
        self._document_counts.pop(source, None)
        with transaction.atomic():
            entry = SearchEntry.objects.filter(source=source, object_id=object_id).first()
            if entry is not None:
                entry.delete()
                self._count_terms(source, added={}, removed=set(entry.words.split()))

    def rebuild(self, source: str, docs: Iterable[Document]) -> int:
        """Replace every document of ``source`` in bulk; the vocabulary is the new corpus's own."""
        _check_name("source", source)
        self._document_counts.pop(source, None)
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
            entries.append(analysed.row(doc))
        with transaction.atomic(), connection.cursor() as cursor:
            # Plain executemany: building the ORM's multi-row INSERTs cost more than the inserts.
            cursor.execute(f"DELETE FROM {SearchEntry._meta.db_table} WHERE source = %s", [source])
            cursor.execute(f"DELETE FROM {SearchTerm._meta.db_table} WHERE source = %s", [source])
            cursor.executemany(
                f"INSERT INTO {SearchEntry._meta.db_table} (source, object_id, meta, title, keywords, body, words) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                entries,
            )
            cursor.executemany(
                f"INSERT INTO {SearchTerm._meta.db_table} (source, term, stem, df) VALUES (%s, %s, %s, %s)",
                [(source, word, stems[word], count) for word, count in document_frequency.items()],
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

    def analyse(self, query: str, sources: Sources) -> AnalysedQuery:
        """The query as the index will be asked it; raises ``QueryTooLong``."""
        if len(query) > MAX_QUERY_LENGTH:
            raise QueryTooLong(len(query))
        return analyse_query(query, DatabaseVocabulary(self, sources), synonym_table())

    def search(self, source: str, query: str, *, limit: int = 10, tags: frozenset[str] = frozenset()) -> list[Hit]:
        return self.search_analysed(source, self.analyse(query, source), limit=limit, tags=tags)

    def search_analysed(
        self,
        source: str,
        query: AnalysedQuery,
        *,
        limit: int = 10,
        tags: frozenset[str] = frozenset(),
        rank_cap: int = RANK_CAP,
    ) -> list[Hit]:
        """Best first: documents matching every clause, then (ranked below) those matching some.

        For callers that also highlight: they analyse once and pass the result here. A source
        whose documents often match equally (many people called Anna) may pass a lower
        ``rank_cap``: ranking more of such matches costs time and orders nothing.
        """
        _meta(source, tags)  # refuses bad names even when the query turns out empty
        clauses = query.clauses
        if not clauses or limit <= 0:
            return []
        pool = max(limit, RERANK_POOL)
        stems = frozenset().union(*(expr_stems(clause) for clause in clauses))
        frequencies, total = self._frequencies(source, stems)
        # A clause no document can match (a word the index does not know, without a correction or
        # synonym it knows: a name, an English word, filler) is left out. Kept, it would stop every
        # document from matching all clauses, and in re-ranking it would dilute the clauses that can
        # be found by its share (``field_score / len(clauses)``), so the more unknown words a whole
        # question has, the less its known words would count against the title focus.
        clauses = tuple(clause for clause in clauses if _clause_frequency(clause, frequencies, total))
        if not clauses:
            return []
        stems = frozenset().union(*(expr_stems(clause) for clause in clauses))
        idf = self._clause_idf(clauses, frequencies, total)
        candidates = self._candidates(source, tags, all_of(clauses), pool, rank_cap)
        fields = field_counts(candidates)
        content = _content_rank(stems, frequencies, total, fields)
        ranked = self._fuse(self._rerank(clauses, candidates, content=content), _bm25(clauses, idf, fields), level=1)
        if len(ranked) < limit and len(clauses) > 1:
            found = {object_id for object_id, _ in ranked}
            some = self._candidates(source, tags, any_of(clauses), pool + len(ranked), rank_cap)
            some = [hit for hit in some if hit.object_id not in found]
            # Here the clauses found are counted by their weight in BM25: without a document having
            # every word, a whole question's common words ("krijgen", "gemeente") would otherwise
            # decide as much as the one that names the subject.
            fields = field_counts(some)
            content = _content_rank(stems, frequencies, total, fields)
            ranked += self._fuse(
                self._rerank(clauses, some, idf, content=content), _bm25(clauses, idf, fields), level=0
            )
        return [Hit(source, object_id, score) for object_id, score in ranked[:limit]]

    @staticmethod
    def _fuse(ranked: list[int], bm25: dict[int, float], *, level: int) -> list[tuple[int, float]]:
        """Reciprocal rank fusion of the clause-count order and the BM25 order, above ``level``'s floor."""
        fused = {object_id: 1 / (FUSION_K + rank) for rank, object_id in enumerate(ranked, 1)}
        for rank, object_id in enumerate(sorted(bm25, key=lambda key: (-bm25[key], key)), 1):
            fused[object_id] += BM25_SHARE / (FUSION_K + rank)
        return sorted(
            ((object_id, level * LEVEL_GAP + score) for object_id, score in fused.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )

    def _frequencies(self, source: str, stems: Collection[str]) -> tuple[dict[str, int], int]:
        """The document frequency of each stem (that of its most frequent word, from the vocabulary)
        and the number of documents of ``source``: what BM25's inverse document frequency needs.
        One look-up on the (source, stem) index; the count is cached (see ``_document_count``)."""
        condition, params = self.in_list("stem", sorted(stems))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT stem, max(df) FROM {SearchTerm._meta.db_table} "
                f"WHERE source = %s AND {condition} GROUP BY stem",
                [source, *params],
            )
            frequencies = dict(cursor.fetchall())
        return frequencies, self._document_count(source)

    @staticmethod
    def _clause_idf(clauses: tuple[Expr, ...], frequencies: dict[str, int], total: int) -> list[float]:
        """BM25's inverse document frequency per clause, from the stems' document frequencies
        (see ``_clause_frequency``)."""
        counts = [_clause_frequency(clause, frequencies, total) for clause in clauses]
        return [math.log(1 + (total - count + 0.5) / (count + 0.5)) for count in counts]

    def _document_count(self, source: str) -> int:
        counted = self._document_counts.get(source)
        if counted is None or time.monotonic() - counted[0] > DOCUMENT_COUNT_TTL:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM {SearchEntry._meta.db_table} WHERE source = %s", [source])
                counted = (time.monotonic(), cursor.fetchone()[0])
            self._document_counts[source] = counted
        return counted[1]

    def _candidates(self, source: str, tags: frozenset[str], expr: Expr, pool: int, rank_cap: int) -> list[Candidate]:
        """The pool to re-rank: question/keyword matches when they fill it, else matches anywhere.

        Re-ranking weighs a clause in the question three times one in the answer, so when
        ``pool`` documents match in question or keywords, the answers are not looked at: those
        matches are fewer (questions are short) and the better candidates by re-ranking's measure.
        """
        head = self._match(source, tags, expr, pool, rank_cap, head_only=True)
        if len(head) >= pool:
            return head
        return self._match(source, tags, expr, pool, rank_cap, head_only=False)

    def _rerank(
        self,
        clauses: tuple[Expr, ...],
        candidates: list[Candidate],
        weights: list[float] | None = None,
        *,
        content: dict[int, float] | None = None,
    ) -> list[int]:
        """Order the index's best candidates by where each clause occurs, identically on every engine.

        The native ranks (bm25, ts_rank) normalise by the length of the whole document, so a
        long answer buries a question that says exactly what was asked. Counting the clauses
        found in the question, the keywords and the answer puts that question first; the
        ``content`` rank (``_content_rank``, saturated below 1) only settles close calls, and
        the object id ties. With ``weights`` (one per clause) a clause found counts its weight
        relative to the mean weight instead of 1.
        """
        content = content or {}
        stems = frozenset().union(*(expr_stems(clause) for clause in clauses))
        mean = sum(weights) / len(weights) if weights else 0.0
        relative = [weight / mean for weight in weights] if weights and mean else [1.0] * len(clauses)
        clauses_found: dict[frozenset[str], float] = {}  # by the query stems a field has: few patterns

        def found(tokens: list[str]) -> float:
            present = stems.intersection(tokens)
            if present not in clauses_found:
                clauses_found[present] = sum(
                    weight * expr_matches(clause, present) for weight, clause in zip(relative, clauses, strict=True)
                )
            return clauses_found[present]

        def best_passage(body: str) -> float:
            lines = body.split(f" {PASSAGE} ")
            if len(lines) < 3:
                return found(body.split())
            return max(found(f"{a} {b}".split()) for a, b in itertools.pairwise(lines))

        scored = []
        for object_id, _native, *texts in candidates:
            title, keywords, body = (text.split() for text in texts)
            field_score = sum(
                weight * found(tokens) for weight, tokens in zip(FIELD_WEIGHTS, (title, keywords, body), strict=True)
            )
            if PASSAGE_WEIGHT and body:
                field_score += PASSAGE_WEIGHT * best_passage(texts[2])
            # Of two questions with the asked words, the one about little else is the better answer.
            focus = sum(token in stems for token in title) / len(title) if title else 0.0
            rank = content.get(object_id, 0.0)
            score = field_score / len(clauses) + TITLE_FOCUS * focus + rank / (1 + rank)
            scored.append((object_id, score))
        return [object_id for object_id, _ in sorted(scored, key=lambda pair: (-pair[1], pair[0]))]

    def _match(
        self,
        source: str,
        tags: frozenset[str],
        expr: Expr,
        limit: int,
        rank_cap: int,
        *,
        head_only: bool,
        rows: list[tuple[int, float, str, str, str, str]] | None = None,
    ) -> list[Candidate]:
        """The best documents of ``source`` having all ``tags`` and matching ``expr`` (in title or
        keywords when ``head_only``, else in any field).

        Source and tags are checked on the ranked rows rather than in the index look-up: their
        tokens occur in (nearly) every document, so asking the index for them makes it intersect
        lists as long as the corpus (FTS5), or makes the planner misjudge how many rows match
        (PostgreSQL). A few more rows than wanted are ranked and filtered here; only when that
        leaves too few (another source's or untagged documents outrank them) does the look-up
        run again with the filter inside. ``rows``: the first look-up's, when already fetched.
        """
        meta = _meta(source, tags).split()
        fetch = limit * TAG_OVERFETCH
        if rows is None:
            rows = self._ranked(source, expr, fetch, rank_cap, head_only=head_only, meta=None)
        wanted = set(meta)
        hits = [Candidate(*row[:2], *row[3:]) for row in rows if wanted <= set(row[2].split())]
        if len(hits) < limit and len(rows) == fetch:
            rows = self._ranked(source, expr, limit, rank_cap, head_only=head_only, meta=meta)
            hits = [Candidate(*row[:2], *row[3:]) for row in rows]
        return hits[:limit]

    def _ranked(
        self, source: str, expr: Expr, limit: int, rank_cap: int, *, head_only: bool, meta: list[str] | None
    ) -> list[tuple[int, float, str, str, str, str]]:
        """(object_id, score ≥ 0, meta, title, keywords, body) of the best of the first ``rank_cap``
        rows (in storage order) matching ``expr``, of ``source`` (SQLite: of any source) and, when
        given, having all ``meta``."""
        raise NotImplementedError

    def in_list(self, column: str, values: list[str]) -> tuple[str, list]:
        """SQL condition ``column`` is one of ``values``, and its parameters."""
        raise NotImplementedError

    def similar_terms(self, sources: Sources, words: Collection[str]) -> dict[str, list[tuple[str, int]]]:
        """For each of ``words``, the vocabulary words (with their document frequency) that may be it misspelt.

        Every word one edit away is looked up directly, for all ``words`` in one statement (a query of
        ``MAX_QUERY_LENGTH`` characters has some 12,000 such edits, within SQLite's 32,766 parameters).
        Only the words long enough to be two edits off (see ``typo_limit``) and without any word one
        edit away cost a trigram look-up, again one statement for all of them.
        """
        edits = {word: single_edits(word) for word in words}
        condition, params = self.in_list("term", sorted(set().union(*edits.values())))
        source_filter, source_params = source_condition(sources)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, df FROM {SearchTerm._meta.db_table} WHERE {source_filter}{condition}",
                [*source_params, *params],
            )
            found = dict(cursor.fetchall())
        similar = {word: [(term, found[term]) for term in sorted(edits[word] & found.keys())] for word in words}
        far = sorted(word for word, terms in similar.items() if not terms and typo_limit(word) > 1)
        if far:
            similar.update(zip(far, self._two_edits(sources, far), strict=True))
        return similar

    def _two_edits(self, sources: Sources, words: list[str]) -> list[list[tuple[str, int]]]:
        """Candidates for each of ``words`` two edits off a vocabulary word: words of about its length
        that contain one of its ``typo_pieces``, those with the most pieces first, then the most
        frequent, at most ``TYPO_CANDIDATES``; ``_corrections`` keeps those within the edit limit.

        Both engines select and order exactly these words (each with its own trigram index), so
        a typo is corrected the same on both; ranking by the engines' own trigram measures (FTS5
        rank, pg_trgm similarity with its 0.3 threshold) did not give the same words. The words
        come in no particular order: ``_corrections`` orders them by distance and frequency.
        """
        conditions, params = [], []
        for word in words:
            pieces = typo_pieces(word)
            contains, contains_params = self.contains_any("term", pieces)
            pieces_found = " + ".join([self.contains_sql("term")] * len(pieces))
            conditions.append(
                f"{contains} AND length(term) BETWEEN %s AND %s ORDER BY {pieces_found} DESC, df DESC, term LIMIT %s"
            )
            params.append([*contains_params, len(word) - 2, len(word) + 2, *pieces, TYPO_CANDIDATES])
        return self.per_word(sources, "term, df", conditions, params)

    def per_word(
        self,
        sources: Sources,
        columns: str,
        conditions: str | list[str],
        params: list[list],
        *,
        order: str = "",
    ) -> list[list[tuple]]:
        """One vocabulary look-up per word, all in one statement (a ``UNION ALL`` of numbered
        sub-selects, each choosing its rows with its own ``ORDER BY … LIMIT``): the rows of each.
        A union keeps no order, so the rows come in ``order`` (of the selected ``columns``) or, without
        it, in none."""
        if isinstance(conditions, str):
            conditions = [conditions] * len(params)
        source_filter, source_params = source_condition(sources)
        table = SearchTerm._meta.db_table
        selects = [
            f"SELECT {number} AS word, * FROM (SELECT {columns} FROM {table} WHERE {source_filter}{condition}) AS w"
            for number, condition in enumerate(conditions)
        ]
        sql = " UNION ALL ".join(selects) + (f" ORDER BY word, {order}" if order else "")
        with connection.cursor() as cursor:
            cursor.execute(sql, [value for word_params in params for value in (*source_params, *word_params)])
            rows = cursor.fetchall()
        result: list[list[tuple]] = [[] for _ in conditions]
        for number, *values in rows:
            result[number].append(tuple(values))
        return result

    def contains_any(self, column: str, pieces: list[str]) -> tuple[str, list]:
        """SQL condition ``column`` contains one of ``pieces`` (answered by the trigram index), and its parameters."""
        raise NotImplementedError

    def contains_sql(self, column: str) -> str:
        """SQL expression: 1 when ``column`` contains the parameter, else 0."""
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

    def _ranked(
        self, source: str, expr: Expr, limit: int, rank_cap: int, *, head_only: bool, meta: list[str] | None
    ) -> list[tuple[int, float, str, str, str, str]]:
        """The cap is a rowid ceiling: reading the first rowids of a match costs next to nothing
        next to bm25, which FTS5 computes for every row it ranks."""
        match = ("{title keywords}" if head_only else "{title keywords body}") + " : " + self.compile(expr)
        if meta:
            match = "meta : (" + " AND ".join(f'"{token}"' for token in meta) + f") AND {match}"
        weights = ", ".join(str(weight) for weight in self.WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT e.object_id, -m.score, e.meta, e.title, e.keywords, e.body "
                f"FROM (SELECT rowid, bm25(search_fts, {weights}) AS score "
                "FROM search_fts WHERE search_fts MATCH %s AND rowid <= coalesce((SELECT rowid FROM search_fts "
                "WHERE search_fts MATCH %s ORDER BY rowid LIMIT 1 OFFSET %s), 9223372036854775807) "
                f"ORDER BY score LIMIT %s) m JOIN {SearchEntry._meta.db_table} e ON e.id = m.rowid "
                "ORDER BY m.score, e.object_id",
                [match, match, rank_cap - 1, limit],
            )
            return [(object_id, max(score, 0.0), *rest) for object_id, score, *rest in cursor.fetchall()]

    def in_list(self, column: str, values: list[str]) -> tuple[str, list]:
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    def contains_any(self, column: str, pieces: list[str]) -> tuple[str, list]:
        """The FTS5 trigram table answers a phrase of three or more letters as a substring."""
        return (
            "id IN (SELECT rowid FROM search_term_trigram WHERE search_term_trigram MATCH %s)",
            [" OR ".join(f'"{piece}"' for piece in pieces)],
        )

    def contains_sql(self, column: str) -> str:
        return f"(instr({column}, %s) > 0)"

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

    def _ranked(
        self, source: str, expr: Expr, limit: int, rank_cap: int, *, head_only: bool, meta: list[str] | None
    ) -> list[tuple[int, float, str, str, str, str]]:
        sql, params = self._ranked_sql(source, expr, limit, rank_cap, head_only=head_only, meta=meta)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [(object_id, float(score) * 10, *rest) for object_id, score, *rest in cursor.fetchall()]

    @staticmethod
    def _ranked_sql(
        source: str, expr: Expr, limit: int, rank_cap: int, *, head_only: bool, meta: list[str] | None
    ) -> tuple[str, list]:
        """The GIN index of ``search_head`` (title and keywords) or of ``vector`` (all fields) finds the
        rows; ``ts_rank`` then reads each one's tsvector, hence the cap inside. ``ts_rank``, not
        ``ts_rank_cd``: the cover density costs three times as much per row, and re-ranking uses
        the native rank only as the smallest of its terms. The head look-up ranks in its narrow table
        and fetches the fields of the ``limit`` best rows only (migration 0011)."""
        query = PostgresEngine.compile(expr)
        meta_filter = "AND string_to_array(meta, ' ') @> %s::text[] " if meta else ""
        entries = SearchEntry._meta.db_table
        if head_only:
            return (
                "SELECT h.object_id, h.score, e.meta, e.title, e.keywords, e.body FROM (SELECT entry_id, "
                "object_id, ts_rank(head, to_tsquery('simple', %s), 1) AS score FROM (SELECT entry_id, "
                f"object_id, head FROM {HEAD_TABLE} WHERE head @@ to_tsquery('simple', %s) AND source = %s "
                f"{meta_filter}LIMIT %s) m ORDER BY score DESC, object_id LIMIT %s) h "
                f"JOIN {entries} e ON e.id = h.entry_id ORDER BY h.score DESC, h.object_id",
                [query, query, source, *([meta] if meta else []), rank_cap, limit],
            )
        return (
            "SELECT object_id, ts_rank(vector, to_tsquery('simple', %s), 1) AS score, meta, title, "
            "keywords, body FROM (SELECT object_id, meta, title, keywords, body, vector "
            f"FROM {entries} "
            f"WHERE vector @@ to_tsquery('simple', %s) AND source = %s {meta_filter}"
            "LIMIT %s) m ORDER BY score DESC, object_id LIMIT %s",
            [query, query, source, *([meta] if meta else []), rank_cap, limit],
        )

    def _candidates(self, source: str, tags: frozenset[str], expr: Expr, pool: int, rank_cap: int) -> list[Candidate]:
        """As the base class, in one round trip where it can: the look-up in all fields rides in the
        statement of the look-up in title and keywords, and the database runs it only when that one
        found fewer rows than it fetched (a one-time filter). On a busy server every round trip waits
        for a core, so two look-ups cost about twice one."""
        fetch = pool * TAG_OVERFETCH
        head_sql, head_params = self._ranked_sql(source, expr, fetch, rank_cap, head_only=True, meta=None)
        all_sql, all_params = self._ranked_sql(source, expr, fetch, rank_cap, head_only=False, meta=None)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH head AS MATERIALIZED ({head_sql}) SELECT 1 AS part, * FROM head UNION ALL "
                f"SELECT 0 AS part, * FROM ({all_sql}) a WHERE (SELECT count(*) FROM head) < %s "
                "ORDER BY part DESC, score DESC, object_id",
                [*head_params, *all_params, fetch],
            )
            rows = cursor.fetchall()
        ranked = {1: [], 0: []}
        for part, object_id, score, *rest in rows:
            ranked[part].append((object_id, float(score) * 10, *rest))
        head = self._match(source, tags, expr, pool, rank_cap, head_only=True, rows=ranked[1])
        if len(head) >= pool:
            return head
        everywhere = ranked[0] if len(ranked[1]) < fetch else None
        return self._match(source, tags, expr, pool, rank_cap, head_only=False, rows=everywhere)

    def in_list(self, column: str, values: list[str]) -> tuple[str, list]:
        return f"{column} = ANY(%s)", [list(values)]

    def contains_any(self, column: str, pieces: list[str]) -> tuple[str, list]:
        """``LIKE`` on ``lower(term)``, the expression of the pg_trgm index (terms are lower case
        already); one ``LIKE`` per piece, which the planner ORs over the index."""
        condition = " OR ".join([f"lower({column}) LIKE %s"] * len(pieces))
        return f"({condition})", [f"%{piece}%" for piece in pieces]

    def contains_sql(self, column: str) -> str:
        return f"(strpos({column}, %s) > 0)::int"

    def _optimise(self) -> None:
        """Statistics for the planner, and the GIN indexes' pending lists merged: a bulk load leaves
        its rows in them, and every look-up would scan that list until autovacuum gets to it."""
        with connection.cursor() as cursor:
            for index in ("search_entry_vector", "search_head_vector", "search_term_trigram"):
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])
            cursor.execute(f"ANALYZE {SearchEntry._meta.db_table}")
            cursor.execute(f"ANALYZE {HEAD_TABLE}")
            cursor.execute(f"ANALYZE {SearchTerm._meta.db_table}")


_ENGINES: dict[str, type[Engine]] = {engine.vendor: engine for engine in (SQLiteEngine, PostgresEngine)}
_instances: dict[str, Engine] = {}


def engine_for_default_connection() -> Engine:
    vendor = connection.vendor
    if vendor not in _ENGINES:
        raise ImproperlyConfigured(f"No search engine for database vendor {vendor!r}.")
    return _instances.setdefault(vendor, _ENGINES[vendor]())
