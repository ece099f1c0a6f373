"""The HTTP layer of every outgoing integration: ape-pie sessions with time-outs and one error model.

Every call returns parsed JSON or raises one of three errors, each carrying an excerpt of the
request and the response (never the token) for the beheerder:

* :class:`Retryable`: the other side is down or answered nonsense (5xx, 408, 429, a time-out,
  no connection, an HTML page or other non-JSON): the job is tried again later, with back-off;
* :class:`Rejected`: the other side refused this request (another 4xx, e.g. validation errors):
  sending it again unchanged cannot help, so the job is parked for the beheerder;
* :class:`InvalidResponse`: a success whose body lacks what the API promises (wrong schema):
  parked too, because the remote record may exist and a person should look first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from ape_pie import APIClient
from ape_pie.exceptions import InvalidURLError

EXCERPT = 1500
RETRY_STATUSES = frozenset({408, 425, 429})


NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")


def _is_bsn(number: str) -> bool:
    """The 11-proef of a BSN."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:8], range(9, 1, -1), strict=True))
    return (total - int(number[8])) % 11 == 0


def mask_bsn(text: str) -> str:
    """Every BSN in a logged exchange or error shortened to its last three digits: the beheerder
    sees what went wrong, never a full BSN (the partij look-up and creation carry one)."""
    return NINE_DIGITS.sub(lambda match: f"******{match[0][-3:]}" if _is_bsn(match[0]) else match[0], text)


class IntegrationError(Exception):
    def __init__(self, message: str, exchange: str = "") -> None:
        super().__init__(mask_bsn(message))
        self.exchange = mask_bsn(exchange)


class Retryable(IntegrationError):
    pass


class Rejected(IntegrationError):
    pass


class InvalidResponse(IntegrationError):
    pass


class Waiting(Exception):
    """The job depends on another that has not arrived yet; tried again soon without counting."""


@dataclass(frozen=True)
class Connection:
    """Where a system lives and how KCC signs in: resolved from the admin or the environment."""

    api_root: str
    token: str = ""
    timeout: float = 10.0


def _excerpt(data: bytes | str | None) -> str:
    if data is None:
        return ""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


class ApiClient:
    """One system's session. ``auth_headers`` turns the connection into the headers it signs in with."""

    def __init__(
        self,
        connection: Connection,
        auth_headers: Callable[[Connection], dict[str, str]],
        *,
        extra_headers: dict[str, str] | None = None,
    ) -> None:
        self.connection = connection
        root = connection.api_root.rstrip("/") + "/"
        self.session = APIClient(root, {"timeout": connection.timeout})
        self.session.headers.update({"Accept": "application/json", **(extra_headers or {})})
        self.session.headers.update(auth_headers(connection))
        self.exchanges: list[str] = []

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> ApiClient:
        self.session.__enter__()
        return self

    def __exit__(self, *args: Any) -> None:
        self.session.__exit__(*args)

    def url(self, path: str) -> str:
        return self.session.to_absolute_url(path)

    def request(self, method: str, path: str, *, json_body: Any = None, params: dict[str, Any] | None = None) -> Any:
        """Send one call; JSON back, or one of the errors above."""
        try:
            url = self.url(path)
        except InvalidURLError as error:
            raise Rejected(f"Adres buiten de API-root: {path}") from error
        sent = f"{method} {url}" + (f"?{urlencode(params, doseq=True)}" if params else "")
        if json_body is not None:
            sent += "\n" + _excerpt(json.dumps(json_body, ensure_ascii=False))
        try:
            response = self.session.request(method, url, json=json_body, params=params)
        except requests.Timeout as error:
            raise Retryable(f"Time-out na {self.connection.timeout:g} s", sent) from error
        except requests.RequestException as error:
            raise Retryable(f"Geen verbinding: {type(error).__name__}", sent) from error
        exchange = mask_bsn(
            f"{sent}\n→ {response.status_code} {response.headers.get('Content-Type', '')}\n{_excerpt(response.content)}"
        )
        self.exchanges.append(exchange)
        status = response.status_code
        if status >= 500 or status in RETRY_STATUSES:
            raise Retryable(f"Antwoord {status}", exchange)
        if status >= 400:
            raise Rejected(f"Geweigerd met {status}: {_validation_summary(response)}", exchange)
        if status == 204 or not response.content:
            return None
        if "json" not in response.headers.get("Content-Type", ""):
            raise Retryable(f"Antwoord {status} is geen JSON ({response.headers.get('Content-Type', '?')})", exchange)
        try:
            return response.json()
        except ValueError as error:
            raise Retryable(f"Antwoord {status} is geen geldige JSON", exchange) from error

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any) -> Any:
        return self.request("POST", path, json_body=body)

    def patch(self, path: str, body: Any) -> Any:
        return self.request("PATCH", path, json_body=body)

    def last_exchange(self) -> str:
        return self.exchanges[-1] if self.exchanges else ""


def _validation_summary(response: requests.Response) -> str:
    """The invalid parameters of a problem+json answer (the Common Ground APIs' shape), else the title."""
    try:
        problem = response.json()
    except ValueError:
        return _excerpt(response.text)[:200]
    if not isinstance(problem, dict):
        return str(problem)[:200]
    invalid = problem.get("invalidParams") or []
    if invalid and isinstance(invalid, list):
        return "; ".join(f"{item.get('name')}: {item.get('reason')}" for item in invalid if isinstance(item, dict))
    return str(problem.get("detail") or problem.get("title") or problem)[:200]


def expect(data: Any, *fields: str, exchange: str = "") -> dict:
    """The answer as a dict with ``fields`` present, else :class:`InvalidResponse`."""
    if not isinstance(data, dict):
        raise InvalidResponse(f"Antwoord is geen object maar {type(data).__name__}", exchange)
    missing = [name for name in fields if not data.get(name)]
    if missing:
        raise InvalidResponse(f"Antwoord mist {', '.join(missing)}", exchange)
    return data


def results(data: Any, *, exchange: str = "") -> list[dict]:
    """The ``results`` of a paginated list answer, else :class:`InvalidResponse`."""
    page = expect(data, exchange=exchange)
    items = page.get("results")
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise InvalidResponse("Lijstantwoord zonder geldige results", exchange)
    return items
