"""Contacten: every contact with a caller, its questions, callbacks and the signals it raised.

The FCR row and outcome of a question are derived by :func:`kcc.contacten.fcr.classify` only;
the stored copies (for reporting) are written by the services, never by hand.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit


class Channel(models.TextChoices):
    PHONE = "telefoon", _("Telefoon")
    EMAIL = "email", _("E-mail")
    CHAT = "chat", _("Chat")
    DESK = "balie", _("Balie")
    LETTER = "brief", _("Brief")
    WEB = "web", _("Web")


class QuestionType(models.TextChoices):
    """Vraagsoort, exactly the codes of the FCR rule."""

    GENERAL = "algemene_vraag", _("Algemene vraag")
    COMPLAINT = "klacht", _("Klacht")
    REPORT = "melding", _("Melding")
    PERSON_OR_UNIT = "persoon_of_afdeling", _("Persoon of afdeling gevraagd")
    APPOINTMENT = "afspraak", _("Afspraak")


class Handling(models.TextChoices):
    """Afhandeling, exactly the codes of the FCR rule."""

    SELF_ANSWERED = "zelf_beantwoord", _("Zelf beantwoord")
    AFTER_CONSULTATION = "na_ruggespraak", _("Beantwoord na ruggespraak")
    REFERRED = "doorverwezen", _("Doorverwezen naar andere organisatie")
    TRANSFERRED = "doorverbonden", _("Doorverbonden")
    CALLBACK = "terugbelverzoek", _("Terugbelverzoek")
    EMAIL_OFFERED = "email_aangeboden", _("E-mail aangeboden")
    CALL_AGAIN = "later_terugbellen", _("Beller belt later terug")
    REPORT_MADE = "melding_gemaakt", _("Melding gemaakt")
    APPOINTMENT_MADE = "afspraak_gemaakt", _("Afspraak gemaakt")
    COMPLAINT_REGISTERED = "klacht_geregistreerd", _("Klacht geregistreerd")
    UNKNOWN = "onbekend", _("Onbekend")


class FcrRow(models.TextChoices):
    CALLBACK_OR_MAIL = "terugbel_mailverzoek", _("Terugbel-/mailverzoek")
    COMPLAINT = "klacht", _("Klacht")
    REPORT = "melding", _("Melding")
    APPOINTMENT = "afspraak", _("Afspraak")
    TARGET_REACHED = "persoon_bereikbaar", _("Specifiek persoon/afdeling bereikbaar")
    STAND_IN_REACHED = "vervanger", _("Afwezig maar vervanger")
    TRANSFERRED_TO_BACK_OFFICE = "doorverbonden_backoffice", _("Doorverbonden met backoffice")
    PERSON_OR_UNIT = "persoon_of_afdeling", _("Persoon of afdeling gevraagd")
    GENERAL = "algemene_vraag", _("Algemene vraag")


class FcrOutcome(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")
    UNKNOWN = "onbekend", _("Onbekend")


class ComplaintOffer(models.TextChoices):
    NOT_APPLICABLE = "", _("Niet van toepassing")
    OFFERED = "aangeboden", _("Klachtprocedure aangeboden")
    ACCEPTED = "geaccepteerd", _("Beller wil een klacht indienen")
    DECLINED = "afgeslagen", _("Beller wil geen klacht indienen")


class Klant(models.Model):
    """An identified caller. Optional: an anonymous contact is registered and traceable by its number.

    The BSN is only stored with a purpose, encrypted (see :mod:`kcc.contacten.privacy`); its keyed
    hash finds the same person again without decrypting.
    """

    name = models.CharField(_("naam"), max_length=200, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    bsn_encrypted = models.TextField(_("BSN (versleuteld)"), blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True)
    bsn_purpose = models.CharField(_("doel van het BSN"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("klant")
        verbose_name_plural = _("klanten")
        permissions = [("view_bsn", "Mag een volledig BSN inzien (met reden, wordt gelogd)")]

    def __str__(self) -> str:
        return self.name or f"Klant {self.pk}"


class Contactmoment(models.Model):
    """One call, e-mail, chat, desk visit, letter or web contact; running while ``ended_at`` is empty."""

    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices, default=Channel.PHONE)
    started_at = models.DateTimeField(_("begin"))
    ended_at = models.DateTimeField(_("einde"), null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contactmomenten",
    )
    klant = models.ForeignKey(
        Klant, verbose_name=_("klant"), null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)
    address = models.CharField(
        _("adres (postcode en huisnummer)"), max_length=20, blank=True, help_text=_("Bijvoorbeeld 1234AB 10.")
    )
    extern_id = models.CharField(_("extern id"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
        ordering = ["-started_at", "-id"]
        indexes = [
            # Klantbeeld and herhaalcontact look-ups: newest first per number, address and person.
            models.Index(fields=["phone", "-started_at"], name="contact_phone_idx"),
            models.Index(fields=["email", "-started_at"], name="contact_email_idx"),
            models.Index(fields=["address", "-started_at"], name="contact_address_idx"),
            models.Index(fields=["klant", "-started_at"], name="contact_klant_idx"),
            models.Index(fields=["agent", "-started_at"], name="contact_agent_idx"),
            models.Index(fields=["anonymised_at", "started_at"], name="contact_retention_idx"),
            # Management information: every table selects the contacts of a period.
            models.Index(fields=["started_at"], name="contact_started_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gte=models.F("started_at")),
                name="contact_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The human reference (C-2026-000123): the year it started and its id, so it never changes."""
        return reference(self.started_at.year, self.pk)

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


