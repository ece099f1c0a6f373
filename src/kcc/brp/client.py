"""Client of the Haal Centraal BRP API Personen 2.x: ``POST /personen`` and nothing else.

Three search types are used, each with a minimal ``fields`` list: what the agent needs to tell
callers apart and to link the right one. Every failure (a problem+json error, an HTML page from a
gateway, a timeout, JSON of the wrong shape) becomes a :class:`BrpFout` whose message is Dutch and
meant for the agent; the technical detail goes to the log.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from kcc.brp.config import BrpConfig

logger = logging.getLogger(__name__)

FIELDS = [
    "burgerservicenummer",
    "naam.volledigeNaam",
    "geboorte.datum",
    "adressering.adresregel1",
    "adressering.adresregel2",
]
MAX_RESULTS_SHOWN = 20
JSON_TYPE = "application/json; charset=utf-8"


class BrpFout(Exception):
    """The BRP could not answer; the message is for the agent, in Dutch."""


@dataclass(frozen=True)
class Persoon:
    bsn: str
    naam: str
    geboortedatum: str
    adres: str
    geheim: bool


def header_value(text: str, limit: int = 200) -> str:
    """``text`` as a safe HTTP header value: ASCII (accents dropped), one line, at most ``limit`` characters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.split())[:limit]


_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_tokens_lock = threading.Lock()


def _oauth_token(config: BrpConfig) -> str:
    """An OAuth2 client-credentials access token, reused until shortly before it expires."""
    key = (config.oauth_token_url, config.oauth_client_id)
    with _tokens_lock:
        cached = _tokens.get(key)
        if cached and cached[1] > time.monotonic():
            return cached[0]
    form = {"grant_type": "client_credentials", "client_id": config.oauth_client_id}
    form["client_secret"] = config.oauth_client_secret
    if config.oauth_scope:
        form["scope"] = config.oauth_scope
    request = urllib.request.Request(
        config.oauth_token_url,
        data=urllib.parse.urlencode(form).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:
            data = json.loads(response.read().decode("utf-8"))
        token, lifetime = str(data["access_token"]), float(data.get("expires_in", 300))
    except (urllib.error.URLError, TimeoutError, OSError, ValueError, KeyError, TypeError) as error:
        logger.warning("BRP: no OAuth2 token from %s: %r", config.oauth_token_url, error)
        raise BrpFout("KCC kon zich niet aanmelden bij het BRP. Meld dit aan de beheerder.") from None
    with _tokens_lock:
        _tokens[key] = (token, time.monotonic() + max(lifetime - 30, 0))
    return token


def _auth_headers(config: BrpConfig) -> dict[str, str]:
    if config.auth == "oauth2":
        return {"Authorization": f"Bearer {_oauth_token(config)}"}
    return {config.api_key_header: config.api_key} if config.api_key else {}


def _problem_message(status: int, body: bytes) -> str:
    """The agent's message for an error status, with the BRP's own reasons when it gave them."""
    try:
        problem = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        problem = None
    reasons = []
    if isinstance(problem, dict):
        for param in problem.get("invalidParams") or []:
            if isinstance(param, dict) and param.get("reason"):
                reasons.append(f"{param.get('name', '')}: {param['reason']}".strip(": "))
        if not reasons and problem.get("title"):
            reasons.append(str(problem["title"]))
    detail = f" ({'; '.join(reasons)[:300]})" if reasons else ""
    if status == 400:
        return f"Het BRP kan deze zoekvraag niet uitvoeren{detail}. Controleer wat u invulde."
    if status in (401, 403):
        return f"Het BRP weigert de toegang{detail}. Meld dit aan de beheerder."
    if status == 429:
        return "Het BRP krijgt nu te veel vragen. Probeer het over een minuut opnieuw."
    return f"Het BRP is nu niet beschikbaar (fout {status}). Probeer het later opnieuw."


def _datum(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("langFormaat") or value.get("datum") or "")
    return ""


def _persoon(data: Any) -> Persoon:
    if not isinstance(data, dict):
        raise BrpFout("Het BRP gaf een onverwacht antwoord. Probeer het later opnieuw.")
    naam = data.get("naam") if isinstance(data.get("naam"), dict) else {}
    adressering = data.get("adressering") if isinstance(data.get("adressering"), dict) else {}
    lines = [adressering.get("adresregel1"), adressering.get("adresregel2")]
    return Persoon(
        bsn=str(data.get("burgerservicenummer") or ""),
        naam=str(naam.get("volledigeNaam") or ""),
        geboortedatum=_datum(data.get("geboorte", {}).get("datum") if isinstance(data.get("geboorte"), dict) else None),
        adres=", ".join(str(line) for line in lines if line),
        geheim=data.get("geheimhoudingPersoonsgegevens") is True,
    )


class BrpClient:
    def __init__(self, config: BrpConfig) -> None:
        if not config.url.startswith(("http://", "https://")):
            raise BrpFout("Het BRP is niet ingesteld (KCC_BRP_URL).")
        self.config = config

    def personen(self, query: dict[str, Any], *, purpose: str, user: str) -> list[Persoon]:
        """``POST /personen`` with ``query`` (its ``type`` and parameters) and the minimal fields."""
        config = self.config
        headers = {"Content-Type": JSON_TYPE, "Accept": "application/json", **_auth_headers(config)}
        headers[config.purpose_header] = header_value(config.purpose_code or purpose)
        headers[config.processing_header] = header_value(purpose)
        headers[config.user_header] = header_value(user)
        body = json.dumps({**query, "fields": FIELDS}).encode("utf-8")
        request = urllib.request.Request(f"{config.url}/personen", data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=config.timeout) as response:
                content_type, raw = response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            raw = error.read() if error.fp else b""
            logger.warning("BRP: %s answered %s to %s: %r", config.url, error.code, query.get("type"), raw[:500])
            raise BrpFout(_problem_message(error.code, raw)) from None
        except TimeoutError:
            logger.warning("BRP: %s did not answer within %s s", config.url, config.timeout)
            raise BrpFout(
                f"Het BRP antwoordde niet binnen {config.timeout:g} seconden. Probeer het later opnieuw."
            ) from None
        except (urllib.error.URLError, OSError) as error:
            logger.warning("BRP: %s unreachable: %r", config.url, error)
            raise BrpFout("Het BRP is nu niet bereikbaar. Probeer het later opnieuw.") from None
        try:
            if "json" not in content_type:
                raise ValueError(content_type)
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            logger.warning("BRP: %s answered %r instead of JSON: %r", config.url, content_type, raw[:500])
            raise BrpFout("Het BRP gaf een antwoord dat geen JSON is. Probeer het later opnieuw.") from None
        if not isinstance(data, dict) or not isinstance(data.get("personen", []), list):
            logger.warning("BRP: %s answered JSON of an unexpected shape: %r", config.url, str(data)[:500])
            raise BrpFout("Het BRP gaf een onverwacht antwoord. Probeer het later opnieuw.")
        return [_persoon(item) for item in data.get("personen", [])]
