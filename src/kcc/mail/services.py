"""Writes of the e-mail channel; each public function is one transaction.

Inbound (:func:`ingest`): keep the raw bytes, parse, deduplicate on Message-ID (a unique
constraint, so two deliveries of the same message at once still yield one row), thread on
In-Reply-To/References and on the case number in the subject, acknowledge new threads. Then the
agent triages, answers (after the checks) or forwards (Forward & Track), converts to a melding or
klacht, and every thread ends in one explicit end state.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from kcc.contacten import services as contacten
from kcc.contacten.models import Handling, QuestionType
from kcc.core import audit
from kcc.core.calendar import add_working_days, today
from kcc.core.escalation import notify_unit
from kcc.core.models import OrganisationUnit, User
from kcc.core.outbox import enqueue_email
from kcc.core.roles import Role
from kcc.mail import authentication, checks, conf, parsing, storage
from kcc.mail.models import (
    Attachment,
    EndState,
    Forward,
    JargonTerm,
    Message,
    SuppressedAddress,
    Thread,
    Triage,
    UnitMailSettings,
)

log = logging.getLogger(__name__)

# [KCC E-2026-000123] (also found without the brackets' neighbours, or with a hyphen after KCC).
SUBJECT_NUMBER = re.compile(r"\[KCC[\s-]+E-(\d{4})-(\d{6,})\]", re.IGNORECASE)
_NO_REPLY = re.compile(r"^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounce[s]?)[@+.-]", re.IGNORECASE)

# How each end state is recorded on the thread's contactmoment (vraagsoort, afhandeling: the FCR rule).
CONTACT_OUTCOME = {
    EndState.ANSWERED: (QuestionType.GENERAL, Handling.SELF_ANSWERED),
    EndState.ANSWERED_BY_BACKOFFICE: (QuestionType.GENERAL, Handling.AFTER_CONSULTATION),
    EndState.CONVERTED_TO_REPORT: (QuestionType.REPORT, Handling.REPORT_MADE),
    EndState.CONVERTED_TO_COMPLAINT: (QuestionType.COMPLAINT, Handling.COMPLAINT_REGISTERED),
    EndState.REFERRED_EXTERNAL: (QuestionType.GENERAL, Handling.REFERRED),
    EndState.NO_ANSWER_NEEDED: (QuestionType.GENERAL, Handling.SELF_ANSWERED),
}
# End states only a conversion may set (the link to the melding or klacht must exist).
CONVERSION_STATES = {EndState.CONVERTED_TO_REPORT, EndState.CONVERTED_TO_COMPLAINT}


class Status:
    """What :func:`ingest` reports (the ``status`` of ``kcc mail receive``)."""

    NEW = "nieuw"
    ADDED = "toegevoegd"
    DUPLICATE = "duplicaat"
    QUARANTINE = "quarantaine"


@dataclass(frozen=True)
class IngestResult:
    message: Message
    status: str

    @property
    def thread_number(self) -> str:
        thread = self.message.thread
        return thread.number if thread is not None else ""

    def as_json(self) -> dict[str, str]:
        line = {"nummer": self.message.number, "status": self.status, "thread": self.thread_number}
        if self.status == Status.QUARANTINE:
            line["reden"] = self.message.quarantine_reason
        return line


class ChecksNotAcknowledged(ValidationError):
    """The answer has warnings the agent has not acknowledged; ``report`` holds them."""

    def __init__(self, report: checks.Report) -> None:
        super().__init__(
            {"waarschuwingen_gezien": ["Bekijk de waarschuwingen bij het antwoord en bevestig dat u ze gezien hebt."]}
        )
        self.report = report


# --- helpers ---------------------------------------------------------------------------------


def _new_message_id(thread: Thread | None, kind: str) -> str:
    number = thread.number if thread is not None else "kcc"
    return f"<{number}.{kind}.{uuid.uuid4().hex[:16]}@{conf.message_id_domain()}>"


def signature() -> str:
    """The standard closing of every answer; the outbox adds the complaint-procedure reference."""
    return f"Met vriendelijke groet,\n\nKlantcontactcentrum {settings.KCC_MUNICIPALITY_NAME}"


def with_signature(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith(signature()) else f"{text}\n\n{signature()}"


def clean_subject(subject: str) -> str:
    subject = SUBJECT_NUMBER.sub("", subject)
    while True:
        stripped = re.sub(r"^\s*(re|aw|antw|fw|fwd|doorst|wg)\s*:\s*", "", subject, flags=re.IGNORECASE)
        if stripped == subject:
            return subject.strip() or "(geen onderwerp)"
        subject = stripped


def reply_subject(thread: Thread, prefix: str = "") -> str:
    return f"{prefix}{thread.subject_tag} {clean_subject(thread.subject)}"[:300]


# Sent to or received from the back office only: their Message-IDs prove a reply belongs to a
# forward, so they never appear in the References of a message to the citizen.
INTERNAL_KINDS = (Message.Kind.FORWARD, Message.Kind.REMINDER, Message.Kind.BACKOFFICE, Message.Kind.UNVERIFIED)


def _threading_headers(thread: Thread, *, internal: bool) -> dict[str, str]:
    """In-Reply-To the citizen's last message, References the whole chain: clients thread it."""
    messages = thread.messages.exclude(kind=Message.Kind.QUARANTINE)
    if not internal:
        messages = messages.exclude(kind__in=INTERNAL_KINDS)
    ids = list(messages.order_by("received_at", "id").values_list("message_id", "direction", "kind"))
    citizen = [mid for mid, direction, kind in ids if direction == Message.Direction.IN and kind == "inwoner"]
    chain = [mid for mid, _direction, _kind in ids if not mid.endswith("@zonder-message-id.kcc>")]
    headers = {}
    if citizen:
        headers["In-Reply-To"] = citizen[-1]
    if chain:
        references = chain[:1] + chain[-19:] if len(chain) > 20 else chain
        headers["References"] = " ".join(dict.fromkeys(references))
    return headers


