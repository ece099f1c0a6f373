"""Retention: the term per register (edited by the beheerder) and the legal holds that stop it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def register_choices() -> list[tuple[str, str]]:
    # A callable: the registers are declared in code (kcc.retentie.registers), not in migrations.
    from kcc.retentie.registers import retention_registers

    return [(register.key, register.label) for register in retention_registers()]


class RetentionTerm(models.Model):
    """A term that replaces a register's documented default."""

    register = models.CharField(_("register"), max_length=40, choices=register_choices, unique=True)
    months = models.PositiveSmallIntegerField(_("bewaartermijn (maanden)"))
    note = models.CharField(
        _("reden van afwijken"), max_length=300, blank=True, help_text=_("Bijvoorbeeld het besluit van de archivaris.")
    )

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        ordering = ["register"]
        permissions = [("view_processingregister", "Mag het verwerkingsregister (AVG art. 30) inzien")]
        constraints = [
            models.CheckConstraint(condition=models.Q(months__gte=1), name="retentie_term_at_least_a_month"),
        ]

    def __str__(self) -> str:
        return f"{self.get_register_display()}: {self.months} maanden"


class LegalHold(models.Model):
    """A register, or one record of it, that must be kept while a complaint, objection or
    investigation runs: ``kcc retentie`` skips it and reports why."""

    class Ground(models.TextChoices):
        COMPLAINT = "klacht", _("lopende klacht")
        OBJECTION = "bezwaar", _("lopend bezwaar of beroep")
        OMBUDSMAN = "ombudsman", _("onderzoek van de ombudsman")
        OTHER = "anders", _("andere wettelijke plicht")

    register = models.CharField(_("register"), max_length=40, choices=register_choices)
    record_id = models.CharField(
        _("record"), max_length=64, blank=True, help_text=_("Het id van het record. Leeg: het hele register.")
    )
    ground = models.CharField(_("grond"), max_length=20, choices=Ground.choices)
    reference = models.CharField(_("kenmerk en toelichting"), max_length=300)
    started_at = models.DateTimeField(_("sinds"), auto_now_add=True)
    ended_at = models.DateTimeField(_("opgeheven op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bewaarplicht (juridische blokkade)")
        verbose_name_plural = _("bewaarplichten (juridische blokkades)")
        ordering = ["register", "-started_at"]
        indexes = [models.Index(fields=["register", "ended_at"], name="retentie_hold_active_idx")]

    def __str__(self) -> str:
        what = f"{self.get_register_display()} {self.record_id}".strip()
        return f"{what}: {self.get_ground_display()} ({self.reference})"

    @property
    def reason(self) -> str:
        return f"{self.get_ground_display()}: {self.reference}"
