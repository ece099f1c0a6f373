"""The engine of the test database's vendor (run the suite on SQLite and on PostgreSQL)."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kcc.core.search import MAX_QUERY_LENGTH, Document, QueryTooLong, get_engine, highlight, register_source
from kcc.core.search.analysis import Term, expr_stems, stem
from kcc.core.search.engines import Candidate, Engine, _bm25, _content_rank, field_counts, single_edits, typo_pieces
from kcc.core.search.models import SearchEntry, SearchTerm
from kcc.core.search.services import add_synonym

pytestmark = pytest.mark.django_db

ACTIVE = frozenset({"actief"})


def doc(
    object_id: int, title: str, body: str = "", *, keywords: str = "", tags=ACTIVE, source: str = "test"
) -> Document:
    return Document(source=source, object_id=object_id, title=title, keywords=keywords, body=body, tags=tags)


@pytest.fixture
def engine():
    engine = get_engine()
    engine.rebuild(
        "test",
        [
            doc(1, "Hoe vraag ik een paspoort aan?", "U vraagt een paspoort aan bij de gemeente."),
            doc(2, "Wat is het burgerservicenummer (bsn)?", "Het bsn is uw persoonlijke nummer."),
            doc(3, "Welke belastingen heft de gemeente?", "De gemeente heft onder meer hondenbelasting."),
            doc(
                4,
                "Wat kost een identiteitskaart?",
                "Een identiteitskaart kost geld.",
                tags=frozenset({"actief", "openbaar"}),
            ),
            doc(5, "Oud: paspoort aanvragen", "Vervallen antwoord over het paspoort.", tags=frozenset()),
            doc(6, "Belasting voor honden", "Voor elke hond betaalt u belasting."),
        ],
    )
    return engine


def ids(hits) -> list[int]:
    return [hit.object_id for hit in hits]


def test_engine_matches_the_database_vendor() -> None:
    assert get_engine().vendor == connection.vendor


def test_keyword_search_ranks_the_question_first(engine) -> None:
    hits = engine.search("test", "paspoort aanvragen", tags=ACTIVE)
    assert ids(hits)[0] == 1
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


def test_tags_filter_requires_all_tags(engine) -> None:
    assert 5 not in ids(engine.search("test", "paspoort", tags=ACTIVE))
    assert 5 in ids(engine.search("test", "paspoort"))
    assert ids(engine.search("test", "identiteitskaart", tags=frozenset({"actief", "openbaar"}))) == [4]
    assert ids(engine.search("test", "bsn", tags=frozenset({"actief", "openbaar"}))) == []


def test_sources_are_separate(engine) -> None:
    get_engine().index(doc(1, "Paspoort verlengen", source="other"))
    assert ids(engine.search("other", "paspoort")) == [1]
    assert 1 in ids(engine.search("test", "paspoort"))


def test_synonym_finds_the_official_term(engine) -> None:
    assert ids(engine.search("test", "sofinummer", tags=ACTIVE))[0] == 2  # shipped synonym list


def test_thesaurus_finds_life_events_in_everyday_words(engine) -> None:
    engine.index(doc(7, "Overlijden: wat moet ik regelen?", "De nabestaanden regelen de uitvaart."))
    engine.index(doc(8, "Naar een verpleeghuis verhuizen: wat moet ik regelen?"))
    assert ids(engine.search("test", "mijn moeder is gestorven", tags=ACTIVE))[0] == 7  # shipped thesaurus
    assert ids(engine.search("test", "oma naar bejaardentehuis", tags=ACTIVE))[0] == 8
    assert ids(engine.search("test", "oma naar bejaardenhuis", tags=ACTIVE))[0] == 8  # not in the index either


def test_thesaurus_of_government_language_finds_the_official_terms(engine) -> None:
    engine.index(doc(7, "Welke regels gelden er voor windmolens vlak bij een woonwijk?"))
    engine.index(doc(8, "Ik ben slachtoffer van discriminatie. Wat kan ik doen?"))
    engine.index(doc(9, "Is mijn beschadigde paspoort of identiteitskaart geldig?"))
    assert ids(engine.search("test", "windturbine achter ons huis", tags=ACTIVE))[0] == 7
    assert ids(engine.search("test", "ik word anders behandeld om mijn afkomst", tags=ACTIVE))[0] == 8
    assert ids(engine.search("test", "paspoort kapot", tags=ACTIVE))[0] == 9  # above "paspoort aanvragen"


def test_english_words_in_a_dutch_question_find_the_dutch_answer(engine) -> None:
    # Single English words of everyday government business (fifth part of the thesaurus).
    engine.index(doc(7, "Waar kan ik of mijn kind terecht bij problemen online, zoals cyberpesten?"))
    engine.index(doc(8, "Wie mag stemmen bij de gemeenteraadsverkiezingen?"))
    assert ids(engine.search("test", "my kid wordt gebullied online, who can help", tags=ACTIVE))[0] == 7
    assert ids(engine.search("test", "can I vote voor de gemeenteraad", tags=ACTIVE))[0] == 8


def test_situations_and_shorthand_find_the_answer_and_real_words_stay_themselves(engine) -> None:
    # The sixth part of the thesaurus (eighth round), and the lexicon: "zoon" is no typo of "zon".
    engine.index(doc(7, "Is mijn beschadigde paspoort of identiteitskaart geldig?"))
    engine.index(doc(8, "Wat kan ik doen als ik mijn stempas kwijt ben of niet ontvangen heb?"))
    engine.index(doc(9, "Hoe bespaar ik energie met de zon op mijn dak?"))
    assert ids(engine.search("test", "mijn paspoort heeft in de wasmachine gezeten", tags=ACTIVE))[0] == 7
    assert ids(engine.search("test", "stpas nt ontv., nieuwe aanvr.", tags=ACTIVE))[0] == 8
    assert 9 not in ids(engine.search("test", "zoon", tags=ACTIVE))


def test_a_subtopic_in_one_passage_of_a_long_answer_ranks_first(engine) -> None:
    # The scattered answer is shorter, so the native rank prefers it; the passage decides.
    scattered = "U betaalt kosten.\nDaarna volgt de rest.\nEen advocaat helpt."
    filler = ["Andere informatie over de regels van de gemeente en het loket."] * 8
    together = "\n".join([*filler, "De kosten van een advocaat krijgt u soms terug."])
    engine.index(doc(7, "Hoe werkt een procedure?", scattered))
    engine.index(doc(8, "Wat gebeurt er na de aanvraag?", together))
    assert ids(engine.search("test", "kosten advocaat", tags=ACTIVE))[:2] == [8, 7]
    stored = SearchEntry.objects.get(source="test", object_id=8).body
    assert stored.count(" | ") == 8  # passage marks: for re-ranking only, not words of the index
    assert not SearchTerm.objects.filter(term="|").exists()


def test_new_synonym_takes_effect_at_once(engine) -> None:
    assert ids(engine.search("test", "hondenkar", tags=ACTIVE)) == []
    add_synonym(term="hondenkar", replacements=["hondenbelasting"], actor=None)
    assert 3 in ids(engine.search("test", "hondenkar", tags=ACTIVE))


def test_compounds_match_both_ways(engine) -> None:
    assert {3, 6} <= set(ids(engine.search("test", "hondenbelasting", tags=ACTIVE)))
    assert {3, 6} <= set(ids(engine.search("test", "belasting hond", tags=ACTIVE)))


def test_typo_is_corrected_from_the_vocabulary(engine) -> None:
    assert ids(engine.search("test", "paspoot", tags=ACTIVE))[0] == 1
    assert ids(engine.search("test", "identiteitskaar", tags=ACTIVE)) == [4]


def test_last_word_is_completed_while_typing(engine) -> None:
    assert 4 in ids(engine.search("test", "identiteitsk", tags=ACTIVE))


def test_all_words_matching_come_before_some(engine) -> None:
    hits = engine.search("test", "paspoort hond", tags=ACTIVE)
    assert ids(hits)  # no document has both: the ones with either still come back
    assert all(hit.score < 10 for hit in hits)


def test_a_word_no_document_has_does_not_keep_the_others_from_matching_all(engine) -> None:
    # "jumbo" is in no document and has no correction: it is left out, so the documents having
    # every other word are the all-clause matches, as if it had not been typed.
    hits = engine.search("test", "paspoort gemeente jumbo", tags=ACTIVE)
    assert ids(hits)[0] == 1 and hits[0].score >= 10
    assert ids(hits) == ids(engine.search("test", "paspoort gemeente", tags=ACTIVE))
    assert engine.search("test", "jumbo xyzzyq") == []


def test_chat_spelling_and_filler_ask_for_nothing(engine) -> None:
    typed = engine.analyse("ff mn paspoort aanvragen pls, eh gewoon bij de gemeente?", "test")
    assert typed == engine.analyse("paspoort aanvragen gemeente", "test")


def test_without_all_words_the_rare_word_outweighs_common_ones() -> None:
    # No document has both words. Counted as equals, "gemeente" in five questions beats
    # "toeristenbelasting" in one answer; counted by their weight, the rare word decides.
    engine = get_engine()
    engine.rebuild(
        "test",
        [
            doc(1, "Wat doet de gemeente voor inwoners?", "Zij voert taken uit."),
            doc(2, "Hoe bereik ik de gemeente telefonisch?", "Bel of mail ons."),
            doc(3, "Wanneer is de gemeente open?", "Op werkdagen."),
            doc(4, "Heffingen voor verhuurders", "U betaalt toeristenbelasting per overnachting."),
            doc(5, "Hoe vraag ik een paspoort aan?", "Bij de balie."),
            doc(6, "Waar staat het gemeentehuis?", "In het centrum van de gemeente."),
            doc(7, "Wie werken bij de gemeente?", "Ambtenaren."),
        ],
    )
    hits = engine.search("test", "gemeente toeristenbelasting", tags=ACTIVE)
    assert ids(hits)[0] == 4 and all(hit.score < 10 for hit in hits)


def test_clause_weights_count_in_reranking() -> None:
    clauses = (Term("gemeent"), Term("toeristenbelast"))
    candidates = [Candidate(1, 0.0, "gemeent", "", ""), Candidate(2, 0.0, "heffing", "", "toeristenbelast")]
    assert get_engine()._rerank(clauses, candidates) == [1, 2]
    assert get_engine()._rerank(clauses, candidates, [0.2, 3.0]) == [2, 1]


def test_fusion_lets_bm25_reorder_close_places_only() -> None:
    # Clause counting puts 1 first by a hair; BM25 puts it last and 2 first: 2 wins. A document
    # that clause counting puts far ahead keeps its place whatever BM25 says.
    fused = Engine._fuse([1, 2, 3, 4], {1: 0.1, 2: 5.0, 3: 3.0, 4: 2.0}, level=1)
    assert [object_id for object_id, _ in fused] == [2, 1, 3, 4]
    assert all(score >= 10 for _, score in fused)
    many = list(range(1, 21))
    fused = Engine._fuse(many, {object_id: float(object_id) for object_id in many}, level=0)
    assert fused[0][0] == 1 and all(score < 10 for _, score in fused)


def test_bm25_weighs_the_rare_clause_and_repetition() -> None:
    def candidate(object_id: int, title: str, body: str = "") -> Candidate:
        return Candidate(object_id, 0.0, title, "", body)

    clauses = (Term("gemeent"), Term("toeristenbelast"))
    candidates = [candidate(1, "gemeent nieuw"), candidate(2, "toeristenbelast nieuw"), candidate(3, "nieuw")]
    scores = _bm25(clauses, [0.2, 3.0], field_counts(candidates))
    assert scores[2] > scores[1] > scores[3] == 0
    more = [*candidates, candidate(4, "toeristenbelast nieuw", "toeristenbelast")]
    repeated = _bm25(clauses, [0.2, 3.0], field_counts(more))
    assert repeated[4] > repeated[2]


def test_content_rank_weighs_fields_and_rarity_the_same_on_every_engine() -> None:
    """The rank that settles close calls is computed from the stored fields, not by the engine."""
    candidates = [
        Candidate(1, 99.0, "gemeent", "", "toeristenbelast"),
        Candidate(2, 0.0, "toeristenbelast", "", "gemeent"),
        Candidate(3, 0.0, "vraag", "", "gemeent"),
    ]
    frequencies = {"gemeent": 90, "toeristenbelast": 2}
    scores = _content_rank({"gemeent", "toeristenbelast"}, frequencies, 100, field_counts(candidates))
    assert scores[2] > scores[1] > scores[3] > 0  # the rare word in the question; the native rank is ignored


def test_document_count_follows_this_process_writes(engine) -> None:
    assert engine._document_count("test") == 6
    engine.index(doc(7, "Nog een vraag"))
    assert engine._document_count("test") == 7
    engine.remove("test", 7)
    assert engine._document_count("test") == 6


def test_empty_stopword_and_unknown_queries_find_nothing(engine) -> None:
    assert engine.search("test", "") == []
    assert engine.search("test", "wat is het") == []
    assert engine.search("test", "xyzzyq") == []


def test_long_queries(engine) -> None:
    assert engine.search("test", "paspoort " * 22)  # 198 characters: fine
    with pytest.raises(QueryTooLong, match="maximaal 200 tekens"):
        engine.search("test", "a" * 1000)
    assert issubclass(QueryTooLong, ValueError) and MAX_QUERY_LENGTH == 200


def test_index_replaces_and_remove_forgets(engine) -> None:
    engine.index(doc(1, "Rijbewijs verlengen"))
    assert 1 not in ids(engine.search("test", "paspoort aanvragen", tags=ACTIVE))
    assert ids(engine.search("test", "rijbewijs")) == [1]
    engine.remove("test", 1)
    assert engine.search("test", "rijbewijs") == []
    engine.remove("test", 1)  # idempotent


def test_vocabulary_counts_follow_index_and_remove(engine) -> None:
    assert SearchTerm.objects.get(source="test", term="paspoort").df == 2  # docs 1 and 5
    engine.remove("test", 5)
    assert SearchTerm.objects.get(source="test", term="paspoort").df == 1
    engine.remove("test", 1)
    assert not SearchTerm.objects.filter(source="test", term="paspoort").exists()


def test_phone_numbers_are_searchable_as_typed(engine) -> None:
    engine.index(doc(7, "Jan Jansen", keywords="Belastingen 06-1234 5678"))
    for query in ("0612345678", "06 1234 5678", "06-12345678"):
        assert ids(engine.search("test", query)) == [7], query


def test_rebuild_replaces_a_source(engine) -> None:
    assert engine.rebuild("test", [doc(9, "Parkeervergunning aanvragen")]) == 1
    assert SearchEntry.objects.filter(source="test").count() == 1
    assert ids(engine.search("test", "parkeervergunning")) == [9]
    assert engine.search("test", "paspoort") == []


def test_bad_source_or_tag_names_are_refused(engine) -> None:
    with pytest.raises(ValueError):
        engine.index(doc(1, "x", source="Bad Source"))
    with pytest.raises(ValueError):
        engine.search("test", "paspoort", tags=frozenset({"niet goed"}))


def test_highlight_marks_matches_and_escapes_html(engine) -> None:
    text = "Let op: <script>alert('x')</script> uw paspoorten en de hondenbelasting."
    snippet = highlight(text, "paspoort belasting")
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "<mark>paspoorten</mark>" in snippet and "<mark>hondenbelasting</mark>" in snippet


def test_highlight_windows_around_the_match() -> None:
    text = "Inleiding. " * 60 + "Hier staat het paspoort." + " Slot." * 60
    snippet = highlight(text, "paspoort", length=80)
    assert "<mark>paspoort</mark>" in snippet and snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 140


def test_highlight_without_match_shows_the_start() -> None:
    assert highlight("Kort antwoord.", "paspoort") == "Kort antwoord."


def test_zoekindex_command_rebuilds_registered_sources(engine, capsys) -> None:
    register_source("test", lambda: [doc(11, "Afvalpas aanvragen")])
    call_command("zoekindex", "opbouwen", "--source", "test")
    assert "test: 1 documenten" in capsys.readouterr().out
    assert ids(engine.search("test", "afvalpas")) == [11]


def test_word_two_edits_off_is_corrected(engine) -> None:
    # 'identiteitskrat' has no vocabulary word one edit away: the trigram look-up finds 'identiteitskaart'.
    assert ids(engine.search("test", "identiteitskrat", tags=ACTIVE)) == [4]


def test_two_edit_candidates_are_the_same_words_on_every_engine(engine) -> None:
    """Words containing one of three pieces of the word, most pieces first, then the most frequent:
    'vannacht' → 'aandacht' (two edits), which pg_trgm's similarity threshold (0.3) left out."""
    engine.index(doc(8, "Aandacht voor de buurt", "Meer aandacht."))
    engine.index(doc(9, "Overnacht in de stad", "Een nacht."))
    assert typo_pieces("vannacht") == ["acht", "cht"]
    found = dict(engine.similar_terms("test", ["vannacht"])["vannacht"])
    assert "aandacht" in found and "overnacht" in found
    assert {term for term, _ in engine._two_edits("test", ["vannacht"])[0]} == {"aandacht", "overnacht"}


