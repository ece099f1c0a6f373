"""Snippets with the matching words marked, by the same analysis the search used.

A word of the text is marked when its stem is one the query was expanded to (synonyms,
corrections, compound parts included), or when it is a compound that begins or ends with
one: ``paspoortnummer`` is marked for ``paspoort``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from django.utils.html import escape

from kcc.core.search.analysis import MIN_COMPOUND_LENGTH, STOPWORDS, normalise, stem

_ALNUM = re.compile(r"[a-z0-9]+")
_WORD = re.compile(r"[^\W_]+")
MIN_AFFIX_STEM = 4  # shorter stems would mark too many compounds by accident
MAX_SCANNED = 20_000  # characters of a text looked at for matches: answers are shorter
# Accented Latin letters → their base letter, keeping every offset (str.translate is one pass in C).
_FOLD = {
    code: base
    for code in range(0xC0, 0x250)
    if len(base := unicodedata.normalize("NFKD", chr(code))[0]) == 1 and base.isascii() and base.isalpha()
}


def query_stems(query: str) -> frozenset[str]:
    """Every stem ``query`` can match in any source: what to mark."""
    from kcc.core.search.engines import engine_for_default_connection

    return frozenset(engine_for_default_connection().analyse(query, None).stems())


@lru_cache(maxsize=50_000)
def _word_stem(word: str) -> tuple[str, bool]:
    """(stem, could be a compound) of a word as written; texts repeat their words a lot."""
    normalised = "".join(_ALNUM.findall(normalise(word)))
    if not normalised or normalised in STOPWORDS:
        return "", False
    return stem(normalised), len(normalised) >= MIN_COMPOUND_LENGTH


def _matches(word: str, stems: frozenset[str]) -> bool:
    word_stem, compound = _word_stem(word)
    if not word_stem:
        return False
    if word_stem in stems:
        return True
    return compound and any(
        len(s) >= MIN_AFFIX_STEM and (word_stem.startswith(s) or word_stem.endswith(s)) for s in stems
    )


@lru_cache(maxsize=1_000)
def _candidate_pattern(stems: frozenset[str]) -> re.Pattern[str]:
    """The starts of the query stems: words containing one are few, and checked one by one."""
    pieces = sorted({s[:MIN_AFFIX_STEM] for s in stems}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, pieces)))


def _match_spans(text: str, stems: frozenset[str]) -> list[tuple[int, int]]:
    folded = text.translate(_FOLD).lower()
    if len(folded) != len(text):  # a rare letter whose lower case is longer: scan the original
        folded = text
    spans: list[tuple[int, int]] = []
    for hit in _candidate_pattern(stems).finditer(folded):
        start = hit.start()
        if spans and start < spans[-1][1]:
            continue
        while start > 0 and folded[start - 1].isalnum():
            start -= 1
        end = _WORD.match(folded, hit.start()).end()
        if _matches(text[start:end], stems):
            spans.append((start, end))
    return spans


def highlight_terms(text: str, stems: frozenset[str], *, length: int = 240) -> str:
    """HTML-escaped window of about ``length`` characters with the most matches, matches in <mark>."""
    text = (text or "")[:MAX_SCANNED]
    matches = _match_spans(text, stems) if stems else []
    start = _best_window(matches, length)
    end = min(len(text), start + length)
    if start > 0:  # begin at a word boundary
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    parts = ["…"] if start > 0 else []
    position = start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        parts.append(escape(text[position:match_start]))
        parts.append(f"<mark>{escape(text[match_start:match_end])}</mark>")
        position = match_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).strip()


def _best_window(matches: list[tuple[int, int]], length: int) -> int:
    """Start of the window holding the most matches, with the first of them a little in."""
    if not matches:
        return 0
    best_start, best_count = 0, 0
    for first, _ in matches[:200]:
        start = max(0, first - length // 5)
        count = sum(1 for s, e in matches if s >= start and e <= start + length)
        if count > best_count:
            best_start, best_count = start, count
    return best_start
