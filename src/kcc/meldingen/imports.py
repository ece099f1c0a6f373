"""Import of category sets. ``signalen-csv``: the Signalen (Amsterdam) export with columns
``main_slug, main_name, sub_slug, sub_name, handling_code, slo_n_days, slo_day_type, is_active``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from kcc.core.models import OrganisationUnit
from kcc.meldingen.models import Category, DayType

SIGNALEN_COLUMNS = ("main_slug", "main_name", "sub_slug", "sub_name", "handling_code", "slo_n_days", "slo_day_type")
DAY_TYPES = {"werkdagen": DayType.WORKING, "kalenderdagen": DayType.CALENDAR}
TRUE = {"true", "1", "ja", "yes"}


@dataclass
class RowResult:
    line: int
    code: str
    outcome: str  # toegevoegd, bijgewerkt, ongewijzigd, afgewezen
    message: str = ""


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def ok(self) -> bool:
        return self.count("afgewezen") == 0


def _apply(code: str, values: dict) -> str:
    category = Category.objects.filter(code=code).first()
    if category is None:
        Category.objects.create(code=code, **values)
        return "toegevoegd"
    changed = [name for name, value in values.items() if getattr(category, name) != value]
    if not changed:
        return "ongewijzigd"
    for name in changed:
        setattr(category, name, values[name])
    category.save(update_fields=changed)
    return "bijgewerkt"


def import_signalen_csv(path: Path, *, unit: OrganisationUnit | None = None) -> ImportReport:
    """Load or update the categories; each row is its own transaction, so one bad row rejects only itself.

    Main categories get code ``signalen-<main_slug>`` and sub-categories ``signalen-<main>-<sub>``,
    so they never clash with other category sets. Terms and day types are kept as given.
    """
    report = ImportReport()
    with Path(path).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in SIGNALEN_COLUMNS if column not in (reader.fieldnames or [])]
        if missing:
            report.rows.append(RowResult(1, "", "afgewezen", f"kolommen ontbreken: {', '.join(missing)}"))
            return report
        for line, row in enumerate(reader, start=2):
            main_code = f"signalen-{row['main_slug'].strip()}"
            code = f"{main_code}-{row['sub_slug'].strip()}"
            try:
                days = int(row["slo_n_days"])
                if days < 0 or days > 365:
                    raise ValueError
            except (TypeError, ValueError):
                report.rows.append(RowResult(line, code, "afgewezen", f"ongeldige termijn ‘{row['slo_n_days']}’"))
                continue
            day_type = DAY_TYPES.get((row["slo_day_type"] or "").strip().lower())
            if day_type is None:
                report.rows.append(RowResult(line, code, "afgewezen", f"onbekende soort dagen ‘{row['slo_day_type']}’"))
                continue
            if not row["sub_slug"].strip() or not row["sub_name"].strip() or not row["main_name"].strip():
                report.rows.append(RowResult(line, code, "afgewezen", "naam of code ontbreekt"))
                continue
            with transaction.atomic():
                main = Category.objects.filter(code=main_code).first()
                if main is None:
                    main = Category.objects.create(
                        code=main_code,
                        name=row["main_name"].strip()[:200],
                        term_days=days,
                        term_day_type=day_type,
                        unit=unit,
                    )
                outcome = _apply(
                    code,
                    {
                        "parent": main,
                        "name": row["sub_name"].strip()[:200],
                        "handling_code": row["handling_code"].strip()[:30],
                        "term_days": days,
                        "term_day_type": day_type,
                        "is_active": (row.get("is_active") or "true").strip().lower() in TRUE,
                        **({"unit": unit} if unit is not None else {}),
                    },
                )
            report.rows.append(RowResult(line, code, outcome))
    return report
