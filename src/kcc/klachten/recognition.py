"""Klachtherkenning: does a Dutch text (call note, e-mail, melding) call for the complaint procedure?

Pure Python and explainable. The text is normalised (lower case, accents removed, "3x" → "3 keer",
call-note shorthand such as "wkn", "mnd", "gem." and "dhr." expanded or kept in the sentence) and split
into sentences and tokens (a comma is a token: it ends a clause). Three kinds of rules look for signals:

* phrase patterns (regular expressions over the normalised text) for repetition, no answer, nothing
  done, services not delivered, being sent from pillar to post, contradictory information, mistakes of
  the municipality, broken promises and appointments, long waits and being ignored;
* word lists matched on snowball-stemmed tokens, with one typo tolerated in long words, for
  dissatisfaction and anger (strong and mild words, intensifiers), staff or contractor misconduct and
  the explicit wish to complain;
* structured facts (herhaalcontact, herhaalmelding, overdue items, earlier complaints).

Guards keep it from firing on what is not a complaint about the municipality: a negation earlier in
the same clause ("niet boos", "geen klacht") cancels a word; a signal whose object is someone else
("niet tevreden met de buurman", "klacht over de school bij de gemeente": the municipality there is
only where it is lodged) or a defect in the street does not count; a question how or where to complain
about something that is not the municipality, or about a case that has not happened ("wat kan ik doen
als ik nooit antwoord krijg?"), is only a question; thanks, calm ("geen haast") and a withdrawn
complaint count negatively. A promise in one sentence and "nog steeds" in another make a broken promise.

Quiet complaints are told as a story, so some norms are read across the sentences that are not about
someone else (:func:`_story_hits`): a promise and what happened instead, the municipality's own letter
or receipt against its decision, repeated vain attempts to reach someone, a request for a manager with
its cause, disagreement with the answer on an earlier complaint, damage by municipal works.

Every category names the behoorlijkheidsnorm it touches (:mod:`kcc.klachten.norms`) and contributes its
strongest hit, plus a small bonus for a second, different hit of the same kind; the sum is the raw
score. The procedure is offered from :data:`THRESHOLD` (one strong signal or two weaker ones); ``score``
is the raw sum scaled to 0..1 (0.5 = the threshold). :func:`recognise` adds the active learned version
(:mod:`kcc.klachten.learning`) when there is one; :func:`recognise_rules` is the rules alone.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

import snowballstemmer

from kcc.klachten.norms import Norm

THRESHOLD = 1.0
ACTIVE_MODEL = object()  # sentinel: use the learned version that is active now, if any
NEGATORS = frozenset({"niet", "geen", "nooit", "allerminst", "nauwelijks"})
_DENIERS = NEGATORS | {"niemand"}
NEGATION_WINDOW = 3
_CLAUSE_BREAKS = frozenset({",", ":", "maar", "want", "terwijl", "omdat"})
_OBJECT_MARKERS = frozenset({"over", "tegen", "met", "op", "betreffende", "aangaande"})
_PRONOUNS = frozenset({"hem", "haar", "hen", "hun", "die", "dat", "deze", "dit", "ze", "zij"})


class Category(Enum):
    """A kind of complaint signal: its Dutch label (used in the reasons), weight and behoorlijkheidsnorm."""

    EXPLICIT = ("Wil een klacht indienen", 2.0, Norm.OWN_WORDS)
    PROCEDURE = ("Vraagt naar de klachtenregeling", 0.5, Norm.TRANSPARENCY)
    DISSATISFACTION = ("Ontevredenheid of boosheid", 1.0, Norm.LISTENING)
    MISCONDUCT = ("Gedrag van een medewerker of uitvoerder", 1.2, Norm.DECENCY)
    REPETITION = ("Herhaling", 1.0, Norm.ORGANISATION)
    NO_RESPONSE = ("Geen reactie of niet teruggebeld", 1.0, Norm.PROMPTNESS)
    NOTHING_DONE = ("Er is niets mee gedaan", 0.8, Norm.PROMPTNESS)
    SERVICE_FAILURE = ("Dienstverlening niet uitgevoerd", 0.6, Norm.ORGANISATION)
    RUNAROUND = ("Van het kastje naar de muur", 1.0, Norm.COOPERATION)
    CONTRADICTION = ("Tegenstrijdige of verkeerde informatie", 0.8, Norm.INFORMATION)
    MISTAKE = ("Fout van de gemeente", 1.0, Norm.PROFESSIONALISM)
    BROKEN_PROMISE = ("Afspraak of toezegging niet nagekomen", 1.0, Norm.RELIABILITY)
    WAITING = ("Lang wachten", 1.0, Norm.PROMPTNESS)
    IGNORED = ("Genegeerd of afgescheept", 1.0, Norm.LISTENING)
    UNREACHABLE = ("Onbereikbaar ondanks herhaalde pogingen", 1.0, Norm.ORGANISATION)
    ESCALATION = ("Vraagt een leidinggevende", 1.0, Norm.DEESCALATION)
    OWN_WORD_BROKEN = ("Besluit in strijd met eigen brief, bevestiging of toezegging", 1.0, Norm.RELIABILITY)
    COMPLAINT_ANSWER = ("Oneens met het antwoord op een eerdere klacht", 1.2, Norm.REASONING)
    DAMAGE = ("Schade door werk van de gemeente", 0.6, Norm.PROFESSIONALISM)
    SETTLED = ("Tevreden of opgelost", -1.0, Norm.LISTENING)
    FACT = ("Gegevens uit het systeem", 0.0, Norm.ORGANISATION)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def weight(self) -> float:
        return self.value[1]

    @property
    def norm(self) -> Norm:
        return self.value[2]


@dataclass(frozen=True)
class Facts:
    """What the system already knows about the person or matter, besides the text."""

    repeat_contact: bool = False
    repeat_report: bool = False
    overdue_items: int = 0
    earlier_complaints: int = 0


@dataclass(frozen=True)
class Signal:
    """One counted signal: what kind, the behoorlijkheidsnorm it touches, its weight and the quoted words."""

    category: Category
    weight: float
    evidence: str

    @property
    def norm(self) -> Norm:
        return self.category.norm

    @property
    def reason(self) -> str:
        return f"{self.category.label} (norm: {self.norm.label}): {quote(self.evidence)}"


@dataclass(frozen=True)
class Recognition:
    """The outcome. ``reasons`` always holds every rule reason; a learned model only adds a line to them."""

    offer: bool
    score: float
    reasons: list[str]
    ignored: list[str] = field(default_factory=list)
    signals: tuple[Signal, ...] = ()
    rules_offer: bool | None = None
    model_version: int | None = None
    model_probability: float | None = None

    @property
    def norms(self) -> list[Norm]:
        """The norms the signals touch, strongest first, each once."""
        return list(dict.fromkeys(signal.norm for signal in self.signals))

    def as_json(self) -> dict:
        """The CLI/API shape (keys in Dutch, as the contract says)."""
        return {"klachtsignaal": self.offer, "score": self.score, "redenen": self.reasons}


@dataclass(frozen=True)
class _Hit:
    category: Category
    weight: float
    evidence: str


# --- Normalisation -----------------------------------------------------------------------------

_NUMBER = (
    r"(?:\d+|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|meerdere|verschillende|diverse|talloze|tig"
    r"|zo vaak|vaak|een paar|een aantal|ettelijke)"
)
_LATER_ORDINAL = r"(?:derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|zoveelste|zovelste|honderdste|\d+ste)"
_MONTH = r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)"
_ORDINALS = {"2e": "tweede", "3e": "derde", "4e": "vierde", "5e": "vijfde", "6e": "zesde", "7e": "zevende"}
# Shorthand of call notes; the dot after a title or abbreviation must not end a sentence.
_ABBREVIATIONS = {
    "wk": "weken", "wkn": "weken", "mnd": "maanden", "mnden": "maanden", "mndn": "maanden", "gem": "gemeente",
    "tel": "telefonisch", "afd": "afdeling", "kl": "klant", "zn": "zijn", "vd": "van de", "ivm": "in verband met",
    "nav": "naar aanleiding van", "mbt": "met betrekking tot", "dhr": "dhr", "mw": "mw", "mevr": "mevr",
    "mr": "mr", "nr": "nr", "bijv": "bijvoorbeeld", "evt": "eventueel", "ca": "circa", "medew": "medewerker",
    "bijz": "bijzondere", "huish": "huishoudelijke", "gesp": "gesprek", "vrgt": "vraagt", "ivm.": "in verband met",
}  # fmt: skip
_ABBREVIATION = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\b\.?(?=\s|$|,)")
# The commonest spelling slip in citizens' mail: a past participle with -t ("gebelt", "gehoort").
_PARTICIPLE_T = re.compile(r"\b((?:terug)?ge(?:bel|mel|hoor|mail|reageer|antwoor|beantwoor|vraag))t\b")
# Dotted shorthand ("n.a.v.", "i.v.m.", "z.s.m."): joined first, so its dots end no sentence.
_DOTTED = re.compile(r"\b((?:[a-z]\.){2,4})(?=\s|$|,)")


# A transcript line of the municipality's side ("Bot: ...", "Medewerker: ...") and of anyone else ("Bezoeker: ...").
_SPEAKER = re.compile(r"^\s*([a-z][a-z .-]{0,24}?)\s*:", re.MULTILINE)
_OUR_SPEAKERS = frozenset(
    {"bot", "chatbot", "medewerker", "mdw", "agent", "kcc", "gemeente", "assistent", "digitale assistent",
     "virtuele assistent", "klantcontactcentrum", "klantenservice", "operator", "baliemedewerker"}
)  # fmt: skip
# A question-and-answer note ("V: ... / A: ..."): the answer is the municipality's.
_QUESTION_SPEAKERS = frozenset({"v", "vraag"})
_ANSWER_SPEAKERS = frozenset({"a", "antwoord"})


def _citizen_turns(text: str) -> str:
    """In a transcript, the lines the municipality's side said are left out: "Bot: u kunt een klacht indienen
    via ..." is not the citizen's wish, and "bot" as a speaker is no rude official; nor is the "A:" of a
    question-and-answer note ("A: dat kan via het klachtformulier"). A note with one such label ("Medewerker:
    was onbeschoft") is no transcript and keeps every line."""
    speakers = [match.group(1).strip() for match in _SPEAKER.finditer(text)]
    ours = _OUR_SPEAKERS | (_ANSWER_SPEAKERS if _QUESTION_SPEAKERS & set(speakers) else frozenset())
    if not any(speaker in ours for speaker in speakers) or all(s in ours for s in speakers):
        return text
    kept = [line for line in text.split("\n") if (match := _SPEAKER.match(line)) is None
            or match.group(1).strip() not in ours]  # fmt: skip
    return "\n".join(kept)


def normalise(text: str) -> str:
    """Lower case, accents off, "3x" → "3 keer", "4e" → "vierde", "wkn" → "weken", spaces collapsed, an actor
    typed apart joined ("belasting dienst"); of a transcript only the citizen's lines."""
    text = _citizen_turns(unicodedata.normalize("NFKD", text.lower()))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"\b(\d+)\s*x\b", r"\1 keer", text)
    text = re.sub(r"\b([2-7])\s*e\b", lambda match: _ORDINALS[f"{match.group(1)}e"], text)
    text = re.sub(r"\b(\d+)\s*(?:ste|de)\b", r"\1ste", text)
    text = _DOTTED.sub(lambda match: match.group(1).replace(".", ""), text)
    text = _PARTICIPLE_T.sub(r"\1d", text)
    text = _ABBREVIATION.sub(lambda match: _ABBREVIATIONS[match.group(1)], text)
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\bden haag\b", "denhaag", text)
    return _WORD_PAIR.sub(lambda match: match.group(1) if match.group(1) + match.group(2) in _ACTOR_COMPOUNDS
                          else match.group(), text)  # fmt: skip


# A bracketed label ("[Categorie: Klachten]") ends a sentence: what follows is not part of it.
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;\n\]])\s*|\s*\n\s*")
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|[:,]")


def _sentences(normalised: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_SPLIT.split(normalised) if part and part.strip()]


def _tokens(sentence: str) -> list[str]:
    return _TOKEN.findall(sentence)


