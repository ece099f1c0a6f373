"""The analysis pipeline on its own: the same words in, the same tokens out, at every stage."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kcc.core.search.analysis import (
    _APOSTROPHE,
    _APOSTROPHE_S,
    STOPWORDS,
    AllOf,
    AnyOf,
    SetVocabulary,
    SynonymTable,
    Term,
    analyse_query,
    compound_candidates,
    edit_distance,
    expr_matches,
    index_tokens,
    normalise,
    split_compound,
    stem,
    tokenise,
    words,
)


class FakeQueryVocabulary(SetVocabulary):
    """An in-memory stand-in for the index vocabulary (the database one is tested with the engines)."""

    def __init__(self, terms: dict[str, int]) -> None:
        super().__init__(terms)
        self.frequency = terms

    def known_words_and_stems(self, candidates, stems):
        return self.known(candidates), {stem(term) for term in self.terms} & set(stems)

    def similar(self, words):
        return {word: self._similar(word) for word in words}

    def _similar(self, word):
        trigrams = {word[i : i + 3] for i in range(len(word) - 2)}
        return [(t, n) for t, n in self.frequency.items() if trigrams & {t[i : i + 3] for i in range(len(t) - 2)}]

    def completions(self, prefixes):
        by_frequency = sorted(self.terms, key=lambda t: -self.frequency[t])
        return {p: [t for t in by_frequency if t.startswith(p)] for p in prefixes}


VOCABULARY = FakeQueryVocabulary(
    {"hond": 3, "honden": 2, "belasting": 9, "paspoort": 20, "identiteit": 4, "kaart": 5, "aanvragen": 8}
)
SYNONYMS = SynonymTable.from_pairs([("sofinummer", ["burgerservicenummer", "bsn"]), ("id kaart", ["identiteitskaart"])])


def test_normalise_lowercases_strips_accents_and_apostrophes() -> None:
    assert normalise("Financiën CAFÉ") == "financien cafe"
    assert normalise("auto's en zo’n") == "auto en zon"


def test_words_split_on_hyphens_drop_stopwords_and_keep_digits() -> None:
    assert words("Hoe vraag ik een Woo-verzoek in?", join_numbers=False) == ["vraag", "woo", "verzoek"]
    assert words("Bel 14 020 of 06-1234 5678", join_numbers=False) == [
        "bel",
        "14",
        "020",
        "14020",
        "06",
        "1234",
        "5678",
        "0612345678",
    ]
    assert words("06-1234 5678", join_numbers=True) == ["0612345678"]


def test_stem_is_snowball_dutch_and_leaves_numbers_alone() -> None:
    assert stem("paspoorten") == stem("paspoort")
    assert stem("belastingen") == stem("belasting")
    assert stem("0612345678") == "0612345678"


def test_compound_split_with_linking_s_and_en() -> None:
    known = VOCABULARY.known(compound_candidates("hondenbelasting"))
    assert [stem(part) for part in split_compound("hondenbelasting", known)] == [stem("hond"), stem("belasting")]
    assert split_compound("hondenbelasting", {"hond", "belasting"}) == ("hond", "belasting")
    known = VOCABULARY.known(compound_candidates("identiteitskaart"))
    assert split_compound("identiteitskaart", known) == ("identiteit", "kaart")


def test_no_split_of_short_words_unknown_parts_or_stopword_parts() -> None:
    assert split_compound("hondje", {"hond", "hondje"}) == ()  # too short to be a compound
    assert split_compound("verkiezingen", set()) == ()
    assert split_compound("overheidje", {"over", "heidje"}) == ()  # 'over' is a stopword


def test_index_tokens_add_compound_parts_after_the_word() -> None:
    tokens = index_tokens(["hondenbelasting"], SetVocabulary({"hond", "belasting"}), {})
    assert tokens == [stem("hondenbelasting"), stem("hond"), stem("belasting")]


def test_index_tokens_add_the_parts_of_compound_parts() -> None:
    vocabulary = SetVocabulary({"gemeenteraad", "gemeente", "raad", "verkiezingen"})
    tokens = index_tokens(["gemeenteraadsverkiezingen"], vocabulary, {})
    assert tokens == [
        stem(word) for word in ("gemeenteraadsverkiezingen", "gemeenteraad", "verkiezingen", "gemeente", "raad")
    ]
    query = analyse_query(
        "verkiezing gemeente", FakeQueryVocabulary({"gemeente": 9, "verkiezingen": 4}), SynonymTable({})
    )
    assert expr_matches(AllOf(query.clauses), set(tokens))
    assert not expr_matches(AllOf(query.clauses), set(tokens[:3]))  # without the nested parts it would not


def test_query_expands_synonyms_and_keeps_the_original() -> None:
    (clause,) = analyse_query("sofinummer", VOCABULARY, SYNONYMS).clauses
    assert isinstance(clause, AnyOf)
    assert Term(stem("sofinummer")) in clause.parts and Term("bsn") in clause.parts


def test_multi_word_synonym_becomes_one_clause() -> None:
    clauses = analyse_query("ID-kaart aanvragen", VOCABULARY, SYNONYMS).clauses
    assert len(clauses) == 2
    assert expr_matches(clauses[0], {stem("identiteitskaart")})
    assert expr_matches(clauses[0], {"id", "kaart"})


def test_joined_query_word_also_matches_its_parts() -> None:
    (clause,) = analyse_query("hondenbelasting", VOCABULARY, SYNONYMS).clauses
    assert expr_matches(clause, {stem("hond"), stem("belasting")})
    assert not expr_matches(clause, {stem("belasting")})


def test_unknown_word_is_corrected_to_a_close_vocabulary_word() -> None:
    (clause,) = analyse_query("paspoot", VOCABULARY, SYNONYMS).clauses
    assert expr_matches(clause, {stem("paspoort")})


def test_misspelt_synonym_term_is_corrected_too() -> None:
    (clause,) = analyse_query("sofienummer", VOCABULARY, SYNONYMS).clauses
    assert expr_matches(clause, {"bsn"})


def test_last_unknown_word_is_completed() -> None:
    (clause,) = analyse_query("aanvr", VOCABULARY, SYNONYMS).clauses
    assert expr_matches(clause, {stem("aanvragen")})


def test_an_unknown_word_without_correction_is_completed_anywhere() -> None:
    # An abbreviation (agents' notes) or a word split in two ("verpleeg huis"): not only the last word.
    vocabulary = FakeQueryVocabulary({"echtheidskenmerken": 2, "paspoort": 20, "verpleeghuis": 1, "huis": 5})
    first, second = analyse_query("echtheidskenm. paspoort", vocabulary, SynonymTable({})).clauses
    assert expr_matches(first, {stem("echtheidskenmerken")}) and second == Term(stem("paspoort"))
    assert expr_matches(analyse_query("verpleeg huis", vocabulary, SynonymTable({})).clauses[0], {stem("verpleeghuis")})
    # A short unknown word in the middle is not: "bsx" could start too many words.
    assert analyse_query("paspo paspoort", vocabulary, SynonymTable({})).clauses[0] == Term(stem("paspo"))


def test_a_form_with_or_without_inflection_e_is_asked_for_too() -> None:
    # The stemmer keeps "overledene" (overledeen) and "overleden" (overleed) apart.
    vocabulary = FakeQueryVocabulary({"overleden": 4, "nieuwe": 3, "bsn": 9})
    (_, clause) = analyse_query("bsn overledene", vocabulary, SynonymTable({})).clauses
    assert expr_matches(clause, {stem("overleden")}) and expr_matches(clause, {stem("overledene")})
    assert expr_matches(analyse_query("nieuw", vocabulary, SynonymTable({})).clauses[0], {stem("nieuwe")})
    assert analyse_query("overleden", vocabulary, SynonymTable({})).clauses == (Term(stem("overleden")),)  # not known


def test_a_real_word_is_not_corrected_into_another_word() -> None:
    # "zoon" is a Dutch word the index lacks, not a typo of "woon"; "vader" is not one of "dader".
    vocabulary = FakeQueryVocabulary({"zon": 3, "woon": 5, "dader": 2, "kader": 4, "paspoort": 20})
    assert analyse_query("zoon", vocabulary, SynonymTable({})).clauses == (Term(stem("zoon")),)
    assert analyse_query("vader", vocabulary, SynonymTable({})).clauses == (Term(stem("vader")),)
    # The same words are corrected when the lexicon does not know them (an empty one here).
    (clause,) = analyse_query("zoon", vocabulary, SynonymTable({}), lexicon=frozenset()).clauses
    assert expr_matches(clause, {stem("woon")})
    # A typo is still corrected: "paspoot" is no word.
    (clause,) = analyse_query("paspoot", vocabulary, SynonymTable({})).clauses
    assert expr_matches(clause, {stem("paspoort")})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("wachtwoorden", "wachtwoord"),  # a real word, corrected to another ending of itself (the lexicon knows both)
        ("vriendin", "vriend"),
        ("verlengd", "verlengen"),  # a verb form also asks for its infinitive ...
        ("beslist", "beslissen"),
        ("verlengen", "verlengt"),  # ... and back
    ],
)
def test_a_word_also_asks_for_another_ending_of_itself(query: str, expected: str) -> None:
    # The stemmer keeps these pairs apart.
    vocabulary = FakeQueryVocabulary(
        {"wachtwoord": 3, "vriend": 2, "vrienden": 1, "verlengen": 2, "beslissen": 3, "verlengt": 1}
    )
    (clause,) = analyse_query(query, vocabulary, SynonymTable({})).clauses
    assert expr_matches(clause, {stem(expected)})


def test_a_synonym_term_one_letter_off_another_real_word_is_not_reached() -> None:
    # "plicht" is no "oplicht".
    synonyms = SynonymTable.from_pairs([("oplichting", ["fraude"])])
    (clause,) = analyse_query("plicht", FakeQueryVocabulary({"oplichting": 1}), synonyms).clauses
    assert not expr_matches(clause, {"fraude"})


def test_a_term_with_filler_matches_the_query_without_it() -> None:
    # The query leaves "the" and "my" out, so "leaving the netherlands" has to match "leaving netherlands".
    synonyms = SynonymTable.from_pairs([("leaving the netherlands", ["uitschrijven"]), ("how to vote", ["stemmen"])])
    vocabulary = FakeQueryVocabulary({"uitschrijven": 2, "stemmen": 3})
    clauses = analyse_query("I am leaving the Netherlands", vocabulary, synonyms).clauses
    assert any(expr_matches(clause, {stem("uitschrijven")}) for clause in clauses)
    assert expr_matches(analyse_query("how to vote", vocabulary, synonyms).clauses[0], {stem("stemmen")})
    assert not expr_matches(analyse_query("vote", vocabulary, synonyms).clauses[0], {stem("stemmen")})  # a phrase


def test_clitics_are_not_words() -> None:
    # "zo'n" would otherwise be "zon" (the sun) once the apostrophe is stripped.
    vocabulary = FakeQueryVocabulary({"zon": 2, "paspoort": 20})
    assert analyse_query("zo'n paspoort", vocabulary, SynonymTable({})).clauses == (Term(stem("paspoort")),)
    assert analyse_query("m’n paspoort, d'r pas", vocabulary, SynonymTable({})).clauses[0] == Term(stem("paspoort"))


def test_short_words_are_not_corrected() -> None:
    (clause,) = analyse_query("bsx", VOCABULARY, SynonymTable.from_pairs([])).clauses
    assert clause == Term("bsx")


def test_stopword_only_and_empty_queries_have_no_clauses() -> None:
    assert analyse_query("", VOCABULARY, SYNONYMS).clauses == ()
    assert analyse_query("wat is het", VOCABULARY, SYNONYMS).clauses == ()


def test_a_phrase_reduced_to_one_word_by_its_stopwords_needs_all_its_words() -> None:
    # "tot hoe laat" without its stopwords is "laat": it must not turn every "laten" into opening hours.
    synonyms = SynonymTable.from_pairs(
        [("tot hoe laat", ["openingstijden"]), ("op mijn naam", ["identiteitsfraude"]), ("laat", ["te laat"])]
    )
    vocabulary = FakeQueryVocabulary({"openingstijden": 3, "identiteitsfraude": 2, "naam": 5, "laten": 4})
    (clause,) = analyse_query("tot hoe laat", vocabulary, synonyms).clauses
    assert expr_matches(clause, {stem("openingstijden")})
    clauses = analyse_query("paspoort laten opsturen", vocabulary, synonyms).clauses
    assert not any(expr_matches(c, {stem("openingstijden")}) for c in clauses)
    assert any(expr_matches(c, {stem("laat")}) for c in clauses)  # the plain entry of the same word still applies
    assert not any(
        expr_matches(c, {stem("identiteitsfraude")}) for c in analyse_query("mijn naam", vocabulary, synonyms).clauses
    )
    # The phrase is found with its chat spelling too ("mn" is "mijn").
    clauses = analyse_query("iets op mn naam afgesloten", vocabulary, synonyms).clauses
    assert any(expr_matches(c, {stem("identiteitsfraude")}) for c in clauses)
    assert synonyms.close_terms(stem("laat"), 1) == (stem("laat"),)  # only plain entries are typo targets


def test_close_terms_are_the_plain_entries_within_the_limit_in_the_tables_order() -> None:
    """Only terms of about the word's length are compared (grouped by length, for speed); the order stays
    the table's, whatever the lengths, and a term of several words is no typo target."""
    synonyms = SynonymTable.from_pairs(
        [
            ("stempast", ["kiespas"]),
            ("stempas", ["stemkaart"]),
            ("stempsa", ["kiezen"]),
            ("stemmen", ["verkiezing"]),
            ("stem pas", ["oproepkaart"]),
        ]
    )
    assert synonyms.close_terms("stempas", 1) == ("stempast", "stempas", "stempsa")
    assert synonyms.close_terms("stempas", 0) == ("stempas",)
    assert synonyms.longest == 2


