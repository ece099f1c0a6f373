"""Suspensions and registering zaken in the back office, the API, the klantbeeld and the public page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kcc.core.models import OrganisationUnit
from kcc.core.roles import Role
from kcc.producten.terms import decision_deadline
from kcc.zaken import services
from kcc.zaken.models import Suspension, Zaak


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def handler(make_user, zaaktype):
    return make_user(Role.BACKOFFICE, unit=zaaktype.product.unit)


@pytest.fixture
def zaak(zaaktype, handler, today):
    return services.create_zaak(
        zaaktype=zaaktype, start_date=today - timedelta(days=20), actor=handler, phone="06-12345678"
    )


def test_the_back_office_suspends_and_resumes_on_the_zaak_page(client, handler, zaak, today):
    client.force_login(handler)
    detail = reverse("zaken:detail", args=[zaak.number])
    assert "Termijn opschorten" in client.get(detail).content.decode()
    refused = client.post(
        reverse("zaken:suspend", args=[zaak.number]), {"reason": "aanvulling", "start_date": today.isoformat()}
    )
    assert refused.status_code == 400 and "zonder termijn staat de beslistermijn niet stil" in refused.content.decode()
    requested = today - timedelta(days=2)
    response = client.post(
        reverse("zaken:suspend", args=[zaak.number]),
        {
            "reason": "aanvulling",
            "start_date": requested.isoformat(),
            "until": (today + timedelta(days=12)).isoformat(),
        },
    )
    assert response.status_code == 302
    body = client.get(detail).content.decode()
    assert "De termijn staat stil sinds" in body and "omdat wij u om aanvullende gegevens hebben gevraagd" in body
    assert "Opschorting beëindigen" in body and "Termijn opschorten" not in body
    bad_end = client.post(
        reverse("zaken:end-suspension", args=[zaak.number]), {"end_date": (today + timedelta(days=1)).isoformat()}
    )
    assert bad_end.status_code == 400 and "niet in de toekomst eindigen" in bad_end.content.decode()
    assert client.post(reverse("zaken:end-suspension", args=[zaak.number]), {"end_date": today}).status_code == 302
    zaak = Zaak.objects.get(pk=zaak.pk)
    assert zaak.deadline == decision_deadline(zaak.start_date + timedelta(days=2), zaak.zaaktype.product)


def test_only_users_who_may_change_zaken_suspend_them(client, agent, make_user, zaak, today):
    client.force_login(agent)  # the KCC reads every zaak but changes none
    body = client.get(reverse("zaken:detail", args=[zaak.number])).content.decode()
    assert "Termijn opschorten" not in body
    form = {"reason": "overmacht", "start_date": today.isoformat()}
    assert client.post(reverse("zaken:suspend", args=[zaak.number]), form).status_code == 403
    elsewhere = OrganisationUnit.objects.create(code="belastingen", name="Belastingen", kind="sector")
    client.force_login(make_user(Role.BACKOFFICE, unit=elsewhere))
    assert client.post(reverse("zaken:suspend", args=[zaak.number]), form).status_code == 404
    assert not Suspension.objects.exists()


def test_the_public_page_and_the_klantbeeld_say_why_the_term_stands_still(client, agent, handler, zaak, today):
    requested = today - timedelta(days=1)
    services.suspend_term(
        zaak, reason="aanvulling", start_date=requested, until=today + timedelta(days=13), actor=handler
    )
    public = client.get(reverse("zaak-status:status", args=[zaak.number, zaak.token])).content.decode()
    day = f"{requested.day} "
    assert "De termijn staat stil sinds " + day in public
    assert "omdat wij u om aanvullende gegevens hebben gevraagd." in public
    assert "Wij beslissen uiterlijk op" not in public and 'data-testid="deadline"' not in public
    client.force_login(agent)
    klantbeeld = client.get(reverse("contacten:klantbeeld"), {"phone": "06-12345678"}).content.decode()
    assert "termijn staat stil sinds " + day in klantbeeld and "art. 4:15 lid 1 onder a Awb" in klantbeeld
    services.end_suspension(zaak, end_date=today, actor=handler)
    public = client.get(reverse("zaak-status:status", args=[zaak.number, zaak.token])).content.decode()
    assert 'data-testid="suspension"' not in public and "Wij beslissen uiterlijk op" in public
    assert "De termijn loopt weer." in public  # the history text for the applicant


def test_the_api_suspends_ends_and_shows_suspensions(client, handler, zaak, today):
    client.force_login(handler)

    def act(body):
        return client.post(f"/api/v1/zaken/{zaak.number}/acties", body, content_type="application/json")

    assert act({"actie": "opschorten"}).json() == {"opschorting_reden": ["Kies de grond voor de opschorting."]}
    assert act({"actie": "opschorten", "opschorting_reden": "instemming"}).json() == {
        "gestelde_termijn": ["Geef aan tot en met wanneer de aanvrager schriftelijk met uitstel heeft ingestemd."]
    }
    future = act({"actie": "opschorten", "opschorting_reden": "overmacht", "datum": str(today + timedelta(days=1))})
    assert future.status_code == 400 and "datum" in future.json()
    started = act({"actie": "opschorten", "opschorting_reden": "overmacht", "datum": str(today - timedelta(days=3))})
    assert started.status_code == 200, started.json()
    data = started.json()
    assert data["opgeschort"] is True and data["opschortingen"][0]["reden"] == "overmacht"
    assert data["opschortingen"][0]["dagen"] == 3 and data["opschortingen"][0]["einddatum"] is None
    detail = client.get(f"/api/v1/zaken/{zaak.number}").json()
    assert detail["opgeschort"] and detail["opgeschort_sinds"] == str(today - timedelta(days=3))
    again = act({"actie": "opschorten", "opschorting_reden": "overmacht"})
    assert again.status_code == 400 and "Beëindig die opschorting eerst" in again.json()["datum"][0]
    ended = act({"actie": "opschorting_beeindigen", "datum": str(today - timedelta(days=1))}).json()
    assert ended["opgeschort"] is False and ended["opschortingen"][0]["dagen"] == 2
    expected = decision_deadline(zaak.start_date + timedelta(days=2), zaak.zaaktype.product)
    assert ended["uiterste_datum"] == str(expected)
    assert act({"actie": "opschorting_beeindigen"}).json() == {"datum": ["De termijn van deze zaak staat niet stil."]}


def test_a_zaaksysteem_shows_only_what_it_gives(zgw, client, agent):
    zgw.add_zaak(
        bsn="111222333",
        identificatie="ZAAK-2026-0010",
        zaaktype="Omgevingsvergunning",
        startdatum="2026-09-01",
        uiterlijk="2026-10-27",
        statussen=[("2026-09-01T09:00:00Z", "Ontvangen")],
        opschorting="Wacht op aanvullende tekeningen",
    )
    client.force_login(agent)
    info = client.get("/api/v1/zaken/ZAAK-2026-0010").json()
    assert info["opgeschort"] and info["opschorting_reden"] == "Wacht op aanvullende tekeningen"
    assert info["opgeschort_sinds"] is None and not zgw.errors
    page = client.get(reverse("zaken:search"), {"nummer": "ZAAK-2026-0010"}).content.decode()
    assert "termijn staat stil (Wacht op aanvullende tekeningen)" in page
    assert "doet de behandelaar in het zaaksysteem" in page


# --- registering a zaak in the back office ----------------------------------------------------------


def test_the_back_office_registers_a_zaak_with_the_form(client, handler, zaaktype, today):
    client.force_login(handler)
    assert reverse("zaken:create") in client.get(reverse("zaken:list")).content.decode()
    form = client.get(reverse("zaken:create")).content.decode()
    assert f"{zaaktype.name} ({zaaktype.product.display_title})" in form
    missing = client.post(reverse("zaken:create"), {"start_date": ""})
    body = missing.content.decode()
    assert missing.status_code == 400 and "Kies het zaaktype." in body and "Vul de startdatum in." in body
    no_purpose = client.post(
        reverse("zaken:create"), {"zaaktype": zaaktype.pk, "start_date": today.isoformat(), "bsn": "111222333"}
    )
    assert no_purpose.status_code == 400 and "zonder doel slaan we het niet op" in no_purpose.content.decode()
    bad_bsn = client.post(
        reverse("zaken:create"),
        {"zaaktype": zaaktype.pk, "start_date": today.isoformat(), "bsn": "111222334", "bsn_purpose": "aanvraag"},
    )
    assert bad_bsn.status_code == 400 and "elfproef" in bad_bsn.content.decode()
    assert not Zaak.objects.exists()
    created = client.post(
        reverse("zaken:create"),
        {
            "zaaktype": zaaktype.pk,
            "start_date": today.isoformat(),
            "description": "Dakkapel",
            "phone": "06-12345678",
            "email": "aanvrager@example.nl",
        },
    )
    zaak = Zaak.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("zaken:detail", args=[zaak.number])
    assert (zaak.description, zaak.phone, zaak.email, zaak.unit) == (
        "Dakkapel",
        "0612345678",
        "aanvrager@example.nl",
        zaaktype.product.unit,
    )
    assert zaak.deadline == decision_deadline(today, zaaktype.product)


def test_registering_needs_the_api_permission_and_a_zaaktype_of_ones_own_unit(client, agent, make_user, zaaktype):
    client.force_login(agent)
    assert client.get(reverse("zaken:create")).status_code == 403
    assert reverse("zaken:create") not in client.get(reverse("zaken:list")).content.decode()
    elsewhere = OrganisationUnit.objects.create(code="belastingen", name="Belastingen", kind="sector")
    client.force_login(make_user(Role.BACKOFFICE, unit=elsewhere))
    refused = client.post(
        reverse("zaken:create"), {"zaaktype": zaaktype.pk, "start_date": timezone.localdate().isoformat()}
    )
    assert refused.status_code == 400 and "Kies een zaaktype uit de lijst." in refused.content.decode()
    assert not Zaak.objects.exists()
