"""Meldingen openbare ruimte: categories, the melding and its history, photos, configuration, API keys.

The traffic light is deliberately not a field: ``kcc.meldingen.selectors`` computes it at query
time from the term snapshot (``term_days``/``term_day_type``/``term_start``), the working-day
calendar and the configured reminder fraction.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit

DESCRIPTION_MAX_LENGTH = 4000  # Open311's request.description maxLength


class DayType(models.TextChoices):
    WORKING = "werkdagen", _("werkdagen")
    CALENDAR = "kalenderdagen", _("kalenderdagen")


class Category(models.Model):
    """A main category (no parent) or a sub-category. Meldingen are made in sub-categories.

    ``code`` is the stable, globally unique identifier (the Open311 ``service_code``).
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("hoofdcategorie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=120, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    keywords = models.CharField(_("zoekwoorden"), max_length=300, blank=True, help_text=_("Gescheiden door komma's."))
    term_days = models.PositiveSmallIntegerField(_("afhandeltermijn"), default=5)
    term_day_type = models.CharField(_("soort dagen"), max_length=15, choices=DayType.choices, default=DayType.WORKING)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("verantwoordelijke afdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="melding_categories",
    )
    reporter_message = models.TextField(
        _("bericht aan de melder"), blank=True, help_text=_("Staat in de bevestiging: wat gebeurt er met de melding?")
    )
    urgency_hint = models.CharField(
        _("spoedhint"),
        max_length=300,
        blank=True,
        help_text=_("Wanneer is een melding in deze categorie spoed? Bijvoorbeeld: gevaar voor verkeer."),
    )
    handling_code = models.CharField(_("afhandelcode (Signalen)"), max_length=30, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        verbose_name = _("categorie")
        verbose_name_plural = _("categorieën")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name


class CategoryQuestion(models.Model):
    """An extra question of a category, published as an Open311 service attribute."""

    class Datatype(models.TextChoices):
        STRING = "string", _("korte tekst")
        NUMBER = "number", _("getal")
        DATETIME = "datetime", _("datum en tijd")
        TEXT = "text", _("lange tekst")
        SINGLE = "singlevaluelist", _("één keuze")
        MULTI = "multivaluelist", _("meer keuzes")

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("vraag"), max_length=300)
    datatype = models.CharField(_("soort antwoord"), max_length=20, choices=Datatype.choices, default=Datatype.STRING)
    required = models.BooleanField(_("verplicht"), default=False)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    values = models.JSONField(
        _("keuzes"), default=list, blank=True, help_text=_('Voor keuzelijsten: [{"key": "ja", "name": "Ja"}, ...]')
    )

    class Meta:
        verbose_name = _("extra vraag")
        verbose_name_plural = _("extra vragen")
        ordering = ["category", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["category", "code"], name="meldingen_question_code_unique")]

    def __str__(self) -> str:
        return self.label


