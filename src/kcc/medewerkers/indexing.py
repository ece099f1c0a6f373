"""What the search index knows about people (source ``medewerker``) and units (source ``eenheid``).

Services call :func:`index_person` and :func:`index_unit` inside the transaction of each write;
``kcc zoekindex opbouwen`` rebuilds both sources from :func:`person_documents` and :func:`unit_documents`.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch

from kcc.core.models import OrganisationUnit
from kcc.core.phone import format_phone
from kcc.core.search import Document, get_engine
from kcc.medewerkers.models import Membership, Person

PERSON_SOURCE = "medewerker"
UNIT_SOURCE = "eenheid"


def _phone_terms(*numbers: str) -> list[str]:
    """Each number as stored (0105550210) and as written (010-5550210), so both are found."""
    terms: list[str] = []
    for number in numbers:
        if number:
            terms.extend(dict.fromkeys([number, format_phone(number)]))
    return terms


def person_document(person: Person) -> Document:
    """Expects ``memberships__unit`` prefetched (as :func:`person_documents` does)."""
    units = [membership.unit for membership in person.memberships.all()]
    keywords = [
        person.function,
        *(unit.name for unit in units),
        *(unit.code for unit in units),
        *person.skills,
        *_phone_terms(person.phone_internal, person.phone_mobile if person.show_mobile else ""),
    ]
    return Document(
        source=PERSON_SOURCE,
        object_id=person.pk,
        title=person.name,
        keywords=" ".join(term for term in keywords if term),
        body=person.email,
        tags=frozenset(f"eenheid{unit.pk}" for unit in units),
    )


def unit_document(unit: OrganisationUnit) -> Document:
    parent = unit.parent
    keywords = [unit.code, unit.get_kind_display(), *_phone_terms(unit.phone, unit.backup_phone)]
    return Document(
        source=UNIT_SOURCE,
        object_id=unit.pk,
        title=unit.name,
        keywords=" ".join(keywords),
        body=f"{parent.name} {unit.email}" if parent else unit.email,
        tags=frozenset({unit.kind}),
    )


def _people() -> Iterator[Person]:
    units = Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    return Person.objects.filter(is_active=True).prefetch_related(units).iterator(chunk_size=2000)


def person_documents() -> Iterator[Document]:
    return (person_document(person) for person in _people())


def unit_documents() -> Iterator[Document]:
    units = OrganisationUnit.objects.filter(is_active=True).select_related("parent")
    return (unit_document(unit) for unit in units.iterator(chunk_size=2000))


def index_person(person: Person) -> None:
    engine = get_engine()
    if not person.is_active:
        engine.remove(PERSON_SOURCE, person.pk)
        return
    fresh = Person.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit"))
    ).get(pk=person.pk)
    engine.index(person_document(fresh))


def remove_person(person_id: int) -> None:
    get_engine().remove(PERSON_SOURCE, person_id)


def index_unit(unit: OrganisationUnit) -> None:
    engine = get_engine()
    if unit.is_active:
        engine.index(unit_document(unit))
    else:
        engine.remove(UNIT_SOURCE, unit.pk)


def index_imported_units(sender: object, units: list[OrganisationUnit], **kwargs: object) -> None:
    """Receiver of ``kcc.core.signals.units_imported``: `kcc organisatie import` updates the index too."""
    for unit in units:
        index_unit(unit)
