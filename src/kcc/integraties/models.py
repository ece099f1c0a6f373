"""Integraties: the outbox of outgoing API calls and the configuration of each external system.

An :class:`IntegrationJob` is written in the same transaction as the change that caused it and
delivered by the worker (:mod:`kcc.integraties.services`). What a job got back (the remote URLs
and UUIDs) is stored on the job as it arrives, step by step, so a retry continues where the last
try stopped and never creates a second remote record.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntegrationJob(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op verzending")
        SENT = "sent", _("Verzonden")
        PARKED = "parked", _("Geparkeerd (geweigerd, actie nodig)")
        FAILED = "failed", _("Mislukt na herhaalde pogingen")

    system = models.CharField(_("systeem"), max_length=40)
    operation = models.CharField(_("handeling"), max_length=60)
    key = models.CharField(
        _("sleutel"),
        max_length=200,
        unique=True,
        help_text=_("Eén taak per gebeurtenis: dezelfde sleutel, dezelfde taak."),
    )
    payload = models.JSONField(_("gegevens"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"))
    last_error = models.TextField(_("laatste fout"), blank=True)
    last_exchange = models.TextField(
        _("laatste verzoek en antwoord"), blank=True, help_text=_("Ingekort; zonder token of andere geheimen.")
    )
    result = models.JSONField(_("resultaat"), default=dict, blank=True, help_text=_("Adressen en UUID's op afstand."))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("geparkeerd of mislukt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("integratietaak")
        verbose_name_plural = _("integratietaken")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="integration_due_idx"),
            models.Index(fields=["system", "status", "-sent_at"], name="integration_system_idx"),
        ]
        permissions = [("resend_integrationjob", "Mag geparkeerde of mislukte integratietaken opnieuw versturen")]

    def __str__(self) -> str:
        return f"{self.system}: {self.operation} ({self.key})"


class ServiceConfig(models.Model):
    """An external system as configured in the admin; without a row the ``KCC_*`` variables count."""

    system = models.CharField(_("systeem"), max_length=40, unique=True)
    api_root = models.URLField(_("API-root"), max_length=300)
    token = models.CharField(
        _("token of API-sleutel"), max_length=500, blank=True, help_text=_("Leeg: de omgevingsvariabele geldt.")
    )
    enabled = models.BooleanField(_("aan"), default=True)
    timeout = models.FloatField(_("time-out (seconden)"), default=10.0)

    class Meta:
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")

    def __str__(self) -> str:
        return self.system
