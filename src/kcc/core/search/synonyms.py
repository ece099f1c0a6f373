"""The synonym list: loaded once per process and reloaded when any process changes it.

A version token in the shared cache says when the list changed; each process keeps the parsed
table next to the version it was built from, so a search costs one cache read, not a query.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from django.core.cache import cache
from django.db import transaction

from kcc.core.search.analysis import SynonymTable, tokenise

DATA_FILE = Path(__file__).parent / "data" / "synoniemen.json"
# Everyday words and life events → the terms of government answers; same format and table.
THESAURUS_FILE = Path(__file__).parent / "data" / "thesaurus.json"
# Added later (issue 17, second round), loaded by its own migration so that reversing it removes only these.
THESAURUS_ADDITIONS_FILE = Path(__file__).parent / "data" / "thesaurus_aanvulling.json"
# Third round (issue 17): government terms of the answers with the everyday words callers use for them.
THESAURUS_GOVERNMENT_FILE = Path(__file__).parent / "data" / "thesaurus_overheidstaal.json"
# Fourth part (issue 17): English words and loanwords of expats, students and newcomers → the answers' Dutch.
THESAURUS_ENGLISH_FILE = Path(__file__).parent / "data" / "thesaurus_engels.json"
# Fifth part (issue 17, seventh round): single English words of everyday government business (vote, tax, kid,
# permit, request ...), which callers mix into Dutch sentences.
THESAURUS_ENGLISH_WORDS_FILE = Path(__file__).parent / "data" / "thesaurus_engels_woorden.json"
# Sixth part (issue 17, eighth round): the situations callers describe (a passport through the washing machine,
# the first working day, no answer heard back, deregistering) and the agents' shorthand (gem., aanvr., stpas).
THESAURUS_SITUATIONS_FILE = Path(__file__).parent / "data" / "thesaurus_situaties.json"
_VERSION_KEY = "search:synonyms:version"
_loaded: tuple[str, SynonymTable] | None = None


def shipped_synonyms(data_file: Path = DATA_FILE) -> list[tuple[str, list[str]]]:
    """A synonym list shipped with the product (loaded by a data migration)."""
    entries = json.loads(data_file.read_text(encoding="utf-8"))
    return [(entry["term"], entry["betekent"]) for entry in entries]


def load_shipped(Synonym, data_file: Path) -> None:
    """Data migrations: add the shipped entries; a term someone already added is left as it is."""
    for term, replacements in shipped_synonyms(data_file):
        Synonym.objects.get_or_create(term=clean_term(term), defaults={"replacements": replacements})


def unload_shipped(Synonym, data_file: Path) -> None:
    """Reversing a data migration: remove exactly the shipped entries nobody has changed since."""
    for term, replacements in shipped_synonyms(data_file):
        Synonym.objects.filter(term=clean_term(term), replacements=replacements).delete()


def synonym_table() -> SynonymTable:
    global _loaded
    from kcc.core.search.models import Synonym

    version = cache.get(_VERSION_KEY)
    if version is None:
        cache.add(_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(_VERSION_KEY)
    if _loaded is None or _loaded[0] != version:
        _loaded = (version, SynonymTable.from_pairs(Synonym.objects.values_list("term", "replacements")))
    return _loaded[1]


def synonyms_changed() -> None:
    """Make every process reload the list: now for this one, and again once the change is committed,
    so that no other process keeps a list it read before the commit."""
    cache.set(_VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(_VERSION_KEY, uuid.uuid4().hex, None))


def clean_term(value: str) -> str:
    """The term as stored: normalised words, so 'ID-kaart' and 'id kaart' are one synonym."""
    return " ".join(tokenise(value))