@lru_cache(maxsize=1)
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def _close(word: str, target: str) -> bool:
    """True when ``word`` is ``target`` with at most one typo (insert, delete, replace, swap)."""
    if word == target:
        return True
    if len(target) < 7 or abs(len(word) - len(target)) > 1:
        return False
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == target[diff[1]]
            and word[diff[1]] == target[diff[0]]
        )
    shorter, longer = sorted((word, target), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


# --- Actors: whom a sentence is about ---------------------------------------------------------

# A token is an actor word when it is the word or (for longer words) ends with it: "baliemedewerker".
_MUNICIPAL = (
    "gemeente", "medewerker", "medewerkster", "ambtenaar", "balie", "handhaver", "handhaving", "boa",
    "parkeerwachter", "parkeercontroleur", "consulent", "klantmanager", "casemanager", "wijkcoach", "jongerenwerker",
    "klantcontactcentrum", "afdeling", "vuilnisman", "vuilnismannen", "vuilniswagen", "afvalwagen", "vuilophaal",
    "vuilnisophaler", "ophaaldienst", "chauffeur", "afvalbedrijf", "afvalinzamelaar", "inzamelaar", "inzameling",
    "afvalinzameling", "stadsbedrijven", "groenvoorziening", "reinigingsdienst", "straatveger", "gemeentewerf", "werf",
    "jullie", "collega", "klachtbehandelaar", "wethouder", "burgemeester", "burgerzaken", "belastingen", "behandeling",
    "afhandeling", "behandeld", "afgehandeld", "bejegening", "gedrag", "optreden", "houding", "wmo", "vergunningen",
    "beslissing", "aanvraag", "reiniging", "bestuurder", "veegmachine", "straatveegmachine", "milieustraat",
    "wijkbeheer", "gemeentehuis", "stadhuis", "stadskantoor", "stadswinkel", "loket", "leerlingenvervoer",
    "beveiliger", "ambtenaren", "behandelaar",
)  # fmt: skip
# Contractors work for the municipality unless they are someone's own ("mijn aannemer").
_CONTRACTOR = ("aannemer", "uitvoerder", "hovenier", "stratenmaker")
_OWN = frozenset({"mijn", "onze", "ons", "zijn", "haar", "hun", "eigen"})
_THIRD_PARTY = (
    "buren", "buurman", "buurvrouw", "buurjongen", "buurmeisje", "buurtbewoners", "huisbaas", "verhuurder",
    "woningcorporatie", "corporatie", "woningbouwvereniging", "bedrijf", "winkel", "webwinkel", "webshop",
    "leverancier", "zorgverzekeraar", "verzekeraar", "horecazaak", "kroeg", "cafe", "restaurant", "snackbar",
    "huisarts", "huisartsenpraktijk", "ziekenhuis", "tandarts", "werkgever", "vervoerder", "arriva", "duo",
    "hangjongeren", "jongeren", "evenement", "keukenbedrijf", "garagebedrijf", "overlast", "lawaai", "herrie",
    "organisatie", "markt", "politie", "waterbedrijf", "netbeheerder", "thuiszorg", "aanbieder", "zorgaanbieder",
    "zorginstelling", "instelling", "verpleeghuis", "verzorgingshuis", "school", "schoolbestuur", "leraar", "juf",
    "kinderopvang", "opvang", "creche", "vereniging", "club", "sportclub", "energieleverancier",
    "provider", "telefoonaanbieder", "notaris", "advocaat", "uwv", "svb", "belastingdienst", "schoolleiding",
    "schooldirecteur", "buurman", "pakketbezorger", "bezorger", "ex-partner", "expartner", "dief", "dieven",
    "pijnpoli", "poli", "ind", "mezelf", "mijzelf", "zichzelf", "ex", "ex-man", "ex-vrouw", "regering", "kabinet",
    "rijksoverheid", "minister", "ministerie", "ns", "trein", "treinen", "vve",
    # Eighth round: "Den Haag" is the national government (joined in normalisation); housing foundations, a GP's
    # out-of-hours post, an employment agency, district nursing, a care group, a school's head, an owner.
    "denhaag", "woonstichting", "woningstichting", "huisartsenpost", "uitzendbureau", "wijkverpleging", "zorggroep",
    "rector", "eigenaar",
)  # fmt: skip
# Third parties one reports to the municipality rather than calls oneself.
_NUISANCE = (
    "buren", "buurman", "buurvrouw", "buurjongen", "buurmeisje", "buurtbewoners", "hangjongeren", "jongeren",
    "overlast", "lawaai", "herrie", "evenement", "kroeg", "cafe", "horecazaak", "snackbar", "dief", "dieven",
)  # fmt: skip
_PUBLIC_SPACE = (
    "lantaarnpaal", "straatlantaarn", "straatverlichting", "stoeptegel", "tegel", "tegels", "gat",
    "riool", "put", "putdeksel", "boom", "bomen", "tak", "onkruid", "hondenpoep", "zwerfafval",
    "graffiti", "zwerfvuil", "bankje", "speeltoestel", "glasbak", "verkeerslicht", "verkeersbord", "wegdek",
    "meeuwen", "ratten", "stank", "sloot", "kolk",
)  # fmt: skip
_WEATHER = ("storm", "regen", "onweer", "hitte", "hittegolf", "sneeuw", "hagel", "rotweer", "hondenweer", "vorst")
# The weather as the cause: "het rotweer", "door de storm", "klaagt over de hitte".
_WEATHER_PHRASE = re.compile(
    r"\b(?:het|dit|zulk|zo'n|vreselijk|slecht|belachelijk|rot) weer\b(?! (?:niet|geen|kapot))"
    rf"|\b(?:door|vanwege|over) (?:de|het) (?:{'|'.join(_WEATHER)})\b"
)
# An actor compound typed or dictated apart ("belasting dienst", "woning corporatie") is one word again: a word
# followed by one that together make an actor word loses the space between them.
_ACTOR_COMPOUNDS = frozenset(
    word for word in (*_MUNICIPAL, *_THIRD_PARTY, *_PUBLIC_SPACE, *_CONTRACTOR) if len(word) >= 8 and word.isalpha()
)
_WORD_PAIR = re.compile(r"\b([a-z]{3,}) (?=([a-z]{3,})\b)")
# "bij de gemeente / bij u" names where a complaint is lodged, not whom it is about.
_VENUE = frozenset({"gemeente", "u", "jullie"})


# "voor de school" places a defect; it does not make the school the actor.
_LOCATION = frozenset({"voor", "naast", "achter", "tegenover", "langs", "nabij", "rond", "hoogte"})


@lru_cache(maxsize=50_000)
def _is(token: str, words: tuple[str, ...], minimum: int) -> bool:
    """``token`` is one of ``words``, a form of it ("handhavers"), or a compound ending in it."""
    return stem(token) in _stemmed(words) or any(len(word) > minimum and token.endswith(word) for word in words)


# Verbs that share a stem with an actor noun ("zich niet kunnen verenigen met" is no "vereniging").
_NOT_ACTORS = frozenset({"verenigen", "verenigt", "verenigd", "verenig"})


def _actors(tokens: list[str]) -> list[tuple[str, str]]:
    """Each actor word in ``tokens`` with its kind: 'municipal', 'third_party' or 'public_space'."""
    found = []
    for index, token in enumerate(tokens):
        before = tokens[max(0, index - 2) : index]
        if token in _NOT_ACTORS:
            continue
        if token in _VENUE and "bij" in before:
            continue
        if _is(token, _MUNICIPAL, 5) or token in ("u", "uw") or token.startswith("gemeente"):
            found.append((token, "municipal"))
        elif _is(token, _CONTRACTOR, 5):
            found.append((token, "third_party" if _OWN & set(before) else "municipal"))
        elif _is(token, _THIRD_PARTY, 4) and not _LOCATION & set(before):
            found.append((token, "third_party"))
        elif _is(token, _PUBLIC_SPACE, 4):
            found.append((token, "public_space"))
    return found


def _classify(tokens: list[str]) -> str | None:
    """The kind of the first actor word in ``tokens``."""
    actors = _actors(tokens)
    return actors[0][1] if actors else None


_PROCESS_WORDS = frozenset(
    {
        "behandeling",
        "afhandeling",
        "behandeld",
        "afgehandeld",
        "beslissing",
        "aanvraag",
        "bejegening",
        "gedrag",
        "vergunning",
        "vergunningen",
    }
)


# The municipality asked to help with someone else ("vraagt of de gemeente kan bellen naar de IND", "kan de gemeente
# daar iets mee?", "de gemeente kan daar niks aan doen"): it is not whom the sentence is about.
_HELP_ASKED = frozenset({"of", "kan", "kon", "kunnen", "zou", "weet"})  # "weet de gemeente ...": eighth round


def _asked_to_help(tokens: list[str]) -> set[str]:
    """The municipal words of ``tokens`` that stand where the municipality is asked for help."""
    helpers = set()
    for index, token in enumerate(tokens):
        before = [word for word in tokens[max(0, index - 2) : index] if word not in ("de", "het")][-1:]
        after = tokens[index + 1 : index + 3]
        if _HELP_ASKED & set(before) or (after[:1] in (["kan"], ["kon"]) and after[1:] in (["daar"], ["er"])):
            helpers.add(token)
    return helpers


def _names_municipality(tokens: list[str], actors: list[tuple[str, str]]) -> bool:
    """Whether ``actors`` (of ``tokens``) hold a municipal actor of the sentence's story. With a third party named,
    handling words ("mijn klacht bij de Belastingdienst is niet behandeld") and a municipality only asked to help
    do not count."""
    if not any(kind == "third_party" for _, kind in actors):
        return any(kind == "municipal" for _, kind in actors)
    helpers = _asked_to_help(tokens)
    return any(kind == "municipal" and token not in _PROCESS_WORDS and token not in helpers for token, kind in actors)


def _about_someone_else(tokens: list[str], previous: list[str]) -> str | None:
    """The third party or weather a sentence is about, if it names no municipal actor (other than one asked to
    help with it)."""
    actors = _actors(tokens)
    if _names_municipality(tokens, actors):
        return None
    if weather := _weather(tokens):
        return weather
    if third := next((token for token, kind in actors if kind == "third_party"), None):
        return third
    if not actors:
        earlier = _actors(previous)
        if not _names_municipality(previous, earlier):
            return _weather(previous) or next((token for token, kind in earlier if kind == "third_party"), None)
    return None


def _defect_only(tokens: list[str], previous: list[str]) -> str | None:
    """The defect in public space a sentence (or, naming no actor, the sentence before it) is about, when it names
    no one of the municipality: "de lantaarnpaal is kapot, echt belachelijk" is a report, not a complaint."""
    actors = _actors(tokens) or _actors(previous)
    if any(kind == "municipal" for _, kind in actors):
        return None
    return next((token for token, kind in actors if kind == "public_space"), None)


def _weather(tokens: list[str]) -> str | None:
    return next((f"het weer ({token})" for token in tokens if token in _WEATHER), None)


# --- Phrase patterns -----------------------------------------------------------------------------

_PATTERNS: list[tuple[Category, float, re.Pattern[str]]] = (
    [
        (Category.REPETITION, w, re.compile(p))
        for w, p in [
            (0.7, rf"\b(?:al|nu al|inmiddels|reeds|heb|hebben|ben) (?:voor de )?{_NUMBER} (?:keer|keren|maal)\b"),
            (1.0, rf"\b{_NUMBER} (?:keer|keren|maal) (?:ge(?:beld|meld|maild|schreven|vraagd)|aangegeven|doorgegeven)"),
            (1.0, rf"\b(?:voor de|de|dit is de|is de) {_LATER_ORDINAL} (?:keer|maal|melding|terugbelnotitie)\b"),
            (1.0, rf"\b{_LATER_ORDINAL} (?:keer|melding|dag)\b"),
            (
                1.0,
                rf"\b{_NUMBER} (?:keer|maal) (?:\w+ ){{0,2}}(?:ingeleverd|aangeleverd|ingestuurd|opgestuurd|afgegeven"
                r"|ingediend|gestuurd)\b",
            ),
            (0.6, r"\bvoor de tweede keer\b|\btweede keer dat\b|\bal (?:de )?tweede\b"),
            (1.0, r"\bkeer op keer\b|\bsteeds weer\b|\btelkens weer\b|\bherhaaldelijk\b|\bmeermaals\b"),
            (0.6, r"\b(?:elke|iedere) keer\b|\btelkens\b|\bwederom\b|\balweer\b|\bnogmaals\b(?! (?:bedankt|dank))"),
            (0.8, r"\bherhaalde? melding|\bopnieuw (?:ge)?(?:meld|ingediend|indien)|\bweer (?:geen|niet)\b"),
            (0.6, r"\b(?:alles )?opnieuw (?:aanleveren|insturen|opsturen|aanvragen|invullen)\b|\bal vaker\b"),
            (0.4, r"\bal (?:weken|maanden|jaren|een half jaar|sinds|ruim)\b|\bnog steeds\b|\bnog altijd\b"),
            (0.4, rf"\bal (?:{_NUMBER} )?(?:dagen|weken|maanden|jaar|jaren)\b|\bsinds (?:{_MONTH}|vorig jaar)\b"),
            (0.7, rf"\b(?:nu )?al {_NUMBER} (?:keer|keren|maal) (?:\w+ ){{0,4}}(?:melding|mail|brief|gebeld|gemeld)"),
            (
                0.8,
                r"\bweer (?:\w+ ){0,2}(?:vergeten|overgeslagen|afgezegd|geannuleerd|verzet|te laat|mis|doorverbonden"
                r"|doorgestuurd|niets|niks)\b|\bweer (?:een|eens) (?:dag|week|maand|jaar) verder\b",
            ),
            (0.6, r"\bweer eens\b|\b(?:verhaal|alles) (?:\w+ )?opnieuw (?:doen|vertellen|uitleggen)\b"),
            (
                0.8,
                r"\b(?:elk|ieder) jaar (?:weer )?opnieuw\b"
                r"|\b(?:dit|dat|het) (?:\w+ ){0,3}opnieuw (?:moet )?(?:vertellen|uitleggen)\b",
            ),
        ]
    ]
    + [
        (Category.NO_RESPONSE, w, re.compile(p))
        for w, p in [
            (1.0, r"\b(?:niet|nooit|niemand|geen)\b(?: \w+){0,4} (?:terug ?gebeld|terugbelt|belt terug|terugbellen)"),
            (1.0, r"\bnooit (?:een |iets |meer )?(?:reactie|antwoord|bericht|ontvangstbevestiging)"),
            (
                1.0,
                r"\bgeen (?:reactie|antwoord|bericht|ontvangstbevestiging)\b(?: \w+){0,3} (?:gehad|gekregen|ontvangen)",
            ),
            (1.0, r"\b(?:nog steeds|nog altijd|nog) geen (?:reactie|antwoord|bericht)"),
            (
                1.0,
                r"\b(?:nooit|niet) (?:is )?(?:beantwoord|geantwoord|gereageerd)|\bonbeantwoord\b|"
                r"\bzonder (?:enige )?reactie",
            ),
            (1.0, r"\b(?:niets|niks|nooit iets)(?: meer)?(?: van)? (?:gehoord|vernomen)\b|\bniets meer van gehoord\b"),
            (1.0, r"\bniemand (?:reageert|neemt op|neemt contact op|belt)\b|\bneemt niemand op\b|\breageert niet\b"),
            (1.0, r"\bniet (?:meer )?(?:op|terug )?(?:genomen|gebeld|gemaild)\b(?! worden)|\bniet beantwoord\b"),
            (0.6, r"\bstandaard ?antwoord\b"),
            (
                1.0,
                r"\b(?:nog steeds|nog altijd|nog|zelfs|helemaal|nooit|al \w+ \w+) geen (?:enkele )?(?:reactie"
                r"|antwoord|bericht"
                r"|besluit|beslissing|ontvangstbevestiging)\b|\b(?:dagen|weken|maanden) geen (?:reactie|antwoord"
                r"|besluit)\b",
            ),
            (
                1.0,
                r"\b(?:niets|niks)(?: \w+){0,3} (?:gehoord|vernomen)\b"
                r"|\b(?:niet|nooit|nog niet) (?:\w+ ){0,2}beantwoord",
            ),
            (
                1.0,
                r"\bniemand (?:\w+ )?(?:reageert|reageerde|laat (?:iets|wat) (?:van zich )?horen"
                r"|neemt (?:de telefoon )?op)"
                r"|\bgeen gehoor\b|\bniemand (?:telefonisch )?bereikbaar\b|\btelefonisch (?:niet|onbereikbaar)\b",
            ),
            (0.8, r"\bis er (?:uberhaupt |nog )?iemand die\b|\bleest (?:er )?(?:uberhaupt )?(?:wel )?iemand\b"),
            (
                1.0,
                r"\b(?:melding|meldingen|gemeld|mails?|e-mails?|gemaild|brief|brieven|berichten|formulier|foto'?s?"
                r"|ingestuurd|opgegeven|gestuurd)\b"
                r"(?: [\w']+){0,6} (?:geen|nooit) (?:enkele )?(?:reactie|antwoord|bericht|ontvangst)\b"
                r"|\b(?:niks|niets|nooit (?:meer )?iets) (?:meer )?teruggehoord\b|\bhoorden (?:we|wij|ik) niets\b"
                r"|\bneemt niemand (?:de telefoon )?op\b|\bkomt (?:er )?nooit (?:iets|antwoord) terug\b",
            ),
        ]
    ]
    + [
        (Category.NOTHING_DONE, w, re.compile(p))
        for w, p in [
            (1.0, r"\bgebeurt (?:er )?(?:\w+ ){0,3}(?:niets|niks)\b|\ber verandert niets\b|\bniemand komt\b"),
            (
                0.8,
                r"\b(?:wordt|worden) (?:nooit|niet) (?:meer )?(?:weggehaald|opgeruimd|gemaaid|gerepareerd|opgepakt)\b",
            ),
            (1.0, r"\b(?:er )?(?:is|wordt) (?:nooit |nog )?(?:niets|niks) (?:mee |aan )?(?:gedaan|veranderd)\b"),
            (1.0, r"\bnooit wordt er iets mee gedaan\b|\bniemand doet er (?:iets|wat) aan\b|\bdoet er niets aan\b"),
            (1.0, r"\b(?:nog steeds|nog altijd) (?:niet|niets|niks|niemand)\b|\bnog niets veranderd\b"),
            (
                1.0,
                r"\b(?:afgesloten|gesloten)\b(?: \w+){0,3} zonder\b|"
                r"\bzonder (?:overleg|reden|uitleg) (?:af)?gesloten\b|"
                r"\bzonder (?:dat er )?(?:iets )?(?:te doen|is gedaan|gedaan)",
            ),
            (1.0, r"\b(?:niets|niks) (?:mee|aan) gedaan\b|\bniemand doet (?:iets|wat)\b"),
            (0.8, r"\bniet opgepakt\b|\bzonder resultaat\b|\bniet (?:opgelost|gerepareerd|hersteld|gesnoeid)\b"),
            (
                1.0,
                r"\b(?:afgesloten|afgehandeld|gesloten)\b(?: [\w']+){0,6} (?:niks|niets|nooit|niet) "
                r"(?:\w+ )?(?:gemaakt|gedaan|gerepareerd|opgelost)\b",
            ),
        ]
    ]
    + [
        (Category.SERVICE_FAILURE, w, re.compile(p))
        for w, p in [
            (0.6, r"\bniet (?:opgehaald|geleegd|gemaaid|geveegd)\b|\bovergeslagen\b|\bvergeten\b"),
            (
                0.6,
                r"\b(?:jullie|gemeente|u|ze|zij) (?:\w+ ){0,3}(?:kwijtgeraakt|zoekgeraakt|kwijt)\b"
                r"|\b(?:kwijt|zoek)geraakt (?:bij|door) (?:de gemeente|jullie|u)\b",
            ),
            (0.8, r"\bvoor (?:niks|niets|nop|niemendal) (?:\w+ ){0,5}(?:gekomen|gereisd|vrij genomen|gewacht|komen)\b"),
            (0.6, r"\bniet in het systeem\b|\b(?:zomaar|onterecht) (?:\w+ )?(?:afgesloten|gesloten)\b"),
        ]
    ]
    + [
        (Category.RUNAROUND, 1.0, re.compile(p))
        for p in [
            r"\bkastje naar (?:de )?muur\b",
            r"\b(?:steeds|telkens|weer|elke keer|\w+ keer) doorverbonden\b|\bdoorverbonden en\b(?: \w+){0,4} niemand",
            r"\bvan de ene (?:afdeling|medewerker|persoon|loket) naar de andere\b|\bvan afdeling naar afdeling\b",
            r"\bniemand (?:voelt zich|is) verantwoordelijk\b|\bweet niemand\b|\bniemand weet\b",
            r"\b(?:wijzen|verwijzen|wijst|verwijst) naar elkaar\b|\bbij niemand uit",
            r"\bligt aan de gemeente\b|\bbij de inzamelaar moet zijn\b|\bbij een andere afdeling moet\b",
            r"\biemand die er niets van weet\b|\brondgestuurd\b",
            r"\bverwijs?t (?:\w+ ){0,3}naar\b.*\bverwijs?t (?:\w+ ){0,2}(?:weer |terug )+naar\b",
            r"\bvan (\w+) naar (?:\w+ )?\1\b",
            r"\b(?:doorgestuurd|doorverwezen|verwezen|gestuurd|doorverbonden)\b.*\bnaar\b.*\bnaar\b",
            r"\bwijs?t (?:men|iedereen|de gemeente|jullie|ze) (?:weer )?naar\b|\b\w+ keer doorverbonden\b",
        ]
    ]
    + [
        (Category.CONTRADICTION, w, re.compile(p))
        for w, p in [
            (1.0, r"\btegenstrijdig|\b(?:verkeerde|onjuiste|foute) (?:informatie|info|uitleg|antwoord)\b"),
            (
                0.8,
                r"\b(?:een )?ander(?:e)? (?:antwoord|antwoorden|verhaal|verhalen|informatie|uitleg|bedrag|datum"
                r"|advies)\b"
                r"|\bverkeerde? (?:adres|datum|bedrag|tijd)\b",
            ),
            (
                0.8,
                r"\bweet (?:\w+ )?niet (?:meer )?(?:wat (?:ik |hij |ze )?(?:moet )?(?:te )?geloven"
                r"|waar (?:\w+ )?aan toe)"
                r"|\bterwijl (?:[\w']+ ){0,14}(?:verteld|gezegd|zei|zeiden|vertelde|beweerde|bevestigd)\b"
                r"|\b(?:terwijl|volgens) (?:op )?de website\b",
            ),
            (
                0.8,
                r"\bzegt iemand anders\b|\bzegt (?:weer )?iets anders\b|\bwelke brief klopt\b|\bde ander zei\b"
                r"|\bwie (?:heeft|had) (?:er )?(?:nu |nou )?gelijk\b",
            ),
            (1.0, r"\beerst\b(?: \w+){1,8},? (?:en )?(?:daarna|later|nu|vervolgens|achteraf) (?:\w+ ){0,2}toch\b"),
        ]
    ]
    + [
        (Category.MISTAKE, w, re.compile(p))
        for w, p in [
            (
                1.0,
                r"\bfout(?:en)? (?:van|door) (?:de )?(?:gemeente|jullie|u|uw)\b"
                r"|\bdoor (?:een )?fout (?:van )?(?:de )?gemeente",
            ),
            (1.0, r"\b(?:ernstige|grote|zoveelste|dikke|onbegrijpelijke) (?:fout|blunder|vergissing)\b|\bblunder\b"),
            (0.6, r"\bfout gemaakt\b|\bfouten gemaakt\b|\biemand anders (?:zijn|haar) gegevens\b"),
            (
                0.6,
                r"\bgemeente (?:heeft|hebben) (?:\w+ ){0,4}(?:weggehaald|weggesleept|afgesloten|gekapt|verwijderd"
                r"|opgeheven|gestopt|afgepakt|ingenomen)\b(?: [\w']+){0,8} terwijl\b",
            ),
        ]
    ]
    + [
        (Category.BROKEN_PROMISE, w, re.compile(p))
        for w, p in [
            (
                1.0,
                r"\b(?:niet|nooit) (?:is |zijn |wordt )?nagekomen\b|\bniet (?:komen )?opdagen\b|"
                r"\bniet op komen dagen\b",
            ),
            (
                1.0,
                r"\b(?:is|zijn) (?:ze |zij |hij |er |die )?(?:niet|nooit) "
                r"(?:verschenen|gekomen|langsgekomen|geweest)\b",
            ),
            (
                1.0,
                r"\b(?:zeggen|zegt|zei|zeiden) (?:ze |zij |men )?(?:steeds|telkens|elke keer|iedere keer) (?:dat )?"
                r"(?:\w+ ){0,3}(?:volgende week|morgen|binnenkort|bijna klaar|snel|deze week)\b",
            ),
            (
                1.0,
                r"\bniemand (?:is )?(?:geweest|gekomen|komen kijken|langs geweest)\b"
                r"|\bnooit iemand (?:komen|gekomen|geweest)",
            ),
            (
                1.0,
                r"\b(?:beloofd|toegezegd|beloofde|beloven|belooft)\b(?: [\w']+){0,20} (?:niet|nooit|niemand|"
                r"niets|niks)\b",
            ),
            (0.7, r"\b(?:beloofd|toegezegd|beloofde|beloven|toezegging|belofte)\b"),
            (1.0, r"\bzou\b(?: [\w',]+){1,10},? (?:maar |en )?(?:\w+ ){0,3}(?:niet|nooit|niemand|niets|niks)\b"),
            (
                1.0,
                r"\bzonder (?:\w+ ){0,5}(?:laten weten|te informeren|te waarschuwen|bericht|aankondiging"
                r"|afmelding|afbericht|waarschuwing)\b|"
                r"\bniet afgebeld\b",
            ),
            (1.0, r"\bterwijl (?:[\w']+ ){0,14}(?:toegezegd|beloofd|afgesproken|bevestigd)\b"),
            (
                1.0,
                r"\bafspraak\b(?: [\w']+){0,8} (?:geannuleerd|afgezegd|vergeten|vervallen|verzet door|laten schieten"
                r"|niet (?:in het systeem"
                r"|nagekomen))\b",
            ),
            (0.8, r"\b(?:werd|wordt|is|was|zijn) (?:\w+ ){0,4}(?:geannuleerd|afgezegd)\b|\bniemand (?:is )?gekomen\b"),
            (
                0.8,
                r"\bniets laten weten\b|\bniemand had (?:mij|ons) gewaarschuwd\b|\bis niet gebeurd\b|\bniet gebeurd\b",
            ),
        ]
    ]
    + [
        (Category.WAITING, w, re.compile(p))
        for w, p in [
            (
                1.0,
                r"\b(?:uur|uren|\d+ min(?:uten)?|kwartier) (?:\w+ )?(?:in de wacht|in de wachtrij|in de wachtkamer"
                r"|gewacht"
                r"|wachten|te laat)\b|\b(?:na|ruim|meer dan) (?:een|\d+|twee|drie) (?:uur|uren) wachten\b",
            ),
            (
                0.8,
                rf"\bwacht(?:en|te|ten)? (?:nu |al |inmiddels |nog steeds |nog altijd |dus )*(?:sinds|ruim|meer dan|al"
                rf"|{_NUMBER} (?:dagen|weken|maanden)|maanden|weken|een half ?jaar)\b",
            ),
            (
                1.0,
                r"\b(?:beslis|behandel)?termijn (?:is |was |ruim |al |lang |ver |inmiddels )*"
                r"(?:verstreken|verlopen|overschreden)\b"
                r"|\bligt (?:al )?(?:\w+ ){0,2}stil\b|\b(?:duurt|duurde) (?:\w+ ){0,2}(?:te |veel te |erg )lang\b",
            ),
            # Not "hoe lang duurt het (gemiddeld) voordat ...": a plain question about a term.
            (0.4, r"\bhoe lang (?:moet|nog|duurt (?:het|dit|dat) nog)\b"),
            (0.8, r"\buitblijven van\b|\bpas (?:om|na) \d"),
            (1.0, r"\b(?:uur|uren|kwartier|minuten|dagen|weken) (?:\w+ ){0,3}(?:zitten|staan) wachten\b"),
            (0.8, r"\b(?:om|na) \d+ ?u?(?:ur)?\b(?: \w+){0,3} nog (?:niet|steeds niet) geholpen\b"),
        ]
    ]
    + [
        (Category.IGNORED, w, re.compile(p))
        for w, p in [
            (
                1.0,
                r"\bgenegeerd\b|\bniet (?:\w+ ){0,2}(?:serieus genomen|gehoord)\b|\bin (?:een|de) (?:la|prullenbak)\b"
                r"|\bniemand luistert\b|\bin de steek gelaten\b|\baan (?:\w+ )?lot overgelaten\b|\bafgescheept\b"
                r"|\bkluitje in het riet\b|\bniemand (?:wil|kan) (?:\w+ )?helpen\b|\bniemand pakt\b"
                r"|\bniet naar (?:mij|me|haar|hem|ons) (?:luistert|luisterde|luisteren|geluisterd)\b",
            ),
            (0.6, r"\bstaat nog nergens\b|\bniemand (?:voelt|neemt) (?:zich )?verantwoordelijk"),
        ]
    ]
    + [
        (Category.DISSATISFACTION, w, re.compile(p))
        for w, p in [
            (
                1.0,
                r"\bniet (?:tevreden|blij|te spreken over)\b|\bniet serieus genomen\b|"
                r"\bslecht(?:e)? (?:geholpen|service|zaak)\b",
            ),
            (
                1.0,
                r"\b(?:ben|zijn|is) (?:het|er) (?:\w+ )?(?:zat|klaar mee|spuugzat|beu)\b|\bdit zat\b"
                r"|\bheeft er genoeg van\b"
                r"|\bvoor de gek gehouden\b|\bziet het niet meer zitten\b|\bgeen manier van doen\b",
            ),
            (
                1.0,
                r"\b(?:dit|dat|het) kan (?:echt |toch |zo )?niet\b|\bhoe (?:is|kan) (?:dit|het) mogelijk\b"
                r"|\bwat is (?:uw|jullie) woord waard\b|\bbetalen (?:we|wij|ik) (?:daar|hier)voor belasting\b"
                r"|\bwat een (?:klantvriendelijkheid|service|organisatie|puinhoop|zooi|bende)\b"
                r"|\bslecht (?:geregeld|onderhoud|onderhouden|georganiseerd|bereikbaar)\b|\bwat moet ik nog\b",
            ),
            (0.6, r"\b(?:snapt|snap|begrijpt|begrijp) (?:er )?(?:helemaal )?(?:niks|niets) (?:meer )?van\b"),
            (1.0, r"\bgek van\b|\baan het lijntje\b|\bhoe kan dit\b|\bwat gaat u (?:hier)?aan doen\b|\bde dupe\b"),
            (1.0, r"\bniet eens met de (?:manier|wijze|afhandeling|behandeling)\b|\bzo ga je (?:toch )?niet\b"),
            (
                1.0,
                r"\bniet hoe (?:een|de) (?:overheid|gemeente)\b|\bonvrede\b|\bongenoegen\b"
                # Excuses asked for or offered, not the writer's own ("mijn excuses", "excuses dat ik ...",
                # "excuses voor mijn late reactie", a sentence "Excuses!").
                r"|(?<!mijn )(?<!onze )(?<=[\w,] )excuses\b(?! dat (?:ik|we|wij)\b| voor (?:mijn|onze)\b)"
                r"|^excuses\b(?! dat (?:ik|we|wij)\b| voor (?:mijn|onze)\b)(?!\s*[!.]?$)",
            ),
            (0.6, r"\bwil (?:\w+ )?(?:uitleg|een verklaring|vergoeding|schadevergoeding|compensatie)\b"),
            (1.0, r"\bkan (?:zo )?niet (?:meer )?verder\b"),
            (
                1.0,
                r"\b(?:is|vind|vindt|was) (?:\w+ ){0,3}niet (?:eerlijk|normaal|in orde|correct|netjes)\b"
                r"|\bzo gaat het niet\b|\bniet (?:normaal|eerlijk) dat\b",
            ),
            (0.8, r"\bwie (?:daarvoor|hiervoor) verantwoordelijk\b"),
            (
                1.0,
                r"\b(?:niet|niemand)\b(?: \w+){0,6} serieus (?:genomen|neemt|nemen)\b|"
                r"\bvind (?:dit|dat|het) (?:echt )?niet kunnen\b",
            ),
            (
                1.0,
                r"\bslecht (?:\w+ ){0,2}(?:behandeld|geholpen|te woord)\b|\bbehandeld als (?:een )?\w+\b|"
                r"\bvoor '?\w+'? uit(?:maakte|gemaakt)\b",
            ),
        ]
    ]
    + [
        (Category.SETTLED, w, re.compile(p))
        for w, p in [
            (
                -1.0,
                r"\bcompliment(?:en)?\b|\bpluim\b|\bhartelijk dank voor\b"
                r"|\bdank voor (?:de|uw) (?:snelle|goede|fijne)\b",
            ),
            (-1.0, r"\bbedank(?:t|en) voor\b|\b(?:hartelijk |graag )?danken voor\b"),
            (-1.0, r"\bbedankt? (?:de |het |u |jullie )?(?:gemeente|medewerker|collega|team)\b"),
            # The caller's own denial, as agents write it: "geen klacht, alleen een vraag".
            (
                -1.0,
                r"\bgeen klacht\b(?! (?:ingediend|indienen|gedaan))|\b(?:niks|niets) te klagen\b"
                r"|\b(?:wil|wilde|wou) (?:\w+ ){0,2}niet (?:\w+ )?klagen\b",
            ),
            (
                -1.0,
                r"\b(?:tevreden|blij) (?:is |was )?(?:met|over) "
                r"(?:de |het )?(?:oplossing|afhandeling|antwoord|excuses)\b"
                r"|\bnaar tevredenheid\b|\bexcuses (?:aanvaard|geaccepteerd)\b"
                r"|\b(?:is|zijn) (?:netjes |goed |helemaal |toch |al )?opgelost\b"
                r"|\b(?:belt|mailt|schrijft) om te bedanken\b|\bdossier (?:is )?gesloten\b|\bgesloten mag\b"
                r"|(?<!dat )\balles (?:is )?(?:weer )?in orde\b(?! was)|\bexcuses ontvangen\b"
                r"|\bklacht\b(?: \w+){0,6} gegrond verklaard\b"
                r"|\b(?:is|beschouw(?:t|en)? (?:ik|we|wij|hij|zij|ze)?) ?(?:de|mijn|onze|deze|haar|zijn) klacht "
                r"(?:daarmee |hiermee |nu )?(?:als )?"
                r"(?:afgehandeld|afgedaan|afgesloten)\b"
                r"|\bbeschouw(?:t|en)? (?:\w+ )?(?:de|het|deze) (?:zaak|kwestie) (?:hiermee |daarmee |nu )?als "
                r"(?:afgesloten|afgedaan)\b",
            ),
            # Eighth round: how a call ends when the caller is content ("beller was tevreden", "dhr is tevreden met de
            # uitleg", "daarmee gerustgesteld", "dank daarvoor"), and a complaint or report that may be closed ("klacht
            # ... mag dicht", "wil dat de klacht gesloten wordt"). Not "niet tevreden", not "was eerst tevreden".
            (
                -1.0,
                r"\b(?:is|was|werd|waren|zijn) (?:daarmee |hiermee |er |toen |weer |nu |uiteindelijk |dan )?"
                r"(?:tevreden|gerustgesteld)\b(?! (?:tot|totdat)\b)|\bgerustgesteld\b"
                r"|\btevreden met de (?:uitleg|informatie|oplossing|toelichting)\b|\bdank daarvoor\b"
                r"|\bmag (?:nu |wat (?:mij|ons) betreft )?(?:dicht|gesloten|afgesloten)\b"
                r"|\b(?:klacht|melding|dossier) (?:\w+ ){0,2}(?:gesloten|afgesloten) (?:wordt|worden|mag)\b",
            ),
            (-0.6, r"\bwacht (?:het )?(?:dus )?rustig af\b|\bgeen haast\b|\bniet dringend\b|\bgeen klachten verder\b"),
            (
                -2.0,
                r"\bklacht (?:in ?trek|intrekken|intrekt|ingetrokken)\b"
                r"|\btrek(?:t|ken)? (?:ik |wij |we |hij |zij |ze )?(?:mijn|de|deze|onze|haar|zijn) klacht "
                r"(?:(?!niet\b)\w+ ){0,2}in\b"
                r"|\bklacht\b(?: [\w-]+){1,6} (?:wil |wilt |willen )?(?:intrekken|ingetrokken)\b"
                r"|\bintrekk(?:en|ing) (?:van )?(?:mijn |de |zijn |haar )?klacht\b|"
                r"\bvoor mij (?:is )?opgelost\b",
            ),
        ]
    ]
)

# Norms told in free word order: a cue word and its counterpart within a few words of one clause,
# so "nooit meer iets gehoord" and "niemand is er geweest" count like their fixed phrases.
_TIME_SPANS = frozenset({"uur", "uren", "kwartier", "minuten", "min", "dagen", "weken", "maanden", "jaar"})
_NEAR_RULES: tuple[tuple[Category, float, frozenset[str], frozenset[str], int], ...] = (
    (
        Category.NO_RESPONSE,
        1.0,
        frozenset({"nooit", "niets", "niks", "niemand"}),
        frozenset(
            {"gehoord", "vernomen", "teruggehoord", "reactie", "antwoord", "teruggebeld", "gereageerd", "terugbelt",
             "teruggekoppeld", "terugkoppeling"}
        ),
        6,
    ),
    (Category.NO_RESPONSE, 0.7, frozenset({"geen"}), frozenset({"reactie", "antwoord", "bericht", "terugkoppeling"}),
     2),
    (
        Category.BROKEN_PROMISE,
        1.0,
        frozenset({"niemand"}),
        frozenset({"gekomen", "geweest", "verschenen", "langsgekomen", "opgedaagd", "langs"}),
        3,
    ),
    (Category.BROKEN_PROMISE, 0.8, frozenset({"geen"}), frozenset({"gekomen", "geweest", "verschenen"}), 3),
    (Category.WAITING, 1.0, _TIME_SPANS, frozenset({"gewacht", "wachtte", "wachtten"}), 4),
)  # fmt: skip


# "ik hoef verder geen reactie": not needing an answer is not missing one.
_NO_NEED = frozenset({"hoef", "hoeft", "hoeven", "hoefde", "hoefden"})


def _near_hits(tokens: list[str]) -> list[_Hit]:
    """The `_NEAR_RULES` met within one clause: the cue first, its counterpart at most ``window`` words later."""
    hits = []
    for category, weight, cues, counterparts, window in _NEAR_RULES:
        for index, token in enumerate(tokens):
            if token not in cues or _NO_NEED & set(tokens[max(0, index - 3) : index]):
                continue
            for offset in range(index + 1, min(len(tokens), index + window + 1)):
                if tokens[offset] in _CLAUSE_BREAKS:
                    break
                if tokens[offset] in counterparts:
                    hits.append(_Hit(category, weight, " ".join(tokens[index : offset + 1])))
                    break
    return hits


# Stemmed word lists: the word, and whether a negation before it cancels it.
_DISSATISFACTION_WORDS = (
    "ontevreden", "ontevredenheid", "boos", "boze", "kwaad", "woedend", "razend", "pissig", "nijdig", "furieus",
    "geirriteerd", "irritant", "geergerd", "ergert", "ergernis", "ergerlijk", "gefrustreerd", "frustrerend",
    "frustratie", "teleurgesteld", "teleurstelling", "schandalig", "schandelijk", "schande", "belachelijk",
    "bespottelijk", "waardeloos", "onacceptabel", "onaanvaardbaar", "ontoelaatbaar", "onbehoorlijk", "ontstemd",
    "ongelooflijk", "onbegrijpelijk", "huilend", "overstuur", "moedeloos", "woest", "vermoeiend", "wanhopig",
    "radeloos", "machteloos", "onfatsoenlijk", "klantonvriendelijk", "misleid", "bedrogen", "belazerd", "kwalijk",
    "onverantwoord", "beschamend", "bedroevend", "stuitend", "absurd", "verbijsterd", "spuugzat", "ongenoegen",
)  # fmt: skip
# Milder words: a signal only together with another one, or intensified ("heel vervelend").
_MILD_WORDS = (
    "vervelend", "jammer", "onprettig", "onplezierig", "hinderlijk", "raar", "vreemd", "omslachtig",
    "onduidelijk",
)  # fmt: skip
# Matched as written: their stems are those of other words ("belastingen", the tax department; "last van"; "storing",
# a breakdown).
_EXACT_MILD_WORDS = frozenset({"belastend", "lastig", "storend"})
_INTENSIFIERS = frozenset(
    {
        "erg", "zeer", "heel", "echt", "ontzettend", "enorm", "super", "behoorlijk", "flink", "uiterst", "diep",
        "bijzonder", "hartstikke", "ernstig", "totaal", "helemaal", "enorme", "ontzettende",
    }
)  # fmt: skip
_MISCONDUCT_WORDS = (
    "onbeschoft", "onvriendelijk", "onbeleefd", "brutaal", "grof", "lomp", "bot", "arrogant", "neerbuigend", "kortaf",
    "intimiderend", "intimideren", "geintimideerd", "uitgescholden", "schelden", "scheldt", "schold", "scheldde",
    "uitgelachen", "uitlachte", "lachten", "afgesnauwd", "snauwde", "vernederend", "vernederd", "denigrerend",
    "beledigd", "beledigend", "bedreigd", "bedreigend", "gediscrimineerd", "discriminerend", "discriminatie",
    "racistisch", "respectloos", "hardhandig", "agressief", "onheus", "ongeinteresseerd", "opgehangen",
    "ongemakkelijk", "beschadigd", "beschadigt", "geraakt", "geramd", "aangereden", "vernield", "weigerde", "weigert",
    "weigeren", "uitmaakte", "onterecht", "beschuldigd", "afgeblaft", "kleinerend", "kleineerde", "toegesproken",
)  # fmt: skip
_MISCONDUCT_PHRASE = re.compile(
    r"\bhing (?:gewoon )?op\b|\bverbinding (?:werd )?verbroken\b|\bmond moest houden\b|\bbelachelijk\b"
    r"|\bde schuld\b|\bhardop\b|\b(?:reed|reden) (?:gewoon )?door\b|\bweggereden\b|\bkapot (?:hebben )?gegooid\b"
    r"|\bkapot gemaakt\b|\buitlachte\b|\blachten (?:me|mij|ons) uit\b|\bniet gerespecteerd\b"
    r"|\b(?:wilde|wil) niet (?:\w+ ){0,3}luisteren\b|\bluisterde niet\b|\bverbrak (?:de verbinding)?\b"
    r"|\bbuiten (?:alle )?proporties?\b|\bniet gestopt\b|\b(?:rijdt|reed|reden) (?:er )?(?:gewoon )?voorbij\b"
    r"|\bomver (?:ge)?reden\b|\brolde met (?:haar|zijn) ogen\b|\bde toon\b|\btoon van\b"
    r"|\b(?:over|tegen|met) de (?:manier|wijze) waarop\b|\balsof (?:hij|ik|ze|zij|wij) (?:een )?crimine\w*"
    r"|\b(?:wou|wilde) (?:mij|me|ons) niet helpen\b|\bga (?:maar )?naar huis\b"
    # Privacy told aloud: "riep door de hele hal", "waar iedereen bij stond".
    r"|\bdoor de (?:hele |volle )?(?:hal|wachtruimte|wachtkamer|ruimte|zaal)\b"
    r"|\bwaar (?:iedereen|anderen|andere mensen) (?:\w+ )?bij (?:stond|stonden|was|waren|zat|zaten)\b"
)
_COMPLAINT_INTENT = (
    "klacht",
    "klachten",
    "klaag",
    "klagen",
    "klaagt",
    "beklag",
    "klachtformulier",
    "klachtenformulier",
)
_PROCEDURE_WORDS = ("klachtenregeling", "klachtenprocedure", "klachtregeling", "klachtenlijn")
_MEDICAL = frozenset(
    {
        "rug",
        "lopen",
        "hooikoorts",
        "astma",
        "pijn",
        "operatie",
        "gezondheid",
        "benauwd",
        "medisch",
        "medische",
        "heup",
        "been",
        "benen",
        "knie",
        "nek",
        "schouder",
        "ademhaling",
        "hoofd",
        "maag",
        "buik",
        "arm",
    }
)
_CONTACT_VERBS = re.compile(r"\bge(?:meld|beld|maild|schreven)\b|\bmelding|\bdoorgegeven\b|\baangegeven\b")
# Contact with the third party itself, not reports to the municipality about it: "bij de belastingdienst niemand te
# pakken, al 5x gebeld", "ik heb ze nu 5x gebeld".
_CALLED = re.compile(r"\bge(?:beld|maild)\b")
_CONTACTED_THEM = re.compile(r"\b(?:ze|hen|hem) (?:\w+ ){0,4}ge(?:beld|maild|schreven)\b")
_QUESTION_FRAME = re.compile(
    r"\b(?:hoe|waar|bij wie|welke instantie|wie|waarheen)\b|\bvraagt? (?:of|hoe|waar)\b|\bwil weten\b|\bvraag over\b"
)
_INTENT = frozenset(
    {"indienen", "indien", "dien", "ingediend", "doen", "neerleggen", "wil", "wens", "formele", "formeel"}
)
# A promise in one place and "still not" in another make a broken promise, even across sentences.
_PROMISE = re.compile(
    r"\b(?:zou|zouden) (?:[\w']+ ){0,8}(?:worden|komen|krijgen|ontvangen|bellen|gebeuren|regelen|repareren|vervangen)\b"
    r"|\b(?:zei|zeiden|antwoordde|antwoordden|beloofde|beloofden|vertelde|vertelden"
    r"|meldde) (?:\w+ ){0,4}dat (?:\w+ ){0,6}"
    r"(?:zou|zouden|werd|wordt|komt|gaat|gebeurt)\b|\btoezegging\b|\btoegezegd\b|\bbeloofd\b|\bbelofte\b"
)
_PERSISTS = re.compile(
    r"\bnog (?:steeds|altijd|niet|niets|niks|geen)\b|\bniet gebeurd\b|\bnu is het\b|\binmiddels\b|\bnooit\b"
    r"|\bweer een (?:dag|week|maand|jaar) verder\b|\b(?:niets|niks) (?:gebeurd|gedaan)\b"
)
_SECOND_HIT_BONUS = 0.3
# "vraagt of er nog steeds een wachtlijst is", "wil weten of hij nog steeds recht heeft op ...": a question whether
# something still holds, not something that still has not happened (eighth round).
_STILL_ASKED = re.compile(
    r"\b(?:vraagt?|vroeg|vragen|wil weten|wilde weten|wou weten) of (?:\w+ ){0,3}nog (?:steeds|altijd)\b"
    r"(?! (?:niet|niets|niks|niemand|geen)\b)"
)
# "Wat kan ik doen als ik nooit antwoord krijg?": a question about a case that has not happened.
_HYPOTHETICAL = re.compile(
    r"^(?:(?:wat|hoe|waar|bij wie|kan|mag|moet|welke|wie)\b|.*\b(?:wil (?:graag )?weten|vraagt?|vraag me af)\b)"
    r"(?!.*\bkan (?:het|dit) dat\b)"
    r".*\b(?:als|indien|wanneer|stel dat) (?:ik|je|u|men|iemand|we|wij|een inwoner|een burger)\b.*\?$"
)
# "klaagde vorig jaar", "de klacht die ze vorige maand heeft ingediend": an earlier complaint, not a new one.
_EARLIER_TOLD = re.compile(
    r"^(?:klaagde|klaagden|geklaagd)\b.*\b(?:vorig|vorige|eerder|toen|destijds|ooit)\b"
    r"|^klacht die (?:\w+ ){1,5}(?:(?:heeft|had|hebben|heb) ingediend|indiende|indienden)\b"
    r"|^klacht (?:van|uit) (?:vorige|vorig|afgelopen|eind|begin|\d+|mij)\b"
)
# "mijn eerdere klacht", "een eerder ingediende klacht", "eerder had ik een klacht over": one that exists.
_EARLIER = frozenset({"eerdere", "eerder", "vorige", "oude", "destijds"})
_FIGURES = frozenset(
    {"aantal", "overzicht", "gemiddelde", "afhandeltermijn", "cijfers", "statistiek", "jaarverslag", "hoeveel"}
)
# "ik heb vorige week een klacht ingediend": a complaint that exists; the story says whether it is still one.
_PERFECT = frozenset({"heb", "had", "heeft", "hebben", "hadden"})
_BACK_REFERENCE = frozenset({"hierover", "daarover", "erover", "hiervoor", "daarvoor"})
_NOT_YET_FILED = frozenset({"worden", "wordt", "kan", "moet", "zal", "zou", "hebben"})
# "hoe dien ik ... een klacht in", not "hoe kan het dat ..." (indignation).
_HOW_TO = re.compile(r"\bhoe\b(?! (?:kan|is) (?:het|dit|dat)\b)")
_EARLIER_OWNER = frozenset({"mijn", "haar", "zijn", "uw", "onze", "hun"})
_FORMS = frozenset({"klachtformulier", "klachtenformulier"})
_WITHDRAWING = frozenset({"intrekken", "ingetrokken", "intrekking", "intrekt"})
_FILED = frozenset({"ingediend", "geuit", "neergelegd"})
_PULL = frozenset({"trek", "trekt", "trekken"})  # "hierbij trekken wij de klacht in"
_SETTLED_AS = frozenset({"afgehandeld", "afgedaan", "afgesloten"})
# "hoe werkt het als je/inwoners een klacht ... willen indienen?": a question about complaints in general.
_GENERIC_ASKER = frozenset(
    {"je", "men", "iemand", "inwoners", "mensen", "burgers", "algemeen", "eigenlijk", "worden", "werkstuk",
     "schoolopdracht", "spreekbeurt", "scriptie"}
)  # fmt: skip
# "mijn aanvraag is geweigerd": a decision (bezwaar), not how someone behaved ("die weigerde te kijken").
_DECISION_OBJECTS = frozenset(
    {"aanvraag", "vergunning", "omgevingsvergunning", "besluit", "verzoek", "beschikking", "uitkering", "toekenning",
     "subsidie", "kwijtschelding", "parkeervergunning", "indicatie", "ontheffing", "afwijzing", "weigering",
     "naheffingsaanslag", "naheffing", "aanslag", "kwijtscheldingsverzoek", "evenementenvergunning"}
)  # fmt: skip
# Who can behave: with only a decision named and the objection route in the text, a feeling or "onterecht"
# is about the content of the decision (bezwaar), not about conduct.
_STAFF = (
    "medewerker", "medewerkster", "ambtenaar", "handhaver", "boa", "parkeerwachter", "parkeercontroleur", "consulent",
    "klantmanager", "casemanager", "behandelaar", "toezichthouder", "wethouder", "baliemedewerker", "collega",
)  # fmt: skip
# The objection route, also in plain words: "kan ik hier nog iets tegen doen?".
_OBJECTION = re.compile(r"\b(?:bezwaar|beroep)|\b(?:iets|wat) (?:\w+ )?tegen (?:doen|ondernemen)\b")
# Compounds of a decision noun ("kapvergunning", "woz-waarde", "exploitatievergunning").
_DECISION_NOUNS = ("vergunning", "aanslag", "beschikking", "waarde")
# A decision told as its outcome: named in the sentence before or after a feeling, it is still what the feeling is
# about ("De afwijzing kwam gisteren. Ik vind het teleurstellend.").
_VERDICTS = frozenset({"afwijzing", "weigering", "afgewezen", "geweigerd", "afgekeurd"})
_ASSESSMENTS = ("aanslag", "waarde")
# A policy of the council, not conduct in a particular matter (eighth round): "de afvalstoffenheffing gaat weer 12%
# omhoog", "hondenbelasting verdubbeld", "het raadsbesluit om het zwembad te sluiten", "#gemeenteraad".
_POLICY = re.compile(
    r"\bgemeenteraad\b|\braadsbesluit\b|\b(?:de|het) raad\b(?! van)|\bcoalitie\b|\bbeleid\b|\bbezuinig\w*"
    r"|\b(?:gaat|gaan|ging|gingen) (?:\w+ ){0,3}omhoog\b|\bverdubbeld\b|\b(?:tarief|belasting)verhoging\b"
)
# "maar" that opens a clause, not the particle of "bel maar terug", "doet u maar".
_BUT = re.compile(r"(?:^|[,;.])\s*maar\b|\bmaar (?:ik|we|wij|het|hij|zij|ze|u|dit|dat|de|er|toch|nu|wel)\b")
# The caller accepts what disappointed them ("teleurgesteld ... maar begrijpt het", "daar kan niemand wat aan
# doen", "dat is gewoon zo"): a feeling, but no complaint. Not "ik snap het wel, maar ...", not the agent's
# "ik begrijp het" (no "wel"), not "begrijpt het niet".
_RESIGNED = re.compile(
    r"\b(?:snapt|begrijpt) het\b(?! niet)"
    r"|\b(?:snap|snapt|snappen|begrijp|begrijpt|begrijpen) (?:het|ik|we|wij|ze|hij|zij) "
    r"(?:ook |heus |best |natuurlijk )?wel\b"
    r"|\b(?:daar|er) (?:kan|kon|kunnen) (?:niemand|je|men|jullie|u|de gemeente) (?:ook )?(?:wat|iets|niks|niets) "
    r"aan (?:doen|veranderen)\b"
    r"|\bdat is (?:nu eenmaal |gewoon |helaas )+(?:zo|niet anders)\b"
    r"|\b(?:heeft|heb|hebben|had) (?:er |daar )?(?:alle |wel |veel |ook )?begrip voor\b"
    # Eighth round: acceptance after the feeling's "maar" ("teleurgesteld, maar ik snap het"), understanding why
    # ("begrijpt nu waarom het moest", "begrijpt dat de gemeente moet bezuinigen") and the caller's own fault ("het
    # is mijn eigen fout", "eigen schuld"); not "begrijp niet waarom", not "niet mijn fout".
    r"|\bmaar (?:ik |hij |ze |zij |we )?(?:snap|snapt|begrijp|begrijpt) (?:het|dat)\b(?! niet)"
    r"|\b(?:begrijpt|begrijp|snapt|snap) (?:hij |zij |ze |ik |we )?(?:nu |wel |best |ook )?(?:dat|waarom)\b"
    r"|(?<!niet )(?<!geen )\b(?:mijn|onze|zijn|haar) (?:eigen )?(?:fout|schuld)\b|(?<!niet )\beigen schuld\b"
)


def _resigned(sentence: str) -> str | None:
    """The caller's acceptance in ``sentence``, unless a "maar" follows it ("ik snap het wel, maar ...")."""
    return next(
        (match.group() for match in _RESIGNED.finditer(sentence) if not _BUT.search(sentence[match.end() :])), None
    )


# Excuses that were made ("excuses gekregen", "de aangeboden excuses", "heeft zijn excuses aangeboden"): the
# complaint is being settled, not made. "Niemand heeft excuses aangeboden" still counts.
_EXCUSES_MADE = re.compile(
    r"\bexcuses\b(?: \w+){0,3} (?:gekregen|ontvangen|aangeboden|aanvaard|geaccepteerd|gemaakt)\b"
    r"|\b(?:aangeboden|ontvangen|gekregen) excuses\b"
    # Eighth round: offered in the past tense or as what the caller came for ("beller bood excuses aan", "belt om
    # excuses aan te bieden"); not what someone should do ("moet excuses aanbieden").
    r"|\b(?:bood|boden) (?:\w+ ){0,2}excuses aan\b|\bom (?:\w+ ){0,2}excuses aan te bieden\b"
)


def _excuses_made(sentence: str, tokens: list[str]) -> str | None:
    """The excuses made in ``sentence``, unless denied in their clause ("geen excuses gekregen")."""
    made = _EXCUSES_MADE.search(sentence)
    if made is None or "excuses" not in tokens:
        return None
    return None if _DENIERS & set(_clause_before(tokens, tokens.index("excuses"))) else made.group()


def _contacted_them(other: str, tokens: list[str], sentence: str) -> bool:
    """Whether the repeated contact in ``sentence`` went to the third party ``other`` itself."""
    if other in tokens and {"bij", "naar"} & set(tokens[max(0, tokens.index(other) - 2) : tokens.index(other)]):
        return True
    # Eighth round: an organisation (a housing corporation, the UWV, a company, the police) is called itself; a report
    # ("melding", "gemeld") goes to the municipality, and so do calls about a nuisance (neighbours, noise, loitering).
    return bool(_CONTACTED_THEM.search(sentence)) or (
        bool(_CALLED.search(sentence)) and _is(other, _THIRD_PARTY, 4) and not _is(other, _NUISANCE, 4)
    )


def _names_decision(tokens: list[str]) -> bool:
    return any(token in _DECISION_OBJECTS or token.endswith(_DECISION_NOUNS) for token in tokens)


def _names_verdict(tokens: list[str]) -> bool:
    return bool(_VERDICTS & set(tokens)) or any(token.endswith(_ASSESSMENTS) for token in tokens)


def _names_staff(tokens: list[str]) -> bool:
    return any(_is(token, _STAFF, 5) for token in tokens)


def _about_decision(tokens: list[str], decision: bool) -> bool:
    return decision and not _names_staff(tokens)


@lru_cache(maxsize=8)
def _stemmed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(word) for word in words)


