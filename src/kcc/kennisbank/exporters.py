"""Exporting VAC's to the community VAC schema used by KISS (``schemas/kiss-vac-schema.json``).

Every field of that schema is filled from the VAC without loss. KISS knows no ``concept``
status: a draft is exported as ``non-actief``, which is what it means to KISS (not shown).
Related VAC's are referred to by a stable URN of their UUID; links become related products.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kcc.kennisbank.html import render_facts_many
from kcc.kennisbank.models import VAC

SCHEMA_FILE = Path(__file__).parent / "schemas" / "kiss-vac-schema.json"

KISS_STATUS = {VAC.Status.ACTIVE: "actief", VAC.Status.INACTIVE: "non-actief", VAC.Status.DRAFT: "non-actief"}
KISS_AUDIENCE = {
    VAC.Audience.CITIZEN: "eu-burger",
    VAC.Audience.BUSINESS: "eu-bedrijf",
    VAC.Audience.BOTH: "eu-burger-bedrijf",
}


def kiss_vac(vac: VAC, antwoord: str) -> dict[str, Any]:
    """One VAC as a KISS VAC object (expects ``afdelingen`` and ``related`` prefetched), with the
    answer as shown: ``antwoord`` has the embedded facts filled in (KISS does not know them)."""
    return {
        "vraag": vac.vraag,
        "antwoord": antwoord,
        "status": KISS_STATUS[vac.status],
        "doelgroep": KISS_AUDIENCE[vac.doelgroep],
        "toelichting": vac.toelichting,
        "trefwoorden": [{"trefwoord": keyword} for keyword in vac.trefwoorden],
        "afdelingen": [{"afdelingId": unit.code, "afdelingNaam": unit.name} for unit in vac.afdelingen.all()],
        "gerelateerdeVACs": [{"VAC": f"urn:uuid:{other.uuid}"} for other in vac.related.all()],
        "gerelateerdeProducten": [{"product": link["url"]} for link in vac.links if link.get("url")],
    }


def kiss_vacs(chunk: int = 1000) -> Iterator[dict[str, Any]]:
    vacs = VAC.objects.prefetch_related("afdelingen", "related").order_by("pk")
    batch: list[VAC] = []
    for vac in vacs.iterator(chunk_size=chunk):
        batch.append(vac)
        if len(batch) == chunk:
            yield from _kiss_batch(batch)
            batch = []
    yield from _kiss_batch(batch)


def _kiss_batch(vacs: list[VAC]) -> Iterator[dict[str, Any]]:
    for vac, antwoord in zip(vacs, render_facts_many([vac.antwoord for vac in vacs]), strict=True):
        yield kiss_vac(vac, antwoord)


def write_kiss_vacs(stream) -> int:
    """Write all VAC's as one JSON array to ``stream``, one object per line; returns the count."""
    count = 0
    stream.write("[")
    for count, obj in enumerate(kiss_vacs(), 1):
        stream.write(("\n" if count == 1 else ",\n") + json.dumps(obj, ensure_ascii=False))
    stream.write("\n]\n")
    return count
