"""The citizen's rights under the AVG: each request is a tracked case with its legal term."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Right(models.TextChoices):
    """The right the citizen invokes (AVG art. 15, 16, 17, 21)."""

    ACCESS = "inzage", _("Inzage (art. 15)")
    RECTIFICATION = "correctie", _("Correctie (art. 16)")
    ERASURE = "verwijdering", _("Verwijdering (art. 17)")
    OBJECTION = "bezwaar", _("Bezwaar tegen verwerking (art. 21)")


class IdentifierKind(models.TextChoices):
    PHONE = "telefoon", _("Telefoonnummer")
    EMAIL = "email", _("E-mailadres")
    BSN = "bsn", _("BSN")


class Request(models.Model):
    """An AVG-verzoek: one request of one person, answered within a month (extendable by two, art. 12(3)).

    The person is identified by one phone number, e-mail address or BSN. A BSN is never stored in
    clear: its keyed hash finds the records, the masked form is shown.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("In behandeling")
        DONE = "afgehandeld", _("Afgehandeld")
        REFUSED = "geweigerd", _("Geweigerd")

    right = models.CharField(_("recht"), max_length=15, choices=Right.choices)
    identifier_kind = models.CharField(_("herkend aan"), max_length=10, choices=IdentifierKind.choices)
    identifier = models.CharField(
        _("telefoonnummer, e-mailadres of gemaskeerd BSN"),
        max_length=254,
        help_text=_("Een BSN staat hier gemaskeerd."),
    )
    bsn_hash = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(_("doel"), max_length=300, blank=True)
    received_on = models.DateField(_("ontvangen op"))
    deadline = models.DateField(_("uiterlijk afgehandeld op"))
    extended = models.BooleanField(_("termijn verlengd"), default=False)
    extension_reason = models.CharField(_("reden van verlenging"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.OPEN)
    outcome = models.JSONField(_("uitkomst per register"), default=dict, blank=True)
    note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        verbose_name = _("AVG-verzoek")
        verbose_name_plural = _("AVG-verzoeken")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="avg_request_due_idx")]
        permissions = [("handle_request", "Mag AVG-verzoeken behandelen (inzage, correctie, verwijdering)")]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        return f"AVG-{self.received_on.year}-{self.pk or 0:05d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class SecretRegistration(models.Model):
    """A person whose data are shielded (BRP geheimhouding, a threatened person): no inzage by name
    or number through KCC; the privacy officer hands it over in person after identification."""

    identifier_kind = models.CharField(_("herkend aan"), max_length=10, choices=IdentifierKind.choices)
    key = models.CharField(
        _("sleutel"), max_length=254, help_text=_("Genormaliseerd nummer of e-mailadres, of de hash van het BSN.")
    )
    reason = models.CharField(_("grond"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("geheimhouding")
        verbose_name_plural = _("geheimhoudingen")
        constraints = [
            models.UniqueConstraint(fields=["identifier_kind", "key"], name="secret_registration_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_identifier_kind_display()} ({self.reason})"
