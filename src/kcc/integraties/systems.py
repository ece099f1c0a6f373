"""The registry of external systems and their operations.

A capability app declares its system once (in ``AppConfig.ready``)::

    register_system(System(
        name="klantinteracties",
        label="Klantinteracties (Open Klant)",
        url_setting="KCC_KLANTINTERACTIES_URL",
        token_setting="KCC_KLANTINTERACTIES_TOKEN",
        auth_headers=token_auth("Token"),
        operations={"klantcontact": send_klantcontact, ...},
    ))

An operation is ``handler(job, client) -> dict``: it makes the calls, stores what came back with
:func:`kcc.integraties.services.save_progress` after every remote write (so a retry resumes), and
returns the final result. A system is off until it has an API root: from its admin row
(:class:`~kcc.integraties.models.ServiceConfig`) or else the ``KCC_*`` variables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kcc.core.config import kcc_setting
from kcc.integraties.client import ApiClient, Connection

Handler = Callable[[Any, ApiClient], dict]


def token_auth(scheme: str, header: str = "Authorization") -> Callable[[Connection], dict[str, str]]:
    """Headers for a static token: ``Authorization: Token <token>`` or e.g. ``X-Api-Key: <key>`` (scheme '')."""

    def headers(connection: Connection) -> dict[str, str]:
        if not connection.token:
            return {}
        return {header: f"{scheme} {connection.token}".strip()}

    return headers


@dataclass(frozen=True)
class System:
    name: str
    label: str
    url_setting: str
    token_setting: str = ""
    timeout_setting: str = ""
    auth_headers: Callable[[Connection], dict[str, str]] = field(default=token_auth("Token"))
    extra_headers: Callable[[], dict[str, str]] | None = None
    operations: dict[str, Handler] = field(default_factory=dict)

    def connection(self) -> Connection | None:
        """Where to send, or None while the system is off."""
        from kcc.integraties.models import ServiceConfig

        row = ServiceConfig.objects.filter(system=self.name).first()
        if row is not None:
            if not row.enabled:
                return None
            return Connection(row.api_root, row.token or kcc_setting(self.token_setting), row.timeout)
        api_root = kcc_setting(self.url_setting)
        if not api_root:
            return None
        timeout = float(kcc_setting(self.timeout_setting) or 10)
        return Connection(api_root, kcc_setting(self.token_setting), timeout)

    def client(self, connection: Connection) -> ApiClient:
        extra = self.extra_headers() if self.extra_headers else None
        return ApiClient(connection, self.auth_headers, extra_headers=extra)


_systems: dict[str, System] = {}


def register_system(system: System) -> None:
    _systems[system.name] = system


def get_system(name: str) -> System:
    try:
        return _systems[name]
    except KeyError:
        raise LookupError(f"Onbekend systeem: {name}") from None


def all_systems() -> list[System]:
    return sorted(_systems.values(), key=lambda system: system.label)
