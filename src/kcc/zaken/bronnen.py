"""Where zaken come from: one interface, two implementations, chosen by ``KCC_ZAKEN_BRON``.

* ``lokaal`` (default): the local register (:mod:`kcc.zaken.models`);
* ``zgw``: a zaaksysteem speaking the VNG ZGW Zaken API v1 (as served by Open Zaak) at
  ``KCC_ZGW_ZAKEN_URL``, authenticated with a JWT (HS256) made from ``KCC_ZGW_CLIENT_ID`` and
  ``KCC_ZGW_SECRET`` as the standard prescribes.

Callers pass a plain BSN; decrypting it and writing the audit entry is the caller's job
(see :func:`kcc.zaken.selectors.zaken_voor_klant`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from kcc.contacten.privacy import bsn_hash
from kcc.core.config import kcc_setting
from kcc.zaken.models import Outcome, Status, Zaak

MAX_PAGES = 10
# Open Zaak (Zaken API 1.5) inlines these in ``_expand``: one call per list instead of 2–4 per zaak.
EXPAND = "status,status.statustype,resultaat,resultaat.resultaattype,zaaktype"


@dataclass(frozen=True)
class StatusRegel:
    moment: datetime | date
    tekst: str


@dataclass(frozen=True)
class ZaakInfo:
    """A zaak as the contact centre needs it, whatever system it lives in."""

    identificatie: str
    omschrijving: str
    zaaktype: str
    startdatum: date | None
    uiterste_datum: date | None
    status: str
    resultaat: str = ""
    einddatum: date | None = None
    historie: list[StatusRegel] = field(default_factory=list)
    bron: str = "lokaal"
    opgeschort: bool = False
    opschorting_reden: str = ""
    opgeschort_sinds: date | None = None
    url: str = ""
    """The zaak's URL in the zaaksysteem (ZGW); empty for the local register."""


class ZakenBron(Protocol):
    def zaken_voor_bsn(self, bsn: str) -> list[ZaakInfo]: ...

    def zaak(self, identificatie: str) -> ZaakInfo | None: ...


class ZakenBronFout(Exception):
    """The external system could not answer; the message is for the agent, in Dutch."""


# --- local register ----------------------------------------------------------------------------


def info_from_local(zaak: Zaak, *, with_history: bool = False) -> ZaakInfo:
    history = (
        [StatusRegel(row.set_at, row.note or row.get_status_display()) for row in zaak.history.all()]
        if with_history
        else []
    )
    suspension = zaak.running_suspension
    return ZaakInfo(
        identificatie=zaak.number or "",
        omschrijving=zaak.description or zaak.zaaktype.name,
        zaaktype=zaak.zaaktype.name,
        startdatum=zaak.start_date,
        uiterste_datum=zaak.deadline,
        status=Status(zaak.status).label,
        resultaat=Outcome(zaak.outcome).label if zaak.outcome else "",
        einddatum=zaak.closed_on,
        historie=history,
        bron="lokaal",
        opgeschort=suspension is not None,
        opschorting_reden=suspension.get_reason_display() if suspension else "",
        opgeschort_sinds=suspension.start_date if suspension else None,
    )


class LokaleBron:
    def zaken_voor_bsn(self, bsn: str) -> list[ZaakInfo]:
        zaken = (
            Zaak.objects.filter(bsn_hash=bsn_hash(bsn))
            .select_related("zaaktype__product")
            .prefetch_related("suspensions")
            .order_by("-start_date", "-id")
        )
        return [info_from_local(zaak) for zaak in zaken[:50]]

    def zaak(self, identificatie: str) -> ZaakInfo | None:
        zaak = (
            Zaak.objects.filter(number=identificatie.replace("\x00", ""))
            .select_related("zaaktype__product")
            .prefetch_related("history", "suspensions")
            .first()
        )
        return info_from_local(zaak, with_history=True) if zaak else None


