"""The IVR menu: JSON for the phone system (open, outside hours, public holiday, closing day, an
option with its own hours), its token, bad input, the admin, the preview page and the demo."""

from __future__ import annotations

from datetime import date, time

import pytest
from rest_framework.test import APIClient

from kcc.core.calendar import holiday_name
from kcc.core.models import ClosingDay
from kcc.core.roles import Role
from kcc.telefonie import demo, services
from kcc.telefonie.models import IvrMenu, IvrOpeningHours, IvrOption, QueueCall

pytestmark = pytest.mark.django_db
URL = "/api/v1/telefonie/ivr/"


@pytest.fixture
def menu(db) -> IvrMenu:
    menu = IvrMenu.objects.create(number="14 020", welcome_text="Welkom bij de gemeente.",
                                  closed_text="Wij zijn gesloten.",
                                  closing_day_text="Vandaag zijn wij gesloten.")  # fmt: skip
    for weekday in range(5):
        IvrOpeningHours.objects.create(menu=menu, weekday=weekday, opens=time(8, 30), closes=time(17))
    IvrOption.objects.create(menu=menu, key="1", text="Voor paspoorten, toets 1.", queue="Burgerzaken")
    IvrOption.objects.create(menu=menu, key="2", text="Voor belastingen, toets 2.", queue="Belastingen",
                             opens=time(9), closes=time(12, 30))  # fmt: skip
    return menu


