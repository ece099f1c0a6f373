import pytest
from django.core.management import call_command

from kcc.contacten.models import Contactmoment
from kcc.meeluisteren.models import Review
from kcc.rapportage import selectors
from kcc.rapportage.period import Period
from kcc.rapportage.tables import Context


@pytest.mark.django_db
def test_demo_fills_the_dashboard_and_is_idempotent(settings, tmp_path):
    settings.KCC_SHARED_DIR = str(tmp_path)
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    contacts = Contactmoment.objects.count()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Contactmoment.objects.count() == contacts > 200
    assert Review.objects.count() == 3
    first = Contactmoment.objects.order_by("started_at").first().started_at.date()
    context = Context(Period(first, Contactmoment.objects.order_by("-started_at").first().started_at.date()))
    fcr = selectors.report("eerstelijn", context)
    assert all(fcr.data["totaal"][key] > 0 for key in ("ja", "nee", "onbekend"))
    reach = selectors.report("bereikbaarheid", context)
    assert {row["eenheid"] for row in reach.data["rijen"]} >= {"publiek", "wijken"}
