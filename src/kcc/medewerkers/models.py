"""The staff directory: people, their schedules and absences, and what the directory adds to units.

Presence is never stored: :mod:`kcc.medewerkers.presence` computes it from these rows, the unit's
windows and the working-day calendar for the moment asked about.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit, Task

DEFAULT_CONFIRM_WEEKS = 13


class Person(models.Model):
    """A member of staff as the KCC needs to know them: how to reach them and when."""

    name = models.CharField(_("naam"), max_length=200)
    function = models.CharField(_("functie"), max_length=200, blank=True)
    units = models.ManyToManyField(
        OrganisationUnit, through="Membership", verbose_name=_("eenheden"), related_name="people"
    )
    email = models.EmailField(_("e-mail"), unique=True)
    phone_internal = models.CharField(_("intern nummer"), max_length=20, blank=True)
    phone_mobile = models.CharField(_("mobiel nummer"), max_length=20, blank=True)
    show_mobile = models.BooleanField(
        _("mobiel nummer tonen"),
        default=False,
        help_text=_("De medewerker geeft toestemming om het mobiele nummer te tonen."),
    )
    skills = models.JSONField(_("vaardigheden en onderwerpen"), default=list, blank=True)
    schedule = models.JSONField(
        _("rooster"),
        default=dict,
        blank=True,
        help_text=_('Per dag de dagdelen waarop de medewerker werkt, bijvoorbeeld {"ma": ["ochtend", "middag"]}.'),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_person",
    )
    stand_in_person = models.ForeignKey(
        "self",
        verbose_name=_("vervanger (persoon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stands_in_for",
    )
    stand_in_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("vervanger (eenheid)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stands_in_for",
    )
    is_active = models.BooleanField(_("actief"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stand_in_person__isnull=True) | models.Q(stand_in_unit__isnull=True),
                name="person_one_stand_in",
            ),
        ]
        permissions = [
            ("see_all_mobile", "Ziet alle mobiele nummers, ook zonder toestemming"),
            ("confirm_unit", "Kan de medewerkersgegevens van de eigen eenheid bevestigen"),
            ("view_freshness", "Ziet welke eenheden hun gegevens niet op tijd bevestigden"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person works for a unit; position 0 is the main unit (its window and policy apply)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, related_name="memberships")
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "unit"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.person} · {self.unit}"


class Absence(models.Model):
    """A period a person is away regardless of the schedule. ``ends_at`` empty: until further notice."""

    class Kind(models.TextChoices):
        SICK = "ziek", _("Ziek")
        LEAVE = "verlof", _("Verlof")
        TRAINING = "cursus", _("Cursus")
        OTHER = "overig", _("Overig")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(_("van"))
    ends_at = models.DateTimeField(_("tot"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("afwezigheid")
        verbose_name_plural = _("afwezigheden")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["person", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True) | models.Q(ends_at__gt=models.F("starts_at")),
                name="absence_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} vanaf {self.starts_at:%d-%m-%Y}"


class UnitProfile(models.Model):
    """What the directory keeps per unit besides the core: the freshness cycle of its people data."""

    unit = models.OneToOneField(OrganisationUnit, on_delete=models.CASCADE, related_name="directory_profile")
    confirm_every_weeks = models.PositiveSmallIntegerField(_("bevestigen elke (weken)"), default=DEFAULT_CONFIRM_WEEKS)
    confirmed_at = models.DateTimeField(_("laatst bevestigd"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_for = models.DateField(_("herinnering gestuurd voor"), null=True, blank=True, editable=False)
    escalated_for = models.DateField(_("geëscaleerd voor"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("actualiteit eenheid")
        verbose_name_plural = _("actualiteit eenheden")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(confirm_every_weeks__gte=1, confirm_every_weeks__lte=52),
                name="profile_confirm_weeks_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)


class Flag(models.Model):
    """An agent's report that a number or a presence is wrong; open while its task is open."""

    class Kind(models.TextChoices):
        NUMBER = "nummer", _("Nummer klopt niet")
        PRESENCE = "aanwezigheid", _("Aanwezigheid klopt niet")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, related_name="directory_flags")
    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="directory_flag")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("melding onjuiste gegevens")
        verbose_name_plural = _("meldingen onjuiste gegevens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person or self.unit}"


class DirectoryGeneration(models.Model):
    """One row whose ``token`` every write to the facts behind presence changes, in its own transaction.

    Each process keeps those facts in memory (:mod:`kcc.medewerkers.snapshot`) and compares this
    token on every read: one look-up on the primary key tells whether anything changed since.
    A random token rather than a counter: a rolled-back change cannot leave a value that a later
    change would take again.
    """

    token = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("versie van de medewerkersgids")
        verbose_name_plural = _("versies van de medewerkersgids")

    def __str__(self) -> str:
        return str(self.token)
