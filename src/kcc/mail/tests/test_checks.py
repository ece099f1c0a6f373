"""The answer checks are pure: each rule with texts that must and must not trigger it."""

from __future__ import annotations

import pytest

from kcc.mail import checks

INCOMING = """Geachte heer/mevrouw,

Mijn paspoort verloopt volgende maand. Hoe lang duurt het aanvragen van een nieuw paspoort?
Moet ik daarvoor een afspraak maken? Kunt u mij ook vertellen wat het kost.

Met vriendelijke groet,

Mevrouw A. de Vries

Op 1 maart 2026 schreef KCC <kcc@demodam.nl>:
> Wat is uw vraag?
"""

GOOD_ANSWER = """Geachte mevrouw De Vries,

Het aanvragen van een nieuw paspoort duurt vijf werkdagen. U maakt daarvoor een afspraak op de website.
Een paspoort kost 80 euro.
"""


def test_detects_questions_and_requests_but_not_quoted_history():
    questions = checks.detect_questions(INCOMING)
    assert [q.text for q in questions] == [
        "Hoe lang duurt het aanvragen van een nieuw paspoort?",
        "Moet ik daarvoor een afspraak maken?",
        "Kunt u mij ook vertellen wat het kost.",
    ]
    assert [q.index for q in questions] == [1, 2, 3]
    assert INCOMING[questions[0].start : questions[0].end] == questions[0].text


def test_question_answered_by_shared_content_words():
    assert checks.question_answered("Hoe lang duurt het aanvragen van een nieuw paspoort?", GOOD_ANSWER)
    assert not checks.question_answered("Kan ik mijn hond laten chippen bij de gemeente?", GOOD_ANSWER)


def test_good_answer_has_no_warnings():
    report = checks.check_answer(GOOD_ANSWER, incoming_text=INCOMING, sender_name="Anna de Vries")
    assert report.findings == [], [f.message for f in report.findings]
    assert all(q.answered for q in report.questions)
    assert report.readability is not None and report.readability >= checks.MIN_READABILITY


def test_unanswered_question_warns_until_ticked_off():
    answer = "Geachte mevrouw De Vries,\n\nHet aanvragen van een paspoort duurt vijf werkdagen. U maakt een afspraak."
    report = checks.check_answer(answer, incoming_text=INCOMING, sender_name="Anna de Vries")
    open_questions = [q for q in report.questions if not q.addressed]
    assert [q.index for q in open_questions] == [3]
    assert [f.code for f in report.findings] == ["vraag_open"]
    ticked = checks.check_answer(answer, incoming_text=INCOMING, sender_name="Anna de Vries", ticked=[3])
    assert ticked.findings == []
    assert ticked.questions[2].ticked


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Beste Anna,\n\nUw paspoort is klaar.", "voornaam"),
        ("Hoi mevrouw De Vries,\n\nUw paspoort is klaar.", "informeel"),
        ("Geachte heer De Vries,\n\nUw paspoort is klaar.", "ondertekent als mevrouw"),
        ("Geachte mevrouw Jansen,\n\nUw paspoort is klaar.", "niet de naam"),
        ("Uw paspoort is klaar.", "begint niet met een aanhef"),
    ],
)
def test_salutation_must_match_the_sender(answer, expected):
    report = checks.check_answer(answer, incoming_text=INCOMING, sender_name="Anna de Vries", ticked=[1, 2, 3])
    messages = " ".join(f.message for f in report.findings if f.code == "aanhef")
    assert expected in messages.replace("te informeel", "informeel")


def test_salutation_passage_is_highlighted():
    answer = "Beste Anna,\n\nUw paspoort is klaar."
    (finding,) = checks.check_salutation(answer, checks.Sender("Anna", "de Vries", "mevrouw"))
    assert [p.text for p in finding.passages] == ["Beste Anna,"]


def test_signature_decides_form_of_address():
    sender = checks.identify_sender("", "Hallo,\n\nVraag.\n\nMet vriendelijke groet,\nDhr. P. Jansen\n")
    assert sender == checks.Sender(first_name="", surname="Jansen", form="de heer")
    assert checks.identify_sender("Jansen, Piet", "tekst").first_name == "Piet"
    assert checks.identify_sender("Piet Jansen", "tekst") == checks.Sender("Piet", "Jansen", "")


def test_informal_register_flags_each_occurrence():
    answer = "Geachte mevrouw De Vries,\n\nJe kunt jouw paspoort ophalen. Wij helpen u graag."
    (finding,) = checks.check_register(answer)
    assert [p.text for p in finding.passages] == ["Je", "jouw"]
    assert checks.check_register("U kunt uw paspoort ophalen.") == []
    assert checks.check_register("Wij jennen niemand; dat is jeugdwerk.") == []


def test_long_sentences():
    long = "Wij " + " ".join(["hebben"] * 30) + " gedaan."
    (finding,) = checks.check_long_sentences(f"Korte zin. {long}")
    assert finding.passages[0].text == long
    assert checks.check_long_sentences("Dit is kort. Dit ook.") == []


def test_jargon_with_suggestion_and_word_boundaries():
    jargon = [("beschikking", "besluit"), ("BRP", "")]
    findings = checks.check_jargon("Uw beschikking staat in de BRP. Geen BRPx of herbeschikking.", jargon)
    assert [f.message for f in findings] == ["Jargon: ‘beschikking’; schrijf liever ‘besluit’.", "Jargon: ‘BRP’."]
    assert [p.text for p in findings[0].passages] == ["beschikking"]


def test_flesch_douma_easy_versus_hard():
    easy = "U krijgt de pas. Het kost tien euro. U kunt hem ophalen."
    hard = (
        "Overeenkomstig de toepasselijke verordeningsbepalingen wordt uw aanvraagprocedure "
        "geadministreerd door de verantwoordelijke uitvoeringsorganisatie binnen de wettelijke termijnen."
    )
    assert checks.flesch_douma(easy) > 80
    assert checks.flesch_douma(hard) < 30
    assert checks.flesch_douma("") is None
    report = checks.check_answer("Geachte mevrouw De Vries,\n\n" + hard, incoming_text="", sender_name="Anna de Vries")
    assert "leesbaarheid" in {f.code for f in report.findings}


def test_syllables_count_dutch_vowel_groups():
    assert checks.syllables("paspoort") == 2
    assert checks.syllables("gemeente") == 3
    assert checks.syllables("mooi") == 1
    assert checks.syllables("bijstand") == 2


def test_highlight_splits_text_into_marked_pieces():
    text = "abc def ghi"
    pieces = checks.highlight(text, [checks.Passage(4, 7, "def"), checks.Passage(0, 3, "abc")])
    assert pieces == [("abc", True), (" ", False), ("def", True), (" ghi", False)]
    assert "".join(chunk for chunk, _ in pieces) == text


def test_report_as_dict_is_the_api_shape():
    report = checks.check_answer("Beste Anna,\n\nJe paspoort.", incoming_text=INCOMING, sender_name="Anna de Vries")
    data = report.as_dict()
    assert set(data) == {"waarschuwingen", "vragen", "leesbaarheid"}
    assert {w["code"] for w in data["waarschuwingen"]} >= {"aanhef", "je_jij", "vraag_open"}
    assert data["vragen"][0]["nummer"] == 1