def test_the_typos_and_unfinished_words_of_a_query_cost_one_statement_each_kind(engine) -> None:
    """A whole question typed in a hurry has several unknown words; on a busy server each round trip
    waits for the database, so the words one edit off, the words two edits off and the completions
    are each asked for all words at once."""
    engine.index(doc(7, "Vergunning voor een evenement", "Een evenementenvergunning vraagt u aan."))
    engine.analyse("paspoort", "test")  # the synonym table is read once per process
    with CaptureQueriesContext(connection) as queries:
        analysed = engine.analyse("paspprot belastnig vergnuning identiteitskrat evene", "test")
    stems = set().union(*(expr_stems(clause) for clause in analysed.clauses))
    assert {stem(word) for word in ("paspoort", "belasting", "vergunning", "identiteitskaart", "evenement")} <= stems
    # known words and stems; one edit off (4 words); two edits off (identiteitskrat); completions (evene)
    assert len(queries) == 4, [query["sql"][:60] for query in queries]


def test_a_word_found_only_in_the_answers_costs_no_extra_round_trip_on_postgresql(engine) -> None:
    """PostgreSQL asks title and keywords and, when they hold too few matches, all fields in one
    statement; SQLite's look-ups are calls inside the process and stay two."""
    engine.search("test", "nummer", tags=ACTIVE)  # the synonym table and the document count are cached
    with CaptureQueriesContext(connection) as queries:
        hits = engine.search("test", "persoonlijke", tags=ACTIVE)
    assert ids(hits) == [2]
    # known words and stems; stem frequencies; the candidates (title and keywords, then everywhere)
    assert len(queries) == (3 if connection.vendor == "postgresql" else 4), [query["sql"][:60] for query in queries]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite's head look-up is an FTS5 column filter")
