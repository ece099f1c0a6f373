"""VAC's in an Objects API, as records of the community VAC objecttype that KISS reads.

Publishing is incremental and goes through the integration outbox (:mod:`kcc.integraties`):
every change of a VAC queues one job in the same transaction (:func:`queue_publication`), and the
worker runs :func:`publish_vac`, which compares with what the Objects API holds and then

* creates the object (``POST /objects`` with the VAC's own UUID, so its URL is known beforehand
  and a retry after a lost answer finds it instead of making a second one),
* adds a new record version (``PUT /objects/{uuid}``) when the data differ, or
* does nothing when they are the same (a retry, or a change KISS cannot see).

A VAC that is withdrawn (non-actief, or back to concept) gets a new record with the data KISS
had and status ``non-actief`` (a draft's unfinished text is not published); a deleted VAC one with
``te-verwijderen``. The Objects API ends the previous record
on the new record's ``startAt`` (``endAt`` itself is read-only in the API). Drafts are never
published. Importing (:func:`fetch_vac_objects`) reads every object of the objecttype.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from kcc.core.config import kcc_setting
from kcc.integraties.client import ApiClient, Connection, Rejected, expect, results
from kcc.integraties.services import enqueue
from kcc.integraties.systems import System, get_system, token_auth
from kcc.kennisbank.exporters import KISS_STATUS, KISS_TO_BE_REMOVED, kiss_vac, vacs_for_kiss
from kcc.kennisbank.html import render_facts_many
from kcc.kennisbank.models import VAC

SYSTEM = "objecten"
OPERATION = "vac"
MAX_PAGES = 1000


def objecttype() -> tuple[str, int]:
    """The URL of the VAC objecttype (in an Objecttypes API) and the version KCC writes."""
    url = kcc_setting("KCC_VAC_OBJECTTYPE_URL")
    if not url:
        raise Rejected("KCC_VAC_OBJECTTYPE_URL is niet ingesteld: het VAC-objecttype is onbekend.")
    try:
        version = int(kcc_setting("KCC_VAC_OBJECTTYPE_VERSION", "1"))
    except ValueError:
        raise Rejected("KCC_VAC_OBJECTTYPE_VERSION is geen geheel getal.") from None
    return url, version


def enabled() -> bool:
    return get_system(SYSTEM).connection() is not None


@transaction.atomic
def queue_all(label: str) -> int:
    """Queue every VAC once more (first publication, or after product facts changed); returns how many."""
    if not enabled():
        raise LookupError("De Objects API is niet ingesteld (KCC_OBJECTS_API_URL of de koppeling in het beheer).")
    vacs = list(VAC.objects.order_by("pk").values_list("uuid", "version"))
    for uuid, version in vacs:
        enqueue(SYSTEM, OPERATION, key=f"vac:{uuid}:{version}:{label}", payload={"vac": str(uuid)})
    return len(vacs)


def queue_publication(vac: VAC, *, neighbours: Iterable[VAC] = ()) -> None:
    """Queue the publication of ``vac`` and of the VAC's whose related list may change with it
    (nothing while the Objects API is off). One job per version: a re-save queues nothing twice."""
    if not enabled():
        return
    cause = f"{vac.uuid}:{vac.version}"
    enqueue(SYSTEM, OPERATION, key=f"vac:{cause}", payload={"vac": str(vac.uuid)})
    _queue_neighbours(neighbours, cause)


def queue_removal(vac: VAC, *, neighbours: Iterable[VAC] = ()) -> None:
    if not enabled():
        return
    cause = f"{vac.uuid}:verwijderd"
    enqueue(SYSTEM, OPERATION, key=f"vac:{cause}", payload={"vac": str(vac.uuid)})
    _queue_neighbours(neighbours, cause)


def _queue_neighbours(neighbours: Iterable[VAC], cause: str) -> None:
    for other in {other.pk: other for other in neighbours}.values():
        key = f"vac:{other.uuid}:{other.version}:na:{cause}"
        enqueue(SYSTEM, OPERATION, key=key, payload={"vac": str(other.uuid)})


def _current(client: ApiClient, path: str) -> dict | None:
    """The object as the Objects API holds it, or None when it has none (it answers 404)."""
    try:
        return expect(client.get(path), "record", exchange=client.last_exchange())
    except Rejected:
        # Not there. Were it a refusal (401/403), the write that follows is refused the same way.
        return None


def publish_vac(job: Any, client: ApiClient) -> dict:
    """The outbox operation: bring the VAC's object in line with the VAC (see the module text)."""
    uuid = job.payload["vac"]
    type_url, type_version = objecttype()
    path = f"objects/{uuid}"
    current = _current(client, path)
    vac = vacs_for_kiss().filter(uuid=uuid).first()
    if vac is None or vac.status != VAC.Status.ACTIVE:
        if current is None:
            return {"uitkomst": "niet gepubliceerd (niet actief)"}
        # Withdrawn: only the status changes, so a draft's unfinished text never reaches KISS.
        status = KISS_TO_BE_REMOVED if vac is None else KISS_STATUS[VAC.Status.INACTIVE]
        data = {**current["record"].get("data", {}), "status": status}
    else:
        data = kiss_vac(vac, render_facts_many([vac.antwoord])[0], client.connection.api_root)
    if current is not None and current["record"].get("data") == data:
        return {"object": current.get("url", ""), "uitkomst": "ongewijzigd"}
    record = {"typeVersion": type_version, "data": data, "startAt": timezone.localdate().isoformat()}
    if current is None:
        answer = client.post("objects", {"uuid": uuid, "type": type_url, "record": record})
        outcome = "aangemaakt"
    else:
        answer = client.request("PUT", path, json_body={"type": current.get("type") or type_url, "record": record})
        outcome = "nieuwe versie"
    answer = expect(answer, "url", "record", exchange=client.last_exchange())
    return {"object": answer["url"], "record": answer["record"].get("index"), "uitkomst": outcome}


