"""Changes to the synonym list: validated, audited, and effective for every process at once."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from kcc.core import audit
from kcc.core.models import User
from kcc.core.search.models import Synonym
from kcc.core.search.synonyms import clean_term, synonyms_changed

MAX_TERM_LENGTH = 100


@transaction.atomic
def add_synonym(*, term: str, replacements: Iterable[str], actor: User | None) -> Synonym:
    """Add ``term`` → ``replacements``; raises ``ValidationError`` (Dutch) and writes nothing if invalid."""
    cleaned = clean_term(term)
    meanings = list(dict.fromkeys(clean_term(item) for item in replacements if clean_term(item)))
    errors: dict[str, str] = {}
    if not cleaned:
        errors["term"] = "Vul een woord of woordgroep in met letters of cijfers."
    elif len(cleaned) > MAX_TERM_LENGTH:
        errors["term"] = f"Een term is hoogstens {MAX_TERM_LENGTH} tekens."
    elif Synonym.objects.filter(term=cleaned).exists():
        errors["term"] = f"‘{cleaned}’ staat al in de lijst. Verwijder het eerst als u het wilt wijzigen."
    if not meanings:
        errors["replacements"] = "Vul minstens één officiële term in."
    elif cleaned in meanings:
        errors["replacements"] = "Een term kan niet naar zichzelf verwijzen."
    if errors:
        raise ValidationError(errors)
    synonym = Synonym.objects.create(term=cleaned, replacements=meanings)
    audit.record(actor, "synoniem toegevoegd", synonym, term=cleaned, replacements=meanings)
    synonyms_changed()
    return synonym


@transaction.atomic
def delete_synonym(*, synonym: Synonym, actor: User | None) -> None:
    audit.record(actor, "synoniem verwijderd", synonym, term=synonym.term, replacements=synonym.replacements)
    synonym.delete()
    synonyms_changed()