def _send(
    thread: Thread,
    *,
    kind: str,
    key: str,
    to: list[str],
    subject: str,
    body: str,
    author: User | None = None,
    cc: list[str] | None = None,
    forward: Forward | None = None,
    report: dict | None = None,
    extra_headers: dict[str, str] | None = None,
) -> Message:
    """Store the outgoing message in the thread and queue it in the outbox (same transaction)."""
    message_id = _new_message_id(thread, kind)
    threading = _threading_headers(thread, internal=kind in INTERNAL_KINDS)
    headers = {"Message-ID": message_id, **threading, **(extra_headers or {})}
    outbox = enqueue_email(
        key=key, to=to, subject=subject, body=body, headers=headers, cc=cc or [], from_email=conf.kcc_from()
    )
    return Message.objects.create(
        thread=thread,
        direction=Message.Direction.OUT,
        kind=kind,
        message_id=message_id,
        in_reply_to=headers.get("In-Reply-To", ""),
        references=headers.get("References", ""),
        sender=conf.kcc_address(),
        recipients=to,
        cc=cc or [],
        subject=subject,
        sent_at=timezone.now(),
        received_at=timezone.now(),
        text=outbox.body,
        author=author if author is not None and author.is_authenticated else None,
        outbox_key=key,
        forward=forward,
        checks=report or {},
    )


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


# --- inbound ---------------------------------------------------------------------------------


def _duplicate(message_id: str) -> IngestResult | None:
    existing = Message.objects.select_related("thread").filter(message_id=message_id).first()
    return IngestResult(existing, Status.DUPLICATE) if existing is not None else None


def ingest(raw: bytes, *, received_at: datetime | None = None, quarantine_reason: str = "") -> IngestResult:
    """Register one raw message. Never raises on bad input: it is quarantined with the reason.

    ``quarantine_reason``: quarantine without parsing (an earlier intake of these bytes broke off).
    """
    received_at = received_at or timezone.now()
    digest = storage.store(raw)
    reason = ""
    parsed = None
    if quarantine_reason:
        reason, message_id = quarantine_reason, parsing.synthetic_message_id(raw)
    elif len(raw) > conf.max_message_bytes():
        reason = f"Het bericht is groter dan {conf.max_message_bytes() // (1024 * 1024)} MB."
        message_id = parsing.synthetic_message_id(raw)
    else:
        try:
            parsed = parsing.parse(raw)
            message_id = parsed.message_id
        except parsing.Unparseable as error:
            reason, message_id = error.reason, error.message_id or parsing.synthetic_message_id(raw)
    if (found := _duplicate(message_id)) is not None:
        return found
    try:
        with transaction.atomic():
            if parsed is None:
                return _quarantine(raw, digest, message_id, reason, received_at)
            return _register(parsed, raw, digest, received_at)
    except IntegrityError:
        # The same message arrived at the same time over another path: the other one is kept.
        if (found := _duplicate(message_id)) is not None:
            return found
        raise


def _quarantine(raw: bytes, digest: str, message_id: str, reason: str, received_at: datetime) -> IngestResult:
    message = Message.objects.create(
        kind=Message.Kind.QUARANTINE,
        message_id=message_id[:500],
        received_at=received_at,
        raw_sha256=digest,
        raw_size=len(raw),
        quarantine_reason=reason[:500],
    )
    log.warning("mail quarantined: %s (%s)", message.number, reason)
    return IngestResult(message, Status.QUARANTINE)


def _find_thread(parsed: parsing.ParsedMessage) -> tuple[Thread | None, Message | None]:
    ids = parsed.thread_ids
    if ids:
        known = {
            m.message_id: m
            for m in Message.objects.select_related("thread", "forward").filter(
                message_id__in=ids, thread__isnull=False
            )
        }
        for candidate in ids:
            if candidate in known:
                return known[candidate].thread, known[candidate]
    secrets = _forward_secrets(parsed)
    if secrets and (found := Forward.objects.select_related("thread").filter(secret__in=secrets).first()):
        return found.thread, None
    match = SUBJECT_NUMBER.search(parsed.subject)
    if match:
        thread = Thread.objects.filter(pk=int(match.group(2))).first()
        if thread is not None and thread.received_at.year == int(match.group(1)):
            return thread, None
    return None, None