# Words one letter from a lexicon word that are words of their own, not typos: schulden (schelden),
# aangeraden (aangereden), bedragen (bedrogen).
_REAL_WORDS = frozenset({"schulden", "aangeraden", "bedragen"})


@lru_cache(maxsize=50_000)
def _in_lexicon(token: str, words: tuple[str, ...], *, typos: bool = False) -> bool:
    if stem(token) in _stemmed(words):
        return True
    return typos and len(token) >= 8 and token not in _REAL_WORDS and any(_close(token, word) for word in words)


def _negated(tokens: list[str], index: int) -> bool:
    """A negation in the few words before ``index``, within the same clause ("geen besluit, boos" is not)."""
    for token in reversed(tokens[max(0, index - NEGATION_WINDOW) : index]):
        if token in _CLAUSE_BREAKS:
            return False
        if token in NEGATORS:
            return True
    return False


def _clause_before(tokens: list[str], index: int) -> list[str]:
    """The (at most eight) words before ``index`` in its clause."""
    words: list[str] = []
    for token in reversed(tokens[max(0, index - 8) : index]):
        if token in _CLAUSE_BREAKS:
            break
        words.insert(0, token)
    return words


def _object_after(tokens: list[str], start: int, *, inside: bool = False) -> list[str] | None:
    """The words after "over/tegen/met ..." within a few words of ``start``, up to the end of the clause; with
    ``inside`` also after an "in" right at ``start`` ("teleurgesteld in de school", not "dien een klacht in")."""
    for offset in range(start, min(len(tokens), start + 6)):
        if tokens[offset] in _CLAUSE_BREAKS:
            return None
        if tokens[offset] in _OBJECT_MARKERS or (inside and offset == start and tokens[offset] == "in"):
            words = []
            for token in tokens[offset + 1 : offset + 9]:
                if token in _CLAUSE_BREAKS:
                    break
                words.append(token)
            return words
    return None


