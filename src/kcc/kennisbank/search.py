"""VAC's in the search index: what of a VAC is searchable, and the search agents and citizens use.

Every VAC is indexed, whatever its status, tagged ``actief`` when active and ``openbaar`` when
public; searches ask for the tags they need (agents: active; the public site: active and public).
Tagging instead of removing keeps one code path for every status change.

The ``toelichting`` is not indexed: it is an internal hint for agents, not a description of the
question, and indexing it would let the public search find a VAC on words the public cannot see.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Prefetch
from django.db.models.signals import post_delete

from kcc.core.search import Document, get_engine, register_source
from kcc.core.search.snippets import highlight_terms
from kcc.kennisbank.html import html_to_text
from kcc.kennisbank.models import VAC, LearnedTerm

SOURCE = "vac"
ACTIVE = "actief"
PUBLIC = "openbaar"


@dataclass(frozen=True)
class VacResult:
    vac: VAC
    score: float
    snippet: str  # HTML-escaped with <mark>: safe to mark_safe


def vac_document(vac: VAC) -> Document:
    """The VAC as indexed: its trefwoorden and the search terms learned from agents (``keywords``)."""
    tags = set()
    if vac.status == VAC.Status.ACTIVE:
        tags.add(ACTIVE)
    if vac.is_public:
        tags.add(PUBLIC)
    return Document(
        source=SOURCE,
        object_id=vac.pk,
        title=vac.vraag,
        keywords=" ".join([*(vac.trefwoorden or []), *_learned_terms(vac)]),
        body=html_to_text(vac.antwoord),
        tags=frozenset(tags),
    )


def _learned_terms(vac: VAC) -> list[str]:
    prefetched = getattr(vac, "active_learned_terms", None)
    if prefetched is not None:
        return [learned.term for learned in prefetched]
    if vac.pk is None:
        return []
    return list(LearnedTerm.objects.filter(vac=vac, active=True).values_list("term", flat=True))


def index_vac(vac: VAC) -> None:
    """Index the VAC as it is now; called by ``save_vac`` inside its transaction."""
    get_engine().index(vac_document(vac))


def remove_vac(vac: VAC) -> None:
    get_engine().remove(SOURCE, vac.pk)


def search_vacs(query: str, *, public_only: bool, limit: int = 10) -> list[VacResult]:
    """Active VAC's matching ``query``, best first (only public ones when ``public_only``).

    Raises ``QueryTooLong``. The VAC's are loaded in one query; a hit whose VAC no longer
    qualifies (an index not yet caught up) is left out rather than shown.
    """
    tags = frozenset({ACTIVE, PUBLIC} if public_only else {ACTIVE})
    engine = get_engine()
    analysed = engine.analyse(query, SOURCE)
    hits = engine.search_analysed(SOURCE, analysed, limit=limit, tags=tags)
    if not hits:
        return []
    vacs = VAC.objects.in_bulk([hit.object_id for hit in hits])
    stems = frozenset(analysed.stems())
    results = []
    for hit in hits:
        vac = vacs.get(hit.object_id)
        if vac is None or vac.status != VAC.Status.ACTIVE or (public_only and not vac.is_public):
            continue
        results.append(VacResult(vac=vac, score=hit.score, snippet=highlight_terms(html_to_text(vac.antwoord), stems)))
    return results


def all_vac_documents() -> Iterator[Document]:
    learned = Prefetch("learned_terms", LearnedTerm.objects.filter(active=True), to_attr="active_learned_terms")
    for vac in VAC.objects.order_by("pk").prefetch_related(learned).iterator(chunk_size=2000):
        yield vac_document(vac)


def _vac_deleted(sender: type[VAC], instance: VAC, **kwargs: object) -> None:
    """A VAC deleted anywhere (service, admin, cascade) leaves the index with it."""
    remove_vac(instance)


register_source(SOURCE, all_vac_documents)
post_delete.connect(_vac_deleted, sender=VAC, dispatch_uid="kcc.kennisbank.search.remove_deleted_vac")
