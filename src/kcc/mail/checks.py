"""Answer checks before an e-mail goes to a citizen. Pure functions: text in, findings out.

Each finding is a warning the agent must acknowledge, with the passages (character offsets in
the answer, or in the incoming mail for questions) the workspace highlights:

- every question in the incoming mail is addressed: detected questions are answered when the
  answer shares enough of their content words, or when the agent ticks them off;
- the salutation matches the sender: the surname, the form of address the signature shows
  ("mevrouw", "de heer"), no first-name salutation and no informal "je/jij" register;
- sentences longer than :data:`LONG_SENTENCE_WORDS` words;
- jargon from the configurable list, with the plain alternative;
- the Flesch-Douma readability score for Dutch (below :data:`MIN_READABILITY` is hard to read).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import snowballstemmer

LONG_SENTENCE_WORDS = 25
MIN_READABILITY = 60.0
ANSWERED_SHARE = 0.5

_QUOTE_START = re.compile(
    r"^(>|-{2,}\s*(original message|oorspronkelijk bericht|doorgestuurd bericht)|"
    r"(op|on) .{5,120}(schreef|wrote)\s*.*:\s*$|van:\s|from:\s)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:[-'][A-Za-zÀ-ÿ]+)*")
_REQUEST_START = re.compile(
    r"^\s*(kunt u|kunnen jullie|kan ik|kan iemand|wilt u|zou u|zouden jullie|graag (zou ik|wil ik|hoor ik|ontvang ik)|"
    r"ik wil (graag )?weten|ik vraag me af|ik zou graag willen weten|laat (u )?(mij|me) weten)\b",
    re.IGNORECASE,
)
_INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jouwe|je'?ll?e)\b", re.IGNORECASE)
_SALUTATION = re.compile(
    r"^\s*(geachte|beste|hallo|hoi|dag|goedemorgen|goedemiddag|goedenavond|lieve)\b[^\n,]*,?", re.IGNORECASE
)
_CLOSINGS = re.compile(
    r"^\s*(met vriendelijke groet(en)?|vriendelijke groet(en)?|mvg|groet(en|jes)?|hartelijke groet(en)?|"
    r"met groet|gr\.?|hoogachtend)\b",
    re.IGNORECASE,
)
_FEMALE = re.compile(r"\b(mevrouw|mevr\.?|mw\.?)\s", re.IGNORECASE)
_MALE = re.compile(r"\b(de heer|dhr\.?|meneer|heer)\s", re.IGNORECASE)
_VOWELS = re.compile(r"(aai|ooi|oei|eeu|ieu|ij|ei|ie|oe|eu|ou|au|ui|aa|ee|oo|uu|[aeiouyàáâäèéêëìíîïòóôöùúûü])")
_STOPWORDS = frozenset(
    [
        "aan",
        "al",
        "als",
        "bij",
        "dan",
        "dat",
        "de",
        "der",
        "des",
        "deze",
        "die",
        "dit",
        "door",
        "een",
        "en",
        "er",
        "had",
        "heb",
        "hebben",
        "heeft",
        "het",
        "hoe",
        "hun",
        "ik",
        "in",
        "is",
        "je",
        "kan",
        "kunnen",
        "kunt",
        "maar",
        "me",
        "meer",
        "met",
        "mij",
        "mijn",
        "na",
        "naar",
        "niet",
        "nog",
        "nu",
        "of",
        "om",
        "ook",
        "op",
        "over",
        "te",
        "tot",
        "u",
        "uw",
        "uit",
        "van",
        "veel",
        "voor",
        "waar",
        "wanneer",
        "wat",
        "we",
        "welk",
        "welke",
        "wie",
        "wij",
        "wil",
        "wilt",
        "worden",
        "wordt",
        "zal",
        "ze",
        "zich",
        "zij",
        "zijn",
        "zo",
        "zou",
        "graag",
        "vraag",
        "vragen",
        "weten",
        "even",
        "dus",
        "toch",
        "hier",
        "daar",
        "jullie",
        "iets",
        "ons",
        "onze",
    ]
)


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DetectedQuestion:
    index: int
    text: str
    start: int
    end: int


@dataclass
class Finding:
    code: str
    message: str
    passages: list[Passage] = field(default_factory=list)


@dataclass
class QuestionStatus:
    index: int
    text: str
    answered: bool
    ticked: bool

    @property
    def addressed(self) -> bool:
        return self.answered or self.ticked


@dataclass
class Report:
    findings: list[Finding]
    questions: list[QuestionStatus]
    readability: float | None

    @property
    def needs_acknowledgement(self) -> bool:
        return bool(self.findings)

    def as_dict(self) -> dict:
        return {
            "waarschuwingen": [
                {"code": f.code, "melding": f.message, "passages": [asdict(p) for p in f.passages]}
                for f in self.findings
            ],
            "vragen": [
                {"nummer": q.index, "tekst": q.text, "beantwoord": q.answered, "afgevinkt": q.ticked}
                for q in self.questions
            ],
            "leesbaarheid": self.readability,
        }


# --- text helpers --------------------------------------------------------------------------------


def new_text(mail_text: str) -> str:
    """The part of an incoming mail its writer typed: quoted history and forwarded headers cut off."""
    lines = []
    for line in mail_text.splitlines():
        if _QUOTE_START.match(line.strip()):
            break
        lines.append(line)
    return "\n".join(lines)


def sentences(text: str) -> list[Passage]:
    found = []
    for match in _SENTENCE.finditer(text):
        chunk = match.group(0)
        stripped = chunk.strip()
        if not stripped:
            continue
        start = match.start() + chunk.index(stripped[0])
        found.append(Passage(start, start + len(stripped), stripped))
    return found


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch")


def content_stems(text: str) -> set[str]:
    stemmer = _stemmer()
    return {stemmer.stemWord(word.lower()) for word in words(text) if len(word) > 2 and word.lower() not in _STOPWORDS}


def content_words(text: str) -> list[str]:
    """The words that carry meaning (no stop words, longer than three letters), in order."""
    return [word for word in words(text) if len(word) > 3 and word.lower() not in _STOPWORDS]


def syllables(word: str) -> int:
    return max(1, len(_VOWELS.findall(word.lower())))


# --- the checks ----------------------------------------------------------------------------------


def detect_questions(mail_text: str) -> list[DetectedQuestion]:
    """Questions and requests in what the citizen wrote (not in quoted history or the signature)."""
    text = new_text(mail_text)
    found: list[DetectedQuestion] = []
    for passage in sentences(text):
        is_question = passage.text.endswith("?") or _REQUEST_START.match(passage.text)
        if is_question and len(words(passage.text)) >= 2:
            found.append(DetectedQuestion(len(found) + 1, passage.text, passage.start, passage.end))
    return found


def question_answered(question: str, answer: str) -> bool:
    """Does the answer address the question? Enough of the question's content words come back."""
    wanted = content_stems(question)
    if not wanted:
        return False
    shared = wanted & content_stems(answer)
    return len(shared) >= max(1, round(len(wanted) * ANSWERED_SHARE))


