"""Which norm applies, and the traffic light of a measured figure against it.

Defaults hold until the beheerder records a norm; a recorded norm applies from its
``valid_from`` on. For a period the norm in force on its last day counts (see models).
Light: ``groen`` when the norm is met, ``oranje`` when the figure misses it by at most
``KCC_NORM_TOLERANCE`` percentage points, ``rood`` otherwise; no light without data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from kcc.rapportage.models import NormKind, ServiceNorm

DEFAULTS: dict[str, Decimal] = {
    NormKind.FCR: Decimal(80),
    NormKind.CALLBACK_SHARE: Decimal(20),
    NormKind.CALLBACK_ON_TIME: Decimal(90),
    NormKind.REPLY_TERM: Decimal(2),
    NormKind.REPLY_ON_TIME: Decimal(90),
    NormKind.MELDING_ON_TIME: Decimal(90),
    NormKind.REACHABILITY: Decimal(80),
    NormKind.COMPLAINT_ON_TIME: Decimal(95),
    NormKind.ZERO_RESULTS: Decimal(10),
    NormKind.VAC_CONSULTED: Decimal(50),
    NormKind.SIGNALS_ANSWERED: Decimal(90),
    NormKind.SERVICE_LEVEL: Decimal(80),
    NormKind.SERVICE_LEVEL_SECONDS: Decimal(30),
}
LOWER_IS_BETTER = frozenset({NormKind.CALLBACK_SHARE, NormKind.ZERO_RESULTS})
GREEN, ORANGE, RED = "groen", "oranje", "rood"
LIGHT_LABELS = {GREEN: "norm gehaald", ORANGE: "net niet gehaald", RED: "norm niet gehaald", "": "geen gegevens"}


def tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "KCC_NORM_TOLERANCE", 5)))


def light(value: float | None, norm: Decimal | None, *, lower_is_better: bool = False) -> str:
    if value is None or norm is None:
        return ""
    measured = Decimal(str(round(value, 4)))
    gap = (measured - norm) if lower_is_better else (norm - measured)
    if gap <= 0:
        return GREEN
    return ORANGE if gap <= tolerance() else RED


class Norms:
    """The norms in force on ``day``, loaded in one query."""

    def __init__(self, day: date) -> None:
        self.day = day
        self._values: dict[tuple[str, str], Decimal] = {}
        for norm in ServiceNorm.objects.filter(valid_from__lte=day).order_by("kind", "scope", "valid_from"):
            self._values[(norm.kind, norm.scope)] = norm.value  # later rows overwrite earlier ones

    def value(self, kind: str, *scopes: str) -> Decimal:
        """The most specific norm: the first scope given that has one, else the general one, else the default."""
        for scope in (*scopes, ""):
            if (kind, scope) in self._values:
                return self._values[(kind, scope)]
        return DEFAULTS[kind]


@dataclass(frozen=True)
class Figure:
    """One measured figure with its norm and light (a percentage unless ``unit`` says otherwise)."""

    key: str
    label: str
    value: float | None
    norm: Decimal | None = None
    lower_is_better: bool = False
    unit: str = "%"

    @property
    def light(self) -> str:
        return light(self.value, self.norm, lower_is_better=self.lower_is_better)

    @property
    def light_label(self) -> str:
        return LIGHT_LABELS[self.light]

    @property
    def norm_text(self) -> str:
        if self.norm is None:
            return "—"
        return f"{'≤' if self.lower_is_better else '≥'} {format_number(float(self.norm))}{self.unit}"

    @property
    def value_text(self) -> str:
        return "—" if self.value is None else f"{format_number(self.value)}{self.unit}"

    def as_json(self) -> dict:
        return {
            "sleutel": self.key,
            "omschrijving": self.label,
            "waarde": None if self.value is None else round(self.value, 1),
            "norm": None if self.norm is None else float(self.norm),
            "lager_is_beter": self.lower_is_better,
            "licht": self.light,
        }


def format_number(value: float) -> str:
    """Dutch notation with at most one decimal: 82,5 / 80."""
    rounded = round(value, 1)
    text = f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"
    return text.replace(".", ",")


def percent(part: int, whole: int) -> float | None:
    return None if not whole else 100.0 * part / whole