class DelayReason(models.Model):
    """Why a melding was closed after its deadline: a configurable list (plus free text on the melding)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("reden"), max_length=200)
    is_active = models.BooleanField(_("actief"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=100)

    class Meta:
        verbose_name = _("reden van vertraging")
        verbose_name_plural = _("redenen van vertraging")
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class MeldingenConfig(models.Model):
    """The tunables of the capability, edited by beheerders. Only the row with pk=1 is used."""

    reminder_fraction = models.DecimalField(
        _("herinneren na (deel van de termijn)"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.75"),
        validators=[MinValueValidator(Decimal("0.05")), MaxValueValidator(Decimal("1"))],
        help_text=_("0,75 = oranje zodra driekwart van de termijn voorbij is."),
    )
    duplicate_distance_m = models.PositiveIntegerField(_("afstand voor dubbele meldingen (meter)"), default=50)
    duplicate_days = models.PositiveIntegerField(_("periode voor dubbele meldingen (dagen)"), default=30)
    max_photo_mb = models.PositiveSmallIntegerField(_("maximale grootte foto (MB)"), default=5)
    max_photos = models.PositiveSmallIntegerField(_("maximaal aantal foto's"), default=3)
    public_reports_per_minute = models.PositiveSmallIntegerField(
        _("meldingen per minuut per adres (webformulier)"), default=5
    )
    min_lat = models.FloatField(_("gemeentegrens: zuid (breedtegraad)"), null=True, blank=True)
    min_lon = models.FloatField(_("gemeentegrens: west (lengtegraad)"), null=True, blank=True)
    max_lat = models.FloatField(_("gemeentegrens: noord (breedtegraad)"), null=True, blank=True)
    max_lon = models.FloatField(_("gemeentegrens: oost (lengtegraad)"), null=True, blank=True)
    boundary = models.JSONField(
        _("gemeentegrens (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_(
            "Een Polygon of MultiPolygon in lengtegraad/breedtegraad (WGS84). Leeg: de rechthoek hierboven. "
            "Meldingen buiten deze grens worden geweigerd; de kaart toont de grens."
        ),
    )
    emergency_text = models.TextField(
        _("tekst bij gevaar"),
        default="Is er direct gevaar voor mensen? Bel dan 112. Is er geen direct gevaar, maar moet het wel snel "
        "worden opgelost? Bel ons dan op 14 010.",
    )

    class Meta:
        verbose_name = _("instellingen meldingen")
        verbose_name_plural = _("instellingen meldingen")

    def __str__(self) -> str:
        return str(_("Instellingen meldingen"))

    def clean(self) -> None:
        from kcc.meldingen.geo import parse_area  # geo reads this model

        if self.boundary:
            try:
                parse_area(self.boundary)
            except ValidationError as error:
                raise ValidationError({"boundary": error.messages}) from None


class Channel(models.TextChoices):
    WEB = "web", _("webformulier")
    PHONE = "telefoon", _("telefoon (KCC)")
    DESK = "balie", _("balie")
    EMAIL = "email", _("e-mail")
    API = "api", _("API")
    OPEN311 = "open311", _("Open311")


class Feedback(models.TextChoices):
    EMAIL = "email", _("per e-mail")
    PHONE = "telefoon", _("per telefoon")
    NONE = "geen", _("geen terugkoppeling")


class Status(models.TextChoices):
    REPORTED = "gemeld", _("gemeld")
    ROUTED = "doorgezet", _("doorgezet")
    IN_PROGRESS = "in_behandeling", _("in behandeling")
    SOLVED = "opgelost", _("opgelost")
    UNSOLVABLE = "niet_oplosbaar", _("kan niet worden afgehandeld")
    PLANNED = "gepland", _("wordt later afgehandeld")
    CANCELLED = "geannuleerd", _("geannuleerd")


OPEN_STATUSES = frozenset({Status.REPORTED, Status.ROUTED, Status.IN_PROGRESS})
CLOSED_STATUSES = frozenset({Status.SOLVED, Status.UNSOLVABLE, Status.PLANNED, Status.CANCELLED})


class Melding(models.Model):
    number = models.CharField(_("meldingnummer"), max_length=20, unique=True)
    token = models.CharField(max_length=64, unique=True, help_text="Secret of the public status link.")
    category = models.ForeignKey(Category, verbose_name=_("categorie"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("afdeling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meldingen",
    )
    description = models.TextField(_("omschrijving"), max_length=DESCRIPTION_MAX_LENGTH)
    extra = models.JSONField(_("antwoorden op extra vragen"), default=dict, blank=True)
    is_urgent = models.BooleanField(_("spoed (gevaar)"), default=False)
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REPORTED)

    # Location: an address and/or a point (WGS84).
    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    location_note = models.CharField(_("toelichting locatie"), max_length=300, blank=True)
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)

    # The reporter: everything optional (anonymous reports are allowed).
    reporter_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("e-mail melder"), blank=True)
    reporter_phone = models.CharField(_("telefoon melder"), max_length=20, blank=True)
    feedback = models.CharField(_("terugkoppeling"), max_length=10, choices=Feedback.choices, default=Feedback.NONE)

    # The term as it applied when the clock (re)started.
    term_days = models.PositiveSmallIntegerField(_("termijn"))
    term_day_type = models.CharField(_("soort dagen"), max_length=15, choices=DayType.choices)
    term_start = models.DateField(_("termijn loopt vanaf"))

    # Resolution.
    resolution_text = models.TextField(_("toelichting afhandeling"), blank=True)
    planned_date = models.DateField(_("nieuwe verwachte datum"), null=True, blank=True)
    delay_reason = models.ForeignKey(
        DelayReason,
        verbose_name=_("reden van vertraging"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delay_text = models.TextField(_("toelichting vertraging"), blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    # Herhaalmelding: the original it repeats (counted there).
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("herhaling van"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )
    is_repeat = models.BooleanField(_("herhaalmelding"), default=False)
    repeat_reasons = models.JSONField(default=list, blank=True)

    # Where it came from, generically (e.g. the contactmoment of the call).
    origin_type = models.CharField(max_length=100, blank=True)
    origin_id = models.CharField(max_length=64, blank=True)

    created_at = models.DateTimeField(_("gemeld op"), db_index=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at"]
        permissions = [
            ("handle_melding", "Meldingen van de eigen afdeling behandelen"),
            ("view_all_meldingen", "Alle meldingen zien"),
        ]
        indexes = [
            models.Index(fields=["status", "unit"]),
            models.Index(fields=["category", "status"]),
            models.Index(fields=["reporter_email"]),
            models.Index(fields=["reporter_phone"]),
            models.Index(fields=["origin_type", "origin_id"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def address(self) -> str:
        street = " ".join(part for part in (self.street, self.house_number) if part)
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return ", ".join(part for part in (street, place) if part)


class Follower(models.Model):
    """Someone who added his report to an existing melding instead of making a new one."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True)
    feedback = models.CharField(max_length=10, choices=Feedback.choices, default=Feedback.NONE)
    description = models.TextField(blank=True, max_length=DESCRIPTION_MAX_LENGTH)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.melding_id}: {self.email or self.phone or 'anoniem'}"


class Event(models.Model):
    """One line of a melding's history. ``public_text`` is plain Dutch for the status page."""

    class Kind(models.TextChoices):
        CREATED = "gemeld", _("gemeld")
        TRANSITION = "status", _("statuswijziging")
        FOLLOWER = "ook_gemeld", _("ook gemeld door een ander")
        REPEAT = "herhaling", _("herhaalmelding ontvangen")
        REMINDER = "herinnering", _("herinnering verstuurd")
        ESCALATION = "escalatie", _("escalatie verstuurd")

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("tijdstip"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    public_text = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("geschiedenis")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.to_status}"


class Photo(models.Model):
    """A validated photo, stored re-encoded without its metadata (EXIF, GPS, comments)."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="meldingen/%Y/%m/")
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file.name


class NumberSequence(models.Model):
    """The last meldingnummer handed out per year (row-locked while numbering)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Open311ApiKey(models.Model):
    """A client allowed to POST Open311 requests. Only a hash of the key is stored."""

    name = models.CharField(_("naam"), max_length=200)
    prefix = models.CharField(_("begin van de sleutel"), max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311-sleutel")
        verbose_name_plural = _("Open311-sleutels")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
