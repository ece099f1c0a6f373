"""VAC's in the search index, the agent and public search, and the CLI search contract."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kcc.core.search import QueryTooLong
from kcc.kennisbank.models import VAC
from kcc.kennisbank.search import search_vacs, vac_document
from kcc.kennisbank.services import save_vac

pytestmark = pytest.mark.django_db


def make_vac(vraag: str, antwoord: str = "<p>Antwoord.</p>", **fields) -> VAC:
    fields.setdefault("status", VAC.Status.ACTIVE)
    return save_vac(vraag=vraag, antwoord=antwoord, **fields)


def questions(results) -> list[str]:
    return [result.vac.vraag for result in results]


def test_document_uses_question_keywords_and_plain_answer_not_the_internal_note() -> None:
    vac = make_vac(
        "Hoe vraag ik een paspoort aan?",
        "<p>Maak een <strong>afspraak</strong>.</p>",
        trefwoorden=["reisdocument", "pas"],
        toelichting="Intern: alleen op dinsdag",
        is_public=True,
    )
    document = vac_document(vac)
    assert (document.source, document.object_id) == ("vac", vac.pk)
    assert document.title == "Hoe vraag ik een paspoort aan?"
    assert document.keywords == "reisdocument pas"
    assert document.body == "Maak een afspraak ."
    assert document.tags == {"actief", "openbaar"}
    assert "dinsdag" not in document.body


def test_saved_vac_is_found_at_once_with_a_marked_snippet() -> None:
    make_vac("Wat kost een paspoort?", "<p>Een <em>paspoort</em> kost € 80 &amp; meer.</p>")
    (result,) = search_vacs("paspoort", public_only=False)
    assert result.vac.vraag == "Wat kost een paspoort?" and result.score > 0
    assert result.snippet == "Een <mark>paspoort</mark> kost € 80 &amp; meer."


def test_agents_find_active_vacs_only_and_the_public_only_public_ones() -> None:
    make_vac("Paspoort intern", is_public=False)
    make_vac("Paspoort openbaar", is_public=True)
    make_vac("Paspoort concept", status=VAC.Status.DRAFT, is_public=True)
    assert set(questions(search_vacs("paspoort", public_only=False))) == {"Paspoort intern", "Paspoort openbaar"}
    assert questions(search_vacs("paspoort", public_only=True)) == ["Paspoort openbaar"]


def test_status_changes_and_deletion_follow_in_the_index() -> None:
    vac = make_vac("Hondenbelasting betalen")
    save_vac(vac=vac, status=VAC.Status.INACTIVE)
    assert search_vacs("hondenbelasting", public_only=False) == []
    save_vac(vac=vac, status=VAC.Status.ACTIVE, vraag="Hondenbelasting opzeggen")
    assert questions(search_vacs("hondenbelasting", public_only=False)) == ["Hondenbelasting opzeggen"]
    vac.delete()
    assert search_vacs("hondenbelasting", public_only=False) == []


def test_english_words_find_the_dutch_vacs() -> None:
    # Rijksoverheid VAC's (question and the start of the answer); the English part of the thesaurus
    # maps the words expats and newcomers type to the words these answers use.
    make_vac(
        "Wat moet ik doen als ik mijn paspoort of identiteitskaart kwijt ben?",
        "<p>Meld het bij uw gemeente als uw paspoort of identiteitskaart gestolen is of als u deze kwijt bent.</p>",
    )
    make_vac(
        "Wanneer moet ik toeristenbelasting betalen?",
        "<p>Overnacht u in een hotel of op een camping? Dan betaalt u mogelijk toeristenbelasting.</p>",
    )
    make_vac(
        "Wat kan ik doen als ik mijn stempas kwijt ben of niet ontvangen heb?",
        "<p>Vraag dan zo snel mogelijk een nieuwe stempas aan bij uw gemeente.</p>",
    )
    make_vac(
        "Hoe kan ik mijn verhuizing doorgeven aan de gemeente?",
        "<p>U kunt uw verhuizing doorgeven aan de gemeente waar u gaat wonen.</p>",
    )
    make_vac(
        "Hoe kan ik een paspoort of identiteitskaart aanvragen?",
        "<p>U vraagt een paspoort of ID-kaart aan bij de gemeente waar u staat ingeschreven.</p>",
    )
    make_vac(
        "Welke belastingen heft de gemeente?",
        "<p>De gemeente heft een aantal gemeentelijke belastingen.</p>",
    )
    assert questions(search_vacs("lost my passport", public_only=False))[0].startswith("Wat moet ik doen als ik mijn")
    assert questions(search_vacs("tourist tax", public_only=False))[0] == "Wanneer moet ik toeristenbelasting betalen?"
    assert questions(search_vacs("polling card", public_only=False))[0].startswith(
        "Wat kan ik doen als ik mijn stempas"
    )
    assert questions(search_vacs("change of address", public_only=False))[0].startswith("Hoe kan ik mijn verhuizing")
    assert questions(search_vacs("apply id card", public_only=False))[0].startswith("Hoe kan ik een paspoort")


def test_html_and_script_in_vac_text_are_escaped_in_snippets() -> None:
    make_vac("Afval scheiden", "<p>Afval &lt;script&gt;alert(1)&lt;/script&gt; scheiden</p><script>alert(2)</script>")
    (result,) = search_vacs("afval", public_only=False)
    assert "<script" not in result.snippet and "alert(2)" not in result.snippet
    assert "&lt;script&gt;" in result.snippet


def test_vacs_are_loaded_in_one_query_whatever_the_number_of_results() -> None:
    for number in range(6):
        make_vac(f"Paspoort vraag {number}")

    def vac_queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert len(search_vacs("paspoort", public_only=False, limit=limit)) == limit
        return sum('FROM "kennisbank_vac"' in query["sql"] for query in captured.captured_queries)

    assert vac_queries(1) == vac_queries(6) == 1


def test_too_long_query_raises() -> None:
    with pytest.raises(QueryTooLong):
        search_vacs("x" * 1000, public_only=False)


def test_cli_search_prints_the_contract(capsys) -> None:
    vac = make_vac("Wat is het burgerservicenummer (bsn)?", external_id="bsn-1")
    make_vac("Paspoort aanvragen")
    call_command("kennisbank", "search", "sofinummer", "--json", "--limit", "5")
    output = json.loads(capsys.readouterr().out)
    assert set(output) == {"query", "took_ms", "results"}
    assert output["query"] == "sofinummer" and isinstance(output["took_ms"], float) and output["took_ms"] >= 0
    assert output["results"] == [
        {"id": vac.pk, "external_id": "bsn-1", "vraag": vac.vraag, "score": output["results"][0]["score"]}
    ]
    assert isinstance(output["results"][0]["score"], float)


def test_cli_batch_search_prints_one_line_per_query(tmp_path, capsys) -> None:
    make_vac("Paspoort aanvragen")
    batch = tmp_path / "queries.txt"
    batch.write_text("paspoort\n\nwat is het\nonbekendwoord\n", encoding="utf-8")
    call_command("kennisbank", "search", "--batch", str(batch), "--json", "--limit", "3")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["query"] for line in lines] == ["paspoort", "wat is het", "onbekendwoord"]
    assert [len(line["results"]) for line in lines] == [1, 0, 0]
    assert lines[0]["results"][0]["external_id"] is None


def test_cli_search_refuses_a_too_long_query(capsys) -> None:
    with pytest.raises(CommandError):
        call_command("kennisbank", "search", "a" * 1000, "--json")
    output = json.loads(capsys.readouterr().out)
    assert output["results"] == [] and "maximaal 200 tekens" in output["error"]