def _third_party_object(tokens: list[str], start: int) -> str | None:
    """The third party named right after a signal ("niet tevreden met de buurman"), if any."""
    words = _object_after(tokens, start, inside=True)
    actors = _actors(words or [])
    return actors[0][0] if actors and actors[0][1] == "third_party" else None


def quote(text: str, limit: int = 60) -> str:
    text = text.strip(" ,:")
    return f"‘{text if len(text) <= limit else text[: limit - 1] + '…'}’"


# --- Norms told as a story: signals that need the whole text -------------------------------------
# A quiet complaint names no feeling: it tells a promise and then what happened instead. Each rule
# pairs a cue with its counterpart anywhere in the story (the sentences not about someone else).

_NUM_WORD = r"(?:\d+|een|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|veertien)"
_STORY_PROMISE = re.compile(
    _PROMISE.pattern
    + r"|\b(?:zou|zouden) (?:[\w']+ ){0,6}[\w']+en\b"
    # "eerlijk gezegd", "zoals gezegd" are ways of speaking, not what someone said would happen (eighth round).
    + r"|\b(?:zei|zeiden|zegt|(?<!eerlijk )(?<!zoals )(?<!kort )(?<!anders )gezegd|vertelde|verteld|beloofde"
    r"|liet weten)\b(?: \w+){0,6} (?:zou|zouden|komt|wordt|is"
    r"|was|krijgt|ligt|liggen|mocht|mag|volgt|geregeld|toegekend|binnen|vandaag|morgen|deze week|voor|had|heeft"
    r"|kon|kan|hoefde|hoeft)\b"
    r"|\b(?:was|is|werd|er was|hadden|had) (?:\w+ ){0,3}afgesproken\b|\bafspraak (?:was|over|met)\b|\bafgesproken\b"
    r"|\b(?:terugbelafspraak|toezegging|toegezegd|beloofd|belofte)\b"
    rf"|\bbinnen {_NUM_WORD} (?:weken|dagen|werkdagen|maanden)\b"
    r"|\bvoor (?:de )?(?:zomer|vakantie|eind|vrijdag|maandag)\w*\b"
)
_STORY_OUTCOME = re.compile(
    _PERSISTS.pattern
    + r"|\btoch\b|\bniet (?:gebeurd|geplaatst|gekomen|gebeld|geregeld|ontvangen|nagekomen|gedaan|opgepakt)\b"
    rf"|\bnu (?:\w+ ){{0,2}}{_NUM_WORD} (?:weken|maanden|dagen) (?:later|verder)\b"
    r"|\b(?:weken|maanden|jaar) (?:later|verder)\b"
    r"|\b(?:was|is) (?:het|hij|ze) (?:er )?niet\b(?! eens\b)|\bal (?:weggehaald|opgehaald|gesloopt|gekapt)\b"
    r"|\bblijkt niet\b"
    r"|\b(?:dat|dit) was (?:in |op )?\w+|\bgeen (?:bericht|indicatie|besluit|beslissing)\b|\beenzijdig\b"
    r"|\bniemand (?:is )?(?:gekomen|geweest)\b|\bkwam niemand\b|\bnog niet (?:genomen|gebeld|geplaatst|gekomen)\b"
    r"|\b(?:niks|niets|nooit) (?:\w+ )?(?:gekregen|ontvangen|gehad)\b"
)
_OWN_EVIDENCE = re.compile(
    r"\b(?:ontvangst)?bevestiging\b|\bafgiftebewijs\b|\bbetalingsbewijs\b|\bbewijs van (?:ontvangst|betaling|afgifte)\b"
    r"|\b(?:in|volgens) (?:uw|jullie|de|hun|haar|zijn) (?:eigen )?(?:brief|mail|bevestiging|beschikking)\b"
    r"|\bschriftelijk (?:bevestigd|toegezegd)\b|\bbrief van (?:de )?gemeente\b"
    r"|\bmail (?:terug )?dat (?:het|alles) (?:\w+ )?ontvangen\b"
    r"|\bgoedgekeurd\b|\bgegrond (?:verklaard|is)\b|\b(?:per )?(?:mail|brief) van (?:de )?gemeente\b"
    r"|\bbankafschrift\b|\bbetaalbewijs\b|\bal betaald\b|\bbevestigings(?:mail|brief|e-mail)\b"
    r"|\bterwijl (?:[\w']+ ){0,14}(?:zei|zeiden|gezegd|vertelde|verteld|bevestigde|bevestigd)\b"
    r"|\b(?:gelijk gekregen|kreeg (?:ik|hij|ze|zij|wij|we) (?:toen )?gelijk)\b"
)
_ADVERSE = re.compile(
    r"\b(?:afgewezen|afgekeurd|boete|aanmaning|terugvordering|terugbetalen|vordering|dwangbevel|invordering"
    r"|buiten behandeling|verlopen|geweigerd|onvolledig|stopgezet|stopt|gestopt|weggehaald)\b"
    r"|\b(?:nooit|niet) (?:\w+ )?(?:binnengekomen|ontvangen|aangemeld|verlengd|aangeleverd|op tijd)\b|\bgeen recht\b"
    r"|\bniet in het systeem\b|\bstaan (?:ze|die) niet\b|\bdezelfde (?:te hoge )?(?:fout|waarde)\b"
    r"|\b(?:aanslag|herinnering|invorderingsbrief)\b|\bte laat\b"
    r"|\b(?:geen|niet) (?:\w+ ){0,2}(?:ingediend|ingeleverd|betaald)\b"
)
_ATTEMPT = re.compile(
    r"\b(?:probeer|probeert|proberen|geprobeerd|probeerde)\b|\b(?:bel|belt|gebeld|gebelt|bellen|belde)\b"
    r"|\b(?:mail|mailt|gemaild|mails|e-mails)\b|\bvoicemail\b|\bingesproken\b|\bterugbelverzoek(?:en)?\b|\bverzoeken\b"
)
_PERSISTENT = re.compile(
    rf"\b(?:al|sinds|dagelijks|steeds|telkens|herhaaldelijk)\b|\b(?:elke|iedere) dag\b|\bde hele week\b"
    rf"|\b{_NUMBER} (?:keer|maal|verzoeken|mails|e-mails|berichten)\b|\bzo ?vaak\b|\bbel en bel\b|\bzoveel\b"
    r"|\b(?:elke|iedere) (?:ochtend|middag|dag|week)\b|\b\d+ dagen\b"
)
_UNREACHED = re.compile(
    r"\bniemand (?:te pakken|te spreken|bereikbaar|aan de lijn)\b|\bkrijg[t]? (?:\w+ )?(?:niemand|geen gehoor)\b"
    r"|\bvoicemail\b|\bniet (?:bereikbaar|opgenomen)\b|\bneemt niemand\b|\bniemand (?:neemt|pakt)\b"
    r"|\bautomatisch(?:e)? antwoord\b|\bonbeantwoord\b|\bgeen (?:antwoord|reactie)\b|\blijn (?:\w+ )?verbroken\b"
    r"|\bte bereiken\b|\bte spreken\b|\bnooit iets terug\b|\bkomt nooit\b|\bdoor(?:verbonden|geschakeld)\b"
    r"|\bzonder resultaat\b|\bkom[t]? (?:nooit|niet) door\b|\bopgehangen\b|\bwachtrij\b"
    r"|\bniet te (?:pakken|bereiken|spreken)\b"
)
_MANAGER = re.compile(
    r"\b\w*(?:leidinggevende|teamleider|teamleidster|manager|directeur)\b|\b(?:baas|chef|afdelingshoofd|iemand hoger"
    r"|hogerop|gemeentesecretaris|wethouder|hoofd van de afdeling)\b"
)
_MANAGER_REQUEST = re.compile(
    r"\b(?:spreken|contact|doorverbinden|doorverbonden|te woord|eist|gesprek|wil|zsm)\b"
    r"|\b(?:vraagt|vroeg) (?:\w+ )?(?:naar|om)\b"
)
_MANAGER_CAUSE = re.compile(
    r"\b(?:omdat|want|terwijl|afgesproken|afspraak|afspraken|toch|zonder|dringend|nog vandaag|vandaag nog|zsm"
    r"|beloofd|toegezegd|niet (?:uitgevoerd|nagekomen|gedaan))\b"
)
_EARLIER_COMPLAINT = re.compile(
    r"\b(?:antwoord|reactie|brief|beslissing|besluit|uitkomst|uitslag|afhandeling|conclusie|oordeel)"
    r"(?: [\w-]+){0,3} (?:op|over|van|inzake|bij) (?:mijn|haar|zijn|de|uw|onze|hun) (?:eerdere )?klacht\b"
    r"|\bklachtbesluit\b|\bklacht\b(?: \w+){0,3} (?:ongegrond|gegrond|afgehandeld)\b|\bongegrond\b"
    r"|\bklachtbehandeling\b|\b(?:afhandeling|inzake) klacht\b|\bklacht \d{4}-\d+|\bre: uw klacht\b"
    r"|\b(?:antwoord|reactie)(?: [\w-]+){0,2} op (?:de |mijn |haar |zijn |uw |onze )?klachtbrief\b"
    r"|\beerder (?:een )?klacht ingediend\b|\b(?:afhandelings|afdoenings)brief\b|\bafdoening\b|\bklachtafhandeling\b"
    # A complaint told as filed ("heeft op 3 februari een klacht ingediend") and an answer received.
    r"|\bklacht ingediend\b(?=.*\b(?:antwoord|reactie|brief|uitkomst|besluit)\b)"
)
_DISAGREES = re.compile(
    r"\bniet (?:mee )?eens\b|\boneens\b|\b(?:kan|kon) (?:mij|me|zich) (?:\w+ )?niet (?:\w+ )?vinden\b"
    # "dat zij zich er niet in kan vinden": the same in the word order of a subordinate clause.
    r"|\b(?:mij|me|zich|ons) (?:er |daar )?niet (?:in )?(?:kan|kon|kunnen|konden) vinden\b"
    # "daar kunnen we ons echt niet in vinden": the same, inverted after "daar".
    r"|\b(?:kan|kon|kunnen|konden) (?:ik|we|wij|hij|zij|ze) (?:mij|me|ons|zich) (?:\w+ )?niet (?:in )?vinden\b"
    # "kan zich niet verenigen met de afdoening", "dat hij zich daar niet mee kan verenigen".
    r"|\bniet (?:\w+ )?(?:kan|kon|kunnen|konden) verenigen\b"
    r"|\b(?:kan|kon) (?:mij|me|zich|ons) (?:\w+ )?niet (?:\w+ )?verenigen\b"
    r"|\bklopt (?:echter )?niet\b|\bonvoldoende\b|\bheroverweg\w*|\bopnieuw (?:te )?(?:bekijken|bekeken|gekeken)\b"
    r"|\bopnieuw naar\b|\banders beleefd\b|\bombudsman\b|\bverbaast\b|\bgaat voorbij\b|\bniet (?:op )?in ?gaat\b"
    r"|\bgaat niet in\b|\bnergens (?:op )?(?:in ?gegaan|ingegaan)\b|\btoch\b|\bnog steeds (?:niet|niets|geen)\b"
    r"|\brecht (?:te )?zetten\b|\bbezwaar\b|\bonzin\b|\bniet gebeurd\b|\bnooit\b|\bgaat gewoon door\b"
    r"|\b(?:niks|niets) (?:is )?(?:uitgezocht|onderzocht|aan)\b|\bnog (?:steeds|altijd)\b|\bniet tevreden\b"
    r"|\bopnieuw naar (?:\w+ ){0,3}(?:kijken|bekijken)\b|\bbeantwoordt? (?:\w+ ){0,3}niet\b"
    r"|\bstaat (?:daar |er )?niets (?:over )?in\b"
)
_DAMAGE = re.compile(
    r"\b(?:beschadigd|beschadiging|vernield|ingedeukt|deuk|schade|wateroverlast|lekt|omver ?(?:ge)?reden"
    r"|kapot ?(?:ge)?(?:reden|maakt|gegooid)|geraakt|onder water|gevallen|loopt (?:het )?\w+ (?:in|binnen)"
    r"|gebroken|verzakt|omgewoeld)\b|\bloopt (?:het )?\w+ (?:\w+ ){0,2}(?:in|binnen)\b"
)
_WORKS = re.compile(
    r"\b(?:werkzaamheden|aannemer|stratenmakers?|stratemakers|gemeentewerkers|veegmachine|veegwagen|vuilniswagen"
    r"|graafmachine|hovenier|snoeien|gesnoeid|maaien|aanleg|rioolvervanging|bestraat|opgehoogd|opengebroken"
    r"|omgebouwd|reinigingsdienst|gewerkt|rooien|herinrichting|kraan|ondergrondse container|riolering vervangen)\b"
)
_AFTERMATH = re.compile(
    _PERSISTS.pattern
    + r"|\bsinds(?:dien| die tijd| dat)?\b|\bgeen (?:reactie|antwoord|bericht|bevestiging|inspectie)\b|\bniemand\b"
    r"|\b(?:niets|niks) (?:meer )?(?:gehoord|gebeurd|gebeurt|gedaan)\b"
)
_ASKED_AGAIN = re.compile(
    r"\bopnieuw (?:alle |de |mijn |haar |zijn )?(?:stukken|documenten|papieren|gegevens|formulieren|bewijzen)\b"
    r"|\bopnieuw (?:een )?verzoek\b|\bweer (?:om )?(?:dezelfde )?(?:stukken|documenten|papieren)\b"
)
_ALREADY_DONE = re.compile(
    r"\b(?:al|reeds) (?:\w+ ){0,4}(?:ingeleverd|aangeleverd|ingestuurd|opgestuurd|afgegeven|gestuurd|gemaild)\b"
)
_OVERDUE = re.compile(
    rf"\b(?:beslis)?termijn\b(?!(?: \w+){{0,2}} niet\b).*"
    rf"\b(?:{_NUM_WORD} (?:weken|maanden) (?:later|terug|geleden)|terug|later|verstreken)\b"
    r"|\buitblijven\b|\bte laat (?:uit)?betaald\b"
    rf"|\bwacht(?:en)? (?:nu )?al (?:{_NUM_WORD} )?(?:maanden)\b|\bal {_NUM_WORD} maanden in behandeling\b"
)


