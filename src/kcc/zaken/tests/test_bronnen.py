"""One interface, two sources: the local register and a ZGW Zaken API (stub on loopback)."""

from __future__ import annotations

import base64
import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kcc.contacten import services as contact_services
from kcc.contacten.models import Contactmoment
from kcc.contacten.selectors import CallerKeys, klantbeeld
from kcc.core.models import AuditEntry
from kcc.zaken import selectors, services
from kcc.zaken.bronnen import LokaleBron, ZakenBronFout, ZgwBron, get_bron, zgw_jwt
from kcc.zaken.tests.conftest import BSN, OTHER_BSN
from kcc.zaken.views import klantbeeld_zaken


def _fill(stub) -> None:
    stub.add_zaak(
        bsn=BSN,
        identificatie="ZAAK-2026-0001",
        zaaktype="Omgevingsvergunning",
        startdatum="2026-09-01",
        uiterlijk="2026-10-27",
        statussen=[
            ("2026-09-01T09:00:00Z", "Ontvangen"),
            ("2026-09-10T14:00:00Z", "In behandeling bij de vergunningverlener"),
        ],
    )
    stub.add_zaak(
        bsn=BSN,
        identificatie="ZAAK-2026-0002",
        zaaktype="Parkeervergunning",
        startdatum="2026-10-01",
        uiterlijk="2026-10-29",
        statussen=[("2026-10-01T09:00:00Z", "Ontvangen"), ("2026-10-15T09:00:00Z", "Besluit verzonden")],
        resultaat="Verleend",
    )
    stub.add_zaak(
        bsn=BSN,
        identificatie="ZAAK-2026-0003",
        zaaktype="Kapvergunning",
        startdatum="2026-11-02",
        uiterlijk=None,
        statussen=[("2026-11-02T09:00:00Z", "")],
    )
    stub.add_zaak(
        bsn=OTHER_BSN,
        identificatie="ZAAK-2026-0004",
        zaaktype="Evenementenvergunning",
        startdatum="2026-11-03",
        uiterlijk=None,
        statussen=[("2026-11-03T09:00:00Z", "Ontvangen")],
    )


def test_the_zgw_client_reads_all_pages_of_a_persons_zaken(zgw, db):
    _fill(zgw)
    bron = get_bron()
    assert isinstance(bron, ZgwBron)
    infos = bron.zaken_voor_bsn(BSN)
    assert [info.identificatie for info in infos] == ["ZAAK-2026-0003", "ZAAK-2026-0002", "ZAAK-2026-0001"]  # 2 pages
    kap, parkeren, omgeving = infos
    assert omgeving.zaaktype == "Omgevingsvergunning" and omgeving.uiterste_datum == date(2026, 10, 27)
    assert omgeving.status == "In behandeling bij de vergunningverlener" and omgeving.bron == "zgw"
    assert parkeren.resultaat == "Verleend" and parkeren.einddatum == date(2026, 10, 15)
    assert kap.status == "Status"  # an empty toelichting falls back to the statustype's omschrijving
    assert any("page=2" in path for path in zgw.requests)
    assert any("rol__betrokkeneIdentificatie__natuurlijkPersoon__inpBsn=111222333" in path for path in zgw.requests)
    assert zgw.errors == []  # every answer matched the published schema


def test_the_zgw_client_reads_one_zaak_with_its_history(zgw, db):
    _fill(zgw)
    info = get_bron().zaak("ZAAK-2026-0001")
    assert [(regel.moment.date(), regel.tekst) for regel in info.historie] == [
        (date(2026, 9, 1), "Ontvangen"),
        (date(2026, 9, 10), "In behandeling bij de vergunningverlener"),
    ]
    assert get_bron().zaak("BESTAAT-NIET") is None
    assert zgw.errors == []


def test_a_wrong_secret_or_a_dead_server_gives_a_clear_error(zgw, settings, db):
    settings.KCC_ZGW_SECRET = "verkeerd"
    with pytest.raises(ZakenBronFout, match="weigert de toegang"):
        get_bron().zaken_voor_bsn(BSN)
    zgw.stop()
    settings.KCC_ZGW_SECRET = "geheim-van-de-stub"
    with pytest.raises(ZakenBronFout, match="niet bereikbaar"):
        ZgwBron(zgw.zaken_url, "kcc-test", "geheim-van-de-stub", timeout=2).zaken_voor_bsn(BSN)


def test_the_jwt_follows_the_zgw_convention():
    token = zgw_jwt("kcc", "s3cret", now=1_700_000_000)
    header, payload, _ = token.split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    assert decode(header) == {"alg": "HS256", "typ": "JWT"}
    assert decode(payload) == {
        "iss": "kcc",
        "iat": 1_700_000_000,
        "client_id": "kcc",
        "user_id": "kcc",
        "user_representation": "KCC",
    }