@pytest.fixture
def phone(db) -> APIClient:
    _system, token = services.create_token("Centrale")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def ask(phone: APIClient, moment: str, **params: str) -> dict:
    response = phone.get(URL, {"tijdstip": moment, **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_open_on_a_working_day_with_an_option_that_has_its_own_hours(phone, menu):
    body = ask(phone, "2026-03-10T10:00:00+01:00")  # Tuesday
    assert body["open"] is True and body["reden_gesloten"] is None and body["open_vanaf"] is None
    assert body["nummer"] == "14 020" and body["welkomsttekst"] == "Welkom bij de gemeente."
    assert body["gesloten_tekst"] == "Wij zijn gesloten."
    assert body["keuzes"] == [
        {"toets": "1", "tekst": "Voor paspoorten, toets 1.", "lijn": "Burgerzaken", "open": True, "van": None,
         "tot": None},
        {"toets": "2", "tekst": "Voor belastingen, toets 2.", "lijn": "Belastingen", "open": True, "van": "09:00",
         "tot": "12:30"},
    ]  # fmt: skip
    assert body["openingstijden"][0] == {"dag": "maandag", "van": "08:30", "tot": "17:00"}
    afternoon = ask(phone, "2026-03-10T14:00:00")  # no time zone: local time
    assert afternoon["open"] is True and [o["open"] for o in afternoon["keuzes"]] == [True, False]
    assert afternoon["tijdstip"] == "2026-03-10T14:00:00+01:00"


def test_closed_outside_hours_on_a_public_holiday_and_on_a_closing_day(phone, menu):
    evening = ask(phone, "2026-03-10T17:00:00+01:00")  # closes at 17:00 (until, not through)
    assert (evening["open"], evening["reden_gesloten"]) == (False, "buiten_openingstijden")
    assert evening["gesloten_tekst"] == "Wij zijn gesloten." and evening["open_vanaf"] == "2026-03-11T08:30:00+01:00"
    assert [option["open"] for option in evening["keuzes"]] == [False, False]
    weekend = ask(phone, "2026-03-14T10:00:00+01:00")  # Saturday: no hours
    assert weekend["reden_gesloten"] == "buiten_openingstijden" and weekend["open_vanaf"] == "2026-03-16T08:30:00+01:00"
    kingsday = ask(phone, "2026-04-27T10:00:00+02:00")  # Monday, Koningsdag
    assert (kingsday["open"], kingsday["reden_gesloten"], kingsday["omschrijving_gesloten"]) == (
        False, "feestdag", holiday_name(date(2026, 4, 27)))  # fmt: skip
    assert kingsday["gesloten_tekst"] == "Vandaag zijn wij gesloten."
    assert kingsday["open_vanaf"] == "2026-04-28T08:30:00+02:00"
    ClosingDay.objects.create(date=date(2026, 5, 15), description="Vrijdag na Hemelvaart")
    bridge = ask(phone, "2026-05-15T09:00:00+02:00")
    assert (bridge["reden_gesloten"], bridge["omschrijving_gesloten"]) == ("sluitingsdag", "Vrijdag na Hemelvaart")
    assert bridge["open_vanaf"] == "2026-05-18T08:30:00+02:00"  # past the weekend
    menu.closing_day_text = ""
    menu.save()
    assert ask(phone, "2026-05-15T09:00:00+02:00")["gesloten_tekst"] == "Wij zijn gesloten."


def test_only_the_phone_system_token_reads_it_and_bad_input_is_refused(client, phone, menu, make_user):
    assert APIClient().get(URL).status_code == 401
    wrong = APIClient()
    wrong.credentials(HTTP_AUTHORIZATION="Token niet-goed")
    assert wrong.get(URL).status_code == 401
    client.force_login(make_user(Role.TEAMLEADER))
    assert client.get(URL).status_code == 401  # a person's session is not a phone system
    response = phone.get(URL, {"tijdstip": "morgen om tien"})
    assert response.status_code == 400 and "geen tijdstip" in response.json()["tijdstip"][0]
    assert phone.get(URL, {"tijdstip": "2026-02-30T10:00:00"}).status_code == 400
    response = phone.get(URL, {"tijdstip": "0366-10-10T08:30:00"})  # found by schemathesis: local mean time
    assert response.status_code == 400 and "tussen 2000 en 2099" in response.json()["tijdstip"][0]
    response = phone.get(URL, {"nummer": "0800-1234"})
    assert response.status_code == 400 and "geen actief keuzemenu" in response.json()["nummer"][0]
    assert phone.get(URL, {"nummer": "14020"}).status_code == 200  # spaces do not matter
    IvrMenu.objects.create(number="14 021", welcome_text="x", closed_text="y")
    response = phone.get(URL)
    assert response.status_code == 400 and "meerdere actieve keuzemenu's" in response.json()["nummer"][0]
    assert phone.get(URL, {"nummer": "14 021"}).json()["open"] is False  # no hours at all
    IvrMenu.objects.all().delete()
    assert "nog geen actief keuzemenu" in phone.get(URL).json()["nummer"][0]


def test_the_schema_documents_the_endpoint(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/telefonie/ivr/" in text and "gesloten_tekst" in text and "reden_gesloten" in text


def test_the_beheerder_edits_the_menu_in_the_admin_and_bad_values_are_explained(client, make_user, menu):
    beheerder = make_user(Role.ADMIN, username="bh", is_staff=True)
    client.force_login(beheerder)
    url = f"/beheer/telefonie/ivrmenu/{menu.pk}/change/"
    assert client.get(url).status_code == 200
    form = {"number": "14 020", "name": "Hoofdmenu", "is_active": "on", "welcome_text": "Welkom.",
            "closed_text": "Gesloten.", "closing_day_text": "",
            "options-TOTAL_FORMS": "1", "options-INITIAL_FORMS": "0",
            "options-0-key": "x", "options-0-text": "Toets x.", "options-0-queue": "Algemeen",
            "opening_hours-TOTAL_FORMS": "1", "opening_hours-INITIAL_FORMS": "0", "opening_hours-0-weekday": "5",
            "opening_hours-0-opens": "12:00", "opening_hours-0-closes": "10:00"}  # fmt: skip
    response = client.post(url, form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Een toets is 0–9, * of #." in html and "De sluitingstijd moet na de openingstijd liggen." in html
    assert menu.options.count() == 2 and menu.opening_hours.count() == 5
    form.update({"options-0-key": "9", "opening_hours-0-closes": "13:00"})
    assert client.post(url, form).status_code == 302
    assert menu.options.filter(key="9").exists() and menu.opening_hours.filter(weekday=5).exists()


def test_the_preview_page_for_the_teamleader_not_for_the_agent(client, make_user, agent, menu):
    client.force_login(agent)
    assert client.get("/telefonie/ivr/").status_code == 403
    client.force_login(make_user(Role.TEAMLEADER, username="tl"))
    html = client.get("/telefonie/ivr/").content.decode()
    assert "14 020" in html and "Voor belastingen, toets 2." in html and "09:00–12:30" in html


def test_demo_makes_the_menu_and_queue_history_once():
    lines = demo.load()
    assert "keuzemenu van 14 020" in lines[0] and "gesprekken in de wachtrijen" in lines[1]
    calls = QueueCall.objects.count()
    assert calls > 2000 and IvrMenu.objects.get().options.count() == 4
    assert demo.load() == ["keuzemenu van 14 020 is al aanwezig", "wachtrijgegevens zijn al aanwezig"]
    assert QueueCall.objects.count() == calls
    assert set(QueueCall.objects.values_list("queue", flat=True)) == set(demo.LINES)


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_generated_requests_get_documented_answers(menu, wsgi_keeps_connection, mode):
    import schemathesis
    from django.core.wsgi import get_wsgi_application
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode
    from schemathesis.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

    # A generated number or moment may rightly be refused (400, documented): no positive acceptance.
    excluded = [positive_data_acceptance, ignored_auth]
    if mode == "negative":
        excluded.append(negative_data_rejection)
    headers = {"Authorization": f"Token {services.create_token('Schema')[1]}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application()).include(
        path_regex=r"^/api/v1/telefonie/ivr/"
    )
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 1

    @given(case=operations[0].as_strategy(GenerationMode(mode)))
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case) -> None:
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()