def _story_hits(story: list[str], mentions_municipality: bool) -> list[_Hit]:
    """The norms that a story breaks across its sentences (promise → outcome, evidence → adverse decision)."""
    text = " ".join(story)
    hits: list[_Hit] = []
    promise = _STORY_PROMISE.search(text)
    if promise:
        outcome = _STORY_OUTCOME.search(text[: promise.start()] + " " + text[promise.end() :])
        if outcome:
            hits.append(_Hit(Category.BROKEN_PROMISE, 1.0, f"{promise.group()} … {outcome.group()}"))
    if (evidence := _OWN_EVIDENCE.search(text)) and (adverse := _ADVERSE.search(text)):
        hits.append(_Hit(Category.OWN_WORD_BROKEN, 1.0, f"{evidence.group()} … {adverse.group()}"))
    for position, sentence in enumerate(story):
        if (
            (attempt := _ATTEMPT.search(sentence))
            and _PERSISTENT.search(sentence)
            and (unreached := _UNREACHED.search(sentence))
        ):
            hits.append(_Hit(Category.UNREACHABLE, 1.0, f"{attempt.group()} … {unreached.group()}"))
        if (manager := _MANAGER.search(sentence)) and _MANAGER_REQUEST.search(sentence):
            following = story[position + 1] if position + 1 < len(story) else ""
            caused = _MANAGER_CAUSE.search(sentence) or _MANAGER_CAUSE.search(following)
            hits.append(_Hit(Category.ESCALATION, 1.0 if caused else 0.5, manager.group()))
        if (damage := _DAMAGE.search(sentence)) and _WORKS.search(text):
            # Damage by municipal work is a claim; left without a reaction or repair it is a complaint.
            weight = 1.0 if _AFTERMATH.search(text) else Category.DAMAGE.weight
            hits.append(_Hit(Category.DAMAGE, weight, damage.group()))
    if overdue := _OVERDUE.search(text):
        hits.append(_Hit(Category.WAITING, 1.0, overdue.group()))
    if (asked := _ASKED_AGAIN.search(text)) and (done := _ALREADY_DONE.search(text)):
        hits.append(_Hit(Category.REPETITION, 1.0, f"{asked.group()} … {done.group()}"))
    if (earlier := _EARLIER_COMPLAINT.search(text)) and (disagrees := _DISAGREES.search(text)):
        hits.append(
            _Hit(
                Category.COMPLAINT_ANSWER, Category.COMPLAINT_ANSWER.weight, f"{earlier.group()} … {disagrees.group()}"
            )
        )
    return hits


