"""Complaints (klachten) under the General Administrative Law Act (Awb), chapter 9.

State changes happen only in ``kcc.klachten.services``; every letter that leaves is kept as a
:class:`Letter` row with the exact text sent, so the file shows what the complainant received.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit


class Complaint(models.Model):
    class Channel(models.TextChoices):
        PHONE = "telefoon", _("telefoon")
        EMAIL = "email", _("e-mail")
        WEB = "web", _("webformulier")
        DESK = "balie", _("balie")
        LETTER = "brief", _("brief")

    class Form(models.TextChoices):
        WRITTEN = "schriftelijk", _("schriftelijk (klaagschrift, Awb 9:4–9:12)")
        ORAL = "mondeling", _("mondeling (Awb 9:2, behoorlijke behandeling)")

    class Status(models.TextChoices):
        RECEIVED = "ontvangen", _("ontvangen")
        IN_PROGRESS = "in_behandeling", _("in behandeling")
        SETTLED = "naar_tevredenheid", _("naar tevredenheid opgelost (Awb 9:5)")
        NOT_HANDLED = "niet_behandeld", _("niet in behandeling genomen (Awb 9:8)")
        DECIDED = "afgehandeld", _("afgehandeld (Awb 9:12)")

    class Judgment(models.TextChoices):
        FOUNDED = "gegrond", _("gegrond")
        UNFOUNDED = "ongegrond", _("ongegrond")
        PARTLY = "deels_gegrond", _("deels gegrond")
        NONE = "geen_oordeel", _("geen oordeel")

    class HearingSkip(models.TextChoices):
        """The only three grounds of Awb 9:10 lid 2 to skip the hearing."""

        OBVIOUSLY_UNFOUNDED = "kennelijk_ongegrond", _("de klacht is kennelijk ongegrond (9:10 lid 2 a)")
        DECLINED = "afgezien", _("de klager heeft verklaard niet gehoord te willen worden (9:10 lid 2 b)")
        NO_REPLY = (
            "geen_reactie",
            _("de klager heeft niet binnen de gestelde termijn laten weten gehoord te willen worden (9:10 lid 2 c)"),
        )

    class NotHandledGround(models.TextChoices):
        """Awb 9:8: the grounds on which the municipality need not handle a complaint."""

        EARLIER = "eerder_behandeld", _("over deze gedraging is al eerder een klacht behandeld (9:8 lid 1 a)")
        OVER_A_YEAR = "ouder_dan_jaar", _("de gedraging vond langer dan een jaar voor de klacht plaats (9:8 lid 1 b)")
        OBJECTION = "bezwaar_mogelijk", _("de klager had tegen de gedraging bezwaar kunnen maken (9:8 lid 1 c)")
        APPEAL = "beroep_mogelijk", _("de klager kan of kon tegen de gedraging beroep instellen (9:8 lid 1 d)")
        COURT = "rechter", _("de gedraging is aan het oordeel van een rechter onderworpen (9:8 lid 1 e)")
        CRIMINAL = "strafzaak", _("er loopt een opsporingsonderzoek of vervolging (9:8 lid 1 f)")
        INSUFFICIENT = (
            "onvoldoende_belang",
            _("het belang van de klager of het gewicht van de gedraging is kennelijk onvoldoende (9:8 lid 2)"),
        )

    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS)

    number = models.CharField(_("klachtnummer"), max_length=20, unique=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    form = models.CharField(_("vorm"), max_length=20, choices=Form.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField(_("datum van ontvangst"))
    complaint_date = models.DateField(_("dagtekening"), null=True, blank=True)
    description = models.TextField(_("omschrijving van de gedraging"))
    conduct_date = models.DateField(_("datum van de gedraging"), null=True, blank=True)

    complainant_name = models.CharField(_("naam klager"), max_length=200, blank=True)
    complainant_address = models.CharField(_("adres"), max_length=200, blank=True)
    complainant_postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    complainant_city = models.CharField(_("woonplaats"), max_length=100, blank=True)
    complainant_email = models.EmailField(_("e-mail klager"), blank=True)
    complainant_phone = models.CharField(_("telefoon klager"), max_length=30, blank=True)

    subject_unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("eenheid waarover geklaagd wordt"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="complaints",
    )  # fmt: skip
    person_complained_about = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beklaagde"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="complaints_about",
    )  # fmt: skip
    involved = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("betrokken bij de gedraging"), blank=True, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("klachtbehandelaar"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="complaints_handled",
    )  # fmt: skip
    advisory_committee = models.BooleanField(_("adviescommissie (Awb 9:14)"), default=False)

    origin_type = models.CharField(_("herkomst (soort)"), max_length=100, blank=True)
    origin_id = models.CharField(_("herkomst (id)"), max_length=64, blank=True)

    acknowledged_on = models.DateField(_("ontvangst bevestigd op"), null=True, blank=True)
    copy_sent_on = models.DateField(_("kopie aan beklaagde op"), null=True, blank=True)

    hearing_offered_on = models.DateField(_("hoorzitting aangeboden op"), null=True, blank=True)
    hearing_date = models.DateField(_("datum hoorzitting"), null=True, blank=True)
    hearing_record = models.TextField(_("verslag van het horen"), blank=True)
    hearing_skip = models.CharField(_("reden om niet te horen"), max_length=30, choices=HearingSkip.choices, blank=True)
    hearing_skip_note = models.TextField(_("toelichting"), blank=True)

    extension_days = models.PositiveSmallIntegerField(_("verdaging (dagen)"), default=0)
    extension_reason = models.TextField(_("reden verdaging"), blank=True)

    not_handled_ground = models.CharField(
        _("grond om niet te behandelen"), max_length=30, choices=NotHandledGround.choices, blank=True
    )
    settlement_note = models.TextField(_("afspraak bij oplossing naar tevredenheid"), blank=True)
    findings = models.TextField(_("bevindingen"), blank=True)
    judgment = models.CharField(_("oordeel"), max_length=20, choices=Judgment.choices, blank=True)
    conclusions = models.TextField(_("conclusies"), blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    deadline_on_close = models.DateField(_("termijn bij afsluiten"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        ordering = ["-received_on", "-id"]
        permissions = [
            ("coordinate_complaint", "Klachten coördineren (alle klachtdossiers)"),
            ("register_complaint", "Klacht registreren of omzetten"),
        ]
        indexes = [
            models.Index(fields=["origin_type", "origin_id"]),
            models.Index(fields=["status", "received_on"]),
            # AVG inzage and erasure find a person's complaints (kcc.privacy).
            models.Index(fields=["complainant_phone"], name="complaint_phone_idx"),
            models.Index(fields=["complainant_email"], name="complaint_email_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(extension_days__lte=28), name="klacht_extension_max_4_weeks"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_written(self) -> bool:
        return self.form == self.Form.WRITTEN


class Postponement(models.Model):
    """A delay beyond the one extension: only with the complainant's written consent (Awb 9:11 lid 2)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="postponements")
    new_deadline = models.DateField(_("nieuwe uiterste datum"))
    consent_received_on = models.DateField(_("schriftelijke instemming ontvangen op"))
    consent_reference = models.CharField(_("vindplaats instemming"), max_length=200)
    reason = models.TextField(_("reden"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verder uitstel met instemming")
        verbose_name_plural = _("verder uitstel met instemming")
        ordering = ["new_deadline"]

    def __str__(self) -> str:
        return f"{self.complaint} → {self.new_deadline:%d-%m-%Y}"


class Letter(models.Model):
    """A letter or e-mail sent in the procedure, with the exact text that was sent."""

    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "ontvangstbevestiging", _("ontvangstbevestiging (9:6)")
        COPY = "kopie_beklaagde", _("kopie aan beklaagde (9:9)")
        HEARING = "uitnodiging_horen", _("uitnodiging om gehoord te worden (9:10)")
        EXTENSION = "verdaging", _("verdaging (9:11 lid 2)")
        NOT_HANDLED = "niet_behandelen", _("besluit niet te behandelen (9:8)")
        SETTLED = "opgelost", _("bevestiging oplossing naar tevredenheid (9:5)")
        OUTCOME = "afhandeling", _("afhandelingsbrief (9:12)")

    class Recipient(models.TextChoices):
        COMPLAINANT = "klager", _("klager")
        PERSON_COMPLAINED_ABOUT = "beklaagde", _("beklaagde")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    recipient = models.CharField(_("aan"), max_length=20, choices=Recipient.choices)
    recipient_name = models.CharField(_("naam ontvanger"), max_length=200, blank=True)
    email = models.EmailField(_("verzonden per e-mail aan"), blank=True)
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.complaint} {self.get_kind_display()} → {self.get_recipient_display()}"

    @property
    def by_post(self) -> bool:
        return not self.email


class RecognitionDecision(models.Model):
    """What an agent did with a recognition prompt, so recognition can be measured."""

    class Choice(models.TextChoices):
        OFFERED = "aangeboden", _("klachtenregeling aangeboden")
        ACCEPTED = "geaccepteerd", _("geregistreerd als klacht")
        DECLINED = "afgewezen", _("geen klacht")

    origin_type = models.CharField(max_length=100)
    origin_id = models.CharField(max_length=64)
    choice = models.CharField(_("keuze"), max_length=20, choices=Choice.choices)
    text = models.TextField(_("tekst"), blank=True, help_text=_("De tekst waarop het signaal ging: om van te leren."))
    # Set by kcc.retentie when the term passed: the text is kept to learn from, without personal data.
    text_scrubbed_at = models.DateTimeField(_("persoonsgegevens uit de tekst verwijderd op"), null=True, blank=True)
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("redenen"), default=list, blank=True)
    complaint = models.ForeignKey(Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keuze bij klachtsignaal")
        verbose_name_plural = _("keuzes bij klachtsignalen")
        ordering = ["-at"]
        indexes = [models.Index(fields=["origin_type", "origin_id"])]

    def __str__(self) -> str:
        return f"{self.origin_type}#{self.origin_id}: {self.choice}"


class RecognitionReview(models.Model):
    """The klachtcoördinator's verdict on a miss or a false alarm: the label the model learns from."""

    class Kind(models.TextChoices):
        MISSED = "gemist", _("gemist: later als klacht geregistreerd zonder signaal")
        FALSE_ALARM = "onterecht", _("onterecht signaal: medewerker koos geen klacht")

    class Label(models.TextChoices):
        COMPLAINT = "klacht", _("wel een klacht")
        NO_COMPLAINT = "geen_klacht", _("geen klacht")
        SKIP = "niet_gebruiken", _("niet gebruiken om van te leren")

    origin_type = models.CharField(max_length=100)
    origin_id = models.CharField(max_length=64)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("oordeel"), max_length=20, choices=Label.choices)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("beoordeling klachtsignaal")
        verbose_name_plural = _("beoordelingen klachtsignalen")
        constraints = [
            models.UniqueConstraint(fields=["origin_type", "origin_id"], name="klacht_review_one_per_origin"),
        ]

    def __str__(self) -> str:
        return f"{self.origin_type}#{self.origin_id}: {self.label}"


