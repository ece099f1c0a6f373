"""Personal data in Dutch free text: find names, phone numbers, addresses, e-mail addresses and BSNs.

Names (and street addresses) come from ``deduce``, the rule-based Dutch de-identification library;
BSNs (11-proef), phone numbers (the formats of :mod:`kcc.core.phone`), e-mail addresses and
postcodes come from our own checks, which also work on the lower-case text agents type.

Deduce ships lookup lists of every Dutch street and every healthcare institution; loading those
costs about 1 GB of memory and 10+ seconds per process. We need neither (a house number after a
street-like word or a postcode marks an address; institutions are not personal data), so we build
deduce's lookup structures once from its own lists without those two, cache them under the var
directory, and keep one instance per process.
"""

from __future__ import annotations

import fcntl
import functools
import re
import shutil
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from deduce import Deduce


class Kind(StrEnum):
    """The tag a piece of personal data is replaced with."""

    NAME = "NAAM"
    PHONE = "TELEFOON"
    EMAIL = "E-MAIL"
    BSN = "BSN"
    ADDRESS = "ADRES"


@dataclass(frozen=True, order=True)
class Span:
    start: int
    end: int
    kind: Kind
    text: str


# Deduce's lists we leave out (see the module docstring); they are replaced by empty lists.
_HEAVY_LISTS = ("locations/lst_street", "institutions/lst_healthcare_institution")
# Deduce processors we do not need: ours find BSNs and identifiers; dates, ages, institutions
# and URLs are not what we look for.
_DISABLED = {"dates", "ages", "institutions", "urls", "identifiers"}
# When two findings overlap the longer wins; on equal length the more specific one.
_PRIORITY = {Kind.BSN: 0, Kind.EMAIL: 1, Kind.PHONE: 2, Kind.ADDRESS: 3, Kind.NAME: 4}

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# Runs of digits joined by single separators: phone numbers and BSNs as people type them.
_NUMBER_RUN = re.compile(r"(?<![\w@])(?:\+|\(?0)?\d(?:[ \-./()]{0,2}\d)+(?![\w@])")
_DIGIT_GROUP = re.compile(r"\+?\(?\d+\)?")
# A postcode (1234 AB, 1234AB, 1234ab) with an optional house number; lower case only without the
# space, so "in 2024 en" is no postcode.
_POSTCODE = re.compile(
    r"(?<![\w])[1-9]\d{3}(?:(?!SA|SD|SS)[A-Z]{2}| (?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})"
    r"(?:,? ?\d{1,5}(?: ?[A-Za-z](?![A-Za-z]))?)?(?![\w])"
)
_STREET_SUFFIXES = (
    "straat|weg|laan|plein|kade|gracht|singel|dijk|dreef|pad|steeg|hof|park|markt|baan|wal|"
    "veld|plantsoen|erf|ring|dam|haven|kamp|hoek|berg|oord|wijk|boulevard|allee|brink|"
    "str|ln|pln"
)
# A street name (a compound ending in a street word, optionally after a capitalised word as in
# "Van Welderenstraat") followed by a house number: typed in any case.
_STREET_WITH_NUMBER = re.compile(
    rf"(?<![\w])(?:[A-Z][A-Za-zÀ-ÿ'-]* )?[A-Za-zÀ-ÿ'-]{{2,}}(?i:{_STREET_SUFFIXES})\.? \d{{1,5}}"
    r"(?: ?[A-Za-z](?![A-Za-z]))?(?![\w])"
)
_DEDUCE_KINDS = {"persoon": Kind.NAME, "patient": Kind.NAME}


def detect(text: str) -> list[Span]:
    """Every piece of personal data in ``text``, in order, without overlaps."""
    if not text or not text.strip():
        return []
    found = [*_own_findings(text), *_deduce_findings(text)]
    return _without_overlaps(found)


def scrub(text: str) -> str:
    """``text`` with every piece of personal data replaced by its tag, e.g. ``[TELEFOON]``."""
    spans = detect(text)
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for span in spans:
        parts.append(text[position : span.start])
        parts.append(f"[{span.kind.value}]")
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


def _own_findings(text: str) -> list[Span]:
    spans = [Span(m.start(), m.end(), Kind.EMAIL, m.group()) for m in _EMAIL.finditer(text)]
    for match in _NUMBER_RUN.finditer(text):
        spans.extend(_numbers_in_run(text, match.start(), match.end()))
    spans.extend(Span(m.start(), m.end(), Kind.ADDRESS, m.group()) for m in _POSTCODE.finditer(text))
    spans.extend(Span(m.start(), m.end(), Kind.ADDRESS, m.group()) for m in _STREET_WITH_NUMBER.finditer(text))
    return spans


