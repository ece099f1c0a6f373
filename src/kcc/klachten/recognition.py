"""Klachtherkenning: does a Dutch text (call note, e-mail, melding) call for the complaint procedure?

Pure Python and explainable. The text is normalised (lower case, accents removed, "3x" → "3 keer")
and split into sentences; then three kinds of rules look for complaint signals:

* phrase patterns (regular expressions over the normalised text) for repetition, no answer,
  nothing done, being sent from pillar to post, contradictory information, broken promises;
* word lists matched on snowball-stemmed tokens, with small typos tolerated, for dissatisfaction
  and anger, staff misconduct and the explicit wish to complain;
* structured facts (herhaalcontact, herhaalmelding, overdue items, earlier complaints).

Guards keep it from firing on what is not a complaint about the municipality: a word preceded by a
negation ("niet boos", "geen klacht") does not count; a complaint word whose object is someone
else (the neighbours, a company, a landlord) or a defect in the street (a broken lamp post is a
melding) does not count; feelings in a sentence about a third party or the weather do not count.

Every category contributes its strongest hit once; the sum is the raw score. The procedure is
offered from :data:`THRESHOLD`; ``score`` is the raw sum scaled to 0..1 (0.5 = the threshold).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

import snowballstemmer

THRESHOLD = 1.0
NEGATORS = frozenset({"niet", "geen", "nooit", "allerminst", "nauwelijks"})
NEGATION_WINDOW = 3


class Category(Enum):
    """A kind of complaint signal: its Dutch label (used in the reasons) and weight."""

    EXPLICIT = ("Wil een klacht indienen", 2.0)
    PROCEDURE = ("Vraagt naar de klachtenregeling", 0.5)
    DISSATISFACTION = ("Ontevredenheid of boosheid", 1.0)
    MISCONDUCT = ("Gedrag van een medewerker of uitvoerder", 1.2)
    REPETITION = ("Herhaling", 1.0)
    NO_RESPONSE = ("Geen reactie of niet teruggebeld", 1.0)
    NOTHING_DONE = ("Er is niets mee gedaan", 0.8)
    SERVICE_FAILURE = ("Dienstverlening niet uitgevoerd", 0.6)
    RUNAROUND = ("Van het kastje naar de muur", 1.0)
    CONTRADICTION = ("Tegenstrijdige of verkeerde informatie", 0.8)
    BROKEN_PROMISE = ("Afspraak of toezegging niet nagekomen", 1.0)
    SETTLED = ("Tevreden of opgelost", -1.0)
    FACT = ("Gegevens uit het systeem", 0.0)

    @property
    def label(self) -> str:
        return self.value[0]

    @property
    def weight(self) -> float:
        return self.value[1]


@dataclass(frozen=True)
class Facts:
    """What the system already knows about the person or matter, besides the text."""

    repeat_contact: bool = False
    repeat_report: bool = False
    overdue_items: int = 0
    earlier_complaints: int = 0


@dataclass(frozen=True)
class Recognition:
    offer: bool
    score: float
    reasons: list[str]
    ignored: list[str] = field(default_factory=list)

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
_ORDINALS = {"2e": "tweede", "3e": "derde", "4e": "vierde", "5e": "vijfde", "6e": "zesde", "7e": "zevende"}


def normalise(text: str) -> str:
    """Lower case, accents off, quotes unified, "3x" → "3 keer", "4e" → "vierde", spaces collapsed."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"[‘’`´]", "'", text)
    text = re.sub(r"\b(\d+)\s*x\b", r"\1 keer", text)
    text = re.sub(r"\b([2-7])\s*e\b", lambda match: _ORDINALS[f"{match.group(1)}e"], text)
    text = re.sub(r"\b(\d+)\s*(?:ste|de)\b", r"\1ste", text)
    return re.sub(r"[ \t]+", " ", text)


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?;\n])\s*|\s*\n\s*")
_TOKEN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*|:")


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

# Checked in this order: contractors of the municipality before "bedrijf" of a third party.
_MUNICIPAL = (
    "gemeente", "medewerker", "ambtenaar", "balie", "handhaver", "handhaving", "boa", "consulent",
    "klantcontactcentrum", "afdeling", "vuilnisman", "vuilnismannen", "vuilniswagen", "chauffeur",
    "afvalbedrijf", "afvalinzamelaar", "inzamelaar", "inzameling", "stadsbedrijven", "groenvoorziening",
    "gemeentewerf", "werf", "jullie", "collega", "klachtbehandelaar", "wethouder", "burgerzaken",
    "belastingen", "behandeling", "afhandeling", "behandeld", "afgehandeld", "bejegening", "gedrag",
    "optreden", "houding", "wmo", "vergunningen", "beslissing", "aanvraag", "reiniging", "bestuurder",
    "veegmachine", "straatveegmachine", "milieustraat", "wijkbeheer", "wijkcoach", "gemeentehuis", "loket",
)  # fmt: skip
_THIRD_PARTY = (
    "buren", "buurman", "buurvrouw", "buurjongen", "buurmeisje", "huisbaas", "verhuurder",
    "woningcorporatie", "corporatie", "bedrijf", "winkel", "webwinkel", "webshop", "leverancier",
    "zorgverzekeraar", "verzekeraar", "horecazaak", "kroeg", "cafe", "restaurant", "huisarts",
    "huisartsenpraktijk", "ziekenhuis", "werkgever", "vervoerder", "arriva", "duo", "aannemer",
    "hangjongeren", "evenement", "keukenbedrijf", "garagebedrijf", "overlast", "lawaai", "herrie",
    "organisatie", "markt", "politie", "waterbedrijf", "netbeheerder", "thuiszorg",
)  # fmt: skip
_PUBLIC_SPACE = (
    "lantaarnpaal", "straatlantaarn", "straatverlichting", "stoeptegel", "tegel", "tegels", "gat",
    "riool", "put", "putdeksel", "boom", "bomen", "tak", "onkruid", "hondenpoep", "zwerfafval",
    "graffiti", "bankje", "speeltoestel", "glasbak", "verkeerslicht", "verkeersbord", "wegdek",
    "meeuwen", "ratten", "stank", "sloot", "kolk",
)  # fmt: skip
_WEATHER = ("storm", "regen", "onweer", "hitte", "hittegolf", "sneeuw", "hagel", "rotweer", "hondenweer")
_WEATHER_PHRASE = re.compile(r"\b(?:het|dit|zulk|zo'n|vreselijk|slecht|belachelijk|rot) weer\b(?! (?:niet|geen|kapot))")


def _classify(tokens: list[str]) -> str | None:
    """'municipal', 'third_party' or 'public_space' for the first actor word in ``tokens``."""
    for token in tokens:
        if any(token == word or (len(word) > 5 and token.endswith(word)) for word in _MUNICIPAL):
            return "municipal"
        if token == "u" or token == "uw":
            return "municipal"
        if any(token == word or (len(word) > 4 and token.endswith(word)) for word in _THIRD_PARTY):
            return "third_party"
        if any(token == word or (len(word) > 4 and token.endswith(word)) for word in _PUBLIC_SPACE):
            return "public_space"
    return None


def _about_someone_else(tokens: list[str], previous: list[str]) -> str | None:
    """The third party or weather a sentence is about, if it names no municipal actor."""
    own = {_classify([token]) for token in tokens}
    if "municipal" in own:
        return None
    for token in tokens:
        if token in _WEATHER:
            return "het weer"
        if _classify([token]) == "third_party":
            return token
    if not own - {None}:
        before = {_classify([token]) for token in previous}
        if "third_party" in before and "municipal" not in before:
            return next(token for token in previous if _classify([token]) == "third_party")
    return None


# --- Phrase patterns -----------------------------------------------------------------------------

_PATTERNS: list[tuple[Category, float, re.Pattern[str]]] = (
    [
        (Category.REPETITION, w, re.compile(p))
        for w, p in [
            (0.7, rf"\b(?:al|nu al|inmiddels|reeds|heb|hebben|ben) (?:voor de )?{_NUMBER} (?:keer|keren|maal)\b"),
            (1.0, rf"\b{_NUMBER} (?:keer|keren|maal) (?:ge(?:beld|meld|maild|schreven|vraagd)|aangegeven|doorgegeven)"),
            (1.0, rf"\b(?:voor de|de|dit is de|is de) {_LATER_ORDINAL} (?:keer|maal|melding|terugbelnotitie)\b"),
            (1.0, rf"\b{_LATER_ORDINAL} (?:keer|melding|dag)\b"),
            (0.6, r"\bvoor de tweede keer\b|\btweede keer dat\b|\bal (?:de )?tweede\b"),
            (1.0, r"\bkeer op keer\b|\bsteeds weer\b|\btelkens weer\b|\bherhaaldelijk\b|\bmeermaals\b"),
            (0.6, r"\b(?:elke|iedere) keer\b|\btelkens\b|\bwederom\b|\balweer\b|\bnogmaals\b"),
            (0.8, r"\bherhaalde? melding|\bopnieuw (?:ge)?(?:meld|ingediend|indien)|\bweer (?:geen|niet)\b"),
            (0.6, r"\b(?:alles )?opnieuw (?:aanleveren|insturen|opsturen|aanvragen|invullen)\b|\bal vaker\b"),
            (0.4, r"\bal (?:weken|maanden|jaren|een half jaar|sinds|ruim)\b|\bnog steeds\b|\bnog altijd\b"),
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
        ]
    ]
    + [
        (Category.NOTHING_DONE, w, re.compile(p))
        for w, p in [
            (1.0, r"\b(?:er )?gebeurt (?:er )?(?:helemaal |verder )?(?:niets|niks)\b|\ber verandert niets\b"),
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
        ]
    ]
    + [
        (Category.SERVICE_FAILURE, 0.6, re.compile(p))
        for p in [
            r"\bniet (?:opgehaald|geleegd|gemaaid|geveegd)\b|\bovergeslagen\b|\b(?:kwijt|zoek)geraakt\b|"
            r"\b(?:is|zijn|was|raakte) (?:\w+ )?(?:kwijt|zoek)\b|\bkwijt is\b"
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
        ]
    ]
    + [
        (Category.CONTRADICTION, w, re.compile(p))
        for w, p in [
            (1.0, r"\btegenstrijdig|\b(?:verkeerde|onjuiste|foute) (?:informatie|info|uitleg|antwoord)\b"),
            (0.8, r"\b(?:een )?ander(?:e)? (?:antwoord|verhaal|informatie|uitleg)\b|\bverkeerde? adres\b"),
            (0.8, r"\bzegt iemand anders\b|\bzegt (?:weer )?iets anders\b|\bwelke brief klopt\b|\bde ander zei\b"),
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
            (1.0, r"\b(?:is|zijn) (?:niet|nooit) (?:verschenen|gekomen|langsgekomen|geweest)\b"),
            (
                1.0,
                r"\bniemand (?:geweest|gekomen|komen kijken|langs geweest)\b|\bnooit iemand (?:komen|gekomen|geweest)",
            ),
            (
                1.0,
                r"\b(?:beloofd|toegezegd|beloofde|beloven|belooft)\b(?: [\w']+){0,20} (?:niet|nooit|niemand|"
                r"niets|niks)\b",
            ),
            (0.7, r"\b(?:beloofd|toegezegd|beloofde|beloven|toezegging|belofte)\b"),
            (1.0, r"\bzou\b(?: [\w']+){1,10} (?:maar|en) (?:\w+ ){0,3}(?:niet|nooit|niemand|niets|niks)\b"),
            (
                1.0,
                r"\bzonder (?:\w+ ){0,5}(?:laten weten|te informeren|te waarschuwen|bericht|aankondiging)\b|"
                r"\bniet afgebeld\b",
            ),
            (1.0, r"\bterwijl (?:[\w']+ ){0,8}(?:toegezegd|beloofd|afgesproken|bevestigd)\b"),
            (
                0.8,
                r"\bniets laten weten\b|\bniemand had (?:mij|ons) gewaarschuwd\b|\bis niet gebeurd\b|\bniet gebeurd\b",
            ),
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
            (1.0, r"\b(?:ben|zijn) (?:het|er) (?:echt |helemaal )?(?:zat|klaar mee|spuugzat|beu)\b|\bdit zat\b"),
            (1.0, r"\bgek van\b|\baan het lijntje\b|\bhoe kan dit\b|\bwat gaat u (?:hier)?aan doen\b|\bde dupe\b"),
            (1.0, r"\bniet eens met de (?:manier|wijze|afhandeling|behandeling)\b|\bzo ga je (?:toch )?niet\b"),
            (1.0, r"\bniet hoe (?:een|de) (?:overheid|gemeente)\b|\bonvrede\b|\bongenoegen\b|\bexcuses\b"),
            (
                0.8,
                r"\bleidinggevende\b|\bwie (?:daarvoor|hiervoor) verantwoordelijk\b|"
                r"\b(?:hoofd|chef|manager) van de afdeling\b",
            ),
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
            (-1.0, r"\bcompliment(?:en)?\b|\bhartelijk dank voor\b|\bdank voor (?:de|uw) (?:snelle|goede|fijne)\b"),
            (-1.0, r"\bbedank(?:t|en) voor\b|\b(?:hartelijk |graag )?danken voor\b"),
            (
                -2.0,
                r"\bklacht (?:in ?trek|intrekken)\b|\btrek (?:ik )?(?:mijn|de) klacht in\b|"
                r"\bvoor mij (?:is )?opgelost\b",
            ),
        ]
    ]
)

# Stemmed word lists: the word, and whether a negation before it cancels it.
_DISSATISFACTION_WORDS = (
    "ontevreden", "ontevredenheid", "boos", "boze", "kwaad", "woedend", "razend", "pissig",
    "geirriteerd", "irritant", "geergerd", "ergert", "ergernis", "gefrustreerd", "frustrerend",
    "teleurgesteld", "teleurstelling", "schandalig", "schande", "belachelijk", "bespottelijk",
    "waardeloos", "onacceptabel", "onaanvaardbaar", "ontoelaatbaar", "onbehoorlijk", "ontstemd",
    "ongelooflijk", "onbegrijpelijk", "afgescheept", "huilend", "respectloos", "moedeloos", "woest",
    "vermoeiend", "wanhopig", "ontoelaatbaar", "onfatsoenlijk", "klantonvriendelijk",
)  # fmt: skip
_MISCONDUCT_WORDS = (
    "onbeschoft", "onvriendelijk", "brutaal", "grof", "arrogant", "neerbuigend", "kortaf",
    "intimiderend", "intimideren", "uitgescholden", "schelden", "scheldt", "uitgelachen", "uitlachte",
    "lachten", "afgesnauwd", "snauwde", "vernederend", "denigrerend", "opgehangen", "ongemakkelijk",
    "beschadigd", "beschadigt", "geraakt", "weigerde", "weigert", "weigeren", "uitmaakte",
)  # fmt: skip
_MISCONDUCT_PHRASE = re.compile(
    r"\bhing (?:gewoon )?op\b|\bverbinding (?:werd )?verbroken\b|\bmond moest houden\b|\bbelachelijk\b"
    r"|\bde schuld\b|\bhardop\b|\b(?:reed|reden) (?:gewoon )?door\b|\bweggereden\b|\bkapot (?:hebben )?gegooid\b"
    r"|\bkapot gemaakt\b|\buitlachte\b|\blachten (?:me|mij|ons) uit\b|\bniet wilde luisteren\b|\bniet gerespecteerd\b"
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
    {"rug", "lopen", "hooikoorts", "astma", "pijn", "operatie", "gezondheid", "benauwd", "medisch", "medische", "heup"}
)
_CONTACT_VERBS = re.compile(r"\bge(?:meld|beld|maild|schreven)\b|\bmelding|\bdoorgegeven\b|\baangegeven\b")
_QUESTION_FRAME = re.compile(
    r"\b(?:hoe|waar|bij wie|welke instantie|wie|waarheen)\b|\bvraagt? (?:of|hoe|waar)\b|\bwil weten\b|\bvraag over\b"
)
_INTENT = frozenset(
    {"indienen", "indien", "dien", "ingediend", "doen", "neerleggen", "wil", "wens", "formele", "formeel"}
)
_BACK_REFERENCE = frozenset({"hierover", "daarover", "erover", "hiervoor", "daarvoor"})


@lru_cache(maxsize=8)
def _stemmed(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(word) for word in words)


def _in_lexicon(token: str, words: tuple[str, ...], *, typos: bool = False) -> bool:
    if stem(token) in _stemmed(words):
        return True
    return typos and len(token) >= 8 and any(_close(token, word) for word in words)


def _negated(tokens: list[str], index: int) -> bool:
    return any(token in NEGATORS for token in tokens[max(0, index - NEGATION_WINDOW) : index])


def _quote(text: str, limit: int = 60) -> str:
    text = text.strip(" ,:")
    return f"‘{text if len(text) <= limit else text[: limit - 1] + '…'}’"


# --- The recogniser --------------------------------------------------------------------------


def _sentence_hits(
    sentence: str, tokens: list[str], previous: list[str], mentions_municipality: bool
) -> tuple[list[_Hit], list[str]]:
    """The signals in one sentence; ``previous`` is the nearest earlier sentence that names an actor."""
    hits: list[_Hit] = []
    ignored: list[str] = []
    someone_else = _about_someone_else(tokens, previous)
    weather = _WEATHER_PHRASE.search(sentence)
    if weather and someone_else is None:
        someone_else = "het weer"

    for category, weight, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if someone_else and category is Category.REPETITION and _CONTACT_VERBS.search(sentence):
                hits.append(_Hit(category, weight, match.group()))
            elif someone_else and category is not Category.SETTLED:
                ignored.append(f"{_quote(match.group())} gaat over {someone_else}, niet over de gemeente")
                continue
            hits.append(_Hit(category, weight, match.group()))

    for index, token in enumerate(tokens):
        if token in _PROCEDURE_WORDS or (token.startswith("klachten") and token.endswith(("regeling", "procedure"))):
            hits.append(_Hit(Category.PROCEDURE, Category.PROCEDURE.weight, token))
        elif token in _COMPLAINT_INTENT or stem(token) in _stemmed(_COMPLAINT_INTENT):
            hit = _explicit(tokens, index, previous)
            if isinstance(hit, _Hit):
                hits.append(hit)
            elif hit:
                ignored.append(hit)
        elif _in_lexicon(token, _DISSATISFACTION_WORDS, typos=True):
            if _negated(tokens, index):
                ignored.append(f"{_quote(' '.join(tokens[max(0, index - 2) : index + 1]))} is ontkennend")
            elif someone_else:
                ignored.append(f"{_quote(token)} gaat over {someone_else}, niet over de gemeente")
            else:
                # Feelings in a text that names nobody of the municipality count for less.
                hits.append(_Hit(Category.DISSATISFACTION, 1.0 if mentions_municipality else 0.6, token))
        elif _in_lexicon(token, _MISCONDUCT_WORDS) and not _negated(tokens, index):
            hits.extend(_misconduct(token, tokens, previous, someone_else, ignored))

    for match in _MISCONDUCT_PHRASE.finditer(sentence):
        hits.extend(_misconduct(match.group(), tokens, previous, someone_else, ignored))
    return hits, ignored


def _misconduct(
    evidence: str, tokens: list[str], previous: list[str], someone_else: str | None, ignored: list[str]
) -> list[_Hit]:
    """Misconduct counts only when a municipal actor (staff, contractor) is named nearby."""
    actors = {_classify([token]) for token in (*previous, *tokens)}
    if someone_else or "municipal" not in actors:
        ignored.append(f"{_quote(evidence)} gaat niet over een medewerker of uitvoerder van de gemeente")
        return []
    return [_Hit(Category.MISCONDUCT, Category.MISCONDUCT.weight, evidence)]


def _explicit(tokens: list[str], index: int, previous: list[str]) -> _Hit | str | None:
    """A complaint word: a complaint about the municipality, or (with the reason) something else."""
    window = tokens[max(0, index - 4) : index + 3]
    phrase = " ".join(window)
    if _negated(tokens, index):
        return f"{_quote(phrase)} is ontkennend"
    if _MEDICAL & set(tokens[index + 1 : index + 6]) or tokens[index - 1 : index] == ["veel"]:
        return f"{_quote(phrase)} gaat over gezondheidsklachten"
    if tokens[index + 1 : index + 2] == ["van"] and tokens[index + 2 : index + 3] != ["mij"]:
        return f"{_quote(phrase)} gaat over klachten van anderen"
    before = tokens[max(0, index - 4) : index]
    if _BACK_REFERENCE & set(before):
        target = _classify(previous) or _classify(tokens[:index])
    else:
        target = _classify(tokens[index + 1 : index + 10]) or _classify(tokens[:index]) or _classify(previous)
    if target == "third_party":
        return f"{_quote(phrase)} is een klacht over een ander dan de gemeente"
    if target == "public_space":
        return f"{_quote(phrase)} is een melding over de openbare ruimte"
    if target != "municipal" and _QUESTION_FRAME.search(" ".join(tokens[:index])):
        # "Hoe/waar kan ik klagen over ...?" about something we cannot place: a question, not a complaint.
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)
    if {"is", "werd"} & set(tokens[index + 1 : index + 3]) and {"afgehandeld", "behandeld"} & set(
        tokens[index + 2 : index + 4]
    ):
        return _Hit(Category.PROCEDURE, Category.PROCEDURE.weight, phrase)  # an earlier complaint, not a new one
    intent = _INTENT & set(tokens[max(0, index - 4) : index + 5])
    if target != "municipal" and tokens[index] == "klachten" and not intent:
        return f"{_quote(phrase)} noemt klachten zonder de wens om te klagen over de gemeente"
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


def recognise(text: str, facts: Facts | None = None) -> Recognition:
    """Score ``text`` (and ``facts``) for complaint signals; the reasons say what triggered it."""
    hits: list[_Hit] = []
    ignored: list[str] = []
    sentences = [(sentence, _tokens(sentence)) for sentence in _sentences(normalise(text or ""))]
    mentions_municipality = any(_classify([token]) == "municipal" for _, tokens in sentences for token in tokens)
    previous: list[str] = []  # the nearest earlier sentence (of the last three) that names an actor
    since_actor = 0
    for sentence, tokens in sentences:
        sentence_hits, sentence_ignored = _sentence_hits(sentence, tokens, previous, mentions_municipality)
        hits += sentence_hits
        ignored += sentence_ignored
        since_actor += 1
        if _classify(tokens) is not None:
            previous, since_actor = tokens, 0
        elif since_actor >= 3:
            previous = []

    strongest: dict[Category, _Hit] = {}
    for hit in hits:
        current = strongest.get(hit.category)
        if current is None or abs(hit.weight) > abs(current.weight):
            strongest[hit.category] = hit
    fact_hits = _fact_hits(facts or Facts())
    total = sum(hit.weight for hit in strongest.values()) + sum(hit.weight for hit in fact_hits)
    reasons = [
        f"{hit.category.label}: {_quote(hit.evidence)}"
        for hit in sorted(strongest.values(), key=lambda hit: -hit.weight)
        if hit.weight > 0
    ]
    reasons += [hit.evidence for hit in fact_hits]
    if Category.SETTLED in strongest:
        ignored.append(f"Telt negatief mee — {Category.SETTLED.label}: {_quote(strongest[Category.SETTLED].evidence)}")
    offer = total >= THRESHOLD
    score = round(max(0.0, min(total / (2 * THRESHOLD), 1.0)), 2)
    return Recognition(offer=offer, score=score, reasons=reasons, ignored=ignored)