# --- ZGW Zaken API -----------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def zgw_jwt(
    client_id: str, secret: str, *, user_id: str = "kcc", user_representation: str = "KCC", now: int | None = None
) -> str:
    """The JWT the ZGW APIs require: HS256 over {iss, iat, client_id, user_id, user_representation}."""
    header = {"alg": "HS256", "typ": "JWT"}
    payload = {
        "iss": client_id,
        "iat": int(time.time()) if now is None else now,
        "client_id": client_id,
        "user_id": user_id,
        "user_representation": user_representation,
    }
    parts = [_b64(json.dumps(part, separators=(",", ":")).encode()) for part in (header, payload)]
    signing_input = ".".join(parts)
    signature = hmac.new(secret.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _datetime(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
    except (AttributeError, ValueError):
        return None


class ZgwBron:
    def __init__(self, base_url: str, client_id: str, secret: str, *, timeout: float = 10.0) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ZakenBronFout("KCC_ZGW_ZAKEN_URL is geen http(s)-adres.")
        self.base_url = base_url.rstrip("/")
        self.client_id, self.secret, self.timeout = client_id, secret, timeout
        self._cache: dict[str, Any] = {}

    def _get(self, url: str, params: dict[str, str] | None = None) -> Any:
        if params:
            url = f"{url}?{urllib.parse.urlencode(params)}"
        if url in self._cache:
            return self._cache[url]
        request = urllib.request.Request(
            url,
            headers={
                "Authorization": f"Bearer {zgw_jwt(self.client_id, self.secret)}",
                "Accept": "application/json",
                "Accept-Crs": "EPSG:4326",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                data = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            if error.code in (401, 403):
                raise ZakenBronFout("Het zaaksysteem weigert de toegang: controleer client-id en secret.") from None
            raise ZakenBronFout(f"Het zaaksysteem gaf een fout ({error.code}). Probeer het later opnieuw.") from None
        except (urllib.error.URLError, TimeoutError, OSError):
            raise ZakenBronFout("Het zaaksysteem is nu niet bereikbaar. Probeer het later opnieuw.") from None
        except ValueError:
            raise ZakenBronFout("Het zaaksysteem gaf een antwoord dat geen JSON is.") from None
        self._cache[url] = data
        return data

    def _all(self, url: str, params: dict[str, str]) -> list[dict]:
        """Follow ``next`` through the paginated list ({count, next, previous, results})."""
        page = self._get(url, params)
        results = list(page.get("results", []))
        for _ in range(MAX_PAGES - 1):
            if not page.get("next"):
                break
            page = self._get(page["next"])
            results.extend(page.get("results", []))
        return results

    def _omschrijving(self, url: str | None) -> str:
        """The omschrijving of a catalogue resource (zaaktype, statustype, resultaattype), '' when unknown."""
        if not url:
            return ""
        try:
            return str(self._get(url).get("omschrijving", ""))
        except ZakenBronFout:
            return ""

    def _info(self, zaak: dict, *, with_history: bool) -> ZaakInfo:
        """A zaak as ZaakInfo; what the server inlined with ``expand`` (``_expand``) saves a call each."""
        inlined = zaak.get("_expand") or {}
        status_text, history = "", []
        if with_history:
            statussen = sorted(
                self._all(f"{self.base_url}/statussen", {"zaak": zaak["url"]}),
                key=lambda s: s.get("datumStatusGezet", ""),
            )
            history = [
                StatusRegel(
                    _datetime(s.get("datumStatusGezet")),
                    s.get("statustoelichting") or self._omschrijving(s.get("statustype")),
                )
                for s in statussen
            ]
            status_text = history[-1].tekst if history else ""
        elif zaak.get("status"):
            status = inlined.get("status") or self._get(zaak["status"])
            status_text = status.get("statustoelichting") or self._type_omschrijving(status, "statustype")
        resultaat = ""
        if zaak.get("resultaat"):
            result = inlined.get("resultaat") or self._get(zaak["resultaat"])
            resultaat = self._type_omschrijving(result, "resultaattype") or "Besluit genomen"
        zaaktype = (inlined.get("zaaktype") or {}).get("omschrijving") or self._omschrijving(zaak.get("zaaktype"))
        opschorting = zaak.get("opschorting") or {}
        return ZaakInfo(
            identificatie=zaak.get("identificatie", ""),
            omschrijving=zaak.get("omschrijving", ""),
            zaaktype=zaaktype,
            startdatum=_date(zaak.get("startdatum")),
            uiterste_datum=_date(zaak.get("uiterlijkeEinddatumAfdoening")),
            status=status_text or ("Afgehandeld" if zaak.get("einddatum") else "Onbekend"),
            resultaat=resultaat,
            einddatum=_date(zaak.get("einddatum")),
            historie=history,
            bron="zgw",
            opgeschort=bool(opschorting.get("indicatie")),
            opschorting_reden=str(opschorting.get("reden") or "") if opschorting.get("indicatie") else "",
            url=str(zaak.get("url", "")),
        )

    def _type_omschrijving(self, resource: dict, field: str) -> str:
        """The omschrijving of a status's or resultaat's type: inlined by ``expand`` or fetched."""
        inlined = (resource.get("_expand") or {}).get(field) or {}
        return str(inlined.get("omschrijving") or "") or self._omschrijving(resource.get(field))

    def zaken_voor_bsn(self, bsn: str) -> list[ZaakInfo]:
        zaken = self._all(
            f"{self.base_url}/zaken",
            {
                "rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn": bsn,
                "ordering": "-startdatum",
                "expand": EXPAND,
            },
        )
        return [self._info(zaak, with_history=False) for zaak in zaken]

    def zaak(self, identificatie: str) -> ZaakInfo | None:
        results = self._get(f"{self.base_url}/zaken", {"identificatie": identificatie, "expand": EXPAND})
        found = results.get("results", [])
        return self._info(found[0], with_history=True) if found else None

    def zaak_by_url(self, url: str) -> ZaakInfo:
        """One zaak by its URL (a notification names it so), its status inlined."""
        if not url.startswith(f"{self.base_url}/zaken/"):
            raise ZakenBronFout("Deze zaak hoort niet bij het ingestelde zaaksysteem.")
        return self._info(self._get(url, {"expand": EXPAND}), with_history=False)


def bron_kind() -> str:
    return "zgw" if kcc_setting("KCC_ZAKEN_BRON", "lokaal") == "zgw" else "lokaal"


def get_bron() -> ZakenBron:
    if bron_kind() == "zgw":
        return ZgwBron(
            kcc_setting("KCC_ZGW_ZAKEN_URL", ""),
            kcc_setting("KCC_ZGW_CLIENT_ID", ""),
            kcc_setting("KCC_ZGW_SECRET", ""),
            timeout=float(kcc_setting("KCC_ZGW_TIMEOUT", "10")),
        )
    return LokaleBron()
