"""Adapter to the complaint recognition of the klachten module, which this app does not require.

When ``kcc.klachten`` is not installed the adapter recognises nothing; a herhaalmelding still
gets the complaint-procedure offer from :mod:`kcc.meldingen.services` itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from importlib import import_module
from typing import Any


@dataclass(frozen=True)
class ComplaintOffer:
    """Why the reporter (or the agent) should be offered the complaint procedure."""

    reasons: list[str] = field(default_factory=list)
    score: float | None = None


def recognise(text: str, facts: dict[str, Any]) -> ComplaintOffer | None:
    """``facts`` uses the klachten module's names, e.g. ``{"repeat_report": True}``."""
    try:
        module = import_module("kcc.klachten.recognition")
    except ModuleNotFoundError as error:
        if error.name not in ("kcc.klachten", "kcc.klachten.recognition"):
            raise
        return None
    facts_type = getattr(module, "Facts", None)
    if is_dataclass(facts_type):  # the module takes its own Facts; pass the keys it knows
        known = {item.name for item in fields(facts_type)}
        facts = facts_type(**{key: value for key, value in facts.items() if key in known})
    result = module.recognise(text, facts)
    if not result.offer:
        return None
    return ComplaintOffer(reasons=list(result.reasons), score=result.score)