def test_a_phrase_allows_a_few_words_between_its_words() -> None:
    # Dutch puts the verb last: "kan ... niet meer betalen" is the phrase "kan niet betalen"; far apart it is not.
    synonyms = SynonymTable.from_pairs([("kan niet betalen", ["betalingsregeling"])])
    vocabulary = FakeQueryVocabulary({"betalingsregeling": 3, "huur": 4, "betalen": 6})
    found = analyse_query("ik kan de huur deze maand niet meer betalen", vocabulary, synonyms).clauses
    assert any(expr_matches(c, {stem("betalingsregeling")}) for c in found)
    apart = "kan ik bij de balie van het stadskantoor aan de markt niet gewoon contant betalen"
    assert not any(
        expr_matches(c, {stem("betalingsregeling")}) for c in analyse_query(apart, vocabulary, synonyms).clauses
    )


def test_chat_spellings_and_filler_are_not_asked_for() -> None:
    empty = SynonymTable.from_pairs([])
    assert analyse_query("ff mn paspoort pls", VOCABULARY, empty) == analyse_query("paspoort", VOCABULARY, empty)
    assert analyse_query("ja eh nou gewoon eigenlijk", VOCABULARY, empty).clauses == ()  # "gewoon" is not "wonen"
    assert analyse_query("what is the passport for my child", VOCABULARY, empty) == analyse_query(
        "passport child", VOCABULARY, empty
    )