class RecognitionModel(models.Model):
    """One trained version of the learned model, with the figures that decided whether it is used."""

    version = models.PositiveIntegerField(_("versie"), unique=True)
    trained_at = models.DateTimeField(_("getraind op"), auto_now_add=True)
    training_size = models.PositiveIntegerField(_("aantal trainingsvoorbeelden"))
    held_out_size = models.PositiveIntegerField(_("aantal achtergehouden voorbeelden"))
    bias = models.FloatField(default=0)
    weights = models.JSONField(default=dict)
    # Versions trained before the base model decided at 0.5; later ones at the base model's threshold.
    threshold = models.FloatField(_("drempel"), default=0.5)
    held_out = models.JSONField(_("achtergehouden beslissingen"), default=dict)
    blind = models.JSONField(_("blinde sets"), default=dict)
    active = models.BooleanField(_("in gebruik"), default=False)
    decision = models.TextField(_("waarom (niet) in gebruik"), blank=True)

    class Meta:
        verbose_name = _("versie klachtherkenningsmodel")
        verbose_name_plural = _("versies klachtherkenningsmodel")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True), name="klacht_model_one_active"),
        ]

    def __str__(self) -> str:
        return f"klachtherkenning v{self.version}"


class ComplaintSettings(models.Model):
    """Configuration for the Beheerder (one row): ombudsman, warning period, signatory, letterhead."""

    ombudsman_name = models.CharField(_("ombudsman"), max_length=200, default="de Nationale ombudsman")
    ombudsman_contact = models.CharField(
        _("contact ombudsman"), max_length=300, default="www.nationaleombudsman.nl, telefoon 0800 335 55 55"
    )
    warn_days_before = models.PositiveSmallIntegerField(_("waarschuwen dagen voor de termijn"), default=7)
    signatory = models.CharField(_("ondertekening"), max_length=200, default="De klachtencoördinator")
    letterhead = models.CharField(
        _("briefhoofd"),
        max_length=300,
        blank=True,
        help_text=_("Postadres, telefoon en website onder de naam van de gemeente in brieven (PDF)."),
    )

    class Meta:
        verbose_name = _("instellingen klachten")
        verbose_name_plural = _("instellingen klachten")

    def __str__(self) -> str:
        return "Instellingen klachten"

    @classmethod
    def current(cls) -> ComplaintSettings:
        return cls.objects.order_by("pk").first() or cls()
