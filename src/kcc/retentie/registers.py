"""Every register with personal data in KCC: what it holds, why, for how long, and what happens after.

This is the one place the register of processing (AVG art. 30) and ``kcc retentie`` read. A test
(``tests/test_register_completeness.py``) walks every model and fails when a field that looks like
personal data is neither listed here under a register nor in :data:`NOT_PERSONAL` with the reason.

Defaults and grounds are explained in ``docs/privacy.md`` (section "Bewaartermijnen"); the
beheerder overrides a term per register in the admin (:class:`kcc.retentie.models.RetentionTerm`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache

from django.db.models import Q, QuerySet

from kcc.contacten.models import Callback, Contactmoment, Signal
from kcc.core.models import OutboxMessage, Task
from kcc.integraties.models import IntegrationJob
from kcc.klachten.models import Complaint
from kcc.mail import storage as raw_messages
from kcc.mail.models import Message, Thread
from kcc.meldingen.models import CLOSED_STATUSES, Photo
from kcc.privacy.models import Request as AvgRequest
from kcc.retentie.registry import ANONYMISED, NOW, SCRUB, Register, Step
from kcc.zaken.models import Status as ZaakStatus

SELECTIELIJST = "Selectielijst gemeenten en intergemeentelijke organen 2020"
AVG_MINIMAL = "AVG art. 5 lid 1 sub c en e (minimale gegevens, niet langer dan nodig)"
PUBLIC_TASK = "AVG art. 6 lid 1 sub e (taak van algemeen belang: dienstverlening door de gemeente)"
LEGAL_DUTY = "AVG art. 6 lid 1 sub c (wettelijke plicht)"
TASK_DONE = (Task.Status.DONE, Task.Status.REJECTED)
OUTBOX_DONE = (OutboxMessage.Status.SENT, OutboxMessage.Status.FAILED)


def _orphan_photo(name: str) -> Callable[[], None] | None:
    storage = Photo._meta.get_field("file").storage
    if Photo.objects.filter(file=name).exists() or not storage.exists(name):
        return None
    return lambda: storage.delete(name)


def _orphan_raw_message(digest: str) -> Callable[[], None] | None:
    # Duplicates share one file: it goes once no message refers to it any more.
    if Message.objects.filter(raw_sha256=digest).exists() or not raw_messages.exists(digest):
        return None
    return lambda: raw_messages.remove(digest)


def _complaint_origins(*labels: str) -> dict[str, str]:
    """Records a running complaint was made from: kept until the complaint is decided (Awb 9)."""
    running = Complaint.objects.filter(status__in=Complaint.OPEN_STATUSES, origin_type__in=labels)
    return {
        origin_id: f"lopende klacht {number} (Awb hoofdstuk 9)"
        for origin_id, number in running.values_list("origin_id", "number")
    }


def _contact_holds() -> dict[str, str]:
    return _complaint_origins("contacten.contactmoment")


def _melding_holds() -> dict[str, str]:
    return _complaint_origins("meldingen.melding")


def _thread_holds() -> dict[str, str]:
    return _complaint_origins("mail.thread")


def _before(field: str) -> Callable[[datetime], Q]:
    return lambda cut: Q(**{f"{field}__lt": cut})


def _closed_melding(prefix: str = "") -> Callable[[datetime], Q]:
    return lambda cut: Q(**{f"{prefix}status__in": CLOSED_STATUSES, f"{prefix}closed_at__lt": cut})


def _closed_complaint(prefix: str = "") -> Callable[[datetime], Q]:
    return lambda cut: (
        ~Q(**{f"{prefix}status__in": Complaint.OPEN_STATUSES}) & Q(**{f"{prefix}closed_on__lt": cut.date()})
    )


def _closed_thread(prefix: str = "") -> Callable[[datetime], Q]:
    return lambda cut: Q(**{f"{prefix}status": Thread.Status.CLOSED, f"{prefix}closed_at__lt": cut})


def _raw_message_due(cut: datetime) -> Q:
    # An inbound message of a closed thread, or one that never joined a thread (spam, quarantine).
    return (
        Q(received_at__lt=cut)
        & ~Q(raw_sha256="")
        & (Q(thread__isnull=True) | Q(thread__status=Thread.Status.CLOSED, thread__closed_at__lt=cut))
    )


def _klant_due(cut: datetime) -> Q:
    recent = Contactmoment.objects.filter(started_at__gte=cut, klant__isnull=False).values("klant_id")
    return Q(created_at__lt=cut) & ~Q(pk__in=recent)


@cache
def all_registers() -> tuple[Register, ...]:
    return (
        Register(
            key="contactmomenten",
            label="Contactmomenten",
            purpose="Vastleggen van vragen van inwoners en ondernemers en hoe ze zijn afgehandeld (klantbeeld, "
            "herhaalcontact, FCR).",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}. Geen archiefwaarde op zich: de zaak, melding of klacht waar het "
            f"contact over ging wordt bewaard volgens de {SELECTIELIJST}. De telling (FCR, doorverbinden) blijft.",
            default_months=24,
            term_start="na het begin van het contact",
            personal_data={
                "contacten.Contactmoment": ("phone", "email", "address", "klant"),
                "contacten.Question": ("notes", "subject"),
                "contacten.Handoff": ("reason", "note"),
                "contacten.TransferAttempt": ("override_reason",),
            },
            readers=("contacten.view_contactmoment",),
            recipients=("Klantinteracties-API (Open Klant), als die is ingesteld",),
            steps=(
                Step(
                    "contacten.Question",
                    lambda cut: Q(contact__started_at__lt=cut) & ~Q(notes=""),
                    {"notes": ANONYMISED},
                    record="contact_id",
                    counted=False,
                ),
                Step(
                    "contacten.Handoff",
                    lambda cut: Q(contact__started_at__lt=cut),
                    {"reason": ANONYMISED, "note": ANONYMISED},
                    record="contact_id",
                    counted=False,
                ),
                Step(
                    "contacten.TransferAttempt",
                    lambda cut: Q(question__contact__started_at__lt=cut) & ~Q(override_reason=""),
                    {"override_reason": ANONYMISED},
                    record="question__contact_id",
                    counted=False,
                ),
                Step(
                    "contacten.Contactmoment",
                    _before("started_at"),
                    {"phone": "", "email": "", "address": "", "klant": None, "anonymised_at": NOW},
                    done=Q(anonymised_at__isnull=False),
                ),
            ),
            holds=_contact_holds,
        ),
        Register(
            key="klanten",
            label="Klanten (geïdentificeerde bellers)",
            purpose="Een beller herkennen bij een volgend contact; het BSN alleen met een vastgelegd doel.",
            legal_basis=f"{PUBLIC_TASK}; BSN: Wet algemene bepalingen burgerservicenummer art. 10",
            retention_basis=f"{AVG_MINIMAL}: zolang er binnen de termijn contacten met de klant zijn.",
            default_months=24,
            term_start="na het laatste contact",
            personal_data={"contacten.Klant": ("name", "phone", "email", "bsn_encrypted", "bsn_hash", "bsn_purpose")},
            readers=("contacten.view_klant", "contacten.view_bsn"),
            recipients=("BRP-bevraging en zaaksysteem (ZGW Zaken-API) met het BSN, alleen met een doel",),
            steps=(
                Step(
                    "contacten.Klant",
                    _klant_due,
                    {
                        "name": "",
                        "phone": "",
                        "email": "",
                        "bsn_encrypted": "",
                        "bsn_hash": "",
                        "bsn_purpose": "",
                        "anonymised_at": NOW,
                    },
                    done=Q(anonymised_at__isnull=False),
                ),
            ),
        ),
        Register(
            key="terugbelverzoeken",
            label="Terugbelverzoeken",
            purpose="De backoffice belt de beller terug; redenen van terugbellen voor de managementinformatie.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}. Alleen afgesloten verzoeken; de telling per reden blijft.",
            default_months=24,
            term_start="na het aanmaken (alleen afgesloten verzoeken)",
            personal_data={"contacten.Callback": ("question_text", "callback_phone", "preferred_time", "outcome_note")},
            readers=("contacten.view_callback",),
            steps=(
                Step(
                    "contacten.Callback",
                    lambda cut: Q(created_at__lt=cut) & ~Q(status__in=Callback.OPEN_STATUSES),
                    {
                        "callback_phone": "",
                        "preferred_time": "",
                        "question_text": ANONYMISED,
                        "outcome_note": ANONYMISED,
                        "anonymised_at": NOW,
                    },
                    done=Q(anonymised_at__isnull=False),
                ),
            ),
        ),
        Register(
            key="signalen",
            label="Signalen",
            purpose="Verbeteren van brieven, website, werkinstructies en kennisbank op aanwijzing van medewerkers.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: de tekst kan een beller noemen; soort en status blijven voor de telling.",
            default_months=24,
            term_start="na het melden (alleen beantwoorde signalen)",
            personal_data={"contacten.Signal": ("description", "answer")},
            readers=("contacten.view_signal",),
            steps=(
                Step(
                    "contacten.Signal",
                    lambda cut: Q(created_at__lt=cut, status=Signal.Status.ANSWERED),
                    {"description": ANONYMISED, "answer": ANONYMISED},
                ),
            ),
        ),
        Register(
            key="telefonie",
            label="Telefoongesprekken",
            purpose="Het gesprek koppelen aan het contactmoment (screen-pop) en wachtrijstatistiek.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: gelijk aan de contactmomenten; tijden en afloop blijven.",
            default_months=24,
            term_start="na het aanmaken",
            personal_data={"telefonie.Call": ("caller",), "telefonie.CallEvent": ("caller",)},
            readers=("telefonie.view_call",),
            recipients=("de telefooncentrale levert het nummer aan; KCC stuurt het niet door",),
            steps=(
                Step(
                    "telefonie.CallEvent",
                    lambda cut: Q(call__created_at__lt=cut) & ~Q(caller=""),
                    {"caller": ""},
                    record="call_id",
                    counted=False,
                ),
                Step("telefonie.Call", lambda cut: Q(created_at__lt=cut) & ~Q(caller=""), {"caller": ""}),
            ),
        ),
        Register(
            key="meldingen",
            label="Meldingen openbare ruimte",
            purpose="Afhandelen van meldingen over de openbare ruimte en de melder op de hoogte houden.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{SELECTIELIJST}: de melding zelf (categorie, plaats, data, afhandeling) blijft 5 jaar "
            f"voor rapportage; de gegevens van de melder, de vrije tekst en de foto's zijn daarvoor niet nodig "
            f"({AVG_MINIMAL}).",
            default_months=12,
            term_start="na het afsluiten",
            personal_data={
                "meldingen.Melding": (
                    "description",
                    "extra",
                    "house_number",
                    "location_note",
                    "reporter_name",
                    "reporter_email",
                    "reporter_phone",
                    "resolution_text",
                    "delay_text",
                ),
                "meldingen.Follower": ("email", "phone", "description"),
                "meldingen.Event": ("note", "public_text"),
                "meldingen.Photo": ("file",),
            },
            readers=("meldingen.view_melding",),
            recipients=(
                "de melder (e-mail)",
                "externe partners (bijv. de afvalinzamelaar) bij doorzetten",
                "Open311-clients: alleen openbare gegevens, geen melder",
            ),
            steps=(
                Step(
                    "meldingen.Photo",
                    _closed_melding("melding__"),
                    record="melding_id",
                    file_field="file",
                    orphan_file=_orphan_photo,
                ),
                Step(
                    "meldingen.Follower",
                    _closed_melding("melding__"),
                    {"email": "", "phone": "", "description": ANONYMISED},
                    record="melding_id",
                    counted=False,
                ),
                Step(
                    "meldingen.Event",
                    _closed_melding("melding__"),
                    {"note": "", "public_text": ""},
                    record="melding_id",
                    counted=False,
                ),
                Step(
                    "meldingen.Melding",
                    _closed_melding(),
                    {
                        "description": ANONYMISED,
                        "extra": {},
                        "house_number": "",
                        "location_note": "",
                        "reporter_name": "",
                        "reporter_email": "",
                        "reporter_phone": "",
                        "resolution_text": ANONYMISED,
                        "delay_text": "",
                    },
                    done=Q(description=ANONYMISED),
                ),
            ),
            holds=_melding_holds,
        ),
        Register(
            key="klachten",
            label="Klachtdossiers",
            purpose="Behandelen van klachten volgens de Awb (hoofdstuk 9) en het register van klachten (9:12a).",
            legal_basis=f"{LEGAL_DUTY}: Awb hoofdstuk 9",
            retention_basis=f"{SELECTIELIJST}: klachtbehandeling, vernietigen 5 jaar na afhandeling. Daarna "
            "blijven nummer, data, oordeel en eenheid (het jaaroverzicht, Awb 9:12a) zonder persoonsgegevens.",
            default_months=60,
            term_start="na het afsluiten",
            personal_data={
                "klachten.Complaint": (
                    "description",
                    "complainant_name",
                    "complainant_address",
                    "complainant_postcode",
                    "complainant_city",
                    "complainant_email",
                    "complainant_phone",
                    "person_complained_about",
                    "hearing_record",
                    "hearing_skip_note",
                    "extension_reason",
                    "settlement_note",
                    "findings",
                    "conclusions",
                ),
                "klachten.Letter": ("recipient_name", "email", "subject", "body"),
                "klachten.Postponement": ("reason", "consent_reference"),
            },
            readers=("klachten.view_complaint",),
            recipients=("de klager en de beklaagde (brieven per post of e-mail)", "de ombudsman, op diens verzoek"),
            steps=(
                Step("klachten.Letter", _closed_complaint("complaint__"), record="complaint_id"),
                Step(
                    "klachten.Postponement",
                    _closed_complaint("complaint__"),
                    {"reason": ANONYMISED, "consent_reference": ""},
                    record="complaint_id",
                    counted=False,
                ),
                Step(
                    "klachten.Complaint",
                    _closed_complaint(),
                    {
                        "description": ANONYMISED,
                        "complainant_name": "",
                        "complainant_address": "",
                        "complainant_postcode": "",
                        "complainant_city": "",
                        "complainant_email": "",
                        "complainant_phone": "",
                        "person_complained_about": None,
                        "hearing_record": "",
                        "hearing_skip_note": "",
                        "extension_reason": "",
                        "settlement_note": "",
                        "findings": "",
                        "conclusions": "",
                    },
                    done=Q(description=ANONYMISED),
                ),
            ),
        ),
        Register(
            key="klachtherkenning",
            label="Keuzes bij klachtsignalen",
            purpose="Meten en verbeteren van de klachtherkenning (welke tekst gaf een signaal, wat koos de "
            "medewerker).",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: de tekst blijft om van te leren, maar zonder namen, nummers en "
            "adressen (die worden vervangen door [NAAM], [TELEFOON], ...); keuze en score blijven.",
            default_months=12,
            term_start="na de keuze",
            personal_data={"klachten.RecognitionDecision": ("text", "reasons")},
            readers=("klachten.view_recognitiondecision",),
            steps=(
                Step(
                    "klachten.RecognitionDecision",
                    _before("at"),
                    {"text": SCRUB, "reasons": [], "text_scrubbed_at": NOW},
                    done=Q(text_scrubbed_at__isnull=False),
                ),
            ),
        ),
        Register(
            key="afspraken",
            label="Afspraken",
            purpose="Een afspraak aan de balie maken, bevestigen, wijzigen en afzeggen.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: na de afspraak zijn naam en contactgegevens niet meer nodig; de "
            "afspraak zelf (soort, tijd, balie) blijft voor de planning en telling.",
            default_months=3,
            term_start="na het tijdstip van de afspraak",
            personal_data={"afspraken.Appointment": ("name", "email", "phone", "intake_answers")},
            readers=("afspraken.view_appointment",),
            recipients=("de inwoner (bevestiging en agenda-uitnodiging per e-mail)",),
            steps=(
                Step(
                    "afspraken.Appointment",
                    _before("starts_at"),
                    {"name": ANONYMISED, "email": "", "phone": "", "intake_answers": {}},
                    done=Q(name=ANONYMISED),
                ),
            ),
        ),
        Register(
            key="mail",
            label="E-mail (draden, berichten, doorsturingen)",
            purpose="Beantwoorden van e-mail van inwoners en bewaken van doorgestuurde e-mail (Forward & Track).",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: een e-maildraad is een contactmoment en volgt diens termijn; "
            "ontvangst, antwoordtijd en eindstatus blijven voor de managementinformatie.",
            default_months=24,
            term_start="na het afsluiten van de draad",
            personal_data={
                "mail.Thread": ("subject", "sender_email", "sender_name", "end_reason"),
                "mail.Message": (
                    "sender",
                    "sender_name",
                    "recipients",
                    "cc",
                    "subject",
                    "text",
                    "references",
                    "in_reply_to",
                    "quarantine_reason",
                    "automatic_reason",
                    "checks",
                ),
                "mail.Forward": ("note", "answer", "answered_by_email"),
                "mail.SuppressedAddress": ("email", "reason"),
            },
            readers=("mail.view_thread",),
            recipients=("de afzender (antwoorden per e-mail)", "de backoffice (doorgestuurd per e-mail)"),
            steps=(
                Step(
                    "mail.Message",
                    lambda cut: _closed_thread("thread__")(cut) & ~Q(text=ANONYMISED),
                    {
                        "sender": "",
                        "sender_name": "",
                        "recipients": [],
                        "cc": [],
                        "subject": ANONYMISED,
                        "text": ANONYMISED,
                        "references": "",
                        "in_reply_to": "",
                        "quarantine_reason": "",
                        "automatic_reason": "",
                        "checks": {},
                    },
                    record="thread_id",
                    counted=False,
                ),
                Step(
                    "mail.Forward",
                    _closed_thread("thread__"),
                    {"note": ANONYMISED, "answer": ANONYMISED, "answered_by_email": ""},
                    record="thread_id",
                    counted=False,
                ),
                Step("mail.SuppressedAddress", _before("until"), counted=False),
                Step(
                    "mail.Thread",
                    _closed_thread(),
                    {"subject": ANONYMISED, "sender_email": "", "sender_name": "", "end_reason": ANONYMISED},
                    done=Q(subject=ANONYMISED),
                ),
            ),
            holds=_thread_holds,
        ),
        Register(
            key="mail_bronbestanden",
            label="Ontvangen e-mail als bestand (.eml) en bijlagen",
            purpose="Het bericht ongewijzigd bewaren zolang het in behandeling is (bewijs, bijlagen openen).",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: het ruwe bericht bevat alle kopregels en bijlagen; na het afsluiten "
            "is de tekst in de draad genoeg.",
            default_months=3,
            term_start="na ontvangst en afsluiten van de draad",
            personal_data={"mail.Message": ("raw_sha256",), "mail.Attachment": ("filename",)},
            readers=("mail.view_message",),
            steps=(
                Step("mail.Attachment", lambda cut: Q(message__in=_due_raw_messages(cut)), record="message__thread_id"),
                Step(
                    "mail.Message",
                    _raw_message_due,
                    {"raw_sha256": ""},
                    record="thread_id",
                    file_field="raw_sha256",
                    orphan_file=_orphan_raw_message,
                ),
            ),
            holds=_thread_holds,
        ),
        Register(
            key="zoeklog",
            label="Zoekvragen in de kennisbank",
            purpose="Ontbrekende inhoud vinden en zoektermen leren.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: een zoekvraag kan een naam of nummer bevatten. De getypte tekst en "
            "wie zocht gaan weg; de genormaliseerde zoekvraag zonder resultaat blijft, want die is de sleutel van "
            "de telling 'ontbrekende inhoud'.",
            default_months=3,
            term_start="na het zoeken",
            personal_data={
                "kennisbank.SearchLog": ("query", "normalised_query", "user"),
                "rapportage.DailySearchCount": ("gap_query",),
            },
            readers=("kennisbank.view_searchlog",),
            steps=(
                Step(
                    "kennisbank.SearchLog",
                    _before("created_at"),
                    {"query": ANONYMISED, "user": None},
                    done=Q(query=ANONYMISED),
                ),
                Step(
                    "kennisbank.SearchLog",
                    lambda cut: Q(created_at__lt=cut, result_count__gt=0),
                    {"normalised_query": ""},
                    counted=False,
                ),
            ),
        ),
        Register(
            key="zoektermen",
            label="Geleerde zoektermen (niet in gebruik)",
            purpose="Zoektermen die medewerkers gebruikten voordat zij een VAC openden.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: een term die niet (meer) meetelt en niet meer wordt gebruikt, gaat weg.",
            default_months=12,
            term_start="na het laatste gebruik",
            personal_data={"kennisbank.LearnedTerm": ("term",)},
            readers=("kennisbank.view_vac",),
            steps=(
                Step(
                    "kennisbank.LearnedTerm",
                    lambda cut: Q(active=False) & (Q(last_used_at__lt=cut) | Q(last_used_at__isnull=True)),
                ),
            ),
        ),
        Register(
            key="uitgaande_berichten",
            label="Uitgaande e-mail (outbox)",
            purpose="Betrouwbaar versturen van berichten: opnieuw proberen, nooit dubbel.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: na verzending is de inhoud alleen nog een kopie. De regel blijft (de "
            "sleutel voorkomt dubbel versturen), zonder ontvangers en inhoud.",
            default_months=3,
            term_start="na het aanmaken (alleen verzonden of opgegeven berichten)",
            personal_data={
                "core.OutboxMessage": ("to", "cc", "subject", "body", "attachments", "headers", "last_error")
            },
            readers=("core.view_outboxmessage",),
            recipients=("de geadresseerden (SMTP)",),
            steps=(
                Step(
                    "core.OutboxMessage",
                    lambda cut: Q(created_at__lt=cut, status__in=OUTBOX_DONE),
                    {
                        "to": [],
                        "cc": [],
                        "subject": ANONYMISED,
                        "body": ANONYMISED,
                        "attachments": [],
                        "headers": {},
                        "last_error": "",
                    },
                    done=Q(body=ANONYMISED),
                ),
            ),
        ),
        Register(
            key="taken",
            label="Taken en feedback op VAC's",
            purpose="Werk met een eigenaar en termijn (feedback, onjuist nummer, toetsing).",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: afgehandelde taken houden soort, status en data voor de telling.",
            default_months=24,
            term_start="na het afhandelen",
            personal_data={
                "core.Task": ("description", "resolution"),
                "kennisbank.Feedback": ("note", "query"),
            },
            readers=("core.view_task", "kennisbank.view_feedback"),
            steps=(
                Step(
                    "kennisbank.Feedback",
                    lambda cut: Q(task__status__in=TASK_DONE, task__resolved_at__lt=cut),
                    {"note": ANONYMISED, "query": ""},
                    record="task_id",
                    counted=False,
                ),
                Step(
                    "core.Task",
                    lambda cut: Q(status__in=TASK_DONE, resolved_at__lt=cut),
                    {"description": ANONYMISED, "resolution": ANONYMISED},
                    done=Q(description=ANONYMISED),
                ),
            ),
        ),
        Register(
            key="afwezigheid",
            label="Afwezigheid van medewerkers",
            purpose="Bij doorverbinden weten of iemand er is (ziek, verlof).",
            legal_basis="AVG art. 6 lid 1 sub b (uitvoering arbeidsovereenkomst); ziekte alleen als soort, zonder "
            "diagnose",
            retention_basis=f"{AVG_MINIMAL}: na afloop is de afwezigheid voor doorverbinden niet meer nodig.",
            default_months=6,
            term_start="na het einde van de afwezigheid",
            personal_data={"medewerkers.Absence": ("person", "kind", "note")},
            readers=("medewerkers.view_absence",),
            steps=(Step("medewerkers.Absence", _before("ends_at")),),
        ),
        Register(
            key="meeluisteren",
            label="Beoordelingen meeluisteren",
            purpose="Kwaliteit en opleiding: beoordeling van gesprekken per medewerker en team.",
            legal_basis="AVG art. 6 lid 1 sub f (gerechtvaardigd belang: kwaliteit van de dienstverlening)",
            retention_basis=f"{AVG_MINIMAL}: de opmerkingen gaan weg, de antwoorden op de vragenlijst blijven voor "
            "de bevindingen per team.",
            default_months=24,
            term_start="na de beoordeling",
            personal_data={"meeluisteren.Review": ("summary", "agent"), "meeluisteren.ReviewAnswer": ("remark",)},
            readers=("meeluisteren.view_review",),
            steps=(
                Step(
                    "meeluisteren.ReviewAnswer",
                    lambda cut: Q(review__created_at__lt=cut) & ~Q(remark=""),
                    {"remark": ANONYMISED},
                    record="review_id",
                    counted=False,
                ),
                Step(
                    "meeluisteren.Review",
                    lambda cut: Q(created_at__lt=cut) & ~Q(summary=ANONYMISED),
                    {"summary": ANONYMISED},
                ),
            ),
        ),
        Register(
            key="zaken",
            label="Zaken (lokaal zaakregister)",
            purpose="Inwoners en medewerkers zien de stand van een aanvraag.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"De zaak zelf volgt de {SELECTIELIJST} via het zaaktype (zaaksysteem); de "
            f"contactgegevens in KCC zijn na afhandeling niet meer nodig ({AVG_MINIMAL}).",
            default_months=24,
            term_start="na afhandeling",
            personal_data={
                "zaken.Zaak": ("klant", "bsn_hash", "phone", "email", "description", "extension_reason"),
                "zaken.ZaakStatus": ("note",),
                "zaken.Suspension": ("note",),
            },
            readers=("zaken.view_zaak",),
            recipients=("zaaksysteem (ZGW Zaken-API), als dat de bron is",),
            steps=(
                Step(
                    "zaken.Zaak",
                    lambda cut: Q(status=ZaakStatus.DONE, closed_on__lt=cut.date()),
                    {"klant": None, "bsn_hash": "", "phone": "", "email": ""},
                    done=Q(klant__isnull=True, bsn_hash="", phone="", email=""),
                ),
            ),
        ),
        Register(
            key="auditlog",
            label="Auditlog",
            purpose="Verantwoorden wie wat zag of wijzigde en waarom (BSN inzien, retentie, rechten).",
            legal_basis=f"{LEGAL_DUTY}: AVG art. 5 lid 2 en art. 32 (verantwoording en beveiliging)",
            retention_basis="Baseline Informatiebeveiliging Overheid: logregels lang genoeg bewaren om misbruik "
            "te kunnen onderzoeken; daarna verwijderen.",
            default_months=60,
            term_start="na het tijdstip",
            personal_data={"core.AuditEntry": ("actor", "purpose", "detail")},
            readers=("core.view_auditentry",),
            steps=(Step("core.AuditEntry", _before("at")),),
        ),
        Register(
            key="avg_verzoeken",
            label="AVG-verzoeken en geheimhouding",
            purpose="Verzoeken van inwoners om inzage, correctie of verwijdering afhandelen binnen de termijn, en "
            "een geheime registratie respecteren.",
            legal_basis=f"{LEGAL_DUTY}: AVG art. 12 en 15–21",
            retention_basis="Verantwoording van de afhandeling (AVG art. 5 lid 2) en een eventueel bezwaar of "
            "klacht bij de Autoriteit Persoonsgegevens: twee jaar na het afsluiten. Daarna blijven soort, data en "
            "status (voor de telling van termijnen), zonder wie het was en wat er gevonden is. Een geheime "
            "registratie blijft zolang zij geldt; de privacyfunctionaris trekt haar in.",
            default_months=24,
            term_start="na het afsluiten",
            personal_data={
                "privacy.Request": ("identifier", "bsn_hash", "purpose", "extension_reason", "outcome", "note"),
                "privacy.SecretRegistration": ("key", "reason"),
            },
            readers=("privacy.view_request", "privacy.view_secretregistration"),
            steps=(
                Step(
                    "privacy.Request",
                    lambda cut: Q(closed_at__lt=cut) & ~Q(status=AvgRequest.Status.OPEN),
                    {
                        "identifier": ANONYMISED,
                        "bsn_hash": "",
                        "purpose": "",
                        "extension_reason": "",
                        "outcome": {},
                        "note": "",
                    },
                    done=Q(identifier=ANONYMISED),
                ),
            ),
        ),
        Register(
            key="koppelingen",
            label="Berichten aan externe systemen",
            purpose="Contacten en klantgegevens betrouwbaar doorgeven aan Klantinteracties (Open Klant) en de BRP "
            "bevragen voor identificatie.",
            legal_basis=PUBLIC_TASK,
            retention_basis=f"{AVG_MINIMAL}: een verzonden bericht is een kopie van wat in de registers staat. De "
            "regel blijft (de sleutel voorkomt dubbel versturen, het resultaat bewaart alleen adressen en UUID's op "
            "afstand), zonder inhoud en uitwisseling. Geparkeerde en mislukte berichten blijven tot de beheerder ze "
            "opnieuw verstuurt.",
            default_months=3,
            term_start="na verzending",
            personal_data={
                "integraties.IntegrationJob": ("payload", "last_exchange", "result", "last_error"),
                "klantinteracties.PartijLink": ("klant",),
                "brp.Identification": ("klant",),
            },
            readers=("integraties.view_integrationjob", "klantinteracties.view_partijlink", "brp.view_identification"),
            recipients=(
                "Klantinteracties-API (Open Klant)",
                "BRP (Haal Centraal BRP Personen bevragen)",
                "Objects API (VAC's, zonder persoonsgegevens)",
            ),
            steps=(
                Step(
                    "integraties.IntegrationJob",
                    lambda cut: Q(sent_at__lt=cut, status=IntegrationJob.Status.SENT),
                    {"payload": {}, "last_exchange": ANONYMISED, "last_error": ""},
                    done=Q(last_exchange=ANONYMISED),
                ),
            ),
        ),
        Register(
            key="medewerkers",
            label="Medewerkersgids en gebruikers",
            purpose="Medewerkers bereiken en doorverbinden; inloggen en rollen.",
            legal_basis="AVG art. 6 lid 1 sub b (uitvoering arbeidsovereenkomst)",
            retention_basis="Zolang iemand in dienst is; de beheerder verwijdert of deactiveert bij vertrek.",
            manual_retention="zolang in dienst; de beheerder verwijdert bij vertrek",
            personal_data={
                "medewerkers.Person": (
                    "name",
                    "function",
                    "email",
                    "phone_internal",
                    "phone_mobile",
                    "show_mobile",
                    "schedule",
                    "skills",
                    "user",
                ),
                "core.User": ("username", "first_name", "last_name", "email", "password"),
            },
            readers=("medewerkers.view_person", "core.view_user"),
        ),
    )


def _due_raw_messages(cut: datetime) -> QuerySet:
    return Message.objects.filter(_raw_message_due(cut)).values("pk")


def retention_registers() -> tuple[Register, ...]:
    return tuple(register for register in all_registers() if register.has_retention)


def get_register(key: str) -> Register | None:
    return next((register for register in all_registers() if register.key == key), None)


CONFIGURATION = "instelling of stamgegeven van de gemeente, geen gegevens over een persoon"
CONTENT = "inhoud voor iedereen (kennisbank, producten, teksten), geen gegevens over een persoon"
CODE = "code, vlag, datum of getal van het proces, geen vrije tekst"
SYSTEM_TEXT = "tekst die KCC zelf maakt (status, controle), zonder gegevens van de inwoner"
AGGREGATE = "telling voor de managementinformatie, niet te herleiden tot een persoon"

# Fields that look like personal data but are not, per model, with the reason (see the completeness test).
NOT_PERSONAL: dict[str, dict[str, str]] = {
    "core.OrganisationUnit": dict.fromkeys(
        ("name", "phone", "email", "backup_phone"), "algemene gegevens van een organisatieonderdeel, geen persoon"
    ),
    "core.ClosingDay": {"description": CONFIGURATION},
    "core.MunicipalityProfile": dict.fromkeys(
        ("phone", "address", "email", "working_holidays"),
        "contactgegevens en werkdagen van de gemeente zelf, geen persoon",
    ),
    "rapportage.CouncilNote": {"text": "toelichting voor de gemeenteraad bij een tabel met cijfers, geen persoon"},
    "core.OutboxMessage": {"from_email": "het afzendadres van de gemeente"},
    "core.Task": dict.fromkeys(("subject_type", "subject_id"), CODE),
    "core.Heartbeat": {"name": "naam van een achtergrondproces"},
    "search.Synonym": {"replacements": CONTENT},
    "search.SearchEntry": dict.fromkeys(
        ("title", "keywords", "body", "words"),
        "zoekindex afgeleid van kennisbank, producten en medewerkersgids; volgt de "
        "bron en bevat geen gegevens van inwoners",
    ),
    "kennisbank.VAC": dict.fromkeys(("antwoord", "toelichting", "trefwoorden", "links"), CONTENT),
    "kennisbank.VACVersion": {"snapshot": CONTENT},
    "kennisbank.SearchLog": {"result_ids": CODE},
    "kennisbank.NewsItem": {"body": CONTENT},
    "contacten.QuestionItem": {"used_in_answer": CODE},
    "meldingen.Category": dict.fromkeys(("name", "description", "reporter_message"), CONFIGURATION),
    "meldingen.CategoryQuestion": {"values": CONFIGURATION},
    "meldingen.MeldingenConfig": {"emergency_text": CONFIGURATION, "boundary": CONFIGURATION},
    "meldingen.Melding": {
        **dict.fromkeys(
            ("street", "postcode", "city"),
            "plaats in de openbare ruimte, nodig voor de rapportage per gebied; het huisnummer gaat weg",
        ),
        "repeat_reasons": SYSTEM_TEXT,
    },
    "meldingen.Event": {"to_status": CODE},
    "meldingen.Open311ApiKey": {"name": "naam van een koppeling (applicatie)"},
    "klachten.RecognitionModel": {
        **dict.fromkeys(("held_out", "blind"), AGGREGATE),
        "weights": "gewichten per woord van het geleerde model, geen tekst van een inwoner",
        "decision": SYSTEM_TEXT,
    },
    "klachten.RecognitionDecision": {"text_scrubbed_at": CODE},
    "klachten.ComplaintSettings": {"ombudsman_name": CONFIGURATION},
    "producten.Product": dict.fromkeys(
        ("upl_name", "synonyms", "description", "legal_basis", "required_documents"), CONTENT
    ),
    "zaken.ZaakType": {"name": CONFIGURATION},
    "zaken.ZgwZaakStatus": {"omschrijving": "naam van een status uit het zaaksysteem"},
    "afspraken.AppointmentType": dict.fromkeys(("name", "instructions"), CONFIGURATION),
    "afspraken.IntakeQuestion": {"text": CONFIGURATION},
    "afspraken.Location": dict.fromkeys(("name", "address"), CONFIGURATION),
    "afspraken.Desk": {"name": CONFIGURATION},
    "mail.Thread": {**dict.fromkeys(("answer_due", "first_answer_at"), CODE), "no_acknowledgement_reason": SYSTEM_TEXT},
    "mail.Attachment": dict.fromkeys(("refused_reason", "note"), SYSTEM_TEXT),
    "mail.UnitMailSettings": {"answer_days": CONFIGURATION},
    "mail.Mailbox": {
        **dict.fromkeys(
            ("name", "username", "password_encrypted", "move_to"), "functionele mailbox van de gemeente, geen persoon"
        ),
        "last_error": SYSTEM_TEXT,
    },
    "rapportage.ServiceNorm": {"note": CONFIGURATION},
    "rapportage.DailyAttemptCount": {"reason": AGGREGATE},
    "rapportage.DailyCallbackCount": {"reason": AGGREGATE},
    "telefonie.PhoneSystem": {"name": "naam van een telefooncentrale"},
    "telefonie.QueueDayCount": {"answered_waits": AGGREGATE},
    "telefonie.IvrMenu": dict.fromkeys(("name", "welcome_text", "closed_text", "closing_day_text"), CONFIGURATION),
    "telefonie.IvrOption": {"text": CONFIGURATION},
    "retentie.RetentionTerm": {"note": CONFIGURATION},
    "retentie.LegalHold": {"record_id": CODE},
}