# --- The recogniser --------------------------------------------------------------------------


def _sentence_hits(
    sentence: str,
    tokens: list[str],
    previous: list[str],
    mentions_municipality: bool,
    following: list[str],
    decision: bool,
    resigned: str | None,
    defect: str | None,
    policy: bool = False,
) -> tuple[list[_Hit], list[str]]:
    """The signals in one sentence; ``previous`` is the nearest earlier sentence that names an actor.

    A sentence that names no actor and has none before it is about the next one: "Ik ben zo boos. Mijn
    buurman ..." is about the neighbour. ``decision``: the text names the objection route (bezwaar, beroep) and
    this sentence a decision, or its neighbour the decision's outcome. ``resigned``: the caller accepts it, in this
    sentence or a later one (a feeling then is no complaint). ``defect``: the defect in public space the sentence
    reports, when the story tells no aftermath (a feeling then is about it). ``policy``: this sentence or its neighbour
    names a policy of the council (a tax rise, a council decision): a feeling then is about the policy, which is no
    conduct in a particular matter (Awb 9:1).
    """
    if _HYPOTHETICAL.search(sentence):
        return [], [f"{quote(sentence)} is een vraag over een geval dat niet is gebeurd"]
    hits: list[_Hit] = []
    ignored: list[str] = []
    someone_else = _about_someone_else(tokens, previous or (following if not _actors(tokens) else []))
    weather = _WEATHER_PHRASE.search(sentence)
    if weather and someone_else is None:
        someone_else = "het weer"

    made = _excuses_made(sentence, tokens)
    for category, weight, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            other = someone_else or _third_party_object(_tokens(sentence[match.end() :]), 0)
            if (
                other
                and category is not Category.SETTLED
                and not (
                    category is Category.REPETITION
                    and _CONTACT_VERBS.search(sentence)
                    and not _contacted_them(other, tokens, sentence)
                )
            ):
                ignored.append(f"{quote(match.group())} gaat over {other}, niet over de gemeente")
                continue
            if (
                category is Category.REPETITION
                and match.group() in ("nog steeds", "nog altijd")
                and (asked := _STILL_ASKED.search(sentence))
            ):
                ignored.append(f"{quote(asked.group())} vraagt of iets nog zo is, geen herhaling")
                continue
            if category is Category.DISSATISFACTION and _about_decision(tokens, decision):
                # "afgewezen ... vind ik echt niet eerlijk. hoe maak ik bezwaar?": as the feeling words (eighth round).
                ignored.append(f"{quote(match.group())} gaat over de inhoud van een besluit (bezwaar)")
                continue
            if category is Category.DISSATISFACTION and policy and not _names_staff(tokens):
                ignored.append(f"{quote(match.group())} gaat over beleid van de raad, niet over een gedraging")
                continue
            if made and category is Category.DISSATISFACTION and match.group().endswith("excuses"):
                ignored.append(f"{quote(made)}: de excuses zijn al gemaakt")
                continue
            if defect and category is Category.DISSATISFACTION:
                ignored.append(f"{quote(match.group())} gaat over {defect}: een melding, niet over de gemeente")
                continue
            hits.append(_Hit(category, weight, match.group()))

    for index, token in enumerate(tokens):
        if token in _PROCEDURE_WORDS or (token.startswith("klachten") and token.endswith(("regeling", "procedure"))):
            hits.append(_Hit(Category.PROCEDURE, Category.PROCEDURE.weight, token))
        elif token in _COMPLAINT_INTENT or stem(token) in _stemmed(_COMPLAINT_INTENT):
            hit = _explicit(tokens, index, previous, sentence.rstrip().endswith("?"))
            if isinstance(hit, _Hit):
                hits.append(hit)
            elif hit:
                ignored.append(hit)
        elif (strong := _in_lexicon(token, _DISSATISFACTION_WORDS, typos=True)) or (
            _in_lexicon(token, _MILD_WORDS) or token in _EXACT_MILD_WORDS
        ):
            if _negated(tokens, index):
                ignored.append(f"{quote(' '.join(tokens[max(0, index - 2) : index + 1]))} is ontkennend")
            elif other := someone_else or _third_party_object(tokens, index + 1):
                ignored.append(f"{quote(token)} gaat over {other}, niet over de gemeente")
            elif _about_decision(tokens, decision):
                ignored.append(f"{quote(token)} gaat over de inhoud van een besluit (bezwaar)")
            elif policy and not _names_staff(tokens):
                ignored.append(f"{quote(token)} gaat over beleid van de raad, niet over een gedraging")
            elif defect:
                ignored.append(f"{quote(token)} gaat over {defect}: een melding, niet over de gemeente")
            elif resigned:
                ignored.append(f"{quote(token)}: de inwoner legt zich erbij neer ({quote(resigned)})")
            else:
                hits.append(_feeling(tokens, index, strong=strong, mentions_municipality=mentions_municipality))
        elif (
            _in_lexicon(token, _MISCONDUCT_WORDS, typos=True)
            and not _negated(tokens, index)
            and tokens[index : index + 2] != ["grof", "vuil"]  # bulky waste, not rudeness
        ):
            if token.startswith("geweiger") and (_names_decision(tokens) or not _names_staff([*previous, *tokens])):
                # "mijn aanvraag is geweigerd", "bij de milieustraat geweigerd": a decision, unless staff did it.
                ignored.append(f"{quote(token)} is een besluit, geen gedrag van een medewerker")
            elif _about_decision(tokens, decision):
                ignored.append(f"{quote(token)} gaat over de inhoud van een besluit (bezwaar)")
            else:
                hits.extend(_misconduct(token, tokens, previous, someone_else, ignored))

    for match in _MISCONDUCT_PHRASE.finditer(sentence):
        if _about_decision(tokens, decision):
            ignored.append(f"{quote(match.group())} gaat over de inhoud van een besluit (bezwaar)")
        else:
            hits.extend(_misconduct(match.group(), tokens, previous, someone_else, ignored))
    for hit in _near_hits(tokens):
        if someone_else:
            ignored.append(f"{quote(hit.evidence)} gaat over {someone_else}, niet over de gemeente")
        else:
            hits.append(hit)
    return hits, ignored


