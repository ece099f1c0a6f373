"""The public form, the agent's booking during a call and the API: same rules, same Dutch errors."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kcc.afspraken import services
from kcc.afspraken.models import Appointment
from kcc.afspraken.tests.conftest import at, next_weekday_holiday, next_working_day
from kcc.contacten import services as contact_services
from kcc.core.roles import Role


def _form(day, hour=10, minute=0, **extra):
    return {
        "product": "rijbewijs",
        "intake_leeftijd": "45",
        "intake_medisch": "nee",
        "location": "stadhuis",
        "datum": day.isoformat(),
        "stap": "boeken",
        "tijd": at(day, hour, minute).isoformat(),
        "name": "Fatima el Amrani",
        "email": "fatima@example.nl",
        **extra,
    }


def test_the_public_flow_shows_intake_then_times_then_books(client, types, stadhuis):
    day = next_working_day()
    start = client.get("/afspraak/")
    assert start.status_code == 200 and "Rijbewijs verlengen" in start.content.decode()
    intake = client.get("/afspraak/", {"product": "rijbewijs"}).content.decode()
    assert "Wat is uw leeftijd?" in intake and "Hebt u een medische keuring" in intake
    times = client.get(
        "/afspraak/",
        {
            "product": "rijbewijs",
            "intake_leeftijd": "75",
            "location": "stadhuis",
            "datum": day.isoformat(),
            "stap": "tijden",
        },
    )
    body = times.content.decode()
    assert "Rijbewijs aanvragen met gezondheidsverklaring (30 minuten)" in body and at(day, 11, 30).isoformat() in body
    response = client.post("/afspraak/", _form(day, intake_leeftijd="75"))
    appointment = Appointment.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/afspraak/{appointment.number}/{appointment.token}/"
    )
    assert appointment.appointment_type == types["senior"] and appointment.channel == "web"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("past", "al voorbij"),
        ("closed", "balie gesloten"),
        ("holiday", "Dan zijn wij gesloten"),
        ("unknown product", "kennen wij niet"),
        ("no email", "Vul uw e-mailadres in"),
    ],
)
def test_bad_input_on_the_web_form_books_nothing(client, types, stadhuis, case, message):
    day = next_working_day()
    data = {
        "past": lambda: _form(timezone.localdate() - timedelta(days=1)),
        "closed": lambda: _form(day, 17),
        "holiday": lambda: _form(next_weekday_holiday()),
        "unknown product": lambda: _form(day, product="vliegbrevet"),
        "no email": lambda: _form(day, email=""),
    }[case]()
    response = client.post("/afspraak/", data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_change_and_cancel_link(client, types, rijbewijs, stadhuis):
    day = next_working_day()
    appointment = services.book(
        product=rijbewijs,
        location=stadhuis,
        starts_at=at(day, 10),
        booker=services.Booker("Piet", "piet@example.nl"),
        answers={"leeftijd": "30"},
    )
    url = reverse("afspraak:manage", args=[appointment.number, appointment.token])
    assert client.get(reverse("afspraak:manage", args=[appointment.number, "verkeerd"])).status_code == 404
    page = client.get(url, {"datum": day.isoformat()})
    assert page.status_code == 200 and at(day, 11).isoformat() in page.content.decode()
    moved = client.post(url, {"actie": "verzetten", "tijd": at(day, 8).isoformat()})
    assert moved.status_code == 400 and "balie gesloten" in moved.content.decode()
    assert client.post(url, {"actie": "verzetten", "tijd": at(day, 11).isoformat()}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.starts_at == at(day, 11)
    assert client.post(url, {"actie": "annuleren"}).status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "geannuleerd"
    assert "Geannuleerd" in client.get(url).content.decode()


def test_the_public_form_is_rate_limited(client, types, stadhuis, settings, one_rate_window):
    settings.KCC_AFSPRAKEN_PUBLIC_PER_MINUTE = 2
    day = next_working_day()
    for minute in (0, 15):
        assert client.post("/afspraak/", _form(day, 10, minute)).status_code == 302
    limited = client.post("/afspraak/", _form(day, 10, 30))
    assert limited.status_code == 429 and Appointment.objects.count() == 2


def test_the_agent_books_during_a_call_linked_to_the_contact(client, agent, types, stadhuis):
    contact = contact_services.register_contact(
        {
            "kanaal": "telefoon",
            "start": timezone.now().isoformat(),
            "telefoonnummer": "06-12345678",
            "vragen": [{"vraagsoort": "afspraak", "afhandeling": "afspraak_gemaakt"}],
        },
        agent=agent,
    )
    client.force_login(agent)
    day = next_working_day()
    form = client.get(reverse("afspraken:book"), {"contact": contact.pk, "product": "rijbewijs"})
    assert form.status_code == 200 and f"Voor contact {contact.pk}" in form.content.decode()
    response = client.post(reverse("afspraken:book"), _form(day, email="", contact=contact.pk, phone="06-12345678"))
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert (appointment.origin_type, appointment.origin_id) == ("contacten.contactmoment", str(contact.pk))
    assert appointment.channel == "medewerker" and appointment.booked_by == agent


def test_the_api_books_with_the_same_rules(client, agent, types, stadhuis, django_assert_max_num_queries):
    client.force_login(agent)
    day = next_working_day()
    payload = {
        "product": "rijbewijs",
        "locatie": "stadhuis",
        "begin": at(day, 9).isoformat(),
        "naam": "Kees",
        "antwoorden": {"leeftijd": "80"},
    }
    created = client.post("/api/v1/afspraken", payload, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert (
        created.json()["soort"] == "Rijbewijs aanvragen met gezondheidsverklaring" and created.json()["kanaal"] == "api"
    )
    for body, field, message in [
        ({**payload, "begin": at(timezone.localdate() - timedelta(days=2), 10).isoformat()}, "begin", "al voorbij"),
        ({**payload, "begin": at(day, 13).isoformat()}, "begin", "balie gesloten"),
        ({**payload, "begin": at(next_weekday_holiday(), 10).isoformat()}, "begin", "Dan zijn wij gesloten"),
        ({**payload, "product": "bestaat-niet"}, "product", "kennen wij niet"),
        ({**payload, "locatie": "maan"}, "locatie", "Kies een locatie"),
    ]:
        response = client.post("/api/v1/afspraken", body, content_type="application/json")
        assert response.status_code == 400 and message in " ".join(response.json()[field]), response.json()
    assert Appointment.objects.count() == 1
    for hour in (9, 11):  # the second desk at 09:00 too: 09:00 and 09:15 are full (30-minute appointments)
        client.post(
            "/api/v1/afspraken", {**payload, "begin": at(day, hour).isoformat()}, content_type="application/json"
        )
    with django_assert_max_num_queries(8):
        listing = client.get("/api/v1/afspraken").json()
    assert listing["count"] == 3
    slots = client.get(
        "/api/v1/afspraken/tijden", {"product": "rijbewijs", "locatie": "stadhuis", "datum": day.isoformat()}
    ).json()
    assert slots["duur_minuten"] == 15 and len(slots["tijden"]) == 10
    assert at(day, 9).isoformat() not in slots["tijden"] and at(day, 9, 30).isoformat() in slots["tijden"]
    number = created.json()["nummer"]
    assert client.post(f"/api/v1/afspraken/{number}/annuleren").json()["status"] == "geannuleerd"


def test_roles(client, make_user, types, stadhuis):
    assert client.get("/api/v1/afspraken").status_code in (401, 403)
    assert client.get(reverse("afspraken:list")).status_code == 302  # log in first
    client.force_login(make_user(Role.EDITOR))
    assert client.get("/api/v1/afspraken").status_code == 403
    client.force_login(make_user(Role.BACKOFFICE))
    assert client.get("/api/v1/afspraken").status_code == 200
    assert client.post("/api/v1/afspraken", {}, content_type="application/json").status_code == 403