def system() -> System:
    return System(
        name=SYSTEM,
        label="Objects API (VAC's voor KISS)",
        url_setting="KCC_OBJECTS_API_URL",
        token_setting="KCC_OBJECTS_API_TOKEN",
        timeout_setting="KCC_OBJECTS_API_TIMEOUT",
        auth_headers=token_auth("Token"),
        # The Objects API requires the coordinate system of every write, geometry or not.
        extra_headers=lambda: {"Content-Crs": "EPSG:4326"},
        operations={OPERATION: publish_vac},
    )


def fetch_vac_objects(client: ApiClient, type_url: str) -> list[dict]:
    """Every object of the VAC objecttype, page by page (all pages first: a failure imports nothing)."""
    objects: list[dict] = []
    page = client.get("objects", {"type": type_url, "pageSize": 100})
    for _ in range(MAX_PAGES):
        objects.extend(results(page, exchange=client.last_exchange()))
        if not page.get("next"):
            return objects
        page = client.get(page["next"])
    return objects


def configured_objects_url() -> str:
    """The configured Objects API root, '' while it is off."""
    connection = get_system(SYSTEM).connection()
    return connection.api_root if connection else ""


def client_for(api_root: str = "") -> ApiClient:
    """A client of the Objects API at ``api_root`` (token ``KCC_OBJECTS_API_TOKEN``), or of the configured one."""
    definition = get_system(SYSTEM)
    if api_root:
        if not api_root.startswith(("https://", "http://")):
            raise LookupError(f"‘{api_root[:80]}’ is geen http(s)-adres.")
        connection = Connection(
            api_root, kcc_setting("KCC_OBJECTS_API_TOKEN"), float(kcc_setting("KCC_OBJECTS_API_TIMEOUT", "10"))
        )
    else:
        connection = definition.connection()
        if connection is None:
            raise LookupError("De Objects API is niet ingesteld (KCC_OBJECTS_API_URL of de koppeling in het beheer).")
    return definition.client(connection)
