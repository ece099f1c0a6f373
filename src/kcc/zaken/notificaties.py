"""ZGW notifications: the Notificaties API tells KCC when a zaak changed; KCC refreshes its status.

* ``POST /api/v1/notificaties/zaken`` receives a notification of kanaal ``zaken``: the
  ``Authorization`` header must be the value KCC registered (``Token <KCC_NOTIFICATIES_CALLBACK_TOKEN>``);
  the notification is stored as a refresh job of the integration outbox in the same transaction as
  the answer (204), so none is lost when the zaaksysteem is down.
* The worker fetches the zaak (with ``expand``: one call) and keeps its status in
  :class:`~kcc.zaken.models.ZgwZaakStatus`, which the klantbeeld shows.
* ``kcc zgw abonneren`` registers the abonnement with the NRC (``KCC_NOTIFICATIES_URL``) through
  the same outbox; it looks for an existing one first, so running it twice creates one.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone

from kcc.core.config import kcc_setting
from kcc.integraties import services as outbox
from kcc.integraties.client import ApiClient, Connection, Rejected, Retryable, expect
from kcc.integraties.models import IntegrationJob
from kcc.integraties.systems import System
from kcc.zaken.bronnen import ZakenBronFout, ZgwBron, zgw_jwt
from kcc.zaken.models import ZgwZaakStatus

KANAAL = "zaken"
CALLBACK_PATH = "/api/v1/notificaties/zaken"


class NotificationRefused(Exception):
    """The notification is not for KCC or not readable; the message says why (in Dutch)."""


def callback_token() -> str:
    return kcc_setting("KCC_NOTIFICATIES_CALLBACK_TOKEN")


def callback_auth() -> str:
    """The ``auth`` KCC registers with the NRC; the NRC sends it back as the Authorization header."""
    return f"Token {callback_token()}"


def authorised(header: str) -> bool:
    token = callback_token()
    return bool(token) and secrets.compare_digest(header.encode(), callback_auth().encode())


def receive(notification: dict[str, Any]) -> IntegrationJob | None:
    """Queue the refresh of the zaak a valid notification names (call inside the request's transaction)."""
    if notification["kanaal"] != KANAAL:
        raise NotificationRefused(f"KCC ontvangt alleen notificaties van kanaal ‘{KANAAL}’.")
    zaak_url = notification["hoofdObject"]
    key = f"zgw-zaken:verversen:{zaak_url}:{notification['resource']}:{notification['actie']}:"
    key += notification["aanmaakdatum"].isoformat()
    return outbox.enqueue(
        "zgw-zaken",
        "verversen",
        key=key[:200],
        payload={"zaak": zaak_url, "resource": notification["resource"], "actie": notification["actie"]},
    )


def _bron(connection: Connection) -> ZgwBron:
    return ZgwBron(
        connection.api_root,
        kcc_setting("KCC_ZGW_CLIENT_ID"),
        kcc_setting("KCC_ZGW_SECRET"),
        timeout=connection.timeout,
    )


def refresh_zaak(job: IntegrationJob, client: ApiClient) -> dict:
    """Fetch the zaak of a notification and keep its status (deleted: forget it)."""
    url = job.payload["zaak"]
    if job.payload["actie"] == "destroy" and job.payload["resource"] == "zaak":
        deleted, _ = ZgwZaakStatus.objects.filter(url=url).delete()
        return {"verwijderd": deleted}
    try:
        info = _bron(client.connection).zaak_by_url(url)
    except ZakenBronFout as error:
        raise Retryable(str(error)) from error
    zaak, _ = ZgwZaakStatus.objects.update_or_create(
        url=url,
        defaults={
            "identificatie": info.identificatie[:40],
            "omschrijving": info.omschrijving[:200],
            "zaaktype": info.zaaktype[:200],
            "status": info.status[:300],
            "resultaat": info.resultaat[:300],
            "einddatum": info.einddatum,
            "uiterste_datum": info.uiterste_datum,
            "refreshed_at": timezone.now(),
        },
    )
    if not zaak.token:  # the secret of the citizen's status link, made once
        zaak.token = secrets.token_urlsafe(24)
        zaak.save(update_fields=["token"])
    return {"identificatie": info.identificatie, "status": info.status}


def _nrc_headers(connection: Connection) -> dict[str, str]:
    client_id = kcc_setting("KCC_NOTIFICATIES_CLIENT_ID") or kcc_setting("KCC_ZGW_CLIENT_ID")
    secret = kcc_setting("KCC_NOTIFICATIES_SECRET") or kcc_setting("KCC_ZGW_SECRET")
    return {"Authorization": f"Bearer {zgw_jwt(client_id, secret)}"}


def callback_url() -> str:
    return settings.KCC_BASE_URL.rstrip("/") + CALLBACK_PATH


def subscribe() -> IntegrationJob:
    """Queue the abonnement (kanaal zaken) for this KCC's callback URL."""
    if not callback_token():
        raise Rejected("Stel eerst KCC_NOTIFICATIES_CALLBACK_TOKEN in: zonder token weigert KCC elke notificatie.")
    body = {"callbackUrl": callback_url(), "auth": callback_auth(), "kanalen": [{"naam": KANAAL, "filters": {}}]}
    job = outbox.enqueue(
        "notificaties", "abonnement", key=f"notificaties:abonnement:{body['callbackUrl']}", payload=body
    )
    if job is None:
        raise Rejected("De Notificaties API is niet ingesteld (KCC_NOTIFICATIES_URL).")
    return job


def send_abonnement(job: IntegrationJob, client: ApiClient) -> dict:
    wanted = job.payload
    existing = client.get("abonnement")
    if not isinstance(existing, list):
        existing = expect(existing).get("results", [])
    for abonnement in existing:
        kanalen = {item.get("naam") for item in abonnement.get("kanalen", []) if isinstance(item, dict)}
        if abonnement.get("callbackUrl") == wanted["callbackUrl"] and KANAAL in kanalen:
            return {"abonnement": abonnement.get("url", "")}
    created = expect(client.post("abonnement", wanted), "url", exchange=client.last_exchange())
    return {"abonnement": created["url"]}


ZAKEN_SYSTEM = System(
    name="zgw-zaken",
    label="Zaken API (notificaties verwerken)",
    url_setting="KCC_ZGW_ZAKEN_URL",
    timeout_setting="KCC_ZGW_TIMEOUT",
    # The refresh reads through ZgwBron, which signs its own requests with the ZGW JWT.
    auth_headers=lambda connection: {},
    operations={"verversen": refresh_zaak},
)

NRC_SYSTEM = System(
    name="notificaties",
    label="Notificaties API (abonnement)",
    url_setting="KCC_NOTIFICATIES_URL",
    auth_headers=_nrc_headers,
    operations={"abonnement": send_abonnement},
)
