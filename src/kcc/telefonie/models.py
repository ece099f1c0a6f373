"""Telefonie: the phone systems that report calls, their calls and events, and screen-pops for agents.

A call's facts (arrival, answer, end, agent, caller) are derived from its events in the order of
their ``tijdstip``, never from the order in which they arrived; see :mod:`kcc.telefonie.events`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import Weekday


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
        # AVG inzage and erasure find a person's calls by the caller's number (kcc.privacy).
        indexes = [models.Index(fields=["caller"], name="call_caller_idx")]

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


# --- queue statistics (queue_log import) and the IVR menu -------------------------------------------


class QueueCall(models.Model):
    """One call in one queue as the PBX's queue_log describes it (see :mod:`kcc.telefonie.queuelog`).

    No caller number and no agent: the queue statistics need neither.
    """

    class Outcome(models.TextChoices):
        OPEN = "", _("zonder afloop")
        ANSWERED = "beantwoord", _("beantwoord")
        ABANDONED = "verlaten", _("opgehangen (verlaten)")
        TIMEOUT = "time-out", _("wachttijd verstreken")
        KEY = "toets", _("toets gekozen")
        EMPTY = "leeg", _("geen medewerkers")

    callid = models.CharField(_("callid"), max_length=150)
    queue = models.CharField(_("lijn"), max_length=100)
    entered_at = models.DateTimeField(_("in de wachtrij"))
    day = models.DateField(_("dag"), help_text=_("De dag van binnenkomst in de tijdzone van de gemeente."))
    entered_exact = models.BooleanField(
        _("binnenkomst gelezen"), default=False, help_text=_("Nee: afgeleid uit de afloop min de wachttijd.")
    )
    outcome = models.CharField(_("afloop"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_rank = models.PositiveSmallIntegerField(default=0)
    outcome_at = models.DateTimeField(_("afloop op"), null=True, blank=True)
    wait_s = models.PositiveIntegerField(_("wachttijd (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("gesprek in de wachtrij")
        verbose_name_plural = _("gesprekken in de wachtrij")
        constraints = [models.UniqueConstraint(fields=["callid", "queue"], name="queuecall_once")]
        # The import recounts the days it touched (see QueueDayCount) with this index.
        indexes = [models.Index(fields=["day", "queue", "outcome", "wait_s"], name="queuecall_day_idx")]

    def __str__(self) -> str:
        return f"{self.queue} {self.callid}"


class QueueDayCount(models.Model):
    """The calls of one line on one local day, counted: what the telefonie table sums (a year is a
    thousand rows instead of 250,000 calls). Recounted from :class:`QueueCall` for every day an
    import touches, in the import's transaction, so it never differs from the calls."""

    day = models.DateField(_("dag"))
    queue = models.CharField(_("lijn"), max_length=100)
    offered = models.PositiveIntegerField(_("aangeboden"))
    answered = models.PositiveIntegerField(_("beantwoord"))
    abandoned = models.PositiveIntegerField(_("verlaten"))
    short_abandoned = models.PositiveIntegerField(_("kort verlaten"))
    measured = models.PositiveIntegerField(_("met bekende wachttijd"))
    wait_sum = models.PositiveBigIntegerField(_("wachttijd opgeteld (s)"))
    wait_max = models.PositiveIntegerField(_("langste wachttijd (s)"), null=True)
    answered_waits = models.JSONField(
        _("beantwoord per wachttijd"),
        default=dict,
        help_text=_("Wachttijd in seconden → aantal beantwoorde gesprekken."),
    )

    class Meta:
        verbose_name = _("dagtelling wachtrij")
        verbose_name_plural = _("dagtellingen wachtrijen")
        constraints = [models.UniqueConstraint(fields=["day", "queue"], name="queuedaycount_once")]

    def __str__(self) -> str:
        return f"{self.day} {self.queue}"


class IvrMenu(models.Model):
    """The main menu of a phone number (the 14 0xx number), served to the phone system as JSON."""

    number = models.CharField(_("telefoonnummer"), max_length=20, unique=True, help_text=_("Bijvoorbeeld 14 0123."))
    name = models.CharField(_("naam"), max_length=100, default="Hoofdmenu")
    welcome_text = models.TextField(_("welkomsttekst"))
    closed_text = models.TextField(
        _("tekst buiten openingstijden"), help_text=_("Wordt afgespeeld als het nummer gesloten is.")
    )
    closing_day_text = models.TextField(
        _("tekst op feestdagen en sluitingsdagen"),
        blank=True,
        help_text=_("Leeg: dan de tekst buiten openingstijden. De sluitingsdagen komen uit de werkdagenkalender."),
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("keuzemenu (IVR)")
        verbose_name_plural = _("keuzemenu's (IVR)")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class IvrOpeningHours(models.Model):
    Weekday = Weekday

    menu = models.ForeignKey(IvrMenu, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    opens = models.TimeField(_("van"))
    closes = models.TimeField(_("tot"))

    class Meta:
        verbose_name = _("openingstijd")
        verbose_name_plural = _("openingstijden")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="ivr_hours_closes_after_opens",
                violation_error_message=_("De sluitingstijd moet na de openingstijd liggen."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class IvrOption(models.Model):
    menu = models.ForeignKey(IvrMenu, on_delete=models.CASCADE, related_name="options")
    key = models.CharField(_("toets"), max_length=1, help_text=_("0–9, * of #."))
    text = models.TextField(_("tekst"), help_text=_("Bijvoorbeeld: Voor paspoort en rijbewijs, toets 1."))
    queue = models.CharField(_("lijn (wachtrij)"), max_length=100, help_text=_("De wachtrij in de telefooncentrale."))
    opens = models.TimeField(_("alleen vanaf"), null=True, blank=True, help_text=_("Leeg: zolang het nummer open is."))
    closes = models.TimeField(_("alleen tot"), null=True, blank=True)

    class Meta:
        verbose_name = _("keuze")
        verbose_name_plural = _("keuzes")
        ordering = ["menu", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["menu", "key"],
                name="ivr_option_key_once",
                violation_error_message=_("Elke toets komt één keer voor in een menu."),
            ),
            models.CheckConstraint(
                condition=models.Q(key__regex=r"^[0-9*#]$"),
                name="ivr_option_key_valid",
                violation_error_message=_("Een toets is 0–9, * of #."),
            ),
            models.CheckConstraint(
                condition=models.Q(opens__isnull=True, closes__isnull=True)
                | models.Q(opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
                name="ivr_option_hours_valid",
                violation_error_message=_(
                    "Vul ‘alleen vanaf’ en ‘alleen tot’ allebei in (tot na vanaf) of geen van beide."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.queue}"
