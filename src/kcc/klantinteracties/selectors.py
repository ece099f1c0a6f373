"""Reads of Klantinteracties: the klantcontacten other systems (KISS, a portal) registered."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from kcc.contacten.selectors import CallerKeys
from kcc.integraties.client import IntegrationError, results
from kcc.klantinteracties.models import PartijLink

KLANTBEELD_TIMEOUT = 3.0
KLANTBEELD_LIMIT = 20
OWN_REFERENCE_PREFIX = "KCC"


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def klantbeeld_klantcontacten(keys: CallerKeys) -> dict[str, Any] | None:
    """Klantcontacten of the caller's partij that KCC did not send itself, newest first.

    Only for a caller KCC already knows as a partij (linked when it sent a klantcontact with the BSN);
    an unreachable Klantinteracties shows a message, never an error page.
    """
    from kcc.klantinteracties.services import SYSTEM

    if not keys.klant_id:
        return None
    link = PartijLink.objects.filter(klant_id=keys.klant_id).first()
    connection = SYSTEM.connection()
    if link is None or connection is None:
        return None
    connection = replace(connection, timeout=min(connection.timeout, KLANTBEELD_TIMEOUT))
    try:
        with SYSTEM.client(connection) as client:
            items = results(
                client.get(
                    "klantcontacten",
                    {"hadBetrokkene__wasPartij__uuid": str(link.uuid), "pageSize": str(KLANTBEELD_LIMIT)},
                ),
                exchange=client.last_exchange(),
            )
    except IntegrationError:
        return {"error": "Klantinteracties is nu niet bereikbaar; contacten uit andere systemen ontbreken."}
    others = [
        {
            "kanaal": str(item.get("kanaal", "")),
            "onderwerp": str(item.get("onderwerp", "")),
            "inhoud": str(item.get("inhoud", ""))[:300],
            "moment": _moment(item.get("plaatsgevondenOp")),
            "gelukt": item.get("indicatieContactGelukt"),
        }
        for item in items
        if not str(item.get("referentienummer") or "").startswith(OWN_REFERENCE_PREFIX)
    ]
    others.sort(key=lambda item: item["moment"].timestamp() if item["moment"] else 0, reverse=True)
    return {"klantcontacten": others} if others else None
