"""Contacts and callbacks reach Klantinteracties, checked by a stand-in on the official spec."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kcc.contacten import services as contacten
from kcc.contacten.models import Callback, Handling, QuestionType
from kcc.contacten.selectors import CallerKeys
from kcc.core.models import AuditEntry, OrganisationUnit
from kcc.integraties import services as outbox
from kcc.integraties.models import IntegrationJob
from kcc.klantinteracties import mapping
from kcc.klantinteracties.models import ActorLink, PartijLink
from kcc.klantinteracties.selectors import klantbeeld_klantcontacten
from kcc.klantinteracties.services import NAME, klantcontact_key
from kcc.klantinteracties.testing import klantinteracties_standin

TOKEN = "ki-token"
BSN = "111222333"


@pytest.fixture(scope="module")
def standin():
    with klantinteracties_standin(TOKEN) as api:
        yield api


@pytest.fixture
def ki(standin, settings, db):
    standin.reset()
    standin.store.items.clear()
    settings.KCC_KLANTINTERACTIES_URL = standin.base_url
    settings.KCC_KLANTINTERACTIES_TOKEN = TOKEN
    settings.KCC_KLANTINTERACTIES_TIMEOUT = "0.5"
    yield standin
    standin.assert_clean()


@pytest.fixture
def wi(db) -> OrganisationUnit:
    return OrganisationUnit.objects.create(
        code="wi", name="Werk en Inkomen", kind="sector", email="wi@demodam.nl", phone="030 123 4567"
    )


def closed_contact(agent, wi, *, bsn: str = "", subject: str = ""):
    contact = contacten.start_contact(agent=agent)
    if bsn:
        contacten.identify_klant(contact, user=agent, bsn=bsn, bsn_purpose="Vraag over uitkering")
    contacten.add_question(
        contact,
        user=agent,
        question_type=QuestionType.GENERAL,
        handling=Handling.SELF_ANSWERED,
        unit=wi,
        notes="Uitleg over de aanvraag gegeven.",
        subject=subject,
    )
    contacten.add_question(contact, user=agent, question_type=QuestionType.COMPLAINT, handling=Handling.CALL_AGAIN)
    return contacten.close_contact(contact, user=agent)


def remote(ki, collection: str) -> list[dict]:
    return ki.store.all(collection)


def test_closing_a_contact_sends_each_question_with_its_klant_and_subject(ki, agent, wi):
    contact = closed_contact(agent, wi, bsn=BSN, subject="Z-2026-000042")
    jobs = list(IntegrationJob.objects.filter(system=NAME).order_by("pk"))
    assert [job.key for job in jobs] == [klantcontact_key(q.pk) for q in contact.questions.order_by("position")]
    run = outbox.sync(NAME)
    assert (run.sent, run.parked, run.retried) == (2, 0, 0)

    first, second = remote(ki, "klantcontacten")
    assert first["kanaal"] == "Telefoon" and first["taal"] == "nld"
    assert first["onderwerp"] == "Algemene vraag (Werk en Inkomen)"
    assert first["inhoud"].startswith("Afhandeling: Zelf beantwoord.") and "Uitleg" in first["inhoud"]
    assert first["indicatieContactGelukt"] is True and first["vertrouwelijk"] is False
    assert second["indicatieContactGelukt"] is False and second["vertrouwelijk"] is True
    assert first["plaatsgevondenOp"].startswith(contact.started_at.date().isoformat())

    (partij,) = remote(ki, "partijen")
    (identificator,) = remote(ki, "partij-identificatoren")
    assert identificator["partijIdentificator"] == {
        "codeObjecttype": "natuurlijk_persoon",
        "codeSoortObjectId": "bsn",
        "objectId": BSN,
        "codeRegister": "brp",
    }
    betrokkenen = remote(ki, "betrokkenen")
    assert len(betrokkenen) == 2
    assert {b["wasPartij"]["uuid"] for b in betrokkenen} == {partij["uuid"]}
    assert all(b["rol"] == "klant" and b["initiator"] for b in betrokkenen)
    (onderwerp,) = remote(ki, "onderwerpobjecten")
    assert onderwerp["klantcontact"]["uuid"] == first["uuid"]
    assert onderwerp["onderwerpobjectidentificator"]["objectId"] == "Z-2026-000042"

    job = jobs[0]
    job.refresh_from_db()
    assert job.result["klantcontact"] == first["uuid"] and job.result["partij"] == partij["uuid"]
    assert str(PartijLink.objects.get(klant=contact.klant).uuid) == partij["uuid"]
    assert AuditEntry.objects.filter(action="bsn_gedeeld_met_klantinteracties").count() == 1

    # The same caller again: the partij is reused, not created a second time.
    closed_contact(agent, wi, bsn=BSN)
    outbox.sync(NAME)
    assert len(remote(ki, "partijen")) == 1 and len(remote(ki, "klantcontacten")) == 4
    assert len(ki.called("partijIdentificatorenList")) == 1


def test_the_beheerder_never_sees_a_full_bsn_in_a_refused_exchange(ki, agent, wi):
    ki.fail(times=1, status=400, operation="partijenCreate")
    closed_contact(agent, wi, bsn=BSN)
    outbox.sync(NAME)
    job = IntegrationJob.objects.filter(status=IntegrationJob.Status.PARKED).get()
    assert "partijen" in job.last_exchange and "******333" in job.last_exchange
    assert BSN not in job.last_exchange and BSN not in job.last_error


def test_an_anonymous_caller_is_a_betrokkene_without_partij(ki, agent, wi):
    closed_contact(agent, wi)
    outbox.sync(NAME)
    assert [b["wasPartij"] for b in remote(ki, "betrokkenen")] == [None, None]
    assert not remote(ki, "partijen") and not remote(ki, "onderwerpobjecten")


def test_callback_becomes_an_internetaak_assigned_once_and_verwerkt_when_closed(ki, agent, wi, make_user):
    from kcc.core.roles import Role

    contact = contacten.start_contact(agent=agent)
    contacten.add_question(contact, user=agent, question_type=QuestionType.GENERAL, handling=Handling.SELF_ANSWERED)
    callback = contacten.create_callback(
        contact=contact,
        created_by=agent,
        question_text="Wanneer wordt mijn uitkering betaald?",
        callback_phone="0612345678",
        reason=Callback.Reason.KNOWLEDGE_NEEDED,
        unit=wi,
    )
    run = outbox.sync(NAME)
    assert (run.sent, run.waiting) == (0, 1) and not remote(ki, "internetaken")  # the call is still running

    contacten.close_contact(contact, user=agent)
    run = outbox.sync(NAME)
    assert run.sent == 2
    (klantcontact,) = remote(ki, "klantcontacten")
    (taak,) = remote(ki, "internetaken")
    (actor,) = remote(ki, "actoren")
    assert taak["aanleidinggevendKlantcontact"]["uuid"] == klantcontact["uuid"]
    assert taak["toegewezenAanActoren"][0]["uuid"] == actor["uuid"]
    assert actor["soortActor"] == "organisatorische_eenheid" and actor["actoridentificator"]["objectId"] == "wi"
    assert actor["actorIdentificatie"]["telefoonnummer"] == "0301234567"
    assert taak["gevraagdeHandeling"] == "Terugbellen" and taak["status"] == "te_verwerken"
    assert "Wanneer wordt mijn uitkering betaald?" in taak["toelichting"] and "0612345678" in taak["toelichting"]
    assert ActorLink.objects.get(unit=wi, person=None).uuid.hex == actor["uuid"].replace("-", "")

    second = contacten.create_callback(
        contact=contact,
        created_by=agent,
        question_text="Graag ook over de toeslag.",
        callback_phone="0612345678",
        reason=Callback.Reason.KNOWLEDGE_NEEDED,
        unit=wi,
    )
    outbox.sync(NAME)
    assert len(remote(ki, "internetaken")) == 2 and len(remote(ki, "actoren")) == 1
    assert len(ki.called("actorenCreate")) == 1

    handler = make_user(Role.BACKOFFICE, unit=wi)
    contacten.close_callback(callback, user=handler, outcome=Callback.Outcome.SOLVED, note="Gebeld.", call_attempts=1)
    outbox.sync(NAME)
    assert taak["status"] == "verwerkt" and taak["afgehandeldOp"]
    assert second.pk and remote(ki, "internetaken")[1]["status"] == "te_verwerken"


def test_outage_then_everything_arrives_exactly_once(ki, agent, wi):
    ki.fail(times=3, status=503)
    ki.hang(times=1, seconds=1.0)
    ki.html(times=1, status=502)
    for _ in range(3):
        closed_contact(agent, wi, bsn=BSN, subject="M-2026-1")
    for _ in range(8):
        outbox.sync(NAME)
    assert not IntegrationJob.objects.filter(system=NAME).exclude(status=IntegrationJob.Status.SENT).exists()
    assert len(remote(ki, "klantcontacten")) == 6
    assert len(remote(ki, "betrokkenen")) == 6
    assert len(remote(ki, "onderwerpobjecten")) == 3
    assert len(remote(ki, "partijen")) == 1
    references = [item["referentienummer"] for item in remote(ki, "klantcontacten")]
    assert len(set(references)) == 6


def test_sync_command_exits_non_zero_with_counts_until_all_is_accepted(ki, agent, wi, capsys):
    closed_contact(agent, wi)
    ki.fail(times=1, status=400, operation="klantcontactenCreate")
    with pytest.raises(CommandError) as failure:
        call_command("klantinteracties", "sync")
    assert failure.value.returncode == 2
    assert "verstuurd: 1; opnieuw te proberen: 0; geparkeerd: 1; mislukt: 0" in capsys.readouterr().out
    job = IntegrationJob.objects.get(status=IntegrationJob.Status.PARKED)
    assert "400" in job.last_error and "klantcontacten" in job.last_exchange
    job.status, job.attempts = IntegrationJob.Status.PENDING, 0
    job.save()
    call_command("klantinteracties", "sync")
    assert "verstuurd: 1; opnieuw te proberen: 0; geparkeerd: 0" in capsys.readouterr().out


def test_off_until_configured(db, settings, agent, wi):
    settings.KCC_KLANTINTERACTIES_URL = ""
    closed_contact(agent, wi)
    assert not IntegrationJob.objects.exists()
    with pytest.raises(CommandError, match="niet ingesteld"):
        call_command("klantinteracties", "sync")


def test_klantbeeld_shows_what_other_systems_registered_for_the_partij(ki, agent, wi, client):
    contact = closed_contact(agent, wi, bsn=BSN)
    outbox.sync(NAME)
    partij = remote(ki, "partijen")[0]
    kiss = ki.store.create(
        "klantcontacten",
        {
            "kanaal": "Balie",
            "onderwerp": "Paspoort aangevraagd",
            "inhoud": "Via KISS",
            "taal": "nld",
            "vertrouwelijk": False,
            "plaatsgevondenOp": "2026-11-30T10:00:00+01:00",
        },
        {key: [] for key in ("gingOverOnderwerpobjecten", "hadBetrokkenActoren", "hadBetrokkenen")}
        | {key: [] for key in ("leiddeTotInterneTaken", "omvatteBijlagen")},
    )
    ki.store.create(
        "betrokkenen",
        {"hadKlantcontact": {"uuid": kiss["uuid"]}, "wasPartij": {"uuid": partij["uuid"]}, "rol": "klant"},
    )
    section = klantbeeld_klantcontacten(CallerKeys(klant_id=contact.klant_id))
    assert [item["onderwerp"] for item in section["klantcontacten"]] == ["Paspoort aangevraagd"]
    assert klantbeeld_klantcontacten(CallerKeys(phone="0612345678")) is None
    later = contacten.start_contact(agent=agent)
    contacten.identify_klant(later, user=agent, bsn=BSN, bsn_purpose="Vraag over paspoort")
    client.force_login(agent)
    page = client.get(reverse("contacten:detail", args=[later.pk])).content.decode()
    assert "Contacten in andere systemen" in page and "Paspoort aangevraagd" in page and "Via KISS" in page
    ki.fail(times=1, status=503)
    assert "niet bereikbaar" in klantbeeld_klantcontacten(CallerKeys(klant_id=contact.klant_id))["error"]


def test_mapping_references_fit_the_api():
    assert mapping.reference("KCCV", 35) == "KCCVZ"
    assert len(mapping.reference("KCCV", 36**6 - 1)) == 10
    assert mapping.phone_number("14 030", "030-123 45 67") == "0301234567"