def test_the_narrow_head_table_follows_every_write_of_the_index(engine) -> None:
    """``search_head`` (migration 0011) is kept by triggers: inserted, updated, deleted and truncated with
    ``search_searchentry``, so a head look-up never misses a new question nor returns a removed one."""

    def head_table() -> dict[int, tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT object_id, source, head::text FROM search_head WHERE source IN ('test', 'x')")
            return {object_id: (source, head) for object_id, source, head in cursor.fetchall()}

    assert set(head_table()) == {1, 2, 3, 4, 5, 6}
    engine.index(doc(7, "Parkeervergunning aanvragen"))
    engine.index(doc(1, "Rijbewijs verlengen"))  # replaces the paspoort question
    engine.remove("test", 3)
    table = head_table()
    assert set(table) == {1, 2, 4, 5, 6, 7}
    assert "rijbewijs" in table[1][1] and "paspoort" not in table[1][1]
    assert ids(engine.search("test", "parkeervergunning", tags=ACTIVE)) == [7]
    assert ids(engine.search("test", "rijbewijs", tags=ACTIVE)) == [1]
    assert 1 not in ids(engine.search("test", "paspoort", tags=ACTIVE))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE search_searchentry")  # what Django's flush between transactional tests does
    assert head_table() == {}


def test_single_edits_cover_every_kind_of_edit() -> None:
    edits = single_edits("kaart")
    assert {"kart", "akart", "kaaart", "kaarf"} <= edits  # deletion, transposition, insertion, substitution
    assert "kaart" not in edits and "kraat" not in edits  # the word itself, two edits


def test_tags_are_filtered_even_when_untagged_documents_outrank_the_tagged(engine) -> None:
    """Source and tags are checked after ranking; too few passing runs the look-up with the filter."""
    engine.rebuild(
        "test",
        [doc(n, "Paspoort paspoort paspoort", tags=frozenset()) for n in range(1, 200)]
        + [doc(500, "Verloren paspoort melden", "Meld het verlies van uw paspoort.")],
    )
    engine.rebuild("ander", [doc(n, "Paspoort paspoort", source="ander") for n in range(1, 200)])
    assert ids(engine.search("test", "paspoort", tags=ACTIVE)) == [500]
    assert len(engine.search("test", "paspoort", limit=50)) == 50


def test_common_words_rank_a_capped_share_of_their_matches(engine) -> None:
    """At most ``rank_cap`` (default RANK_CAP) matching rows are ranked per look-up, whatever the word's frequency."""
    engine.rebuild("test", [doc(n, f"Vraag {n}", "Het antwoord noemt de gemeente.") for n in range(1, 101)])
    query = engine.analyse("gemeente", "test")
    hits = engine.search_analysed("test", query, limit=50, tags=ACTIVE, rank_cap=20)
    assert len(hits) == 20 and set(ids(hits)) <= set(range(1, 101))
    assert len(engine.search_analysed("test", query, limit=50, tags=ACTIVE)) == 50


def test_questions_and_keywords_first_when_they_fill_the_pool(engine) -> None:
    engine.rebuild(
        "test",
        [doc(n, f"Paspoort vraag {n}") for n in range(1, 61)]
        + [doc(n, "Iets anders", "Over het paspoort in het antwoord.") for n in range(61, 71)],
    )
    hits = engine.search("test", "paspoort", limit=60, tags=ACTIVE)
    assert set(ids(hits)) <= set(range(1, 61))
