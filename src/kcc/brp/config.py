"""BRP settings, read when used (so a change of environment needs no restart of the tests).

Every name is a ``KCC_BRP_*`` setting: from the Django settings when set there, else from the
environment. The integration is off while ``KCC_BRP_URL`` is empty.
"""

from __future__ import annotations

from dataclasses import dataclass

from kcc.core.config import kcc_setting


@dataclass(frozen=True)
class BrpConfig:
    url: str
    auth: str  # "apikey" or "oauth2"
    api_key: str
    api_key_header: str
    oauth_token_url: str
    oauth_client_id: str
    oauth_client_secret: str
    oauth_scope: str
    purpose_header: str
    purpose_code: str
    processing_header: str
    user_header: str
    timeout: float

    @property
    def enabled(self) -> bool:
        return bool(self.url)


def brp_config() -> BrpConfig:
    return BrpConfig(
        url=kcc_setting("KCC_BRP_URL").rstrip("/"),
        auth=kcc_setting("KCC_BRP_AUTH", "apikey").strip().lower(),
        api_key=kcc_setting("KCC_BRP_API_KEY"),
        api_key_header=kcc_setting("KCC_BRP_API_KEY_HEADER", "X-API-KEY"),
        oauth_token_url=kcc_setting("KCC_BRP_OAUTH_TOKEN_URL"),
        oauth_client_id=kcc_setting("KCC_BRP_OAUTH_CLIENT_ID"),
        oauth_client_secret=kcc_setting("KCC_BRP_OAUTH_CLIENT_SECRET"),
        oauth_scope=kcc_setting("KCC_BRP_OAUTH_SCOPE"),
        purpose_header=kcc_setting("KCC_BRP_DOELBINDING_HEADER", "x-doelbinding"),
        purpose_code=kcc_setting("KCC_BRP_DOELBINDING"),
        processing_header=kcc_setting("KCC_BRP_VERWERKING_HEADER", "x-verwerking"),
        user_header=kcc_setting("KCC_BRP_GEBRUIKER_HEADER", "x-gebruiker"),
        timeout=float(kcc_setting("KCC_BRP_TIMEOUT", "10") or 10),
    )
