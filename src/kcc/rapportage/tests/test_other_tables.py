"""Callbacks, meldingen, klachten, kennisbank and signalen on hand-made data with known answers."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kcc.contacten.models import Callback, Signal
from kcc.core.models import Task
from kcc.kennisbank.models import Feedback, SearchLog
from kcc.klachten.models import Complaint
from kcc.meldingen.models import Category, DelayReason, Melding
from kcc.rapportage import selectors
from kcc.rapportage.period import Period
from kcc.rapportage.services import rebuild_aggregates
from kcc.rapportage.tables import Context
from kcc.rapportage.tests.conftest import q

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
MAY = Period(date(2026, 5, 1), date(2026, 5, 31))
TODAY = date(2026, 6, 15)


def local(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMS)


def compute(key: str, **context) -> dict:
    return selectors.report(key, Context(MAY, today=TODAY, **context))


def test_callbacks_share_on_time_and_overdue(tree, add_contact):
    contacts = [add_contact("2026-05-04T10:00:00+02:00", [q("algemene_vraag", "terugbelverzoek", "belastingen")])
                for _ in range(3)]  # fmt: skip
    add_contact("2026-05-05T10:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord")])
    base = {"question_text": "Vraag", "callback_phone": "0612345678", "unit": tree["belastingen"]}
    # closed on the deadline day just before midnight local time: on time
    Callback.objects.create(contact=contacts[0], reason="kennis_nodig", deadline=date(2026, 5, 6), status="afgehandeld",
                            closed_at=datetime(2026, 5, 6, 23, 30, tzinfo=AMS), **base)  # fmt: skip
    Callback.objects.create(contact=contacts[1], reason="persoon_afwezig", deadline=date(2026, 5, 6),
                            status="niet_gelukt", closed_at=datetime(2026, 5, 7, 0, 30, tzinfo=AMS),
                            **base)  # fmt: skip
    overdue = Callback.objects.create(contact=contacts[2], reason="kennis_nodig", deadline=date(2026, 5, 8), **base)
    report = compute("terugbelverzoeken")
    data = report.data
    assert (data["contacten"], data["contacten_met_terugbelverzoek"], data["aantal"]) == (4, 3, 3)
    assert (data["op_tijd"], data["te_laat"], data["open_binnen_termijn"], data["open_te_laat"]) == (1, 1, 0, 1)
    assert data["rijen"][0]["redenen"]["kennis_nodig"] == 2
    share, on_time = report.figures
    assert share.value == 75.0 and share.light == "rood"  # max 20%
    assert round(on_time.value, 1) == 33.3
    overdue_grid = report.grids[2]
    assert [row[0].value for row in overdue_grid.rows] == [f"T-{overdue.pk}"]
    # a unit's view: its contacts (with a question for its subtree), each counted once
    add_contact("2026-05-05T11:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord", "belastingen"),
                                              q("algemene_vraag", "zelf_beantwoord", "invordering")])  # fmt: skip
    publiek = compute("terugbelverzoeken", unit=tree["publiek"]).data
    assert (publiek["contacten"], publiek["contacten_met_terugbelverzoek"], publiek["aantal"]) == (4, 3, 3)
    wijken = compute("terugbelverzoeken", unit=tree["wijken"]).data
    assert (wijken["contacten"], wijken["contacten_met_terugbelverzoek"], wijken["aantal"]) == (0, 0, 0)


@pytest.fixture
def categories(tree):
    main = Category.objects.create(code="afval", name="Afval", term_days=5)
    sub = Category.objects.create(code="afval-container", name="Container vol", parent=main, term_days=5)
    other = Category.objects.create(code="verlichting", name="Verlichting", term_days=3, term_day_type="kalenderdagen")
    return main, sub, other


def _melding(number: str, category: Category, created: datetime, **fields) -> Melding:
    defaults = {"token": number, "description": "x", "channel": "web", "term_days": category.term_days,
                "term_day_type": category.term_day_type, "term_start": created.date(),
                "updated_at": created}  # fmt: skip
    return Melding.objects.create(number=number, category=category, created_at=created, **{**defaults, **fields})


def test_meldingen_within_term_per_main_category(categories):
    _main, sub, other = categories
    late = DelayReason.objects.create(code="drukte", label="Te veel werk")
    start = local(date(2026, 5, 4))  # Monday; 5 working days → deadline Monday 11 May
    _melding("M-1", sub, start, status="opgelost", closed_at=datetime(2026, 5, 11, 23, 0, tzinfo=AMS))
    _melding("M-2", sub, start, status="opgelost", closed_at=local(date(2026, 5, 12)), delay_reason=late)
    _melding("M-3", sub, start, status="doorgezet", is_repeat=True)  # open, long overdue on 15 June
    _melding("M-4", sub, start, status="geannuleerd", closed_at=local(date(2026, 5, 20)))
    _melding("M-5", other, local(date(2026, 5, 30)), status="in_behandeling")  # deadline 2 June: overdue
    _melding("M-6", other, local(date(2026, 6, 1)), status="gemeld")  # outside the period
    report = compute("meldingen")
    rows = {row["hoofd_code"]: row for row in report.data["rijen"]}
    assert rows["afval"] == {"hoofd_code": "afval", "hoofd": "Afval", "aantal": 4, "afgesloten": 2 + 1,
                             "binnen_termijn": 1, "buiten_termijn": 1, "open_te_laat": 1,
                             "herhaalmeldingen": 1}  # fmt: skip
    assert rows["verlichting"]["aantal"] == 1 and rows["verlichting"]["open_te_laat"] == 1
    assert report.data["redenen_overschrijding"] == [{"reden": "Te veel werk", "aantal": 1}]
    assert report.figures[0].value == 50.0


def test_complaints_terms_channels_and_offer_share(tree, add_contact):
    common = {"form": "schriftelijk", "description": "x", "subject_unit": tree["belastingen"]}
    Complaint.objects.create(number="K-1", channel="email", received_on=date(2026, 5, 2), status="afgehandeld",
                             judgment="gegrond", closed_on=date(2026, 6, 1), deadline_on_close=date(2026, 6, 15),
                             **common)  # fmt: skip
    Complaint.objects.create(number="K-2", channel="telefoon", received_on=date(2026, 5, 3), status="afgehandeld",
                             judgment="ongegrond", closed_on=date(2026, 6, 20), deadline_on_close=date(2026, 6, 15),
                             **common)  # fmt: skip
    Complaint.objects.create(number="K-3", channel="email", received_on=date(2026, 4, 20), **common)  # received before
    Complaint.objects.create(number="K-4", channel="web", received_on=date(2026, 5, 31), form="mondeling",
                             description="x")  # open, term ends 12 July  # fmt: skip
    add_contact("2026-05-04T10:00:00+02:00", [q("klacht", "klacht_geregistreerd", klachtprocedure="aangeboden"),
                                              q("algemene_vraag", "zelf_beantwoord")])  # fmt: skip
    report = compute("klachten")
    data = report.data
    assert data["aantal"] == 3
    assert data["kanalen"]["email"] == 1 and data["kanalen"]["telefoon"] == 1 and data["kanalen"]["web"] == 1
    assert data["oordelen"]["gegrond"] == 1 and data["oordelen"]["ongegrond"] == 1
    assert (data["binnen_termijn"], data["buiten_termijn"], data["open_na_termijn"]) == (1, 1, 0)
    assert report.figures[0].value == 50.0
    assert compute("klachten", unit=tree["wijken"]).data["aantal"] == 0


def test_kennisbank_searches_gaps_feedback_and_vac_share(tree, add_contact, agent):
    for query, results, day in (("paspoort", 3, 5), ("hondenbelasting", 0, 6), ("hondenbelasting", 0, 7),
                                ("afvalpas", 0, 8), ("rijbewijs", 2, 40)):  # fmt: skip
        log = SearchLog.objects.create(channel="agent", query=query, normalised_query=query, result_count=results)
        SearchLog.objects.filter(pk=log.pk).update(created_at=local(date(2026, 4, 30) + timedelta(days=day)))
    rebuild_aggregates()  # the search times were moved by an update, which no aggregate follows
    task_open = Task.objects.create(kind="feedback", title="x", deadline=date(2026, 5, 20))
    task_done = Task.objects.create(kind="feedback", title="y", deadline=date(2026, 5, 20), status="afgehandeld")
    for task in (task_open, task_done):
        feedback = Feedback.objects.create(kind="onjuist", task=task, given_by=agent)
        Feedback.objects.filter(pk=feedback.pk).update(created_at=local(date(2026, 5, 10)))
    add_contact("2026-05-04T10:00:00+02:00", [q("algemene_vraag", "zelf_beantwoord")])
    report = compute("kennisbank")
    data = report.data
    assert (data["zoekvragen"], data["zonder_resultaat"]) == (4, 3)
    assert data["ontbrekende_inhoud"][0] == {"zoekvraag": "hondenbelasting", "aantal": 2}
    assert (data["feedback"], data["feedback_afgehandeld"]) == (2, 1)
    assert (data["algemene_vragen"], data["algemene_vragen_met_vac"]) == (1, 0)
    zero = report.figures[0]
    assert zero.value == 75.0 and zero.light == "rood"


def test_signals_per_owner(tree, agent):
    for owner, status in ((tree["belastingen"], "open"), (tree["belastingen"], "beantwoord"), (None, "open")):
        signal = Signal.objects.create(kind="website", description="x", owner_unit=owner, status=status,
                                       reported_by=agent)  # fmt: skip
        Signal.objects.filter(pk=signal.pk).update(created_at=local(date(2026, 5, 3)))
    rows = {row["naam"]: row for row in compute("signalen").data["rijen"]}
    assert rows["Belastingen"]["open"] == 1 and rows["Belastingen"]["beantwoord"] == 1
    assert rows["Teamleider KCC"]["totaal"] == 1