def reference(year: int, pk: int | None) -> str:
    return f"C-{year}-{pk or 0:06d}"


class Question(models.Model):
    """One question of a contact; its FCR row and outcome are derived (see ``fcr.classify``)."""

    contact = models.ForeignKey(Contactmoment, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    question_type = models.CharField(_("vraagsoort"), max_length=30, choices=QuestionType.choices)
    handling = models.CharField(_("afhandeling"), max_length=30, choices=Handling.choices)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eenheid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_questions",
    )
    subject = models.CharField(
        _("gekoppelde zaak of melding"),
        max_length=60,
        blank=True,
        help_text=_("Nummer van de melding, zaak of klacht waar de vraag over gaat."),
    )
    vacs = models.ManyToManyField(
        "kennisbank.VAC", verbose_name=_("geraadpleegde VAC's"), blank=True, related_name="contact_questions"
    )
    notes = models.TextField(_("notities"), blank=True)
    fcr_row = models.CharField(_("FCR-rij"), max_length=30, choices=FcrRow.choices, editable=False)
    fcr_outcome = models.CharField(_("in één keer geholpen"), max_length=10, choices=FcrOutcome.choices, editable=False)
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("herhaling van"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("eerdere contacten over dit onderwerp"), default=0, help_text=_("0: geen herhaalcontact.")
    )
    complaint_offer = models.CharField(
        _("klachtprocedure"), max_length=20, choices=ComplaintOffer.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["contact_id", "position", "id"]
        indexes = [
            models.Index(fields=["fcr_row", "fcr_outcome"], name="question_fcr_idx"),
            models.Index(fields=["unit", "question_type"], name="question_subject_idx"),
            # Management information: the FCR, complaint-recognition and VAC tables read the questions
            # of a period's contacts (a contact id range) from this index alone, without the rows.
            models.Index(
                fields=[
                    "contact",
                    "fcr_row",
                    "fcr_outcome",
                    "unit",
                    "question_type",
                    "repeat_count",
                    "complaint_offer",
                ],
                name="question_report_idx",
            ),
            # ... and the FCR table counts each (row, outcome) over a contact id range from this one.
            models.Index(fields=["fcr_row", "fcr_outcome", "contact", "unit"], name="question_fcr_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_question_type_display()}: {self.get_handling_display()}"

    @property
    def is_repeat(self) -> bool:
        return self.repeat_count > 0


class TransferAttempt(models.Model):
    """One try to put the caller through, reached or not (with the reason)."""

    class Target(models.TextChoices):
        PERSON = "persoon", _("Persoon")
        UNIT = "eenheid", _("Eenheid (algemeen nummer)")

    class Result(models.TextChoices):
        REACHED = "bereikt", _("Bereikt")
        NOT_REACHED = "niet_bereikt", _("Niet bereikt")

    class Reached(models.TextChoices):
        REQUESTED = "gevraagd", _("Gevraagde persoon of eenheid")
        STAND_IN = "vervanger", _("Vervanger")

    class Reason(models.TextChoices):
        BUSY = "in_gesprek", _("In gesprek")
        NO_ANSWER = "geen_gehoor", _("Geen gehoor")
        ABSENT = "afwezig", _("Afwezig volgens rooster")
        SICK = "ziek", _("Ziek")
        LEAVE = "verlof", _("Verlof")
        REFUSES = "weigert", _("Weigert de beller")
        OUTSIDE_WINDOW = "buiten_venster", _("Buiten bereikbaarheidsvenster")
        POLICY = "beleid", _("Beleid staat doorverbinden niet toe")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="transfer_attempts")
    target = models.CharField(_("doel"), max_length=10, choices=Target.choices)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eenheid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfer_attempts",
    )
    person = models.ForeignKey(
        "medewerkers.Person",
        verbose_name=_("persoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transfer_attempts",
    )
    result = models.CharField(_("resultaat"), max_length=15, choices=Result.choices)
    reached = models.CharField(_("bereikt"), max_length=10, choices=Reached.choices, blank=True)
    reason = models.CharField(_("reden"), max_length=20, choices=Reason.choices, blank=True)
    warm = models.BooleanField(_("warm doorverbonden"), default=False)
    attempted_at = models.DateTimeField(_("tijdstip"), null=True, blank=True)
    # The panel's advice at that moment when the agent went against it (policy or outside the window).
    advice = models.CharField(_("advies van het doorverbindpaneel"), max_length=300, blank=True)
    override_reason = models.CharField(_("reden om af te wijken van het advies"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("doorverbindpoging")
        verbose_name_plural = _("doorverbindpogingen")
        ordering = ["question_id", "id"]
        indexes = [
            models.Index(fields=["unit", "result"], name="transfer_reachability_idx"),
            # Management information: the reachability table reads a question id range from this alone.
            models.Index(
                fields=["question", "unit", "person", "target", "result", "reason"], name="transfer_report_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(result="bereikt") & ~models.Q(reached="") & models.Q(reason=""))
                | (models.Q(result="niet_bereikt") & models.Q(reached="") & ~models.Q(reason="")),
                name="transfer_reached_or_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.unit or ''}: {self.get_result_display()}"


class QuestionItem(models.Model):
    """A VAC, product, person or unit card the agent opened for a question ("use in this contact").

    A linked VAC is also one of the question's consulted VAC's (``Question.vacs``), which feeds the
    "VAC geraadpleegd" figure; ``used_in_answer`` records whether the agent based the answer on it.
    """

    class Kind(models.TextChoices):
        VAC = "vac", _("VAC")
        PRODUCT = "product", _("Product")
        PERSON = "persoon", _("Medewerker")
        UNIT = "eenheid", _("Afdeling")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    vac = models.ForeignKey("kennisbank.VAC", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    product = models.ForeignKey("producten.Product", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("medewerkers.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrganisationUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    used_in_answer = models.BooleanField(_("gebruikt in antwoord"), default=False)
    opened_at = models.DateTimeField(_("geopend op"))
    before_start = models.BooleanField(_("geopend vóór het begin van het contact"), default=False)

    class Meta:
        verbose_name = _("gebruikt item")
        verbose_name_plural = _("gebruikte items")
        ordering = ["question_id", "opened_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="vac", vac__isnull=False, product=None, person=None, unit=None))
                | (models.Q(kind="product", product__isnull=False, vac=None, person=None, unit=None))
                | (models.Q(kind="persoon", person__isnull=False, vac=None, product=None, unit=None))
                | (models.Q(kind="eenheid", unit__isnull=False, vac=None, product=None, person=None)),
                name="question_item_one_target",
            ),
            models.UniqueConstraint(fields=["question", "vac"], name="question_item_vac_once"),
            models.UniqueConstraint(fields=["question", "product"], name="question_item_product_once"),
            models.UniqueConstraint(fields=["question", "person"], name="question_item_person_once"),
            models.UniqueConstraint(fields=["question", "unit"], name="question_item_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target}"

    @property
    def target(self) -> object:
        return {"vac": self.vac, "product": self.product, "persoon": self.person, "eenheid": self.unit}[self.kind]


class Handoff(models.Model):
    """Doorzetten naar senior: an agent hands a running contact to a senior agent or teamleider."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        TAKEN = "opgepakt", _("Opgepakt")
        DONE = "afgehandeld", _("Afgehandeld")

    contact = models.ForeignKey(
        Contactmoment, verbose_name=_("contactmoment"), on_delete=models.PROTECT, related_name="handoffs"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), null=True, blank=True, on_delete=models.SET_NULL, related_name="handoffs"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("doorgezet door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="handoffs_requested",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handoffs_assigned",
        help_text=_("Leeg: iedere senior of teamleider."),
    )
    reason = models.CharField(_("reden"), max_length=500)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgepakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handoffs_taken",
    )
    taken_at = models.DateTimeField(_("opgepakt op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    note = models.TextField(_("wat is er gedaan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("doorzetting naar senior")
        verbose_name_plural = _("doorzettingen naar senior")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"], name="handoff_queue_idx")]
        permissions = [("handle_handoff", "Kan doorgezette contacten oppakken (senior of teamleider)")]

    def __str__(self) -> str:
        return f"Doorzetting {self.pk} van {self.contact.number}"


class Callback(models.Model):
    """A terugbelverzoek: the back office phones the caller back before the deadline."""

    class Reason(models.TextChoices):
        PERSON_ABSENT = "persoon_afwezig", _("Persoon afwezig")
        UNIT_UNREACHABLE = "eenheid_onbereikbaar", _("Eenheid niet bereikbaar")
        POLICY = "beleid", _("Doorverbinden niet toegestaan (beleid)")
        KNOWLEDGE_NEEDED = "kennis_nodig", _("Kennis van de backoffice nodig")
        CALLERS_WISH = "wens_beller", _("Wens van de beller")

    class Urgency(models.TextChoices):
        NORMAL = "normaal", _("Normaal")
        URGENT = "spoed", _("Spoed")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_behandeling", _("In behandeling")
        DONE = "afgehandeld", _("Afgehandeld")
        FAILED = "niet_gelukt", _("Niet gelukt")

    class Outcome(models.TextChoices):
        SOLVED = "opgelost", _("Teruggebeld en opgelost")
        NOT_SOLVED = "niet_opgelost", _("Teruggebeld, niet opgelost")
        NOT_REACHED = "niet_bereikt", _("Niet bereikt na meerdere pogingen")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    contact = models.ForeignKey(
        Contactmoment, verbose_name=_("contactmoment"), on_delete=models.PROTECT, related_name="callbacks"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), null=True, blank=True, on_delete=models.SET_NULL, related_name="callbacks"
    )
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("eenheid"), on_delete=models.PROTECT, related_name="callbacks"
    )
    person = models.ForeignKey(
        "medewerkers.Person",
        verbose_name=_("persoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callbacks",
    )
    question_text = models.TextField(_("vraag van de beller"))
    callback_phone = models.CharField(_("terugbelnummer"), max_length=20)
    preferred_time = models.CharField(_("voorkeurstijd"), max_length=100, blank=True)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    reason = models.CharField(_("reden"), max_length=25, choices=Reason.choices)
    deadline = models.DateField(_("uiterlijk teruggebeld op"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("wat is er gedaan"), blank=True)
    call_attempts = models.PositiveSmallIntegerField(_("aantal belpogingen"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="created_callbacks"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_callbacks",
    )
    taken_at = models.DateTimeField(_("in behandeling genomen"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnering verstuurd"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("geëscaleerd"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("terugbelverzoek")
        verbose_name_plural = _("terugbelverzoeken")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["unit", "status", "deadline"], name="callback_inbox_idx"),
            models.Index(fields=["person", "status"], name="callback_person_idx"),
            models.Index(fields=["status", "deadline"], name="callback_due_idx"),
            # AVG inzage and erasure find a person's callbacks by number (kcc.privacy).
            models.Index(fields=["callback_phone"], name="callback_phone_idx"),
        ]
        permissions = [
            ("handle_callback", "Kan terugbelverzoeken in behandeling nemen en afsluiten"),
            ("view_all_callbacks", "Ziet de terugbelverzoeken van alle eenheden"),
        ]

    def __str__(self) -> str:
        return f"Terugbelverzoek {self.pk} voor {self.person or self.unit}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Signal(models.Model):
    """An improvement signal from an agent: something the municipality tells callers is wrong."""

    class Kind(models.TextChoices):
        LETTER = "brief", _("Brief klopt niet")
        WEBSITE = "website", _("Website klopt niet")
        INSTRUCTION = "werkinstructie", _("Werkinstructie klopt niet")
        KNOWLEDGE_BASE = "kennisbank", _("Kennisbank klopt niet")
        STAND_IN = "vervanging", _("Vervanging werkt niet")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_behandeling", _("In behandeling")
        ANSWERED = "beantwoord", _("Beantwoord")

    contact = models.ForeignKey(
        Contactmoment,
        verbose_name=_("contactmoment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("omschrijving"), max_length=4000)
    owner_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eigenaar (eenheid)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signals",
        help_text=_("Leeg: de teamleider KCC is eigenaar."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("antwoord"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reported_signals"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="answered_signals"
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    deadline = models.DateField(
        _("uiterlijk beantwoord op"), null=True, blank=True, help_text=_("KCC_SIGNAL_ANSWER_DAYS werkdagen na melden.")
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner_unit", "status"], name="signal_owner_idx"),
            models.Index(fields=["reported_by", "-created_at"], name="signal_reporter_idx"),
        ]
        permissions = [
            ("handle_signal", "Kan signalen beantwoorden"),
            ("view_all_signals", "Ziet alle signalen"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"