@dataclass(frozen=True)
class Sender:
    """Who wrote the incoming mail: display name and what the signature says."""

    first_name: str = ""
    surname: str = ""
    form: str = ""  # "mevrouw", "de heer" or ""


def _split_name(name: str) -> tuple[str, str]:
    name = re.sub(r"(?i)(^|\s)(de heer|heer|mevrouw|mevr\.?|mw\.?|dhr\.?|meneer)(?=\s|$)", " ", name)
    parts = [part for part in re.split(r"\s+", re.sub(r"[\"'<>()]", " ", name).strip()) if part]
    if not parts:
        return "", ""
    if "," in name:  # "Jansen, Piet"
        surname, _, first = name.partition(",")
        return first.strip().split(" ")[0], surname.strip()
    if len(parts) == 1:
        return "", parts[0]
    first, rest = parts[0], parts[1:]
    if re.fullmatch(r"([A-Z]\.)+", first):
        first = ""
    return first, " ".join(rest)


def identify_sender(display_name: str, mail_text: str) -> Sender:
    """The sender's names from the From header, corrected by the signature under the closing line."""
    first, surname = _split_name(display_name) if "@" not in display_name else ("", "")
    form = ""
    lines = new_text(mail_text).splitlines()
    for position, line in enumerate(lines):
        if _CLOSINGS.match(line):
            signature = " ".join(part.strip() for part in lines[position + 1 : position + 4] if part.strip())
            if _FEMALE.search(signature + " "):
                form = "mevrouw"
            elif _MALE.search(signature + " "):
                form = "de heer"
            signed = re.sub(r"(?i)\b(mevrouw|mevr\.?|mw\.?|de heer|dhr\.?|meneer)\s", "", signature).strip()
            signed_first, signed_surname = _split_name(signed.split(",")[0]) if signed else ("", "")
            surname = surname or signed_surname
            first = first or signed_first
            break
    return Sender(first_name=first, surname=surname, form=form)


