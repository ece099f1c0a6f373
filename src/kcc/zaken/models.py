"""The local case register: zaken of a zaaktype (linked to a product) with their status history.

The decision deadline of a zaak comes from its product's term (:mod:`kcc.producten.terms`); an
extension moves it by the product's extension. Municipalities with a zaaksysteem (Open Zaak) read
zaken from there instead (:mod:`kcc.zaken.bronnen`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit
from kcc.producten.models import Product


class ZaakType(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="zaaktypen")
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("zaaktype")
        verbose_name_plural = _("zaaktypen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    RECEIVED = "ontvangen", _("Ontvangen")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    WAITING = "wacht_op_aanvulling", _("Wacht op aanvulling")
    DONE = "afgehandeld", _("Afgehandeld")


class Outcome(models.TextChoices):
    NONE = "", _("Nog geen uitkomst")
    GRANTED = "verleend", _("Verleend")
    REFUSED = "geweigerd", _("Geweigerd")
    NOT_HANDLED = "buiten_behandeling", _("Buiten behandeling gesteld")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")
    GRANTED_BY_LAW = "van_rechtswege", _("Van rechtswege verleend")


class Zaak(models.Model):
    number = models.CharField(_("zaaknummer"), max_length=40, unique=True, null=True, blank=True)
    zaaktype = models.ForeignKey(ZaakType, verbose_name=_("zaaktype"), on_delete=models.PROTECT, related_name="zaken")
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    start_date = models.DateField(_("startdatum"))
    deadline = models.DateField(_("uiterste beslisdatum"), null=True, blank=True)
    extended = models.BooleanField(_("termijn verlengd"), default=False)
    extension_reason = models.CharField(_("reden van verlenging"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    closed_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("behandelende afdeling"), null=True, blank=True, on_delete=models.SET_NULL
    )
    klant = models.ForeignKey(
        "contacten.Klant",
        verbose_name=_("klant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="zaken",
    )
    bsn_hash = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="Keyed hash of the initiator's BSN."
    )
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    token = models.CharField(max_length=64, unique=True, help_text="Secret of the public status link.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["klant", "-start_date"], name="zaak_klant_idx")]
        permissions = [("view_all_zaken", "Mag alle zaken zien, niet alleen die van de eigen afdeling")]

    def __str__(self) -> str:
        return self.number or f"zaak {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.DONE


class ZaakStatus(models.Model):
    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.CharField(_("toelichting (zichtbaar voor de aanvrager)"), max_length=500, blank=True)
    set_at = models.DateTimeField(_("gezet op"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("status van een zaak")
        verbose_name_plural = _("statussen van zaken")
        ordering = ["set_at", "id"]

    def __str__(self) -> str:
        return f"{self.zaak}: {self.get_status_display()}"