def _feeling(tokens: list[str], index: int, *, strong: bool, mentions_municipality: bool) -> _Hit:
    """A feeling counts fully when the text names the municipality or the feeling is intensified ("erg boos")."""
    intensifier = next((token for token in tokens[max(0, index - 2) : index] if token in _INTENSIFIERS), None)
    evidence = f"{intensifier} {tokens[index]}" if intensifier else tokens[index]
    if not strong:
        return _Hit(Category.DISSATISFACTION, 0.7 if intensifier else 0.4, evidence)
    return _Hit(Category.DISSATISFACTION, 1.0 if mentions_municipality or intensifier else 0.7, evidence)


def _misconduct(
    evidence: str, tokens: list[str], previous: list[str], someone_else: str | None, ignored: list[str]
) -> list[_Hit]:
    """Misconduct counts only when a municipal actor (staff, contractor) is named nearby."""
    actors = {_classify([token]) for token in (*previous, *tokens)}
    if someone_else or "municipal" not in actors:
        ignored.append(f"{quote(evidence)} gaat niet over een medewerker of uitvoerder van de gemeente")
        return []
    return [_Hit(Category.MISCONDUCT, Category.MISCONDUCT.weight, evidence)]


def _explicit(tokens: list[str], index: int, previous: list[str], question: bool) -> _Hit | str | None:
    """A complaint word: a complaint about the municipality, or (with the reason) something else."""
    window = tokens[max(0, index - 4) : index + 3]
    phrase = " ".join(window).replace(" ,", ",")
    if _negated(tokens, index):
        return f"{quote(phrase)} is ontkennend"
    if tokens[index] == "klachten" and _FIGURES & set(tokens[max(0, index - 4) : index]):
        # "een overzicht van het aantal klachten": figures about complaints, asked by a council member or journalist.
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)
    if (
        _MEDICAL & set(tokens[index + 1 : index + 6])
        or tokens[index - 1 : index] == ["veel"]
        or tokens[max(0, index - 2) : index] == ["last", "van"]
    ):
        return f"{quote(phrase)} gaat over gezondheidsklachten"
    if tokens[index + 1 : index + 2] == ["van"] and not _EARLIER_TOLD.search(" ".join(tokens[index : index + 4])):
        return f"{quote(phrase)} gaat over klachten van anderen"
    before = tokens[max(0, index - 4) : index]
    if before[-1:] and before[-1] in _EARLIER_OWNER and not _INTENT & set(tokens[max(0, index - 4) : index + 5]):
        # "mijn klacht", "de afhandeling van haar klacht": a complaint that exists; the story decides the rest.
        return f"{quote(phrase)} verwijst naar een eerdere klacht"
    clause = _clause_before(tokens, index)
    after_eight = tokens[index + 1 : index + 9]
    if (
        _EARLIER_TOLD.search(" ".join(tokens[index : index + 8]))
        or (_EARLIER & set(before) and not _INTENT & set(tokens[max(0, index - 4) : index + 5]))
        or (_PERFECT & set(clause) and _FILED & set(tokens[index + 1 : index + 8]))
        or (tokens[index + 1 : index + 2] == ["ingediend"] and not _NOT_YET_FILED & set(tokens[index + 2 : index + 4]))
        or any(char.isdigit() for char in "".join(tokens[index + 1 : index + 2]))
        or ("als" in after_eight and _SETTLED_AS & set(after_eight))
    ):
        # "vorig jaar heb ik bij u een klacht ingediend", a note's "klacht ingediend": it exists already; so does one
        # "geuit" or "neergelegd", one with a case number ("klacht KL-2024-0422"), one "als afgehandeld" (eighth round).
        return f"{quote(phrase)} verwijst naar een eerdere klacht"
    after = tokens[index + 1 : index + 4]
    if _WITHDRAWING & set(window) or (_PULL & set(before) and "in" in after and "niet" not in after):
        # "intrekken klacht", "ik trek de klacht hierbij in": the settled category counts it against an offer.
        return f"{quote(phrase)} trekt een klacht in"
    if tokens[index - 2 : index] == ["bijna", "een"]:
        return f"{quote(phrase)} is een klacht die er niet kwam"
    about = _object_after(tokens, index + 1)
    if about and (weather := _weather(about)):
        return f"{quote(phrase)} gaat over {weather}, niet over de gemeente"
    if about is None and _HOW_TO.search(" ".join(clause)) and _classify(tokens[:index]) != "municipal":
        # "hoe dien ik namens mijn moeder een klacht in", "vraagt hoe ze een klacht kan indienen": how to file,
        # naming nothing the municipality did, is a question about the procedure.
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)
    if (
        about is None
        and _classify(tokens[:index]) != "municipal"
        and (tokens[index] in _FORMS or {"worden", "ingediend"} <= set(tokens[index + 1 : index + 10]))
    ):
        # "wil klachtformulier", "belde om het klachtenformulier op te vragen", "vermeld dat een klacht ook per brief
        # kan worden ingediend": the form or the way to file, naming nothing the municipality did.
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)
    # "over hem" points back; "over haar zorgverzekeraar" names whom it is about.
    pointing_back = about is not None and (not about or (about[0] in _PRONOUNS and _classify(about) is None))
    if _BACK_REFERENCE & set(before) or pointing_back:
        target = _classify(previous) or _classify(tokens[:index])
    elif about:
        # The object decides; the rest of the sentence ("vraagt of de gemeente ...") only for someone else.
        context = _classify(tokens[:index]) or _classify(previous)
        target = _classify(about) or (context if context != "municipal" else None)
    else:
        following = [token for token in tokens[index + 1 : index + 10] if token not in _PROCESS_WORDS]
        target = _classify(following) or _classify(tokens[:index]) or _classify(previous)
    if target == "third_party":
        return f"{quote(phrase)} is een klacht over een ander dan de gemeente"
    if target == "public_space":
        return f"{quote(phrase)} is een melding over de openbare ruimte"
    asks = _QUESTION_FRAME.search(" ".join(tokens[:index])) or question
    if asks and (
        tokens[max(0, index - 2) : index] in (["van", "een"], ["over", "een"], ["bij", "een"], ["op", "een"])
        or (tokens[index - 1 : index] == ["een"] and _GENERIC_ASKER & set(tokens))
    ):
        # "hoe lang duurt het afhandelen van een klacht": complaints in general, a question about the procedure.
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)
    if target != "municipal" and asks:
        # "Hoe/waar kan ik klagen over ...?" about something we cannot place: a question, not a complaint.
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)
    handled = {"afgehandeld", "behandeld"}
    if ({"is", "werd"} & set(tokens[index + 1 : index + 3]) and handled & set(tokens[index + 2 : index + 4])) or (
        {"is", "werd"} & set(tokens[max(0, index - 2) : index]) and handled & set(tokens[index + 1 : index + 3])
    ):
        # "de klacht is afgehandeld", "wat mij betreft is de klacht daarmee afgehandeld": an earlier complaint.
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)
    intent = _INTENT & set(tokens[max(0, index - 4) : index + 5])
    if target != "municipal" and tokens[index] == "klachten" and not intent:
        return f"{quote(phrase)} noemt klachten zonder de wens om te klagen over de gemeente"
    return _Hit(Category.EXPLICIT, Category.EXPLICIT.weight, phrase)