def _attachments(message: Message, parsed: parsing.ParsedMessage) -> None:
    limit, blocked = conf.max_attachment_bytes(), conf.blocked_extensions()
    rows = []
    for item in parsed.attachments:
        extension = "." + item.filename.rsplit(".", 1)[-1].lower() if "." in item.filename else ""
        refused = ""
        if extension in blocked:
            refused = f"Bestandstype {extension} is niet toegestaan."
        elif item.content_type in parsing.EXECUTABLE_TYPES:
            refused = "Het bestand is een programma of script (herkend aan de inhoud)."
        elif item.size > limit:
            refused = f"Groter dan {limit // (1024 * 1024)} MB."
        rows.append(
            Attachment(
                message=message,
                position=item.position,
                inner_position=item.inner,
                filename=item.filename or "bijlage",
                content_type=item.content_type,
                size=item.size,
                refused_reason=refused,
                note=item.note,
            )
        )
    Attachment.objects.bulk_create(rows)


@dataclass(frozen=True)
class BackofficeClaim:
    """A message that presents itself as the back office's answer to ``forward``."""

    forward: Forward
    verified: bool
    note: str


def _forward_secrets(parsed: parsing.ParsedMessage) -> set[str]:
    return {conf.forward_secret_of(address) for address in parsed.recipients + parsed.cc} - {""}


def _proven_forward(thread: Thread, parsed: parsing.ParsedMessage) -> tuple[Forward | None, str]:
    """The forward whose secret the message carries: ``kcc+<secret>@`` among its recipients, or
    the Message-ID of the forward (or its reminder) in In-Reply-To/References."""
    secrets = _forward_secrets(parsed)
    if secrets:
        found = thread.forwards.filter(secret__in=secrets).order_by("-created_at").first()
        if found is not None:
            return found, "geheim kenmerk in het antwoordadres"
    if parsed.thread_ids:
        sent = (
            thread.messages.filter(
                message_id__in=parsed.thread_ids,
                kind__in=[Message.Kind.FORWARD, Message.Kind.REMINDER],
                forward__isnull=False,
            )
            .select_related("forward")
            .first()
        )
        if sent is not None:
            return sent.forward, "antwoord op de doorgestuurde e-mail (Message-ID)"
    return None, ""


def _looks_like_backoffice(thread: Thread, sender: str) -> Forward | None:
    for forward in thread.forwards.select_related("unit", "person").order_by("-created_at"):
        if sender in forward_recipients(forward) or sender in _unit_user_emails(forward.unit):
            return forward
    return None


def _backoffice_claim(thread: Thread, parsed: parsing.ParsedMessage) -> BackofficeClaim | None:
    """Whether this reply is the back office's answer, and whether it proves it.

    Proof is the forward's secret; where the MTA reports on the sender (Authentication-Results) a
    failed check voids it, and with ``KCC_MAIL_REQUIRE_AUTH_RESULTS`` a pass is needed too. A
    message from a back-office address without the secret (anyone can write that From and the
    case number) is unverified: an agent judges it, it never closes the thread.
    """
    sender = parsed.sender
    if sender == thread.sender_email:
        return None
    forward, proof = _proven_forward(thread, parsed)
    if forward is None:
        lookalike = _looks_like_backoffice(thread, sender)
        if lookalike is None:
            return None
        return BackofficeClaim(lookalike, False, "Afzender lijkt de backoffice, maar zonder het geheime kenmerk.")
    result = authentication.verdict(parsed.authentication_results, sender, conf.authserv_ids())
    if result.result == authentication.FAIL:
        return BackofficeClaim(forward, False, f"Afzender niet bevestigd: {result.detail}.")
    if result.result != authentication.PASS and conf.require_authentication_results():
        return BackofficeClaim(forward, False, f"Geen geslaagde SPF/DKIM/DMARC-controle: {result.detail}.")
    return BackofficeClaim(forward, True, f"Bevestigd: {proof}; {result.detail}.")


def _unit_user_emails(unit: OrganisationUnit) -> set[str]:
    return {email.lower() for email in unit.users.exclude(email="").values_list("email", flat=True)}


def _register(parsed: parsing.ParsedMessage, raw: bytes, digest: str, received_at: datetime) -> IngestResult:
    thread, referenced = _find_thread(parsed)
    status = Status.ADDED if thread is not None else Status.NEW
    claim = None
    if thread is None:
        thread = Thread.objects.create(
            subject=clean_subject(parsed.subject)[:300],
            sender_email=parsed.sender,
            sender_name=parsed.sender_name,
            received_at=received_at,
            answer_due=add_working_days(_local_date(received_at), conf.answer_days()),
            contact=contacten.open_email_contact(email=parsed.sender, received_at=received_at),
        )
        kind = Message.Kind.AUTOMATIC if parsed.automatic_reason else Message.Kind.CITIZEN
    elif parsed.automatic_reason:
        kind = Message.Kind.AUTOMATIC
    elif (claim := _backoffice_claim(thread, parsed)) is not None:
        kind = Message.Kind.BACKOFFICE if claim.verified else Message.Kind.UNVERIFIED
    else:
        kind = Message.Kind.CITIZEN
    forward = claim.forward if claim is not None else None
    message = Message.objects.create(
        thread=thread,
        kind=kind,
        message_id=parsed.message_id,
        in_reply_to=parsed.in_reply_to,
        references=" ".join(parsed.references),
        sender=parsed.sender,
        sender_name=parsed.sender_name,
        recipients=parsed.recipients,
        cc=parsed.cc,
        subject=parsed.subject,
        sent_at=parsed.sent_at,
        received_at=received_at,
        text=parsed.text,
        automatic_reason=parsed.automatic_reason[:200],
        raw_sha256=digest,
        raw_size=len(raw),
        forward=forward,
        verification=claim.note[:300] if claim is not None else "",
    )
    _attachments(message, parsed)
    if parsed.hard_bounces:
        _suppress_bounced(parsed, referenced)
    if kind == Message.Kind.UNVERIFIED:
        log.warning("mail %s: unverified back-office reply (%s)", message.number, claim.note)
    if status == Status.NEW:
        _acknowledge(thread, message)
    elif kind == Message.Kind.BACKOFFICE and forward is not None:
        _record_backoffice_answer(
            forward,
            text=checks.new_text(parsed.text),
            by_email=parsed.sender,
            user=None,
            to_citizen=thread.sender_email in parsed.recipients + parsed.cc,
        )
    elif kind == Message.Kind.CITIZEN and thread.is_closed:
        _reopen(thread)
    return IngestResult(message, status)


