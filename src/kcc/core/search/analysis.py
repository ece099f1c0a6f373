"""The Dutch analysis pipeline: the same words come out at index time, query time and highlight time.

Engines store and match only what this module produces (stems as plain ASCII tokens), so SQLite
and PostgreSQL find and rank the same words, and neither database's own language configuration
has a say. The steps:

1. normalisation: lower case, accents stripped, ``auto's`` → ``auto``, split on everything that is
   not a letter or digit (hyphens included), digits kept so numbers and phone numbers are found;
2. a small list of Dutch stopwords is dropped;
3. snowball "dutch" stemming;
4. compound splitting against the index's own vocabulary (``hondenbelasting`` → ``hond`` +
   ``belasting``, with the linking ``-s-`` and ``-en-``), on both sides, so a joined word finds the
   split one and vice versa;
5. at query time only: synonyms (colloquial and old names → official terms), correction of unknown
   words to close vocabulary words, and completion of a last word still being typed.

Nothing here touches the database: the vocabulary and the synonyms come in through small
interfaces, so the pipeline is testable on its own and the engines decide how to answer them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Protocol

import snowballstemmer

from kcc.core.search.lexicon import dutch_lexicon

STOPWORDS = frozenset(
    """
    aan al alle als ben bent bij dan dat de deze die dit doe doen door dus een en er is ga gaat had
    heb hebben heeft het hier hoe hun ik in is je jij jou jouw kan kun kunnen maar me men met mij
    mijn mijzelf moet moeten mag mogen na naar niet nu of om ons onze ook op over te tot u uw uzelf
    van veel voor waar wanneer wat we welk welke wie wij wil willen word wordt worden zal ze zich
    zij zijn zo zou zullen
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

