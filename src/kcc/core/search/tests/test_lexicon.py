"""The Dutch lexicon that keeps typo correction off real words."""

from __future__ import annotations

import gzip

from hypothesis import given
from hypothesis import strategies as st

from kcc.core.search.analysis import tokenise
from kcc.core.search.lexicon import WORDLIST, Lexicon, dutch_lexicon


@given(
    st.lists(st.text(alphabet="abcdez", min_size=1, max_size=6), max_size=30),
    st.text(alphabet="abcdez", max_size=7),
)
def test_bisection_finds_exactly_the_words_of_the_list(listed: list[str], word: str) -> None:
    lexicon = Lexicon.from_words(listed)
    assert all(entry in lexicon for entry in listed)
    assert (word in lexicon) == (word in set(listed))
    assert len(lexicon) == len(set(listed))


def test_odd_lookups_are_no_words() -> None:
    lexicon = Lexicon.from_words(["aap", "noot"])
    assert "" not in lexicon and "aap\nnoot" not in lexicon and "café" not in lexicon and 7 not in lexicon
    assert "noot" in Lexicon(b"aap\nnoot")  # the last line needs no newline


def test_the_shipped_lexicon_knows_dutch_words_and_not_typos() -> None:
    lexicon = dutch_lexicon()
    assert len(lexicon) > 300_000
    for word in ("zoon", "vader", "bang", "boos", "paspoort", "wachtwoorden", "verzorgingstehuis", "gemeente"):
        assert word in lexicon, word
    for typo in ("paspoot", "gemeentte", "pasport", "sofienummer"):
        assert typo not in lexicon, typo


def test_the_shipped_file_is_sorted_normalised_and_deduplicated() -> None:
    lines = gzip.decompress(WORDLIST.read_bytes()).decode("ascii").splitlines()
    assert lines == sorted(set(lines))
    assert all(line.isalpha() and 4 <= len(line) <= 40 and tokenise(line) == [line] for line in lines)
