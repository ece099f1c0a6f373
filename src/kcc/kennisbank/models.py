"""The knowledge base: VAC's (vraag-antwoordcombinaties) and what happens around them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit


class VAC(models.Model):
    """One question with its answer, the unit of the knowledge base.

    A superset of the community VAC schema used by KISS, so the export to it is lossless.
    ``antwoord`` is stored sanitised (see ``kcc.kennisbank.html``); services write it.
    """

    class Audience(models.TextChoices):
        CITIZEN = "burger", _("Burger")
        BUSINESS = "bedrijf", _("Bedrijf")
        BOTH = "beide", _("Burger en bedrijf")

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        ACTIVE = "actief", _("Actief")
        INACTIVE = "non_actief", _("Non-actief")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vraag = models.CharField(_("vraag"), max_length=500)
    antwoord = models.TextField(_("antwoord"), help_text=_("HTML; wordt bij opslaan opgeschoond."))
    toelichting = models.TextField(_("toelichting"), blank=True, help_text=_("Interne aanwijzing voor medewerkers."))
    trefwoorden = models.JSONField(_("trefwoorden"), default=list, blank=True)
    doelgroep = models.CharField(_("doelgroep"), max_length=10, choices=Audience.choices, default=Audience.BOTH)
    afdelingen = models.ManyToManyField(OrganisationUnit, verbose_name=_("afdelingen"), blank=True, related_name="vacs")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar (persoon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_vacs",
    )
    owner_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eigenaar (afdeling)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_vacs",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(_("openbaar op de website"), default=False)
    review_date = models.DateField(_("toetsdatum"), null=True, blank=True)
    related = models.ManyToManyField("self", verbose_name=_("gerelateerde VAC's"), blank=True, symmetrical=True)
    links = models.JSONField(_("links"), default=list, blank=True, help_text=_('Lijst van {"label", "url"}.'))
    source = models.CharField(_("bron"), max_length=100, blank=True)
    external_id = models.CharField(_("externe id"), max_length=200, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("VAC")
        verbose_name_plural = _("VAC's")
        ordering = ["vraag"]
        indexes = [
            models.Index(fields=["status", "is_public"]),
            models.Index(fields=["review_date"]),
        ]
        permissions = [
            ("search_vac", "Kan de kennisbank doorzoeken"),
            ("edit_own_vac", "Kan eigen VAC's bewerken"),
        ]

    def __str__(self) -> str:
        return self.vraag


class VACVersion(models.Model):
    """A snapshot of a VAC as it was after each change: the version history."""

    vac = models.ForeignKey(VAC, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("VAC-versie")
        verbose_name_plural = _("VAC-versies")
        ordering = ["vac", "-version"]
        constraints = [models.UniqueConstraint(fields=["vac", "version"], name="unique_vac_version")]

    def __str__(self) -> str:
        return f"{self.vac_id} v{self.version}"
