"""Klantinteracties (Open Klant 2): what KCC sends, queued with the change, sent by the worker.

* a closed contact → per question a klantcontact, its betrokkene (rol klant, the partij by BSN
  when the caller was identified with a purpose) and an onderwerpobject for a linked zaak or melding;
* a callback → an internetaak to the unit's (and person's) actor, ``verwerkt`` when KCC closes it.

Each job stores every UUID it gets back at once (``save_progress``) and, when an earlier try may
have created a record, looks it up before creating it (by ``referentienummer`` or its parent), so a
retry after a time-out never creates a second one.
"""

from __future__ import annotations

import logging
from typing import Any

from kcc.contacten.models import Callback, Contactmoment, Question
from kcc.contacten.privacy import decrypt_bsn
from kcc.core import audit
from kcc.integraties import services as outbox
from kcc.integraties.client import ApiClient, Rejected, Retryable, Waiting, expect, results
from kcc.integraties.models import IntegrationJob
from kcc.integraties.selectors import job_result
from kcc.integraties.systems import System, token_auth
from kcc.klantinteracties import mapping
from kcc.klantinteracties.models import ActorLink, PartijLink

logger = logging.getLogger(__name__)

NAME = "klantinteracties"


def klantcontact_key(question_id: int) -> str:
    return f"{NAME}:klantcontact:{question_id}"


def internetaak_key(callback_id: int) -> str:
    return f"{NAME}:internetaak:{callback_id}"


# --- enqueueing (in the transaction of the change) -------------------------------------------


def enqueue_contact(contact: Contactmoment) -> int:
    """One klantcontact job per question of the contact (those already queued stay as they are)."""
    questions = contact.questions.values_list("pk", flat=True)
    return outbox.enqueue_many(NAME, [("klantcontact", klantcontact_key(pk), {"question": pk}) for pk in questions])


def on_contact_closed(sender: Any, contact: Contactmoment, **kwargs: Any) -> None:
    enqueue_contact(contact)


def on_callback_created(sender: Any, callback: Callback, **kwargs: Any) -> None:
    outbox.enqueue(NAME, "internetaak", key=internetaak_key(callback.pk), payload={"callback": callback.pk})


def on_callback_closed(sender: Any, callback: Callback, **kwargs: Any) -> None:
    outbox.enqueue(
        NAME, "internetaak_verwerkt", key=f"{NAME}:verwerkt:{callback.pk}", payload={"callback": callback.pk}
    )


# --- sending (in the worker) -----------------------------------------------------------------


def _find_or_create(
    job: IntegrationJob, client: ApiClient, collection: str, body: dict, lookup: dict[str, str] | None
) -> dict:
    """POST ``body``; after an earlier try of this job, first GET ``lookup`` in case it arrived then."""
    if lookup and job.attempts > 1:
        found = results(client.get(collection, lookup), exchange=client.last_exchange())
        if found:
            return expect(found[0], "uuid", "url", exchange=client.last_exchange())
    return expect(client.post(collection, body), "uuid", "url", exchange=client.last_exchange())


def _partij_uuid(job: IntegrationJob, client: ApiClient, contact: Contactmoment) -> str | None:
    """The partij of an identified caller (BSN with a purpose), created once and remembered."""
    klant = contact.klant
    if klant is None or not klant.bsn_encrypted or not klant.bsn_purpose:
        return None
    link = PartijLink.objects.filter(klant=klant).first()
    if link is not None:
        return str(link.uuid)
    bsn = decrypt_bsn(klant.bsn_encrypted)
    found = results(
        client.get(
            "partij-identificatoren",
            {"partijIdentificatorCodeSoortObjectId": "bsn", "partijIdentificatorObjectId": bsn},
        ),
        exchange=client.last_exchange(),
    )
    partij = next((item["identificeerdePartij"] for item in found if item.get("identificeerdePartij")), None)
    if partij is None:
        partij = client.post("partijen", mapping.partij(bsn))
    partij = expect(partij, "uuid", "url", exchange=client.last_exchange())
    PartijLink.objects.update_or_create(klant=klant, defaults={"uuid": partij["uuid"], "url": partij["url"]})
    audit.record(None, "bsn_gedeeld_met_klantinteracties", klant, purpose=klant.bsn_purpose, partij=partij["uuid"])
    return partij["uuid"]


def _subject_identificator(question: Question) -> dict[str, str] | None:
    """The zaak or melding the question is about, as Klantinteracties names it."""
    number = question.subject.strip()
    if not number:
        return None
    from kcc.meldingen.models import Melding
    from kcc.zaken.bronnen import ZakenBronFout, bron_kind, get_bron

    if Melding.objects.filter(number=number).exists():
        return mapping.kcc_identificator("melding", number)
    if bron_kind() == "zgw":
        try:
            zaak = get_bron().zaak(number)
        except ZakenBronFout as error:
            raise Retryable(f"Zaaksysteem: {error}") from error
        if zaak is not None and zaak.url:
            return mapping.zgw_zaak_identificator(zaak.url.rstrip("/").rsplit("/", 1)[-1])
    from kcc.zaken.models import Zaak

    kind = "zaak" if Zaak.objects.filter(number=number).exists() else "onderwerp"
    return mapping.kcc_identificator(kind, number)


