"""Front-desk appointments: types per product, intake questions, locations, desks and slots.

Every booked appointment claims one desk for each slot it covers (:class:`SlotClaim`); the unique
constraint on (desk, slot) is what makes double booking impossible, also when two people book
the last slot at the same moment on different web processes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.producten.models import Product


class AppointmentType(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="appointment_types"
    )
    duration_minutes = models.PositiveIntegerField(_("duur (minuten)"), default=15)
    is_default = models.BooleanField(
        _("standaard voor dit product"), default=False, help_text=_("De soort waar het afspraakformulier mee begint.")
    )
    instructions = models.TextField(_("wat neemt u mee"), blank=True)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("afspraaksoort")
        verbose_name_plural = _("afspraaksoorten")
        ordering = ["product__upl_name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=models.Q(is_default=True), name="one_default_type_per_product"
            ),
            models.CheckConstraint(condition=models.Q(duration_minutes__gt=0), name="appointment_type_duration"),
        ]

    def __str__(self) -> str:
        return self.name


class IntakeQuestion(models.Model):
    """A question asked before booking; the answer that triggers it sends the booking to another type.

    ``ja_nee``: triggered by "ja". ``getal``: triggered by a number at or above ``threshold``
    (e.g. "Wat is uw leeftijd?" with threshold 70).
    """

    class Kind(models.TextChoices):
        YES_NO = "ja_nee", _("Ja of nee")
        NUMBER = "getal", _("Getal")

    appointment_type = models.ForeignKey(
        AppointmentType, verbose_name=_("afspraaksoort"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.SlugField(_("code"), max_length=50)
    text = models.CharField(_("vraag"), max_length=300)
    kind = models.CharField(_("soort antwoord"), max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    threshold = models.PositiveIntegerField(_("vanaf (getal)"), null=True, blank=True)
    routes_to = models.ForeignKey(
        AppointmentType,
        verbose_name=_("dan wordt het"),
        on_delete=models.PROTECT,
        related_name="routed_from",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("intakevraag")
        verbose_name_plural = _("intakevragen")
        ordering = ["appointment_type", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["appointment_type", "code"], name="intake_question_code"),
            models.CheckConstraint(
                condition=~models.Q(kind="getal") | models.Q(threshold__isnull=False), name="intake_number_threshold"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Location(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    address = models.CharField(_("adres"), max_length=300)
    slot_minutes = models.PositiveIntegerField(_("tijdvak (minuten)"), default=15)
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=models.Q(slot_minutes__gt=0), name="location_slot_minutes")]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """When a location's desks take appointments on a weekday (0 = Monday); several windows per day allowed."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("dag"),
        choices=[
            (0, "maandag"),
            (1, "dinsdag"),
            (2, "woensdag"),
            (3, "donderdag"),
            (4, "vrijdag"),
            (5, "zaterdag"),
            (6, "zondag"),
        ],
    )
    opens = models.TimeField(_("van"))
    closes = models.TimeField(_("tot"))

    class Meta:
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")
        ordering = ["location", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes__gt=models.F("opens")), name="opening_hours_order")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Desk(models.Model):
    """A desk (balie) takes one appointment at a time; the number of desks is the capacity per slot."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="desks")
    name = models.CharField(_("naam"), max_length=100)
    appointment_types = models.ManyToManyField(
        AppointmentType, verbose_name=_("afspraaksoorten"), blank=True, help_text=_("Leeg: alle soorten.")
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("balie")
        verbose_name_plural = _("balies")
        ordering = ["location", "name"]

    def __str__(self) -> str:
        return f"{self.location}: {self.name}"


class Channel(models.TextChoices):
    WEB = "web", _("Website")
    AGENT = "medewerker", _("Medewerker (tijdens een contact)")
    API = "api", _("API")


class Appointment(models.Model):
    class Status(models.TextChoices):
        PLANNED = "gepland", _("Gepland")
        CANCELLED = "geannuleerd", _("Geannuleerd")

    number = models.CharField(_("afspraaknummer"), max_length=20, unique=True, null=True, blank=True)
    appointment_type = models.ForeignKey(
        AppointmentType, verbose_name=_("afspraaksoort"), on_delete=models.PROTECT, related_name="appointments"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("locatie"), on_delete=models.PROTECT, related_name="appointments"
    )
    desk = models.ForeignKey(Desk, verbose_name=_("balie"), on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"))
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    intake_answers = models.JSONField(_("antwoorden intake"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    channel = models.CharField(_("kanaal"), max_length=12, choices=Channel.choices, default=Channel.WEB)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    origin_type = models.CharField(_("herkomst (soort)"), max_length=100, blank=True)
    origin_id = models.CharField(_("herkomst (id)"), max_length=64, blank=True)
    token = models.CharField(max_length=64, unique=True, help_text="Secret of the change/cancel link.")
    sequence = models.PositiveIntegerField(default=0, help_text="iCalendar SEQUENCE: raised on every change.")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="appointment_status_start"),
            models.Index(fields=["origin_type", "origin_id"], name="appointment_origin"),
            # AVG inzage and erasure find a person's appointments (kcc.privacy).
            models.Index(fields=["phone"], name="appointment_phone_idx"),
            models.Index(fields=["email"], name="appointment_email_idx"),
        ]

    def __str__(self) -> str:
        return self.number or f"afspraak {self.pk}"


class SlotClaim(models.Model):
    """One desk taken for one slot by one appointment: unique per (desk, slot)."""

    desk = models.ForeignKey(Desk, on_delete=models.CASCADE, related_name="claims")
    slot_start = models.DateTimeField()
    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="claims")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["desk", "slot_start"], name="one_appointment_per_desk_slot")]
        indexes = [models.Index(fields=["slot_start"], name="slot_claim_start")]

    def __str__(self) -> str:
        return f"{self.desk_id}@{self.slot_start:%Y-%m-%d %H:%M}"
