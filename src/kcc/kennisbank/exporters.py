"""VAC's as objects of the community VAC objecttype that KISS reads (``schemas/kiss-vac-schema.json``).

One mapping, :func:`kiss_vac`, serves the file export (``kcc kennisbank export --format kiss-vac``)
and the publication to an Objects API (:mod:`kcc.kennisbank.objects_api`). It is not lossless: the
schema has no place for the owner (person), the review date, the website visibility, the website
links, the source, the external id or the version history, and it knows no draft status. What
goes where, and what is left out, is in docs/integraties-vac.md.

* ``gerelateerdeProducten`` are the products of the catalogue linked to the VAC, by their UPL URI
  (the national identifier of the product), not the VAC's website links;
* ``gerelateerdeVACs`` are the URLs of the related VAC's objects in the Objects API
  (``<api root>/objects/<uuid of the VAC>``: KCC creates each object with its VAC's UUID), only for
  related VAC's that are published (active); without an Objects API root they are left out;
* ``afdelingen`` are the VAC's units, plus the owning unit when that is not among them.
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
KISS_TO_BE_REMOVED = "te-verwijderen"


def object_url(objects_api_url: str, uuid: Any) -> str:
    """The URL of the VAC with ``uuid`` in the Objects API at ``objects_api_url`` (its API root)."""
    return f"{objects_api_url.rstrip('/')}/objects/{uuid}"


def vacs_for_kiss():
    """VAC's with everything :func:`kiss_vac` reads, in a fixed number of queries."""
    return VAC.objects.select_related("owner_unit").prefetch_related("afdelingen", "related", "products")


def kiss_vac(vac: VAC, antwoord: str, objects_api_url: str = "") -> dict[str, Any]:
    """One VAC as a KISS VAC object (from :func:`vacs_for_kiss`), with the answer as shown:
    ``antwoord`` has the embedded facts filled in (KISS does not know them)."""
    units = list(vac.afdelingen.all())
    if vac.owner_unit is not None and vac.owner_unit not in units:
        units.append(vac.owner_unit)
    related = sorted((other for other in vac.related.all() if other.status == VAC.Status.ACTIVE), key=lambda v: v.pk)
    data = {
        "vraag": vac.vraag,
        "antwoord": antwoord,
        "status": KISS_STATUS[vac.status],
        "doelgroep": KISS_AUDIENCE[vac.doelgroep],
        "toelichting": vac.toelichting,
        "trefwoorden": [{"trefwoord": keyword} for keyword in vac.trefwoorden],
        "afdelingen": [{"afdelingId": unit.code, "afdelingNaam": unit.name} for unit in units],
        "gerelateerdeProducten": [
            {"product": product.upl_uri} for product in sorted(vac.products.all(), key=lambda p: p.pk)
        ],
    }
    if objects_api_url:
        data["gerelateerdeVACs"] = [{"VAC": object_url(objects_api_url, other.uuid)} for other in related]
    return data


def kiss_vacs(chunk: int = 1000, objects_api_url: str = "") -> Iterator[dict[str, Any]]:
    batch: list[VAC] = []
    for vac in vacs_for_kiss().order_by("pk").iterator(chunk_size=chunk):
        batch.append(vac)
        if len(batch) == chunk:
            yield from _kiss_batch(batch, objects_api_url)
            batch = []
    yield from _kiss_batch(batch, objects_api_url)


def _kiss_batch(vacs: list[VAC], objects_api_url: str) -> Iterator[dict[str, Any]]:
    for vac, antwoord in zip(vacs, render_facts_many([vac.antwoord for vac in vacs]), strict=True):
        yield kiss_vac(vac, antwoord, objects_api_url)


def write_kiss_vacs(stream, objects_api_url: str = "") -> int:
    """Write all VAC's as one JSON array to ``stream``, one object per line; returns the count."""
    count = 0
    stream.write("[")
    for count, obj in enumerate(kiss_vacs(objects_api_url=objects_api_url), 1):
        stream.write(("\n" if count == 1 else ",\n") + json.dumps(obj, ensure_ascii=False))
    stream.write("\n]\n")
    return count