def _fact_hits(facts: Facts) -> list[_Hit]:
    hits = []
    if facts.repeat_report:
        hits.append(_Hit(Category.FACT, 1.0, "Herhaalmelding: dezelfde zaak is eerder gemeld en nog niet opgelost"))
    if facts.repeat_contact:
        hits.append(_Hit(Category.FACT, 0.6, "Herhaalcontact: deze inwoner nam eerder contact op over dezelfde zaak"))
    if facts.overdue_items:
        hits.append(_Hit(Category.FACT, 0.6, f"Termijn verstreken: {facts.overdue_items} openstaande zaak/zaken"))
    if facts.earlier_complaints:
        hits.append(_Hit(Category.FACT, 0.4, f"Eerdere klacht(en) van deze inwoner: {facts.earlier_complaints}"))
    return hits


def recognise(text: str, facts: Facts | None = None, *, model: object = ACTIVE_MODEL) -> Recognition:
    """Score ``text`` (and ``facts``) for complaint signals; the reasons say what triggered it.

    The rules decide unless a learned model is active (see :mod:`kcc.klachten.learning`): then the
    model decides, and the reasons keep every rule reason plus one line on what the model did.
    ``model=None`` asks for the rules only; a :class:`~kcc.klachten.learning.LearnedModel` uses that one.
    """
    rules = recognise_rules(text, facts)
    if model is None:
        return rules
    from kcc.klachten import learning

    learned = learning.active_model() if model is ACTIVE_MODEL else model
    return learned.combine(text, rules) if learned is not None else rules


def recognise_rules(text: str, facts: Facts | None = None) -> Recognition:
    """The explainable rules alone (the baseline every learned version is measured against)."""
    hits: list[_Hit] = []
    ignored: list[str] = []
    sentences = [(sentence, _tokens(sentence)) for sentence in _sentences(normalise(text or ""))]
    mentions_municipality = any(kind == "municipal" for _, tokens in sentences for _, kind in _actors(tokens))
    objection = any(_OBJECTION.search(sentence) for sentence, _ in sentences)
    verdicts = [_names_verdict(tokens) for _, tokens in sentences]
    # "nog steeds", "nog niets gebeurd": a defect reported before and left, no longer a first report.
    aftermath = any(_PERSISTS.search(sentence) for sentence, _ in sentences)
    resigned = [_resigned(sentence) for sentence, _ in sentences]
    policies = [bool(_POLICY.search(sentence)) for sentence, _ in sentences]
    previous: list[str] = []  # the nearest earlier sentence (of the last three) that names an actor
    since_actor = 0
    story: list[str] = []  # the sentences that are not about someone else, for the cross-sentence norms
    for position, (sentence, tokens) in enumerate(sentences):
        following = sentences[position + 1][1] if position + 1 < len(sentences) else []
        sentence_hits, sentence_ignored = _sentence_hits(
            sentence,
            tokens,
            previous,
            mentions_municipality,
            following,
            objection and (_names_decision(tokens) or any(verdicts[max(0, position - 1) : position + 2])),
            next((phrase for phrase in resigned[position:] if phrase), None),
            None if aftermath else _defect_only(tokens, previous),
            any(policies[max(0, position - 1) : position + 2]),
        )
        hits += sentence_hits
        ignored += sentence_ignored
        if not _about_someone_else(tokens, previous) and not _HYPOTHETICAL.search(sentence):
            story.append(sentence)
        since_actor += 1
        if _classify(tokens) is not None:
            previous, since_actor = tokens, 0
        elif since_actor >= 3:
            previous = []

    hits += _story_hits(story, mentions_municipality)

    # Words already counted for a stronger signal ("al weken" in "wacht al weken") do not count again.
    counted: list[_Hit] = []
    for hit in sorted(hits, key=lambda hit: -hit.weight):
        if hit.weight > 0 and any(
            hit.category is not kept.category and hit.evidence in kept.evidence for kept in counted
        ):
            continue
        counted.append(hit)

    strongest: dict[Category, _Hit] = {}
    for hit in counted:
        current = strongest.get(hit.category)
        if current is None or abs(hit.weight) > abs(current.weight):
            strongest[hit.category] = hit
    # Two different signals of one kind ("ander bedrag", "weet niet wat te geloven") weigh a little more.
    seconds = {
        hit.category
        for hit in counted
        if hit.weight > 0 and not set(hit.evidence.split()) & set(strongest[hit.category].evidence.split())
    }
    fact_hits = _fact_hits(facts or Facts())
    total = (
        sum(hit.weight for hit in strongest.values())
        + _SECOND_HIT_BONUS * len(seconds)
        + sum(hit.weight for hit in fact_hits)
    )
    signals = tuple(
        Signal(hit.category, hit.weight, hit.evidence)
        for hit in sorted(strongest.values(), key=lambda hit: -hit.weight)
        if hit.weight > 0
    )
    reasons = [signal.reason for signal in signals] + [hit.evidence for hit in fact_hits]
    if Category.SETTLED in strongest:
        ignored.append(f"Telt negatief mee — {Category.SETTLED.label}: {quote(strongest[Category.SETTLED].evidence)}")
    offer = total >= THRESHOLD
    return Recognition(
        offer=offer, score=rule_score(total), reasons=reasons, ignored=ignored, signals=signals, rules_offer=offer
    )


def rule_score(total: float) -> float:
    """The raw sum scaled to 0..1: 0.5 is the threshold."""
    return round(max(0.0, min(total / (2 * THRESHOLD), 1.0)), 2)