def send_klantcontact(job: IntegrationJob, client: ApiClient) -> dict:
    question = Question.objects.select_related("contact__klant", "unit").filter(pk=job.payload["question"]).first()
    if question is None:
        raise Rejected("De vraag bestaat niet meer in KCC (bewaartermijn verstreken?).")
    if "klantcontact" not in job.result:
        titles = list(question.vacs.order_by("pk").values_list("vraag", flat=True)[:1])
        body = mapping.klantcontact(question, titles)
        created = _find_or_create(job, client, "klantcontacten", body, {"referentienummer": body["referentienummer"]})
        outbox.save_progress(job, klantcontact=created["uuid"], klantcontact_url=created["url"])
    if "betrokkene" not in job.result:
        partij = _partij_uuid(job, client, question.contact)
        created = _find_or_create(
            job,
            client,
            "betrokkenen",
            mapping.betrokkene(job.result["klantcontact"], partij),
            {"hadKlantcontact__uuid": job.result["klantcontact"]},
        )
        outbox.save_progress(job, betrokkene=created["uuid"], partij=partij)
    if "onderwerpobject" not in job.result:
        identificator = _subject_identificator(question)
        if identificator is not None:
            created = _find_or_create(
                job,
                client,
                "onderwerpobjecten",
                mapping.onderwerpobject(job.result["klantcontact"], identificator),
                {"klantcontact__uuid": job.result["klantcontact"]},
            )
            outbox.save_progress(job, onderwerpobject=created["uuid"])
    return {}


def _actor_uuid(client: ApiClient, *, unit: Any, person: Any = None) -> str | None:
    """One actor per unit or person, created once (found by its identificator if KCC forgot it)."""
    link = ActorLink.objects.filter(unit=None if person else unit, person=person).first()
    if link is not None:
        return str(link.uuid)
    if person is not None:
        phone = mapping.phone_number(person.phone_internal, person.phone_mobile, unit.phone if unit else "")
        if not phone:
            return None
        body = mapping.person_actor(person, phone)
    else:
        body = mapping.unit_actor(unit)
    identificator = body["actoridentificator"]
    found = results(
        client.get(
            "actoren",
            {
                "actoridentificatorCodeRegister": identificator["codeRegister"],
                "actoridentificatorCodeObjecttype": identificator["codeObjecttype"],
                "actoridentificatorObjectId": identificator["objectId"],
            },
        ),
        exchange=client.last_exchange(),
    )
    actor = found[0] if found else client.post("actoren", body)
    actor = expect(actor, "uuid", "url", exchange=client.last_exchange())
    ActorLink.objects.get_or_create(
        unit=None if person else unit, person=person, defaults={"uuid": actor["uuid"], "url": actor["url"]}
    )
    return actor["uuid"]


def _klantcontact_of(callback: Callback) -> str:
    """The UUID of the klantcontact that led to the callback; waits while it is not there yet."""
    question = callback.question or callback.contact.questions.order_by("position", "pk").first()
    if question is None or callback.contact.is_running:
        raise Waiting("Wacht tot het contact van het terugbelverzoek is afgesloten.")
    sent = job_result(klantcontact_key(question.pk))
    if "klantcontact" in sent:
        return sent["klantcontact"]
    if not IntegrationJob.objects.filter(key=klantcontact_key(question.pk)).exists():
        # Closed while the integration was off: send its klantcontact first.
        enqueue_contact(callback.contact)
    raise Waiting("Wacht op het klantcontact van het terugbelverzoek.")


def send_internetaak(job: IntegrationJob, client: ApiClient) -> dict:
    callback = (
        Callback.objects.select_related("contact", "question", "unit", "person")
        .filter(pk=job.payload["callback"])
        .first()
    )
    if callback is None:
        raise Rejected("Het terugbelverzoek bestaat niet meer in KCC.")
    if "internetaak" in job.result:
        return {}
    klantcontact = _klantcontact_of(callback)
    actors = [_actor_uuid(client, unit=callback.unit)]
    if callback.person is not None:
        actors.append(_actor_uuid(client, unit=callback.unit, person=callback.person))
    body = mapping.internetaak(callback, klantcontact, [actor for actor in actors if actor])
    created = _find_or_create(job, client, "internetaken", body, {"referentienummer": body["referentienummer"]})
    outbox.save_progress(job, internetaak=created["uuid"], internetaak_url=created["url"])
    return {}


def send_internetaak_verwerkt(job: IntegrationJob, client: ApiClient) -> dict:
    callback = Callback.objects.filter(pk=job.payload["callback"]).first()
    if callback is None:
        raise Rejected("Het terugbelverzoek bestaat niet meer in KCC.")
    internetaak = job_result(internetaak_key(callback.pk)).get("internetaak")
    if internetaak is None:
        raise Waiting("Wacht tot de internetaak van het terugbelverzoek is aangemaakt.")
    answer = client.patch(f"internetaken/{internetaak}", mapping.internetaak_done(callback))
    expect(answer, "uuid", exchange=client.last_exchange())
    return {"status": answer.get("status", "")}


SYSTEM = System(
    name=NAME,
    label="Klantinteracties (Open Klant)",
    url_setting="KCC_KLANTINTERACTIES_URL",
    token_setting="KCC_KLANTINTERACTIES_TOKEN",
    timeout_setting="KCC_KLANTINTERACTIES_TIMEOUT",
    auth_headers=token_auth("Token"),
    operations={
        "klantcontact": send_klantcontact,
        "internetaak": send_internetaak,
        "internetaak_verwerkt": send_internetaak_verwerkt,
    },
)
