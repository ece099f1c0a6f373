"""Settings of the e-mail channel, read from the environment (``KCC_MAIL_*``) with defaults."""

from __future__ import annotations

import os
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings


def _env(name: str, default: str) -> str:
    return getattr(settings, name, None) or os.environ.get(name, default)


def raw_dir() -> Path:
    """Where raw messages are kept (one file per SHA-256)."""
    return Path(_env("KCC_MAIL_RAW_DIR", str(Path(settings.VAR_DIR) / "mail")))


def answer_days() -> int:
    """The term promised in the acknowledgement, in working days."""
    return int(_env("KCC_MAIL_ANSWER_DAYS", "2"))


def forward_days() -> int:
    """The default back-office term when a unit has no own agreement."""
    return int(_env("KCC_MAIL_FORWARD_DAYS", "2"))


def max_message_bytes() -> int:
    return int(_env("KCC_MAIL_MAX_MESSAGE_BYTES", str(50 * 1024 * 1024)))


# Hard limits of the parser (see kcc.mail.parsing.check_limits); a message over one is quarantined.


def max_header_bytes() -> int:
    """All header lines of the message and its parts together."""
    return int(_env("KCC_MAIL_MAX_HEADER_BYTES", str(64 * 1024)))


def max_encoded_words() -> int:
    """RFC 2047 encoded words (=?charset?q?...?=) in all headers together."""
    return int(_env("KCC_MAIL_MAX_ENCODED_WORDS", "1000"))


def max_mime_containers() -> int:
    """Multiparts and attached messages (counted on the bytes, before the parse)."""
    return int(_env("KCC_MAIL_MAX_MIME_CONTAINERS", "50"))


def max_mime_depth() -> int:
    return int(_env("KCC_MAIL_MAX_MIME_DEPTH", "20"))


def max_mime_parts() -> int:
    return int(_env("KCC_MAIL_MAX_MIME_PARTS", "500"))


def max_html_chars() -> int:
    return int(_env("KCC_MAIL_MAX_HTML_CHARS", str(5_000_000)))


def max_html_depth() -> int:
    """Element nesting of an HTML body; real mail (tables in tables) stays far below it."""
    return int(_env("KCC_MAIL_MAX_HTML_DEPTH", "200"))


def max_attachment_bytes() -> int:
    return int(_env("KCC_MAIL_MAX_ATTACHMENT_BYTES", str(25 * 1024 * 1024)))


def blocked_extensions() -> frozenset[str]:
    value = _env("KCC_MAIL_BLOCKED_EXTENSIONS", ".exe,.bat,.cmd,.com,.scr,.js,.vbs,.ps1,.msi,.jar,.lnk,.hta,.dll")
    return frozenset(part.strip().lower() for part in value.split(",") if part.strip())


def kcc_address() -> str:
    """The shared mailbox address: sender of everything the channel sends, never auto-answered."""
    return _env("KCC_MAIL_ADDRESS", parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "kcc@localhost").lower()


def kcc_from() -> str:
    return _env("KCC_MAIL_FROM", settings.DEFAULT_FROM_EMAIL)


def message_id_domain() -> str:
    return kcc_address().rpartition("@")[2] or "kcc.local"


def acknowledgements_per_sender_per_day() -> int:
    """At most this many acknowledgements to one address per day: the last guard against a loop."""
    return int(_env("KCC_MAIL_ACKS_PER_SENDER_PER_DAY", "3"))


def imap_url() -> str:
    """One mailbox by environment: imap(s)://user:password@host:port/FOLDER (optional)."""
    return _env("KCC_MAIL_IMAP_URL", "")


def forward_reply_address(secret: str) -> str:
    """The Reply-To of a forward, ``kcc+<secret>@domain``: the MTA delivers it to the KCC's mailbox
    (plus addressing) and the secret proves a reply belongs to that forward."""
    local, _, domain = kcc_address().partition("@")
    return f"{local}+{secret}@{domain}"


def forward_secret_of(address: str) -> str:
    """The secret in a ``kcc+<secret>@domain`` address, or ''."""
    local, _, domain = kcc_address().partition("@")
    mailbox, _, address_domain = address.lower().rpartition("@")
    base, plus, secret = mailbox.partition("+")
    return secret if plus and base == local and address_domain == domain else ""


def require_authentication_results() -> bool:
    """On: a back-office reply also needs SPF, DKIM or DMARC passed (our MTA's Authentication-Results)."""
    return str(_env("KCC_MAIL_REQUIRE_AUTH_RESULTS", "")).lower() in {"1", "true", "ja", "yes", "on"}


def authserv_ids() -> frozenset[str]:
    """The authserv-id(s) of our own MTA's Authentication-Results; empty: the topmost header."""
    return frozenset(part.strip().lower() for part in _env("KCC_MAIL_AUTHSERV_ID", "").split(",") if part.strip())


def bounce_suppress_days() -> int:
    """After a hard bounce, no automatic replies to that address for this many days."""
    return int(_env("KCC_MAIL_BOUNCE_SUPPRESS_DAYS", "30"))