def test_the_local_source_answers_the_same_questions(zaaktype, agent):
    zaak = services.create_zaak(
        zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent, bsn=BSN, bsn_purpose="aanvraag"
    )
    services.create_zaak(
        zaaktype=zaaktype, start_date=date(2027, 2, 2), actor=agent, bsn=OTHER_BSN, bsn_purpose="aanvraag"
    )
    bron = get_bron()
    assert isinstance(bron, LokaleBron)
    assert [info.identificatie for info in bron.zaken_voor_bsn(BSN)] == [zaak.number]
    info = bron.zaak(zaak.number)
    assert info.uiterste_datum == date(2027, 3, 30) and info.historie[0].tekst == "Uw aanvraag is ontvangen."


def test_looking_up_by_bsn_needs_a_purpose_and_is_audited(zgw, agent):
    _fill(zgw)
    with pytest.raises(ValidationError, match="waarom"):
        selectors.zaken_voor_bsn(BSN, user=agent, purpose="")
    infos = selectors.zaken_voor_bsn(BSN, user=agent, purpose="Beller vraagt naar zijn vergunning")
    assert len(infos) == 3
    entry = AuditEntry.objects.get(action="zaken_opgevraagd_met_bsn")
    assert (
        entry.actor == agent and entry.purpose == "Beller vraagt naar zijn vergunning" and BSN not in str(entry.detail)
    )


def _contact_with_bsn(agent) -> Contactmoment:
    contact = contact_services.register_contact(
        {
            "kanaal": "telefoon",
            "start": timezone.now().isoformat(),
            "telefoonnummer": "06-12345678",
            "vragen": [{"vraagsoort": "algemene_vraag", "afhandeling": "zelf_beantwoord"}],
        },
        agent=agent,
    )
    contact_services.identify_klant(
        contact, user=agent, name="J. de Boer", bsn=BSN, bsn_purpose="Vraag over zijn aanvraag"
    )
    contact.refresh_from_db()
    return contact


def test_the_klantbeeld_asks_the_zaaksysteem_only_with_a_purpose(zgw, client, agent):
    _fill(zgw)
    contact = _contact_with_bsn(agent)
    client.force_login(agent)
    url = reverse("zaken:klant-zaken", args=[contact.klant_id])
    assert client.post(url, {"doel": ""}).status_code == 400
    assert not [p for p in zgw.requests if "/zaken?" in p]
    response = client.post(url, {"doel": "Beller vraagt naar de stand van zijn aanvraag"})
    body = response.content.decode()
    assert response.status_code == 200 and "ZAAK-2026-0001" in body and "ZAAK-2026-0004" not in body
    assert (
        AuditEntry.objects.filter(
            action="bsn_gebruikt_voor_zaken", actor=agent, object_id=str(contact.klant_id)
        ).count()
        == 1
    )


def test_the_klantbeeld_shows_local_zaken_of_the_same_caller(zaaktype, client, agent):
    contact = _contact_with_bsn(agent)
    mine = services.create_zaak(
        zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent, bsn=BSN, bsn_purpose="aanvraag"
    )
    by_phone = services.create_zaak(zaaktype=zaaktype, start_date=date(2027, 2, 3), actor=agent, phone="06-12345678")
    other = services.create_zaak(zaaktype=zaaktype, start_date=date(2027, 2, 4), actor=agent, phone="06-99999999")
    data = klantbeeld_zaken(CallerKeys.of(contact))
    assert [zaak.number for zaak in data["zaken"]] == [by_phone.number, mine.number]
    assert other.number not in [zaak.number for zaak in data["zaken"]]


def test_the_contact_screen_shows_the_callers_zaken(zaaktype, client, agent):
    zaak = services.create_zaak(zaaktype=zaaktype, start_date=date(2027, 2, 1), actor=agent, phone="06-12345678")
    services.extend_term(zaak, reason="Welstandsadvies", actor=agent)
    client.force_login(agent)
    body = client.get(reverse("contacten:klantbeeld"), {"phone": "06 12 34 56 78"}).content.decode()
    assert "<h3>Zaken</h3>" in body and zaak.number in body and "uiterlijk 10 mei 2027" in body


def test_with_a_zaaksysteem_the_contact_screen_offers_the_look_up_only_for_a_klant_with_bsn(zgw, client, agent):
    contact = _contact_with_bsn(agent)
    client.force_login(agent)
    body = client.get(reverse("contacten:klantbeeld"), {"phone": "06-12345678"}).content.decode()
    assert "Zaken opvragen" not in body  # typed number only: no klant, no BSN, no look-up
    view = klantbeeld(CallerKeys.of(contact))
    assert [section.key for section, _ in view.sections if section.key == "zaken"] == ["zaken"]
    assert zgw.requests == []  # nothing is asked before the agent states a purpose
