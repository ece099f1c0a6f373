from django import template

from kcc.core.models import OrganisationUnit
from kcc.medewerkers.presence import WEEKDAY_NAMES

register = template.Library()


@register.filter
def policy_label(value: str) -> str:
    """``geen_doorverbinding`` → ‘Nooit doorverbinden, maak een terugbelverzoek’."""
    return OrganisationUnit.TransferPolicy(value).label


@register.filter
def schedule_rows(schedule: dict[str, list[str]]) -> list[tuple[str, bool, bool]]:
    """The weekly schedule as (day, morning, afternoon) rows for a table."""
    codes = ("ma", "di", "wo", "do", "vr", "za", "zo")
    return [
        (name, "ochtend" in schedule.get(code, []), "middag" in schedule.get(code, []))
        for code, name in zip(codes, WEEKDAY_NAMES, strict=True)
        if code in schedule or code not in ("za", "zo")
    ]
