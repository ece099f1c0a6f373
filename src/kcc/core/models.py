"""The shared backbone: users, the organisation tree, calendar, audit log and outbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kcc.core.theme import validate_colour_under_white_text, validate_font_family


class OrganisationUnit(models.Model):
    """A node of the municipality's tree (dienst, sector, afdeling) or an external partner."""

    class Kind(models.TextChoices):
        DIENST = "dienst", _("Dienst")
        SECTOR = "sector", _("Sector")
        AFDELING = "afdeling", _("Afdeling")
        EXTERN = "extern", _("Externe partner")

    class TransferPolicy(models.TextChoices):
        WARM = "warm", _("Altijd warm doorverbinden")
        NO_TRANSFER = "geen_doorverbinding", _("Nooit doorverbinden, maak een terugbelverzoek")
        URGENT_ONLY = "alleen_spoed", _("Alleen spoed doorverbinden")

    MAX_DEPTH = 4

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("ouder"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_external = models.BooleanField(_("externe partner"), default=False)
    phone = models.CharField(_("algemeen nummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    backup_phone = models.CharField(_("achtervang"), max_length=30, blank=True)
    transfer_policy = models.CharField(
        _("doorverbindbeleid"), max_length=30, choices=TransferPolicy.choices, default=TransferPolicy.WARM
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_units",
        help_text=_("Ontvangt escalaties en bevestigt de gegevens van de eenheid."),
    )
    callback_days = models.PositiveSmallIntegerField(
        _("termijn terugbelverzoek (werkdagen)"), default=settings.KCC_DEFAULT_CALLBACK_DAYS
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie-eenheid")
        verbose_name_plural = _("organisatie-eenheden")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[OrganisationUnit]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain


class Weekday(models.IntegerChoices):
    """Python's weekday numbers (Monday 0), for every table of opening or reachability hours."""

    MONDAY = 0, _("maandag")
    TUESDAY = 1, _("dinsdag")
    WEDNESDAY = 2, _("woensdag")
    THURSDAY = 3, _("donderdag")
    FRIDAY = 4, _("vrijdag")
    SATURDAY = 5, _("zaterdag")
    SUNDAY = 6, _("zondag")


class ReachabilityWindow(models.Model):
    """When a unit can be phoned: one row per weekday and time span (Mon 08:30-15:00)."""

    Weekday = Weekday

    unit = models.ForeignKey(OrganisationUnit, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(_("dag"), choices=Weekday.choices)
    start = models.TimeField(_("van"))
    end = models.TimeField(_("tot"))

    class Meta:
        verbose_name = _("bereikbaarheidsvenster")
        verbose_name_plural = _("bereikbaarheidsvensters")
        ordering = ["unit", "weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="window_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class User(AbstractUser):
    """A person who logs in. Roles are Django groups (see ``kcc.core.roles``)."""

    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eenheid"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_("Een backoffice-medewerker ziet het werk van deze eenheid."),
    )
    session_version = models.PositiveIntegerField(
        _("sessieversie"),
        default=0,
        editable=False,
        help_text=_("Wordt opgehoogd bij een wijziging van rollen of tweestapsverificatie: alle sessies vervallen."),
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret=None):
        # Django ends every session whose stored hash no longer matches: a new password did that
        # already, a new session_version (kcc.accounts.services.end_all_sessions) does it on a role change.
        key_salt = "kcc.core.models.User.get_session_auth_hash"
        value = f"{self.password}:{self.session_version}"
        return salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()


class ClosingDay(models.Model):
    """A day the municipality is closed besides the public holidays (e.g. the Friday after Ascension)."""

    date = models.DateField(_("datum"), unique=True)
    description = models.CharField(_("omschrijving"), max_length=200)

    class Meta:
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.description}"


class AuditEntry(models.Model):
    """Who did or saw what, when and why. Written by ``kcc.core.audit``, never edited."""

    at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("actie"), max_length=60)
    object_type = models.CharField(_("objecttype"), max_length=100)
    object_id = models.CharField(_("object-id"), max_length=64)
    purpose = models.CharField(_("doel"), max_length=300, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}#{self.object_id}"


class OutboxMessage(models.Model):
    """A message to send, written in the same transaction as the change that caused it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")

    created_at = models.DateTimeField(auto_now_add=True)
    key = models.CharField(max_length=200, unique=True, help_text="Idempotency key: one message per event.")
    to = models.JSONField(default=list)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    headers = models.JSONField(default=dict, blank=True)
    from_email = models.CharField(max_length=254, blank=True, help_text="Empty: DEFAULT_FROM_EMAIL.")
    cc = models.JSONField(default=list, blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, mimetype, content_base64}], kept with the message."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(_("opgegeven op"), null=True, blank=True)
    alerted_at = models.DateTimeField(null=True, blank=True, help_text="When the beheerder was mailed about it.")

    class Meta:
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten (outbox)")
        ordering = ["created_at"]
        permissions = [("requeue_outboxmessage", "Mag mislukte uitgaande e-mail opnieuw versturen")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)} ({self.status})"


class Task(models.Model):
    """A piece of work for a person or unit with a deadline: VAC feedback, a wrong number, a review.

    Capabilities create tasks through ``kcc.core.services.create_task`` and point to their own
    object with ``subject_type``/``subject_id``; the owner's task list shows them all.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_behandeling", _("in behandeling")
        DONE = "afgehandeld", _("afgehandeld")
        REJECTED = "afgewezen", _("afgewezen")

    kind = models.CharField(_("soort"), max_length=40)
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    unit = models.ForeignKey(OrganisationUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="created_tasks"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateField(_("uiterste datum"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(_("afhandeling"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]

    def __str__(self) -> str:
        return self.title


class RateWindow(models.Model):
    """One rate-limit counter for one window (see ``kcc.core.ratelimit``), when no Redis is configured."""

    key = models.CharField(max_length=200, unique=True)
    expires_at = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("tellerstand snelheidslimiet")
        verbose_name_plural = _("tellerstanden snelheidslimiet")

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"


class Heartbeat(models.Model):
    """The last sign of life of a background process (the worker writes ``worker`` every minute)."""

    name = models.CharField(max_length=50, unique=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("hartslag")
        verbose_name_plural = _("hartslagen")

    def __str__(self) -> str:
        return f"{self.name}: {self.at:%Y-%m-%d %H:%M:%S}"


class MunicipalityProfile(models.Model):
    """The municipality's identity and contact details: one row, edited by the beheerder in the admin.

    Colours and font become CSS custom properties over the NL Design System tokens (``/thema.css``);
    phone, address and website appear on public pages, error pages, letters and e-mails.
    """

    SINGLETON_PK = 1

    logo = models.BinaryField(_("logo (PNG)"), blank=True, default=b"", editable=False)
    primary_colour = models.CharField(
        _("hoofdkleur"),
        max_length=7,
        default="#154273",
        validators=[validate_colour_under_white_text],
        help_text=_("Kleur van de kopbalk en de knoppen, als #rrggbb. Witte tekst moet erop leesbaar zijn."),
    )
    accent_colour = models.CharField(
        _("accentkleur"),
        max_length=7,
        default="#a64f00",
        validators=[validate_colour_under_white_text],
        help_text=_("Kleur van het label 'Belangrijk nieuws', als #rrggbb. Witte tekst moet erop leesbaar zijn."),
    )
    font_family = models.CharField(
        _("lettertype"),
        max_length=200,
        default='"Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
        validators=[validate_font_family],
        help_text=_('CSS-lettertypen, gescheiden door komma\'s, bijvoorbeeld: "Fira Sans", Arial, sans-serif.'),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, default="14 020")
    address = models.TextField(_("bezoekadres"), default="Stadhuisplein 1\n1234 AB Demodam")
    website = models.URLField(_("website"), default="https://www.demodam.nl")
    email = models.EmailField(_("e-mailadres voor inwoners"), default="info@demodam.nl")
    working_holidays = models.JSONField(
        _("feestdagen die werkdag zijn"),
        default=list,
        blank=True,
        help_text=_("Namen van feestdagen waarop de gemeente gewoon open is, bijvoorbeeld Goede Vrijdag."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("gemeenteprofiel")
        verbose_name_plural = _("gemeenteprofiel")

    def __str__(self) -> str:
        return str(_("Gemeenteprofiel"))