# Query time only: how callers and agents write and speak, mapped to the analysis's words. Chat
# spellings of function words (``mn`` → mijn, a stopword) and filler of speech and chat (``eh``,
# ``nou``, ``ff``, ``pls``, ``gewoon``): no VAC is about them, yet as clauses they keep a whole
# question from matching every clause, and the stemmer turns some into content words (``gewoon``
# → woon, ``eigenlijk`` → einlijk). English function words of second-language callers likewise
# (``the``, ``my``, ``have``), which typo correction would otherwise turn into Dutch words (``must``
# → kust). ``echt`` is in the list (callers say "moet ik echt", "moet dat echt?"; whether a passport
# is genuine they ask as "echtheid"); ``zeg`` is not (what I say on WhatsApp is a VAC). Documents
# never contain these words, so the index is unaffected.
CHAT_SPELLINGS = {
    "mn": "mijn",
    "zn": "zijn",
    "dr": "er",
    "jou": "jouw",
    "ff": "even",
    "effe": "even",
    "efkes": "even",
    "nie": "niet",
    "ni": "niet",
    "da": "dat",
    "wa": "wat",
    "wnr": "wanneer",
    "wrm": "waarom",
    "hoezo": "waarom",
    "nr": "nummer",
    "nmr": "nummer",
}
FILLER = frozenset(
    """
    eh ehm uh uhm hm hmm ehh nou ja jaja jawel nee hoor he hey hoi hallo goedemorgen goedemiddag
    goedenavond dankjewel dankuwel bedankt alvast even eventjes gewoon eigenlijk echt toch trouwens
    allemaal oke ok okay okee pls plz please aub ajb svp thx tnx groetjes mvg lol haha waarom
    the my your you and for with what which how can could would should does did have has need
    also about this that from are was were be been there they them their our his her its it if
    not yes no get got still since must will just
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

MIN_COMPOUND_LENGTH = 7  # shorter words are hardly ever compounds of two real words
MIN_PART_LENGTH = 4  # shorter parts (let, bel, orgie...) split more words wrongly than rightly
MAX_PARTS = 4
LINKING_SUFFIXES = ("s", "en")  # hond-en-belasting, identiteit-s-kaart

# Query time only: the clitics ``zo'n``, ``m'n``, ``z'n``, ``d'r`` (zo een, mijn, zijn, haar: stopwords) are left
# out before the apostrophe is stripped, which would make ``zo'n`` the word ``zon`` (the sun).
_CLITIC = re.compile(r"\b(?:zo|m|z|d)['’`‘]n\b|\bd['’`‘]r\b", re.IGNORECASE)
_APOSTROPHE_S = re.compile(r"(?<=[a-z])['’`]s\b")
_APOSTROPHE = re.compile(r"['’`‘]")
_TOKEN = re.compile(r"[a-z0-9]+")
_DIGIT = re.compile(r"[0-9]")
_NUMBER_GLUE = re.compile(r"[\s\-./()]*")

_stemmer = snowballstemmer.stemmer("dutch")
# The combining marks of the Basic Multilingual Plane, for str.translate: one pass in C instead of
# a Python test per character, which made normalising most of the time of an index rebuild.
_COMBINING_BMP = {code: None for code in range(0x300, 0x10000) if unicodedata.combining(chr(code))}


def normalise(text: str) -> str:
    """Lower case without accents or apostrophes: the form every later step works on."""
    if text.isascii():
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text).lower()
        if max(decomposed) <= "\uffff":
            plain = decomposed.translate(_COMBINING_BMP)
        else:  # marks beyond the BMP are not in the table
            plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _APOSTROPHE.sub("", _APOSTROPHE_S.sub("", plain))


def tokenise(text: str) -> list[str]:
    """Normalised words of ``text`` in order, stopwords included (highlighting needs positions)."""
    return _TOKEN.findall(normalise(text))


def words(text: str, *, join_numbers: bool) -> list[str]:
    """Normalised words without stopwords.

    Digit groups written apart (``06-1234 5678``) are joined: at query time they become one
    word, at index time the joined form is added after the groups, so either way of typing a
    phone number finds it.
    """
    normalised = normalise(text)
    if not _DIGIT.search(normalised):  # the common case, without numbers to join: one pass in C
        return [token for token in _TOKEN.findall(normalised) if len(token) > 1 and token not in STOPWORDS]
    result: list[str] = []
    run: list[str] = []
    last_end = -1
    for match in _TOKEN.finditer(normalised):
        token = match.group()
        if token.isdigit() and run and _NUMBER_GLUE.fullmatch(normalised, last_end, match.start()):
            run.append(token)
        else:
            result.extend(_number_run(run, join_numbers))
            run = [token] if token.isdigit() else []
            if not token.isdigit() and token not in STOPWORDS and len(token) > 1:
                result.append(token)
        last_end = match.end()
    result.extend(_number_run(run, join_numbers))
    return result


def _number_run(run: list[str], join_numbers: bool) -> list[str]:
    if len(run) <= 1:
        return run
    joined = "".join(run)
    return [joined] if join_numbers else [*run, joined]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball "dutch" stem; words with digits (numbers, codes) stay as they are."""
    if any(char.isdigit() for char in word):
        return word
    return _stemmer.stemWord(word)


class Vocabulary(Protocol):
    """The index's own words (normalised, not stemmed), as far as the analysis needs them."""

    def known(self, candidates: Collection[str]) -> set[str]:
        """The candidates that occur in the index."""
        ...


class QueryVocabulary(Vocabulary, Protocol):
    def known_words_and_stems(self, candidates: Collection[str], stems: Collection[str]) -> tuple[set[str], set[str]]:
        """The candidates that occur in the index, and the stems that do (asked together: one round trip)."""
        ...

    def similar(self, words: Collection[str]) -> dict[str, list[tuple[str, int]]]:
        """For each of ``words``, index words that may be it misspelt, with their document frequency.

        Asked for all words of a query at once: a database answers in one round trip, and on a busy
        server the round trips, not the rows, are what a search waits for."""
        ...

    def completions(self, prefixes: Collection[str]) -> dict[str, list[str]]:
        """For each of ``prefixes``, the most frequent index words starting with it (all at once, as ``similar``)."""
        ...


class SetVocabulary:
    """A vocabulary held in memory: used while (re)building, when the whole corpus is at hand."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = set(terms)

    def known(self, candidates: Collection[str]) -> set[str]:
        return {candidate for candidate in candidates if candidate in self.terms}


def compound_candidates(word: str) -> set[str]:
    """Every substring that could be a part of ``word``: what to look up before splitting it."""
    if len(word) < MIN_COMPOUND_LENGTH or not word.isalpha():
        return set()
    size = len(word)
    return {
        word[start:end]
        for start in range(size - MIN_PART_LENGTH + 1)
        for end in range(start + MIN_PART_LENGTH, size + 1)
        if end - start < size
    }


def split_compound(word: str, known: Collection[str]) -> tuple[str, ...]:
    """The fewest known parts that make up ``word`` (the last part longest), or () if none.

    ``known`` must contain the known words among :func:`compound_candidates`. A part other
    than the last may carry a linking ``-s-`` or ``-en-``, which is dropped.
    """
    size = len(word)
    if size < MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()

    def usable(part: str) -> bool:
        return len(part) >= MIN_PART_LENGTH and part in known and part not in STOPWORDS

    # best[i]: the shortest list of parts covering word[i:], preferring a long final part.
    best: list[tuple[str, ...] | None] = [None] * (size + 1)
    best[size] = ()
    for start in range(size - MIN_PART_LENGTH, -1, -1):
        options: list[tuple[str, ...]] = []
        for end in range(start + MIN_PART_LENGTH, size + 1):
            rest = best[end]
            if rest is None or (start == 0 and end == size):
                continue
            piece = word[start:end]
            heads = [piece] + [piece[: -len(s)] for s in LINKING_SUFFIXES if rest and piece.endswith(s)]
            head = next((h for h in heads if usable(h)), None)
            if head is not None and len(rest) + 1 <= MAX_PARTS:
                options.append((head, *rest))
        if options:
            best[start] = min(options, key=lambda parts: (len(parts), -len(parts[-1])))
    return best[0] or ()


def split_all(text_words: Iterable[str], vocabulary: Vocabulary, splits: dict[str, tuple[str, ...]]) -> None:
    """Add the compound parts of the words not yet in ``splits``, asking the vocabulary once for
    all their candidate parts (a round trip per call when the vocabulary is the database's)."""
    todo = {word for word in text_words if word not in splits}
    candidates: set[str] = set()
    for word in todo:
        candidates |= compound_candidates(word)
    known = vocabulary.known(candidates) if candidates else set()
    for word in todo:
        splits[word] = index_parts(word, known)


def index_parts(word: str, known: Collection[str]) -> tuple[str, ...]:
    """The parts of ``word`` and of its parts: ``gemeenteraadsverkiezingen`` is indexed as
    ``gemeenteraad verkiezingen`` and also ``gemeente raad``, so "verkiezing gemeente" finds it.

    Only the index gets the nested parts; a query asks for the top-level ones, which every document
    indexed before nesting has as well.
    """
    parts = split_compound(word, known)
    nested = [sub for part in parts for sub in index_parts(part, known) if sub not in parts]
    return parts + tuple(dict.fromkeys(nested))


def index_tokens(text_words: Sequence[str], vocabulary: Vocabulary, splits: dict[str, tuple[str, ...]]) -> list[str]:
    """Index tokens of a text's :func:`words`: each word's stem, then the stems of its compound parts.

    ``splits`` caches compound parts per word across calls (a rebuild analyses one vocabulary).
    """
    split_all(text_words, vocabulary, splits)
    tokens: list[str] = []
    for word in text_words:
        tokens.append(stem(word))
        tokens.extend(stem(part) for part in splits[word])
    return tokens


# -- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    stem: str


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Expr, ...]


Expr = Term | AllOf | AnyOf


def all_of(parts: Iterable[Expr]) -> Expr:
    unique = tuple(dict.fromkeys(parts))
    return unique[0] if len(unique) == 1 else AllOf(unique)


def any_of(parts: Iterable[Expr]) -> Expr:
    unique = tuple(dict.fromkeys(parts))
    return unique[0] if len(unique) == 1 else AnyOf(unique)


def expr_matches(expr: Expr, tokens: Collection[str]) -> bool:
    """Whether a text with these index tokens satisfies ``expr`` (used to rank candidates)."""
    if isinstance(expr, Term):
        return expr.stem in tokens
    if isinstance(expr, AllOf):
        return all(expr_matches(part, tokens) for part in expr.parts)
    return any(expr_matches(part, tokens) for part in expr.parts)


def expr_stems(expr: Expr) -> set[str]:
    if isinstance(expr, Term):
        return {expr.stem}
    return set().union(*(expr_stems(part) for part in expr.parts))


@dataclass(frozen=True)
class AnalysedQuery:
    """A query as clauses that a document should all match; each clause lists its alternatives."""

    clauses: tuple[Expr, ...]

    def stems(self) -> set[str]:
        return set().union(*(expr_stems(clause) for clause in self.clauses)) if self.clauses else set()


@dataclass(frozen=True)
class SynonymTable:
    """Synonyms keyed by the stems of their term; replacements kept as normalised words.

    A term of several words that its stopwords reduce to one word (``tot hoe laat``, ``kan niet
    betalen``, ``op mijn naam``) would otherwise fire on that one common word (every ``laten``,
    ``betalen``, ``naam``). Such a term is a *phrase*: kept apart in ``phrases`` (its one stem →
    (the stems of all its words, stopwords included; its replacements)), it applies only where the
    query has all its words in that order, with at most :data:`MAX_PHRASE_GAP` other words between
    them (Dutch puts the verb last: "ik kan de huur niet meer betalen").
    """

    entries: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]]
    phrases: Mapping[tuple[str, ...], tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...]] = field(
        default_factory=dict
    )
    _close: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, Sequence[str]]]) -> SynonymTable:
        entries: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        phrases: dict[tuple[str, ...], dict[tuple[str, ...], list[tuple[str, ...]]]] = {}
        for term, replacements in pairs:
            # The query leaves filler out (``the``, ``my``, ``how``: see ``_spoken``), so a term's key does too:
            # "leaving the netherlands" is matched as "leaving netherlands".
            key = tuple(stem(word) for word in _spoken(words(term, join_numbers=True)))
            if not key:
                continue
            every_word = tuple(stem(word) for word in tokenise(term))
            if len(key) == 1 and len(every_word) > 1:
                target = phrases.setdefault(key, {}).setdefault(every_word, [])
            else:
                target = entries.setdefault(key, [])
            for replacement in replacements:
                replacement_words = tuple(words(replacement, join_numbers=True))
                if replacement_words and replacement_words not in target:
                    target.append(replacement_words)
        return cls(
            {key: tuple(value) for key, value in entries.items() if value},
            {
                key: tuple((sequence, tuple(value)) for sequence, value in by_sequence.items() if value)
                for key, by_sequence in phrases.items()
            },
        )

    @cached_property
    def longest(self) -> int:
        return max((len(key) for key in self.entries), default=1 if self.phrases else 0)

    @cached_property
    def _single_terms_by_length(self) -> dict[int, tuple[tuple[int, str], ...]]:
        """The single-word terms by length, each with its place among the entries: ``close_terms``
        compares an unknown word only with terms of about its length, in the entries' order."""
        by_length: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for place, (term, *rest) in enumerate(self.entries):
            if not rest:
                by_length[len(term)].append((place, term))
        return {length: tuple(terms) for length, terms in by_length.items()}

    def replacements(self, key: tuple[str, ...], query_stems: str) -> tuple[tuple[str, ...], ...]:
        """The replacements of ``key``: its own, and those of its phrases that ``query_stems`` (every
        stem of the query, stopwords included, space-separated and padded) contains."""
        found = list(self.entries.get(key, ()))
        query = query_stems.split()
        for sequence, replacements in self.phrases.get(key, ()):
            if _in_order(sequence, query):
                found.extend(replacement for replacement in replacements if replacement not in found)
        return tuple(found)

    def close_terms(self, word_stem: str, limit: int) -> tuple[str, ...]:
        """Single-word terms within ``limit`` edits of ``word_stem``: a misspelt colloquial word.

        Remembered per table, since the same unknown words come back while an agent types.
        """
        key = (word_stem, limit)
        if key not in self._close:
            near = (
                pair
                for length in range(len(word_stem) - limit, len(word_stem) + limit + 1)
                for pair in self._single_terms_by_length.get(length, ())
            )
            self._close[key] = tuple(term for _, term in sorted(near) if edit_distance(word_stem, term, limit) <= limit)
        return self._close[key]


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (swaps count once), or ``limit + 1`` when above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


