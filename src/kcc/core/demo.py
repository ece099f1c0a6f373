"""The core part of the demo municipality: the organisation tree and one user per role."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from kcc.accounts.selectors import roles_of
from kcc.accounts.services import set_roles
from kcc.core.models import ClosingDay, OrganisationUnit, User
from kcc.core.organisation import import_units_file
from kcc.core.roles import Role

DEMO_DIR = Path(__file__).parent / "data" / "demo"
# Passes the password rules (12+ characters, not common, not like the user name); see docs/security.md.
DEMO_PASSWORD = "kcc-demo-wachtwoord"

# username, first name, last name, role, unit code
DEMO_USERS = [
    ("kcc", "Kim", "de Vries", Role.AGENT, "kcc"),
    ("teamleider", "Tarik", "Bennani", Role.TEAMLEADER, "kcc"),
    ("backoffice", "Bram", "Jansen", Role.BACKOFFICE, "belastingen"),
    ("redacteur", "Roos", "van Dijk", Role.EDITOR, "kcc"),
    ("klachten", "Karin", "Smit", Role.COMPLAINT_COORDINATOR, "concernstaf"),
    ("beheer", "Bas", "Mulder", Role.ADMIN, "middelen"),
    ("privacy", "Priya", "Koster", Role.PRIVACY_OFFICER, "concernstaf"),
]


@transaction.atomic
def load() -> list[str]:
    report = import_units_file(DEMO_DIR / "organisatie.json")
    if not report.ok:
        raise RuntimeError(f"Demo organisation rejected: {report.rejected}")
    for username, first, last, role, unit_code in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@demodam.nl",
                "unit": OrganisationUnit.objects.get(code=unit_code),
            },
        )
        if created:
            validate_password(DEMO_PASSWORD, user)
            user.set_password(DEMO_PASSWORD)
            user.save()
        # Through the role service like every role change (audited; staff status follows Beheerder).
        set_roles(actor=None, user=user, roles=roles_of(user) | {role.value}, via="demo")
    coordinator = User.objects.get(username="backoffice")
    OrganisationUnit.objects.filter(code="belastingen").update(coordinator=coordinator)
    ClosingDay.objects.get_or_create(date=_friday_after_ascension(), defaults={"description": "Vrijdag na Hemelvaart"})
    return [
        f"{len(report.added)} eenheden toegevoegd, {len(report.updated)} bijgewerkt",
        f"{len(DEMO_USERS)} gebruikers",
    ]


def _friday_after_ascension():
    import holidays

    from kcc.core.calendar import today

    year = today().year
    for day, name in holidays.country_holidays("NL", years=year, language="en_US").items():
        if "Ascension" in name:
            return day.fromordinal(day.toordinal() + 1)
    raise RuntimeError("No Ascension Day found")
