"""Reading the receiving MTA's verdict on a sender (``Authentication-Results``, RFC 8601).

Anyone can write an Authentication-Results header into a message; only the ones our own MTA adds
count. Those carry its authserv-id (``KCC_MAIL_AUTHSERV_ID``); without that setting only the
topmost header counts, because an MTA adds its header above everything that came in with the
message. Pure: header values in, a :class:`Verdict` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PASS, FAIL, NONE = "pass", "fail", "none"
_FAILING = frozenset({"fail", "softfail", "permerror"})
_COMMENT = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Verdict:
    result: str
    """``pass``: SPF, DKIM or DMARC passed for the sender's domain; ``fail``: none passed and one
    failed; ``none``: no trusted header or nothing conclusive."""
    detail: str


def _aligned(domain: str, sender_domain: str) -> bool:
    domain = domain.strip().lower().rstrip(".")
    return bool(domain) and (sender_domain == domain or sender_domain.endswith("." + domain))


def _methods(value: str) -> tuple[str, list[tuple[str, str, dict[str, str]]]]:
    """authserv-id and [(method, result, {property: value})] of one header."""
    value = _COMMENT.sub(" ", value)
    first, _, rest = value.partition(";")
    authserv_id = first.split()[0].lower() if first.split() else ""
    methods = []
    for spec in rest.split(";"):
        tokens = spec.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, _, result = tokens[0].partition("=")
        properties = {}
        for token in tokens[1:]:
            name, _, prop_value = token.partition("=")
            properties[name.lower()] = prop_value.strip('"').lower()
        methods.append((method.lower().split("/")[0], result.lower(), properties))
    return authserv_id, methods


def verdict(headers: list[str], sender: str, trusted_ids: frozenset[str]) -> Verdict:
    """The verdict of the trusted ``headers`` (topmost first) on ``sender``'s domain."""
    sender_domain = sender.rpartition("@")[2].lower()
    parsed = [_methods(value) for value in headers]
    candidates = [item for item in parsed if item[0] in trusted_ids] if trusted_ids else parsed[:1]
    trusted = [methods for _authserv_id, methods in candidates]
    seen: list[str] = []
    failed = False
    for methods in trusted:
        for method, result, properties in methods:
            if method not in {"spf", "dkim", "dmarc"}:
                continue
            seen.append(f"{method}={result}")
            if result in _FAILING:
                failed = True
            if result != "pass":
                continue
            if method == "dmarc" and _aligned(properties.get("header.from", sender_domain), sender_domain):
                return Verdict(PASS, f"dmarc=pass voor {sender_domain}")
            if method == "dkim" and _aligned(properties.get("header.d", ""), sender_domain):
                return Verdict(PASS, f"dkim=pass voor {sender_domain}")
            mail_from = properties.get("smtp.mailfrom", "").rpartition("@")[2]
            if method == "spf" and _aligned(mail_from, sender_domain):
                return Verdict(PASS, f"spf=pass voor {sender_domain}")
    if not trusted:
        return Verdict(NONE, "geen Authentication-Results van de eigen mailserver")
    summary = ", ".join(seen) or "geen SPF/DKIM/DMARC-uitslag"
    if failed:
        return Verdict(FAIL, f"Authentication-Results: {summary} (niet geslaagd voor {sender_domain})")
    return Verdict(NONE, f"Authentication-Results: {summary}")