def _suppress_bounced(parsed: parsing.ParsedMessage, referenced: Message | None) -> None:
    """A hard bounce of one of our messages: no automatic replies to that address for a while.

    Only addresses the bounced message was really sent to, so a forged report cannot silence
    someone else's acknowledgements.
    """
    if referenced is None or referenced.direction != Message.Direction.OUT:
        return
    sent_to = {address.lower() for address in referenced.recipients + referenced.cc}
    until = timezone.now() + timedelta(days=conf.bounce_suppress_days())
    for address in parsed.hard_bounces:
        if address in sent_to:
            SuppressedAddress.objects.update_or_create(
                email=address, defaults={"until": until, "reason": f"Harde bounce op {referenced.number}"[:300]}
            )


def _reopen(thread: Thread) -> None:
    """The citizen writes again about a closed matter: it is open again, with a fresh answer term."""
    thread.status, thread.end_state, thread.end_reason = Thread.Status.NEW, "", ""
    thread.closed_at = thread.closed_by = None
    thread.answer_due = add_working_days(today(), conf.answer_days())
    thread.save(update_fields=["status", "end_state", "end_reason", "closed_at", "closed_by", "answer_due"])


def no_acknowledgement_reason(thread: Thread, message: Message) -> str:
    """Why this message must not get an automatic reply (auto-reply, bounce, list, loop), or ''."""
    if message.automatic_reason:
        return message.automatic_reason
    sender = message.sender
    if sender == conf.kcc_address() or (sender.endswith("@" + conf.message_id_domain()) and _NO_REPLY.match(sender)):
        return "Afzender is het KCC zelf."
    if _NO_REPLY.match(sender):
        return "Afzender ontvangt geen antwoorden (no-reply)."
    if message.in_reply_to.endswith(f"@{conf.message_id_domain()}>") and ".bevestiging." in message.in_reply_to:
        return "Antwoord op een ontvangstbevestiging."
    suppressed = SuppressedAddress.objects.filter(email=sender, until__gt=timezone.now()).first()
    if suppressed is not None:
        until = timezone.localtime(suppressed.until)
        return f"Adres gaf een harde bounce; geen automatische berichten tot {until:%d-%m-%Y}."
    day_start = timezone.make_aware(datetime.combine(today(), datetime.min.time()))
    sent_today = Thread.objects.filter(sender_email=sender, acknowledged=True, received_at__gte=day_start).count()
    if sent_today >= conf.acknowledgements_per_sender_per_day():
        return f"Vandaag al {sent_today} ontvangstbevestigingen aan dit adres."
    return ""


def _acknowledge(thread: Thread, message: Message) -> None:
    reason = no_acknowledgement_reason(thread, message)
    if reason:
        thread.no_acknowledgement_reason = reason[:200]
        thread.save(update_fields=["no_acknowledgement_reason"])
        return
    due = thread.answer_due
    body = (
        f"{salutation(thread)}\n\n"
        f"Wij hebben uw e-mail ontvangen. Het nummer is {thread.number}.\n"
        f"U krijgt uiterlijk {due:%d-%m-%Y} een antwoord (binnen {conf.answer_days()} werkdagen).\n\n"
        "Wilt u nog iets aanvullen? Beantwoord dan deze e-mail. "
        "Laat het nummer in het onderwerp staan.\n\n"
        f"{signature()}"
    )
    _send(
        thread,
        kind=Message.Kind.ACKNOWLEDGEMENT,
        key=f"mail:bevestiging:{thread.pk}",
        to=[thread.sender_email],
        subject=reply_subject(thread, "Ontvangstbevestiging: "),
        body=body,
        extra_headers={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All", "Precedence": "auto_reply"},
    )
    thread.acknowledged = True
    thread.save(update_fields=["acknowledged"])


def salutation(thread: Thread) -> str:
    """A formal salutation for the thread's sender, from the name and the signature."""
    first_text = thread.messages.filter(kind=Message.Kind.CITIZEN).values_list("text", flat=True).first() or ""
    sender = checks.identify_sender(thread.sender_name, first_text)
    surname = sender.surname[:1].upper() + sender.surname[1:]  # "de Vries" → "mevrouw De Vries"
    if surname and sender.form:
        return f"Geachte {sender.form} {surname},"
    if surname:
        return f"Geachte heer of mevrouw {surname},"
    return "Geachte heer of mevrouw,"


# --- triage ----------------------------------------------------------------------------------


def _locked(thread: Thread) -> Thread:
    return Thread.objects.select_for_update().get(pk=thread.pk)


def _require_open(thread: Thread) -> None:
    if thread.is_closed:
        raise ValidationError(
            {"thread": [f"E-mail {thread.number} is al afgesloten ({thread.get_end_state_display()})."]}
        )


def _require_handler(user: User) -> None:
    if not user.has_perm("mail.handle_thread"):
        raise PermissionDenied("U mag geen e-mails behandelen.")


@transaction.atomic
def triage(thread: Thread, *, user: User, kind: str) -> Thread:
    """Set what the mail is (vraag, melding, klacht, intern, spam) and take it in hand."""
    _require_handler(user)
    thread = _locked(thread)
    _require_open(thread)
    if kind not in Triage.values:
        raise ValidationError({"soort": [f"Onbekende soort ‘{kind}’; kies uit {', '.join(Triage.values)}."]})
    thread.triage = kind
    thread.assigned_to = thread.assigned_to or user
    if thread.status == Thread.Status.NEW:
        thread.status = Thread.Status.IN_PROGRESS
    thread.save(update_fields=["triage", "assigned_to", "status"])
    audit.record(user, "mail.triage", thread, soort=kind)
    if kind == Triage.SPAM:
        _close(thread, user=user, end_state=EndState.NO_ANSWER_NEEDED, reason="Spam")
    return thread


# --- answer ----------------------------------------------------------------------------------


@transaction.atomic
def add_jargon(term: str, suggestion: str = "") -> JargonTerm:
    """Add a word to the jargon list (or update its suggestion)."""
    term = " ".join(term.split())
    if not term:
        raise ValidationError({"woord": ["Vul het woord of de uitdrukking in."]})
    if len(term) > 100:
        raise ValidationError({"woord": ["Hoogstens 100 tekens."]})
    item, _ = JargonTerm.objects.update_or_create(term=term, defaults={"suggestion": suggestion.strip()[:200]})
    return item


def jargon_list() -> list[tuple[str, str]]:
    return list(JargonTerm.objects.values_list("term", "suggestion"))


def citizen_text(thread: Thread) -> str:
    """What the citizen wrote in this thread (their own words, newest last) for the checks."""
    texts = (
        thread.messages.filter(kind=Message.Kind.CITIZEN).order_by("received_at", "id").values_list("text", flat=True)
    )
    return "\n\n".join(checks.new_text(text) for text in texts)


def check_answer(thread: Thread, text: str, *, ticked: Iterable[int] = ()) -> checks.Report:
    return checks.check_answer(
        text, incoming_text=citizen_text(thread), sender_name=thread.sender_name, jargon=jargon_list(), ticked=ticked
    )


@transaction.atomic
def send_answer(
    thread: Thread, *, user: User, text: str, ticked: Iterable[int] = (), acknowledged: bool = False
) -> Message:
    """The answer to the citizen, after the checks; it closes the thread (beantwoord or by backoffice)."""
    _require_handler(user)
    thread = _locked(thread)
    _require_open(thread)
    if not text.strip():
        raise ValidationError({"tekst": ["Schrijf een antwoord."]})
    report = check_answer(thread, text, ticked=ticked)
    if report.needs_acknowledgement and not acknowledged:
        raise ChecksNotAcknowledged(report)
    message = _send(
        thread,
        kind=Message.Kind.ANSWER,
        key=f"mail:antwoord:{thread.pk}:{uuid.uuid4().hex[:12]}",
        to=[thread.sender_email],
        subject=reply_subject(thread, "Re: "),
        body=with_signature(text),
        author=user,
        report={**report.as_dict(), "gezien": bool(report.findings)},
    )
    via_backoffice = thread.forwards.filter(status=Forward.Status.ANSWERED).exists()
    thread.first_answer_at = thread.first_answer_at or message.received_at
    thread.save(update_fields=["first_answer_at"])
    _close(
        thread,
        user=user,
        end_state=EndState.ANSWERED_BY_BACKOFFICE if via_backoffice else EndState.ANSWERED,
        reason="",
    )
    return message


# --- Forward & Track -------------------------------------------------------------------------


def unit_settings(unit: OrganisationUnit) -> UnitMailSettings:
    found = UnitMailSettings.objects.filter(unit=unit).first()
    return found or UnitMailSettings(unit=unit, answer_days=conf.forward_days())


def forward_recipients(forward: Forward) -> list[str]:
    if forward.person_id and forward.person.email:
        return [forward.person.email.lower()]
    return [forward.unit.email.lower()] if forward.unit.email else []


def _forward_body(forward: Forward, thread: Thread) -> str:
    base = settings.KCC_BASE_URL.rstrip("/")
    if forward.direct:
        how = (
            f"Beantwoordt u de inwoner zelf ({thread.sender_email}), met {conf.forward_reply_address(forward.secret)} "
            "in cc, "
            "of antwoord in de werkplek. Laat het nummer in het onderwerp staan."
        )
    else:
        how = (
            "Beantwoord deze e-mail (het antwoord komt terug bij het KCC, dat het naar de inwoner stuurt) "
            "of antwoord in de werkplek."
        )
    original = citizen_text(thread)
    return (
        f"Het KCC stuurt u deze e-mail van een inwoner door. Wilt u uiterlijk {forward.deadline:%d-%m-%Y} "
        f"antwoorden?\n\n{how}\n{base}/mail/doorgestuurd/{forward.pk}/\n\n"
        + (f"Toelichting van het KCC:\n{forward.note}\n\n" if forward.note else "")
        + f"--- E-mail van {thread.sender_name or thread.sender_email}, "
        f"ontvangen {timezone.localtime(thread.received_at):%d-%m-%Y %H:%M} ---\n"
        f"Onderwerp: {thread.subject}\n\n{original}\n\n{signature()}"
    )


@transaction.atomic
def forward(
    thread: Thread, *, user: User, unit: OrganisationUnit, person: User | None = None, note: str = ""
) -> Forward:
    """Forward & Track: hand the thread to a unit (or a person in it) with a working-day deadline."""
    _require_handler(user)
    thread = _locked(thread)
    _require_open(thread)
    if unit.is_external:
        raise ValidationError(
            {"eenheid": [f"{unit} is een externe organisatie: kies ‘Doorsturen naar externe organisatie’."]}
        )
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"persoon": [f"{person} hoort niet bij {unit}."]})
    agreement = unit_settings(unit)
    item = Forward.objects.create(
        thread=thread,
        unit=unit,
        person=person,
        note=note.strip(),
        direct=agreement.answers_directly,
        created_by=user,
        deadline=add_working_days(today(), agreement.answer_days),
    )
    recipients = forward_recipients(item)
    if recipients:
        _send(
            thread,
            kind=Message.Kind.FORWARD,
            key=f"mail:doorsturing:{item.pk}",
            to=recipients,
            subject=reply_subject(thread, "Doorgestuurd: "),
            body=_forward_body(item, thread),
            author=user,
            forward=item,
            extra_headers=_reply_to(item),
        )
    thread.status = Thread.Status.FORWARDED
    thread.triage = thread.triage or Triage.QUESTION
    thread.assigned_to = thread.assigned_to or user
    thread.save(update_fields=["status", "triage", "assigned_to"])
    audit.record(user, "mail.doorgestuurd", thread, eenheid=unit.code, termijn=item.deadline.isoformat())
    return item


def _reply_to(item: Forward) -> dict[str, str]:
    """Replies to a forward (and its reminders) carry its secret back (see :func:`_backoffice_claim`)."""
    return {"Reply-To": conf.forward_reply_address(item.secret)}


def can_answer_forward(user: User, item: Forward) -> bool:
    if user.has_perm("mail.handle_thread"):
        return True
    if not user.has_perm("mail.answer_forward"):
        return False
    return item.person_id == user.pk or (user.unit_id is not None and item.unit_id == user.unit_id)


def _record_backoffice_answer(item: Forward, *, text: str, by_email: str, user: User | None, to_citizen: bool) -> None:
    item.status, item.answer, item.answered_at = Forward.Status.ANSWERED, text.strip(), timezone.now()
    item.answered_by, item.answered_by_email = user, by_email[:254]
    item.save(update_fields=["status", "answer", "answered_at", "answered_by", "answered_by_email"])
    thread = item.thread
    if thread.is_closed:
        return
    if to_citizen:
        thread.first_answer_at = thread.first_answer_at or item.answered_at
        thread.save(update_fields=["first_answer_at"])
        _close(thread, user=user, end_state=EndState.ANSWERED_BY_BACKOFFICE, reason="")
    else:
        thread.status = Thread.Status.BACKOFFICE_ANSWERED
        thread.save(update_fields=["status"])


@transaction.atomic
def answer_forward(item: Forward, *, user: User, text: str) -> Forward:
    """The back office answers in the workspace: back to the agent, or (per unit) straight to the citizen."""
    item = Forward.objects.select_for_update().select_related("thread", "unit").get(pk=item.pk)
    if not can_answer_forward(user, item):
        raise PermissionDenied("Deze e-mail is niet naar u of uw eenheid doorgestuurd.")
    if item.status != Forward.Status.OPEN:
        raise ValidationError({"tekst": ["Deze doorgestuurde e-mail is al beantwoord of ingetrokken."]})
    if not text.strip():
        raise ValidationError({"tekst": ["Schrijf een antwoord."]})
    thread = item.thread
    if item.direct and not thread.is_closed:
        _send(
            thread,
            kind=Message.Kind.ANSWER,
            key=f"mail:backoffice-antwoord:{item.pk}",
            to=[thread.sender_email],
            cc=[conf.kcc_address()],
            subject=reply_subject(thread, "Re: "),
            body=with_signature(text),
            author=user,
            forward=item,
        )
    _record_backoffice_answer(item, text=text, by_email=user.email, user=user, to_citizen=item.direct)
    audit.record(user, "mail.backoffice_antwoord", thread, doorsturing=item.pk)
    return item


def _claim(item: Forward, field: str) -> bool:
    return Forward.objects.filter(pk=item.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}) == 1


def _teamleader_emails() -> list[str]:
    return list(
        User.objects.filter(groups__name=Role.TEAMLEADER.value, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def process_forward_deadlines(day: date | None = None) -> dict[str, int]:
    """Reminders before the deadline and escalation after it, once each per forward (outbox keys)."""
    day = day or today()
    counts = {"herinneringen": 0, "escalaties": 0}
    open_items = Forward.objects.filter(
        status=Forward.Status.OPEN,
        thread__status__in=[
            Thread.Status.FORWARDED,
            Thread.Status.IN_PROGRESS,
            Thread.Status.NEW,
        ],
    ).select_related("thread", "unit__coordinator", "person")
    settings_by_unit = {s.unit_id: s for s in UnitMailSettings.objects.all()}
    for item in open_items:
        agreement = settings_by_unit.get(item.unit_id) or UnitMailSettings(unit=item.unit)
        escalate = day > item.deadline and item.escalated_at is None
        remind = (
            not escalate
            and item.reminded_at is None
            and add_working_days(day, agreement.reminder_days_before) >= item.deadline
        )
        if not (escalate or remind):
            continue
        with transaction.atomic():
            if escalate and _claim(item, "escalated_at"):
                to = [
                    e
                    for e in [item.unit.coordinator.email if item.unit.coordinator else "", *_teamleader_emails()]
                    if e
                ]
                to = list(dict.fromkeys(to or forward_recipients(item)))
                subject = reply_subject(item.thread, "Termijn verstreken: ")
                body = (
                    f"De e-mail {item.thread.number}, doorgestuurd naar {item.unit}, had uiterlijk "
                    f"{item.deadline:%d-%m-%Y} beantwoord moeten zijn. Er is nog geen antwoord.\n"
                    f"{settings.KCC_BASE_URL.rstrip('/')}/mail/doorgestuurd/{item.pk}/\n\n{signature()}"
                )
                if to:
                    _send(
                        item.thread,
                        kind=Message.Kind.REMINDER,
                        key=f"mail:escalatie:{item.pk}",
                        to=to,
                        subject=subject,
                        body=body,
                        forward=item,
                        extra_headers=_reply_to(item),
                    )
                else:
                    # Nobody to mail: the escalation becomes a task (the teamleider's when the unit has
                    # no coordinator), so it is shown instead of skipped.
                    notify_unit(
                        unit=item.unit,
                        kind="mail_escalatie",
                        title=subject,
                        description=body,
                        deadline=add_working_days(day, 1),
                        subject=item.thread,
                        email_key=f"mail:escalatie:{item.pk}",
                        email_body=body,
                    )
                counts["escalaties"] += 1
            elif remind and _claim(item, "reminded_at"):
                to = forward_recipients(item)
                if to:
                    _send(
                        item.thread,
                        kind=Message.Kind.REMINDER,
                        key=f"mail:herinnering:{item.pk}",
                        to=to,
                        subject=reply_subject(item.thread, "Herinnering: "),
                        body=(
                            f"Herinnering: wilt u de doorgestuurde e-mail {item.thread.number} uiterlijk "
                            f"{item.deadline:%d-%m-%Y} beantwoorden?\n"
                            f"{settings.KCC_BASE_URL.rstrip('/')}/mail/doorgestuurd/{item.pk}/\n\n{signature()}"
                        ),
                        forward=item,
                        extra_headers=_reply_to(item),
                    )
                counts["herinneringen"] += 1
    return counts


# --- end states and conversions --------------------------------------------------------------


def _close(thread: Thread, *, user: User | None, end_state: str, reason: str) -> Thread:
    thread.status, thread.end_state, thread.end_reason = Thread.Status.CLOSED, end_state, reason.strip()[:500]
    thread.closed_at, thread.closed_by = timezone.now(), user if user is not None and user.is_authenticated else None
    thread.save(update_fields=["status", "end_state", "end_reason", "closed_at", "closed_by"])
    thread.forwards.filter(status=Forward.Status.OPEN).update(status=Forward.Status.WITHDRAWN)
    question_type, handling = CONTACT_OUTCOME[EndState(end_state)]
    unit = thread.forwards.order_by("-created_at").values_list("unit", flat=True).first()
    if thread.contact_id is not None:
        contacten.finish_email_contact(
            thread.contact,
            user=thread.closed_by,
            question_type=question_type,
            handling=handling,
            unit=OrganisationUnit.objects.filter(pk=unit).first() if unit else None,
            notes=f"E-mail {thread.number}: {EndState(end_state).label}"
            + (f" — {reason.strip()}" if reason.strip() else ""),
        )
    audit.record(user, "mail.afgesloten", thread, eindstatus=end_state)
    return thread


@transaction.atomic
def close(thread: Thread, *, user: User, end_state: str, reason: str = "") -> Thread:
    """End the thread explicitly. Conversions set their own end state (see the convert functions)."""
    _require_handler(user)
    thread = _locked(thread)
    _require_open(thread)
    if end_state not in EndState.values:
        raise ValidationError({"eindstatus": [f"Kies een eindstatus: {', '.join(EndState.values)}."]})
    if end_state in CONVERSION_STATES:
        raise ValidationError(
            {"eindstatus": ["Zet de e-mail om in een melding of klacht; dan wordt dit de eindstatus."]}
        )
    if end_state == EndState.NO_ANSWER_NEEDED and not reason.strip():
        raise ValidationError({"reden": ["Geef de reden waarom geen antwoord nodig is."]})
    answered = end_state in {EndState.ANSWERED, EndState.ANSWERED_BY_BACKOFFICE}
    if answered and not reason.strip() and not thread.messages.filter(kind=Message.Kind.ANSWER).exists():
        raise ValidationError({"reden": ["Er is nog geen antwoord verstuurd; zeg hoe de vraag beantwoord is."]})
    return _close(thread, user=user, end_state=end_state, reason=reason)


@transaction.atomic
def refer_external(thread: Thread, *, user: User, unit: OrganisationUnit, note: str = "") -> Thread:
    """Send the mail on to an external organisation, tell the citizen, and close the thread."""
    _require_handler(user)
    thread = _locked(thread)
    _require_open(thread)
    if not unit.is_external:
        raise ValidationError({"eenheid": [f"{unit} is geen externe organisatie; gebruik Doorsturen."]})
    if not unit.email:
        raise ValidationError({"eenheid": [f"Van {unit} is geen e-mailadres bekend."]})
    _send(
        thread,
        kind=Message.Kind.FORWARD,
        key=f"mail:extern:{thread.pk}:{unit.pk}",
        to=[unit.email],
        subject=reply_subject(thread, "Doorgestuurd: "),
        body=(
            f"{settings.KCC_MUNICIPALITY_NAME} stuurt u deze e-mail van een inwoner door, omdat u erover gaat. "
            f"Wilt u de inwoner zelf antwoorden ({thread.sender_email})?\n\n"
            + (f"{note.strip()}\n\n" if note.strip() else "")
            + f"--- Onderwerp: {thread.subject} ---\n{citizen_text(thread)}\n\n{signature()}"
        ),
        author=user,
    )
    message = _send(
        thread,
        kind=Message.Kind.ANSWER,
        key=f"mail:extern-inwoner:{thread.pk}:{unit.pk}",
        to=[thread.sender_email],
        subject=reply_subject(thread, "Re: "),
        body=with_signature(
            f"{salutation(thread)}\n\nUw vraag gaat over een onderwerp van {unit.name}. Wij hebben uw e-mail "
            f"daarom naar {unit.name} gestuurd. Zij nemen contact met u op."
        ),
        author=user,
    )
    thread.first_answer_at = thread.first_answer_at or message.received_at
    thread.save(update_fields=["first_answer_at"])
    return _close(thread, user=user, end_state=EndState.REFERRED_EXTERNAL, reason=f"Naar {unit.name}")


def _converted(thread: Thread, *, user: User, model_label: str, pk: int, number: str, end_state: str) -> Thread:
    thread.converted_type, thread.converted_id, thread.converted_number = model_label, str(pk), number
    thread.triage = Triage.REPORT if end_state == EndState.CONVERTED_TO_REPORT else Triage.COMPLAINT
    thread.save(update_fields=["converted_type", "converted_id", "converted_number", "triage"])
    return _close(thread, user=user, end_state=end_state, reason=number)


@transaction.atomic
def convert_to_melding(thread: Thread, *, user: User, category, location, description: str = ""):
    """Make a melding from the mail (origin mail.thread) and end the thread with that end state."""
    from kcc.meldingen import services as meldingen
    from kcc.meldingen.models import Feedback

    _require_handler(user)
    thread = _locked(thread)
    _require_open(thread)
    intake = meldingen.Intake(
        category=category,
        description=(description or citizen_text(thread)).strip()[:5000],
        location=location,
        reporter=meldingen.Reporter(name=thread.sender_name, email=thread.sender_email, feedback=Feedback.EMAIL),
        channel="email",
        origin_type=Thread._meta.label_lower,
        origin_id=str(thread.pk),
    )
    result = meldingen.create_melding(intake, actor=user)
    melding = result.melding
    _converted(
        thread,
        user=user,
        model_label=melding._meta.label_lower,
        pk=melding.pk,
        number=melding.number,
        end_state=EndState.CONVERTED_TO_REPORT,
    )
    return melding


@transaction.atomic
def convert_to_complaint(thread: Thread, *, user: User, name: str, address: str, postcode: str = "", city: str = ""):
    """Register a klacht from the mail (written, Awb 9:4) and end the thread with that end state."""
    from kcc.klachten import services as klachten

    _require_handler(user)
    thread = _locked(thread)
    _require_open(thread)
    complaint = klachten.register_complaint(
        description=citizen_text(thread) or thread.subject,
        channel="email",
        complainant=klachten.Complainant(
            name=name or thread.sender_name, address=address, postcode=postcode, city=city, email=thread.sender_email
        ),
        received_on=_local_date(thread.received_at),
        origin_type=Thread._meta.label_lower,
        origin_id=str(thread.pk),
        actor=user,
    )
    _converted(
        thread,
        user=user,
        model_label=complaint._meta.label_lower,
        pk=complaint.pk,
        number=complaint.number,
        end_state=EndState.CONVERTED_TO_COMPLAINT,
    )
    return complaint