def test_edit_distance_counts_a_swap_once() -> None:
    assert edit_distance("digid", "digdi", 2) == 1
    assert edit_distance("paspoort", "paspoot", 2) == 1
    assert edit_distance("kat", "hondenbelasting", 2) == 3


@given(st.text(max_size=300))
def test_words_are_plain_ascii_tokens_without_stopwords(text: str) -> None:
    for word in words(text, join_numbers=False):
        assert word and set(word) <= set(string.ascii_lowercase + string.digits)
        assert word not in STOPWORDS


@given(st.text(max_size=200))
def test_normalise_is_idempotent(text: str) -> None:
    assert normalise(normalise(text)) == normalise(text)
    assert tokenise(normalise(text)) == tokenise(text)


@given(
    st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=12),
    st.text(alphabet=string.ascii_lowercase, max_size=12),
)
def test_edit_distance_is_symmetric_and_zero_only_for_equal_words(a: str, b: str) -> None:
    assert edit_distance(a, b, 20) == edit_distance(b, a, 20)
    assert (edit_distance(a, b, 20) == 0) == (a == b)


@given(
    st.lists(st.sampled_from(["hond", "belasting", "paspoort", "kaart", "gemeente", "raad"]), min_size=2, max_size=3)
)
def test_split_parts_rebuild_the_compound(parts: list[str]) -> None:
    word = "".join(parts)
    found = split_compound(word, SetVocabulary(parts).known(compound_candidates(word)))
    assert found and "".join(found) == word


@given(st.text(max_size=200))
def test_any_query_analyses_to_clauses_of_known_shape(query: str) -> None:
    for clause in analyse_query(query, VOCABULARY, SYNONYMS).clauses:
        assert isinstance(clause, Term | AllOf | AnyOf)


@given(st.text(max_size=40))
def test_normalise_is_nfkd_lower_case_without_combining_marks(text) -> None:
    """The fast paths (ASCII, str.translate) give what the plain definition gives."""
    decomposed = unicodedata.normalize("NFKD", text).lower()
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert normalise(text) == _APOSTROPHE.sub("", _APOSTROPHE_S.sub("", plain))


@given(st.text(alphabet=string.ascii_letters + " -.'", max_size=60))
def test_words_of_text_without_digits_as_with_them(text) -> None:
    """Text without digits takes a shortcut; a number after it takes the general path."""
    assert words(text + " 7", join_numbers=True) == [*words(text, join_numbers=True), "7"]
