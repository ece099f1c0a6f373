"""The e-mail channel: threads of messages, forwards to the back office, mailboxes and checks.

A thread is one matter a citizen mailed about; it is a contactmoment (channel e-mail) and it
ends in exactly one explicit end state. Raw messages are files addressed by their SHA-256 (see
:mod:`kcc.mail.storage`); the database keeps what is needed to list, thread and report.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit

SUBJECT_TAG = "[KCC {number}]"


class Triage(models.TextChoices):
    QUESTION = "vraag", _("Vraag")
    REPORT = "melding", _("Melding")
    COMPLAINT = "klacht", _("Klacht")
    INTERNAL = "intern", _("Intern")
    SPAM = "spam", _("Spam")


class EndState(models.TextChoices):
    ANSWERED = "beantwoord", _("Beantwoord")
    ANSWERED_BY_BACKOFFICE = "beantwoord_door_backoffice", _("Beantwoord door backoffice")
    CONVERTED_TO_REPORT = "omgezet_in_melding", _("Omgezet in melding")
    CONVERTED_TO_COMPLAINT = "omgezet_in_klacht", _("Omgezet in klacht")
    REFERRED_EXTERNAL = "doorgestuurd_extern", _("Doorgestuurd naar externe organisatie")
    NO_ANSWER_NEEDED = "geen_antwoord_nodig", _("Geen antwoord nodig")


class Thread(models.Model):
    """One matter by e-mail: a contactmoment that ends in one explicit end state."""

    class Status(models.TextChoices):
        NEW = "nieuw", _("Nieuw")
        IN_PROGRESS = "in_behandeling", _("In behandeling")
        FORWARDED = "doorgestuurd", _("Doorgestuurd")
        BACKOFFICE_ANSWERED = "antwoord_backoffice", _("Antwoord van backoffice")
        CLOSED = "afgesloten", _("Afgesloten")

    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    sender_email = models.CharField(_("afzender"), max_length=254, blank=True, db_index=True)
    sender_name = models.CharField(_("naam afzender"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("ontvangen"), db_index=True)
    answer_due = models.DateField(_("antwoord uiterlijk"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    triage = models.CharField(_("soort"), max_length=10, choices=Triage.choices, blank=True)
    end_state = models.CharField(_("eindstatus"), max_length=30, choices=EndState.choices, blank=True)
    end_reason = models.CharField(_("toelichting eindstatus"), max_length=500, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_answer_at = models.DateTimeField(_("eerste antwoord verzonden"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_threads",
    )
    contact = models.OneToOneField(
        "contacten.Contactmoment", on_delete=models.PROTECT, related_name="mail_thread", null=True, blank=True
    )
    acknowledged = models.BooleanField(_("ontvangstbevestiging verzonden"), default=False)
    no_acknowledgement_reason = models.CharField(_("geen ontvangstbevestiging omdat"), max_length=200, blank=True)
    converted_type = models.CharField(max_length=100, blank=True, help_text="Model label of the melding/klacht.")
    converted_id = models.CharField(max_length=64, blank=True)
    converted_number = models.CharField(_("omgezet in"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("e-maildraad")
        verbose_name_plural = _("e-maildraden")
        ordering = ["-received_at", "-id"]
        permissions = [
            ("handle_thread", "Mag e-mails behandelen: triage, beantwoorden, doorsturen, afsluiten"),
            ("view_all_threads", "Ziet alle e-mails (niet alleen die van de eigen eenheid)"),
            ("answer_forward", "Mag doorgestuurde e-mails van de eigen eenheid beantwoorden"),
        ]
        indexes = [models.Index(fields=["status", "answer_due"], name="mail_thread_queue_idx")]
        constraints = [
            # Closed ⇔ an explicit end state: the MI can never show "afhandeling onbekend".
            models.CheckConstraint(
                condition=(Q(status="afgesloten") & ~Q(end_state="") & Q(closed_at__isnull=False))
                | (~Q(status="afgesloten") & Q(end_state="")),
                name="mail_thread_closed_has_end_state",
            ),
            models.CheckConstraint(
                condition=~Q(end_state="geen_antwoord_nodig") | ~Q(end_reason=""),
                name="mail_thread_no_answer_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def number(self) -> str:
        """E-2026-000123: the year it came in and its id, so it never changes."""
        return thread_number(self.received_at.year, self.pk)

    @property
    def subject_tag(self) -> str:
        return SUBJECT_TAG.format(number=self.number)

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


def thread_number(year: int, pk: int | None) -> str:
    return f"E-{year}-{pk or 0:06d}"


def message_number(year: int, pk: int | None) -> str:
    return f"B-{year}-{pk or 0:07d}"


class Message(models.Model):
    """One e-mail in or out. Inbound: the raw bytes are kept unchanged (file by SHA-256)."""

    class Direction(models.TextChoices):
        IN = "in", _("Ontvangen")
        OUT = "uit", _("Verzonden")

    class Kind(models.TextChoices):
        CITIZEN = "inwoner", _("Van inwoner")
        AUTOMATIC = "automatisch", _("Automatisch bericht (afwezig, onbestelbaar, lijst)")
        BACKOFFICE = "backoffice", _("Antwoord van backoffice")
        ACKNOWLEDGEMENT = "bevestiging", _("Ontvangstbevestiging")
        ANSWER = "antwoord", _("Antwoord aan inwoner")
        FORWARD = "doorsturing", _("Doorgestuurd naar backoffice")
        REMINDER = "herinnering", _("Herinnering of escalatie")
        QUARANTINE = "quarantaine", _("Niet te lezen (quarantaine)")
        UNVERIFIED = "onbevestigd", _("Lijkt antwoord backoffice, niet bevestigd (beoordelen)")

    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices, default=Direction.IN)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    message_id = models.CharField(_("Message-ID"), max_length=500, unique=True)
    in_reply_to = models.CharField(max_length=500, blank=True)
    references = models.TextField(blank=True)
    sender = models.CharField(_("van"), max_length=254, blank=True)
    sender_name = models.CharField(max_length=200, blank=True)
    recipients = models.JSONField(_("aan"), default=list, blank=True)
    cc = models.JSONField(default=list, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("datum (kopregel)"), null=True, blank=True)
    received_at = models.DateTimeField(_("ontvangen"), db_index=True)
    text = models.TextField(_("tekst"), blank=True, help_text="Plain text; HTML converted to safe text.")
    automatic_reason = models.CharField(max_length=200, blank=True)
    raw_sha256 = models.CharField(max_length=64, blank=True)
    raw_size = models.PositiveIntegerField(default=0)
    quarantine_reason = models.CharField(_("reden quarantaine"), max_length=500, blank=True)
    verification = models.CharField(
        _("controle backoffice-antwoord"),
        max_length=300,
        blank=True,
        help_text="How a back-office reply proved (or failed to prove) it belongs to its forward.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outbox_key = models.CharField(max_length=200, blank=True)
    checks = models.JSONField(default=dict, blank=True, help_text="Answer checks shown and acknowledged.")
    forward = models.ForeignKey("Forward", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")

    class Meta:
        verbose_name = _("e-mailbericht")
        verbose_name_plural = _("e-mailberichten")
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["thread", "received_at"], name="mail_message_thread_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"

    @property
    def number(self) -> str:
        return message_number(self.received_at.year, self.pk)

    @property
    def is_quarantined(self) -> bool:
        return self.kind == self.Kind.QUARANTINE

    @property
    def is_unverified(self) -> bool:
        return self.kind == self.Kind.UNVERIFIED


class Attachment(models.Model):
    """A part of an inbound message offered as a file; the bytes stay in the raw message."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(help_text="Index of the part in message.walk().")
    inner_position = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Index of the file inside the winmail.dat (TNEF) part; empty otherwise."
    )
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    refused_reason = models.CharField(_("geweigerd omdat"), max_length=200, blank=True)
    note = models.CharField(_("opmerking"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["message_id", "position", "inner_position"]

    def __str__(self) -> str:
        return self.filename


def new_forward_secret() -> str:
    return secrets.token_hex(12)


class Forward(models.Model):
    """Forward & Track: a thread handed to a unit or person with a working-day deadline.

    ``secret`` travels only to the back office (Reply-To ``kcc+<secret>@…`` and the forward's
    Message-ID); a reply counts as the back office's answer only when it carries it.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "beantwoord", _("Beantwoord")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="forwards")
    unit = models.ForeignKey(OrganisationUnit, verbose_name=_("eenheid"), on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mail_forwards",
    )
    note = models.TextField(_("toelichting voor de backoffice"), blank=True)
    direct = models.BooleanField(_("backoffice antwoordt zelf (KCC in cc)"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    deadline = models.DateField(_("uiterste datum"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("antwoord backoffice"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by_email = models.CharField(max_length=254, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    secret = models.CharField(max_length=32, unique=True, default=new_forward_secret, editable=False)

    class Meta:
        verbose_name = _("doorsturing")
        verbose_name_plural = _("doorsturingen")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="mail_forward_deadline_idx"),
            models.Index(fields=["unit", "status"], name="mail_forward_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="beantwoord") | Q(answered_at__isnull=False), name="mail_forward_answered_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.thread.number} → {self.unit}"


class UnitMailSettings(models.Model):
    """What a unit agreed with the KCC about forwarded e-mail."""

    unit = models.OneToOneField(OrganisationUnit, on_delete=models.CASCADE, related_name="mail_settings")
    answer_days = models.PositiveSmallIntegerField(_("termijn (werkdagen)"), default=2)
    reminder_days_before = models.PositiveSmallIntegerField(_("herinnering (werkdagen vóór de termijn)"), default=1)
    answers_directly = models.BooleanField(
        _("backoffice antwoordt zelf met het KCC in cc"),
        default=False,
        help_text=_("Uit: het antwoord komt terug bij het KCC, dat het controleert en verstuurt."),
    )

    class Meta:
        verbose_name = _("e-mailafspraak met eenheid")
        verbose_name_plural = _("e-mailafspraken met eenheden")

    def __str__(self) -> str:
        return f"{self.unit}: {self.answer_days} werkdagen"


class Mailbox(models.Model):
    """A shared IMAP mailbox that is polled; the last UID seen makes every message read exactly once."""

    class AfterRead(models.TextChoices):
        MARK_SEEN = "gelezen", _("Markeren als gelezen")
        MOVE = "verplaatsen", _("Verplaatsen naar een map")

    name = models.CharField(_("naam"), max_length=100, unique=True)
    host = models.CharField(_("server"), max_length=200)
    port = models.PositiveIntegerField(_("poort"), default=993)
    use_ssl = models.BooleanField(_("SSL/TLS"), default=True)
    username = models.CharField(_("gebruikersnaam"), max_length=200)
    password_encrypted = models.TextField(_("wachtwoord (versleuteld)"), blank=True)
    folder = models.CharField(_("map"), max_length=200, default="INBOX")
    after_read = models.CharField(
        _("na inlezen"), max_length=12, choices=AfterRead.choices, default=AfterRead.MARK_SEEN
    )
    move_to = models.CharField(_("verplaatsen naar"), max_length=200, blank=True, default="Verwerkt")
    is_active = models.BooleanField(_("actief"), default=True)
    uid_validity = models.BigIntegerField(null=True, blank=True)
    last_uid = models.BigIntegerField(default=0)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    # A message whose intake broke off (the process died) is not fetched in a loop: after
    # MAX_INTAKE_ATTEMPTS it is kept raw and quarantined without parsing.
    pending_uid = models.BigIntegerField(null=True, blank=True)
    pending_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("postvak (IMAP)")
        verbose_name_plural = _("postvakken (IMAP)")
        constraints = [
            models.CheckConstraint(
                condition=~Q(after_read="verplaatsen") | ~Q(move_to=""), name="mail_mailbox_move_has_folder"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class JargonTerm(models.Model):
    """A word the answer check flags, with the plain-language alternative."""

    term = models.CharField(_("woord of uitdrukking"), max_length=100, unique=True)
    suggestion = models.CharField(_("beter"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("jargonwoord")
        verbose_name_plural = _("jargonlijst")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class SuppressedAddress(models.Model):
    """An address that bounced hard: no automatic replies to it until ``until``."""

    email = models.CharField(_("e-mailadres"), max_length=254, unique=True)
    until = models.DateTimeField(_("geen automatische berichten tot"))
    reason = models.CharField(_("reden"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("geblokkeerd adres (harde bounce)")
        verbose_name_plural = _("geblokkeerde adressen (harde bounces)")
        ordering = ["-until"]

    def __str__(self) -> str:
        return self.email