def check_salutation(answer: str, sender: Sender) -> list[Finding]:
    findings: list[Finding] = []
    match = _SALUTATION.match(answer)
    if match is None:
        return [Finding("aanhef", "Het antwoord begint niet met een aanhef (bijvoorbeeld ‘Geachte mevrouw Jansen,’).")]
    line = match.group(0).strip()
    passage = [
        Passage(match.start() + match.group(0).index(line[0]), match.start() + len(match.group(0).rstrip()), line)
    ]
    lowered = line.lower()
    if lowered.split()[0] in {"hallo", "hoi", "lieve"}:
        findings.append(Finding("aanhef", f"‘{line}’ is te informeel; schrijf ‘Geachte …’.", passage))
    if (
        sender.first_name
        and re.search(rf"\b{re.escape(sender.first_name.lower())}\b", lowered)
        and not (sender.surname and sender.surname.lower() in lowered)
    ):
        findings.append(
            Finding("aanhef", f"De aanhef gebruikt de voornaam ‘{sender.first_name}’; gebruik de achternaam.", passage)
        )
    elif sender.surname and sender.surname.lower() not in lowered and "heer of mevrouw" not in lowered:
        findings.append(Finding("aanhef", f"De aanhef noemt niet de naam van de afzender ({sender.surname}).", passage))
    if sender.form == "mevrouw" and re.search(r"\b(heer|meneer)\b", lowered) and "heer of mevrouw" not in lowered:
        findings.append(Finding("aanhef", "De afzender ondertekent als mevrouw; de aanhef zegt ‘heer’.", passage))
    if sender.form == "de heer" and "mevrouw" in lowered and "heer of mevrouw" not in lowered:
        findings.append(Finding("aanhef", "De afzender ondertekent als de heer; de aanhef zegt ‘mevrouw’.", passage))
    return findings


def check_register(answer: str) -> list[Finding]:
    passages = [Passage(m.start(), m.end(), m.group(0)) for m in _INFORMAL.finditer(answer)]
    if not passages:
        return []
    return [Finding("je_jij", "Schrijf in de u-vorm: het antwoord gebruikt ‘je/jij/jouw’.", passages)]


def check_long_sentences(answer: str, limit: int = LONG_SENTENCE_WORDS) -> list[Finding]:
    long = [p for p in sentences(answer) if len(words(p.text)) > limit]
    if not long:
        return []
    return [Finding("lange_zin", f"{len(long)} zin(nen) met meer dan {limit} woorden: maak ze korter.", long)]


def check_jargon(answer: str, jargon: Iterable[tuple[str, str]]) -> list[Finding]:
    findings = []
    for term, suggestion in jargon:
        if not term.strip():
            continue
        pattern = re.compile(rf"(?<![\w-]){re.escape(term.strip())}(?![\w-])", re.IGNORECASE)
        passages = [Passage(m.start(), m.end(), m.group(0)) for m in pattern.finditer(answer)]
        if passages:
            advice = f"; schrijf liever ‘{suggestion}’" if suggestion else ""
            findings.append(Finding("jargon", f"Jargon: ‘{term}’{advice}.", passages))
    return findings


def flesch_douma(text: str) -> float | None:
    """Flesch-Douma: 206.835 − 0.93 × words per sentence − 77 × syllables per word (higher = easier)."""
    all_words = words(text)
    count = len(sentences(text))
    if not all_words or not count:
        return None
    per_sentence = len(all_words) / count
    per_word = sum(syllables(word) for word in all_words) / len(all_words)
    return round(206.835 - 0.93 * per_sentence - 77 * per_word, 1)


def _body_only(answer: str) -> str:
    """The answer without its salutation and closing: those are not prose to score."""
    lines = answer.splitlines()
    kept = []
    for line in lines:
        if _CLOSINGS.match(line):
            break
        kept.append(line)
    body = "\n".join(kept)
    match = _SALUTATION.match(body)
    return body[match.end() :] if match else body


def check_answer(
    answer: str,
    *,
    incoming_text: str,
    sender_name: str = "",
    jargon: Iterable[tuple[str, str]] = (),
    ticked: Iterable[int] = (),
    long_sentence_words: int = LONG_SENTENCE_WORDS,
    min_readability: float = MIN_READABILITY,
) -> Report:
    """Every check at once; the warnings left are the ones the agent must acknowledge."""
    ticked_set = set(ticked)
    questions = [
        QuestionStatus(q.index, q.text, question_answered(q.text, answer), q.index in ticked_set)
        for q in detect_questions(incoming_text)
    ]
    findings: list[Finding] = []
    open_questions = [q for q in questions if not q.addressed]
    if open_questions:
        findings.append(
            Finding(
                "vraag_open",
                f"{len(open_questions)} vraag/vragen uit de e-mail lijken niet beantwoord: "
                + " | ".join(q.text for q in open_questions),
            )
        )
    findings += check_salutation(answer, identify_sender(sender_name, incoming_text))
    findings += check_register(answer)
    findings += check_long_sentences(answer, long_sentence_words)
    findings += check_jargon(answer, jargon)
    score = flesch_douma(_body_only(answer))
    if score is not None and score < min_readability:
        findings.append(
            Finding(
                "leesbaarheid",
                f"Leesbaarheid (Flesch-Douma) {score:.0f}: onder {min_readability:.0f} is de tekst moeilijk. "
                "Gebruik kortere zinnen en woorden.",
            )
        )
    return Report(findings=findings, questions=questions, readability=score)


def highlight(text: str, passages: Iterable[Passage]) -> list[tuple[str, bool]]:
    """The text as (chunk, highlighted) pieces, for templates that wrap highlighted chunks in <mark>."""
    spans = sorted({(p.start, p.end) for p in passages if 0 <= p.start < p.end <= len(text)})
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        if start < position:
            start = position
        if start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces
