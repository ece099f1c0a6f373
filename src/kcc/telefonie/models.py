"""Telefonie: the phone systems that report calls, their calls and events, and screen-pops for agents.

A call's facts (arrival, answer, end, agent, caller) are derived from its events in the order of
their ``tijdstip``, never from the order in which they arrived; see :mod:`kcc.telefonie.events`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PhoneSystem(models.Model):
    """One phone system (PBX, cloud telephony or adapter) with its API token; only a hash is stored."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    token_hash = models.CharField(_("token (hash)"), max_length=64, unique=True, editable=False)
    token_hint = models.CharField(_("token begint met"), max_length=8, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("telefooncentrale")
        verbose_name_plural = _("telefooncentrales")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class EventType(models.TextChoices):
    INCOMING = "binnenkomend", _("Binnenkomend")
    ANSWERED = "aangenomen", _("Aangenomen")
    TRANSFERRED = "doorverbonden", _("Doorverbonden")
    ENDED = "beeindigd", _("Beëindigd")


class Call(models.Model):
    """One call as the phone system reported it, linked one-to-one to the contact made when answered."""

    phone_system = models.ForeignKey(
        PhoneSystem, verbose_name=_("telefooncentrale"), on_delete=models.PROTECT, related_name="calls"
    )
    call_id = models.CharField(_("gesprek-id"), max_length=100)
    caller = models.CharField(_("beller"), max_length=20, blank=True, help_text=_("Leeg: anoniem of onbekend."))
    called = models.CharField(_("gebeld nummer"), max_length=20, blank=True)
    line = models.CharField(_("lijn"), max_length=100, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medewerker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    arrived_at = models.DateTimeField(_("binnengekomen"), null=True, blank=True)
    answered_at = models.DateTimeField(_("aangenomen"), null=True, blank=True)
    ended_at = models.DateTimeField(_("beëindigd"), null=True, blank=True)
    contact = models.OneToOneField(
        "contacten.Contactmoment",
        verbose_name=_("contactmoment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["-arrived_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["phone_system", "call_id"], name="call_unique_per_system"),
        ]

    def __str__(self) -> str:
        return self.call_id

    @property
    def started(self) -> bool:
        """False while only later events (answer, transfer, end) arrived and ``binnenkomend`` is missing."""
        return self.arrived_at is not None

    @property
    def waiting_seconds(self) -> int | None:
        end = self.answered_at or self.ended_at
        if self.arrived_at is None or end is None:
            return None
        return max(0, round((end - self.arrived_at).total_seconds()))

    @property
    def duration_seconds(self) -> int | None:
        if self.answered_at is None or self.ended_at is None:
            return None
        return max(0, round((self.ended_at - self.answered_at).total_seconds()))


class CallEvent(models.Model):
    """One event as received. The unique constraints make a repeated event (also a concurrent one) a no-op."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("gebeurtenis"), max_length=15, choices=EventType.choices)
    occurred_at = models.DateTimeField(_("tijdstip"))
    caller = models.CharField(_("van"), max_length=20, blank=True)
    called = models.CharField(_("naar"), max_length=20, blank=True)
    line = models.CharField(_("lijn"), max_length=100, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), null=True, blank=True, on_delete=models.SET_NULL
    )
    target = models.CharField(_("doel"), max_length=20, blank=True)
    answered = models.BooleanField(_("beantwoord"), null=True, blank=True)
    transfer = models.OneToOneField(
        "contacten.TransferAttempt",
        verbose_name=_("doorverbindpoging"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_event",
    )
    received_at = models.DateTimeField(_("ontvangen"), auto_now_add=True)

    class Meta:
        verbose_name = _("gespreksgebeurtenis")
        verbose_name_plural = _("gespreksgebeurtenissen")
        ordering = ["call_id", "occurred_at", "id"]
        constraints = [
            # A call arrives, is answered and ends once; it may be transferred several times.
            models.UniqueConstraint(
                fields=["call", "kind"],
                condition=~models.Q(kind="doorverbonden"),
                name="call_event_once",
            ),
            models.UniqueConstraint(
                fields=["call", "kind", "occurred_at", "target"],
                condition=models.Q(kind="doorverbonden"),
                name="call_event_transfer_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.kind} {self.occurred_at:%H:%M:%S}"


class ScreenPop(models.Model):
    """A contact to open in an agent's browser; the SSE stream reads these by id (a small, pruned table)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey("contacten.Contactmoment", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user", "id"], name="screenpop_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.contact_id}"
