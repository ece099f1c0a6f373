"""What KCC keeps of a BRP look-up: only that a contact's caller was identified there, and whether
the person has secrecy of personal data (geheimhouding). Names and BSN live on the klant."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Identification(models.Model):
    contact = models.OneToOneField(
        "contacten.Contactmoment", on_delete=models.CASCADE, related_name="brp_identification"
    )
    klant = models.ForeignKey("contacten.Klant", null=True, on_delete=models.SET_NULL, related_name="+")
    secret = models.BooleanField(
        _("geheimhouding persoonsgegevens"),
        default=False,
        help_text=_("Het BRP meldt dat de gegevens van deze persoon niet aan derden verstrekt mogen worden."),
    )
    identified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    identified_at = models.DateTimeField(_("geïdentificeerd op"), auto_now=True)

    class Meta:
        verbose_name = _("identificatie in het BRP")
        verbose_name_plural = _("identificaties in het BRP")
        permissions = [("lookup_person", "Mag personen in het BRP opzoeken (met doel, wordt gelogd)")]

    def __str__(self) -> str:
        return f"BRP-identificatie van {self.contact}"
