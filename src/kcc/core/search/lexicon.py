"""A Dutch lexicon: whether a word is a real Dutch word, so that typo correction leaves it alone.

The index knows only the words of its documents. A caller's ``zoon``, ``vader``, ``bang`` or ``boos`` is
in no VAC, and typo correction used to turn it into the nearest index word (``zon``, ``dader``, ``bank``,
``boom``): a real word read as a typo of another. The lexicon says which unknown words are real words.

The words are the OpenTaal word list (https://www.opentaal.org/, BSD or CC BY 3.0), normalised as the
analysis normalises a query and filtered to what typo correction could look at (letters only, 4–40 of
them): ``data/woordenlijst.txt.gz``, made by ``scripts/build_woordenlijst.py``. About 350,000 words (names left out),
1.1 MB on disk.

Held in memory as the sorted text itself (about 5 MB) and searched by bisection over its lines, not as a
``frozenset`` of the words (about 40 MB and a second to build, in every process). Loaded on first use,
some 40 ms.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

WORDLIST = Path(__file__).parent / "data" / "woordenlijst.txt.gz"


class Lexicon:
    """Sorted words, one a line (``\\n`` after each), looked up by bisection on the text."""

    def __init__(self, text: bytes) -> None:
        if text and not text.endswith(b"\n"):
            text += b"\n"
        self._text = text

    @classmethod
    def from_words(cls, words: list[str]) -> Lexicon:
        return cls("".join(f"{word}\n" for word in sorted(set(words))).encode("ascii"))

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word.isascii() or "\n" in word:
            return False
        wanted = word.encode("ascii")
        text = self._text
        low, high = 0, len(text)  # both always at the start of a line
        while low < high:
            middle = (low + high) // 2
            start = text.rfind(b"\n", 0, middle) + 1
            end = text.find(b"\n", middle)
            line = text[start:end]
            if line == wanted:
                return True
            if line < wanted:
                low = end + 1
            else:
                high = start
        return False

    def __len__(self) -> int:
        return self._text.count(b"\n")


@cache
def dutch_lexicon() -> Lexicon:
    """The shipped lexicon, read once per process."""
    return Lexicon(gzip.decompress(WORDLIST.read_bytes()))