MAX_PHRASE_GAP = 4


def _in_order(sequence: tuple[str, ...], query: list[str]) -> bool:
    """``sequence`` occurs in ``query`` in its order, each word at most ``MAX_PHRASE_GAP`` words after the one
    before it."""
    for start, word in enumerate(query):
        if word != sequence[0]:
            continue
        position = start
        for wanted in sequence[1:]:
            following = query[position + 1 : position + 2 + MAX_PHRASE_GAP]
            if wanted not in following:
                break
            position += 1 + following.index(wanted)
        else:
            return True
    return False


def typo_limit(word: str) -> int:
    """How many edits a word may be off: none for very short words, where a typo is another word."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


MAX_CORRECTIONS = 3
MAX_COMPLETIONS = 5
MIN_INFLECTED_LENGTH = 5  # shorter words are left alone ("dood" / "dode" too)
MIN_ABBREVIATION_LENGTH = 6  # an unknown word this long without a correction is completed wherever it stands
# A real Dutch word (see ``lexicon``) that the index lacks is corrected only to an index word that shares
# this many first letters with it: another ending of the same word, not another word (``zoon`` → zon).
REAL_WORD_PREFIX = 6


def analyse_query(
    query: str, vocabulary: QueryVocabulary, synonyms: SynonymTable, lexicon: Container[str] | None = None
) -> AnalysedQuery:
    """Turn what an agent typed into clauses of alternatives (see the module docstring).

    ``lexicon``: the real words that typo correction leaves alone (by default the shipped Dutch one)."""
    if lexicon is None:
        lexicon = dutch_lexicon()
    query = _CLITIC.sub(" ", query)
    query_words = _spoken(words(query, join_numbers=True))
    if not query_words:
        return AnalysedQuery(())
    every_stem = (stem(CHAT_SPELLINGS.get(token, token)) for token in tokenise(query))
    spans = _synonym_spans(query_words, synonyms, f" {' '.join(every_stem)} ")
    all_words = set(query_words)
    for span in spans:
        for replacement in span[1]:
            all_words.update(replacement)
    candidates: set[str] = set(all_words)
    for word in all_words:
        candidates |= compound_candidates(word) | inflections(word)
    known, known_stems = vocabulary.known_words_and_stems(candidates, {stem(word) for word in query_words})
    parts_of = {word: split_compound(word, known) for word in all_words}

    def unknown(word: str) -> bool:
        return word not in known and stem(word) not in known_stems

    # The words as typed (not those of a synonym's replacement), each with whether it may be corrected
    # and completed: only the last may be unfinished.
    typed = [
        (word, not replacements, index == len(spans) - 1 and not replacements)
        for index, (span_words, replacements) in enumerate(spans)
        for word in span_words
    ]
    to_correct = {
        word
        for word, correct, _ in typed
        if correct and unknown(word) and not parts_of[word] and word.isalpha() and typo_limit(word)
    }
    # A real word is no typo: it is corrected only to a word with its first letters (another ending),
    # so a real word shorter than that is not looked up at all.
    real = {word for word in to_correct if word in lexicon}
    to_correct -= {word for word in real if len(word) < REAL_WORD_PREFIX}
    similar = vocabulary.similar(to_correct) if to_correct else {}
    corrections = {word: _corrections(word, similar[word], synonyms, real=word in real) for word in to_correct}

    def completes(word: str, correct: bool, complete: bool) -> bool:
        # The last word may be unfinished; any other unknown word of some length without a
        # correction is most likely cut short on purpose (``echtheidskenm.``, ``aanvr.``).
        abbreviated = (
            correct and not corrections.get(word) and not parts_of[word] and len(word) >= MIN_ABBREVIATION_LENGTH
        )
        return unknown(word) and ((complete and len(word) >= MIN_PART_LENGTH) or abbreviated)

    to_complete = {word for word, correct, complete in typed if completes(word, correct, complete)}
    completions = vocabulary.completions(to_complete) if to_complete else {}

    def word_expr(word: str, *, correct: bool, complete: bool) -> Expr:
        alternatives: list[Expr] = [Term(stem(word))]
        alternatives.extend(Term(stem(other)) for other in sorted(inflections(word) & known))
        if parts_of[word]:
            alternatives.append(all_of(Term(stem(part)) for part in parts_of[word]))
        if correct:
            alternatives.extend(corrections.get(word, []))
        if completes(word, correct, complete):
            alternatives.extend(Term(stem(found)) for found in completions[word][:MAX_COMPLETIONS])
        return any_of(alternatives)

    clauses: list[Expr] = []
    for index, (span_words, replacements) in enumerate(spans):
        last = index == len(spans) - 1
        original = all_of(
            word_expr(word, correct=not replacements, complete=last and not replacements) for word in span_words
        )
        alternatives = [original]
        alternatives.extend(
            all_of(word_expr(word, correct=False, complete=False) for word in replacement)
            for replacement in replacements
        )
        clauses.append(any_of(alternatives))
    return AnalysedQuery(tuple(dict.fromkeys(clauses)))


def inflections(word: str) -> set[str]:
    """The word with an inflection's ``-e`` added or taken off, where the stemmer gives the two
    forms different stems: ``overledene`` / ``overleden``, ``nieuwe`` / ``nieuw``, ``gestorvene`` /
    ``gestorven`` (Kraaij-Pohlmann leaves such pairs apart). Likewise a verb's forms in ``-t`` / ``-d``
    and its infinitive (eighth round): ``verlengd`` / ``verlengen``, ``weigert`` / ``weigeren``, ``beslist`` /
    ``beslissen``, which the stemmer keeps apart too. Added as alternatives when the index knows them."""
    if len(word) < MIN_INFLECTED_LENGTH or not word.isalpha():
        return set()
    forms = {word[:-1]} if word.endswith("e") else {word + "e"}
    if word[-1] in "td" and len(word) > MIN_INFLECTED_LENGTH:  # verlengd, weigert, beslist → the infinitive
        forms |= {word[:-1] + "en", word[:-1] + word[-2] + "en"}
    elif word.endswith("en") and len(word) > MIN_INFLECTED_LENGTH + 1:  # verlengen → verlengt, verlengd
        forms |= {word[:-2] + "t", word[:-2] + "d"}
    own = stem(word)
    return {form for form in forms if stem(form) != own}


def _spoken(query_words: list[str]) -> list[str]:
    """The query's words with chat spellings written out and stopwords and filler left out
    (see ``CHAT_SPELLINGS``, ``FILLER``)."""
    result = []
    for word in query_words:
        word = CHAT_SPELLINGS.get(word, word)
        if word not in STOPWORDS and word not in FILLER:
            result.append(word)
    return result


def _synonym_spans(
    query_words: list[str], synonyms: SynonymTable, query_stems: str
) -> list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]]:
    """Group the words into spans: a synonym term (longest first) or a single word without one.

    ``query_stems``: every stem of the query, stopwords included (for ``SynonymTable.phrases``)."""
    stems = [stem(word) for word in query_words]
    spans: list[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = []
    position = 0
    while position < len(query_words):
        for size in range(min(synonyms.longest, len(query_words) - position), 0, -1):
            replacements = synonyms.replacements(tuple(stems[position : position + size]), query_stems)
            if replacements:
                spans.append((tuple(query_words[position : position + size]), replacements))
                position += size
                break
        else:
            spans.append(((query_words[position],), ()))
            position += 1
    return spans


def _common_prefix(a: str, b: str) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _corrections(
    word: str, similar: list[tuple[str, int]], synonyms: SynonymTable, *, real: bool = False
) -> list[Expr]:
    """Close vocabulary words among ``similar`` (and colloquial synonym terms) for a word the index does not know.

    A ``real`` word (one of the lexicon's) is only corrected to a word that begins as it does for
    :data:`REAL_WORD_PREFIX` letters: the same word with another ending (``wachtwoorden`` → wachtwoord,
    ``vriendin`` → vriend), never another word one letter off (``zoon`` → zon, ``vader`` → dader)."""
    limit = typo_limit(word)
    if limit == 0:
        return []
    scored: list[tuple[int, int, str]] = []
    for candidate, frequency in similar:
        distance = edit_distance(word, candidate, limit)
        if distance <= limit and (not real or _common_prefix(word, candidate) >= REAL_WORD_PREFIX):
            scored.append((distance, -frequency, candidate))
    corrections: list[Expr] = [Term(stem(candidate)) for *_, candidate in sorted(scored)[:MAX_CORRECTIONS]]
    for key_stem in synonyms.close_terms(stem(word), limit):
        if real and _common_prefix(stem(word), key_stem) < REAL_WORD_PREFIX:
            continue
        corrections.extend(all_of(Term(stem(w)) for w in replacement) for replacement in synonyms.entries[(key_stem,)])
    return corrections