def _numbers_in_run(text: str, start: int, end: int) -> list[Span]:
    """Phone numbers and BSNs in a run of digit groups, longest first from each group.

    A run like ``06 12345678 of 111222333`` is split into its groups; each window of adjacent
    groups is tried from the longest, so ``038 498 12 34`` is one number and two numbers typed
    next to each other are two.
    """
    groups = [(start + m.start(), start + m.end()) for m in _DIGIT_GROUP.finditer(text[start:end])]
    spans: list[Span] = []
    index = 0
    while index < len(groups):
        for last in range(len(groups) - 1, index - 1, -1):
            candidate = text[groups[index][0] : groups[last][1]]
            kind = _number_kind(candidate)
            if kind is not None:
                spans.append(Span(groups[index][0], groups[last][1], kind, candidate))
                index = last + 1
                break
        else:
            index += 1
    return spans


def _number_kind(candidate: str) -> Kind | None:
    from django.core.exceptions import ValidationError

    from kcc.contacten.privacy import validate_bsn
    from kcc.core.phone import normalise_phone

    digits = re.sub(r"\D", "", candidate)
    if len(digits) == 9 and not candidate.startswith(("+", "(")):
        try:
            validate_bsn(digits)
        except ValidationError:
            return None
        return Kind.BSN
    try:
        number = normalise_phone(candidate.lstrip("("))
    except ValueError:
        return None
    # Only numbers that reach a person: national (10 digits) and international numbers, not the
    # municipality's own 14 0xx number or an internal extension.
    if number.startswith("+") or (number.startswith("0") and len(number) == 10):
        return Kind.PHONE
    return None


def _deduce_findings(text: str) -> list[Span]:
    document = deduce_instance().deidentify(text, disabled=_DISABLED)
    spans = []
    for annotation in document.annotations:
        kind = _DEDUCE_KINDS.get(annotation.tag)
        if kind is None and annotation.tag == "locatie" and any(char.isdigit() for char in annotation.text):
            # A street or postcode with a number is an address; a town or street name alone is not
            # about a person (and search terms like "parkeren Zwolle" must stay readable).
            kind = Kind.ADDRESS
        if kind is not None:
            spans.append(Span(annotation.start_char, annotation.end_char, kind, annotation.text))
    return spans


def _without_overlaps(spans: list[Span]) -> list[Span]:
    ranked = sorted(spans, key=lambda span: (-(span.end - span.start), _PRIORITY[span.kind], span.start))
    kept: list[Span] = []
    for span in ranked:
        if all(span.end <= other.start or span.start >= other.end for other in kept):
            kept.append(span)
    return sorted(kept)


def deduce_instance() -> Deduce:
    """One deduce instance per process, built from its lookup lists without the heavy ones.

    The first call in a fresh var directory builds and caches the lookup structures (a few
    seconds); a file lock keeps parallel workers from writing the cache at the same time, a
    thread lock keeps the web server's warm-up thread and a first request from loading it twice.
    """
    with _LOADING:
        return _loaded_deduce()


_LOADING = threading.Lock()


def warm_up() -> None:
    """Load deduce in a background thread, so the first search after a start does not wait for it."""
    threading.Thread(target=deduce_instance, name="kcc-pii-warm-up", daemon=True).start()


@functools.cache
def _loaded_deduce() -> Deduce:
    import deduce
    from deduce import Deduce

    lists_dir = Path(settings.VAR_DIR) / "deduce" / deduce.__version__
    lists_dir.mkdir(parents=True, exist_ok=True)
    with open(lists_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (lists_dir / "src").exists():
            _copy_light_lists(Path(deduce.__file__).parent / "data" / "lookup", lists_dir)
        return Deduce(lookup_data_path=lists_dir, cache_path=lists_dir)


def _copy_light_lists(source: Path, target: Path) -> None:
    staging = target / "src.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(source / "src", staging, ignore=shutil.ignore_patterns("__pycache__"))
    for heavy in _HEAVY_LISTS:
        shutil.rmtree(staging / heavy)
        (staging / heavy).mkdir()
        (staging / heavy / "items.txt").write_text("")
    staging.rename(target / "src")
