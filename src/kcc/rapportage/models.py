"""Service norms: the targets the dashboard and the annual report measure against, with history.

A norm is a (kind, scope) with a value that holds from ``valid_from`` on; a later row for the same
kind and scope replaces it from its own date. The norm that applies to a reporting period is the
one in force on the period's last day, so a report over an old year keeps showing the norm of
that year.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NormKind(models.TextChoices):
    FCR = "fcr", _("In één keer geholpen (FCR), minimaal %")
    CALLBACK_SHARE = "terugbel_aandeel", _("Aandeel contacten met terugbelverzoek, maximaal %")
    CALLBACK_ON_TIME = "terugbel_op_tijd", _("Terugbelverzoeken op tijd afgehandeld, minimaal %")
    REPLY_TERM = "antwoordtermijn", _("Antwoordtermijn per kanaal (werkdagen)")
    REPLY_ON_TIME = "antwoord_op_tijd", _("Antwoord binnen de antwoordtermijn, minimaal %")
    MELDING_ON_TIME = "meldingen_op_tijd", _("Meldingen binnen de afhandeltermijn afgesloten, minimaal %")
    REACHABILITY = "bereikbaarheid", _("Bereikbaarheid backoffice bij doorverbinden, minimaal %")
    COMPLAINT_ON_TIME = "klachten_op_tijd", _("Klachten binnen de wettelijke termijn afgehandeld, minimaal %")
    ZERO_RESULTS = "kennisbank_nul", _("Zoekvragen zonder resultaat in de kennisbank, maximaal %")
    VAC_CONSULTED = "vac_geraadpleegd", _("Algemene vragen waarbij een VAC is geraadpleegd, minimaal %")
    SIGNALS_ANSWERED = "signalen_beantwoord", _("Signalen beantwoord, minimaal %")
    SERVICE_LEVEL = "servicelevel", _("Telefoon: beantwoord binnen de normtijd (servicelevel), minimaal %")
    SERVICE_LEVEL_SECONDS = "servicelevel_seconden", _("Telefoon: normtijd om op te nemen per lijn (seconden)")


class ServiceNorm(models.Model):
    kind = models.CharField(_("norm"), max_length=30, choices=NormKind.choices)
    scope = models.CharField(
        _("geldt voor"),
        max_length=120,
        blank=True,
        help_text=_(
            "Leeg: voor alles. Anders de code van een eenheid (bereikbaarheid, meldingen), een "
            "meldingcategorie (meldingen), een kanaal (antwoordtermijn, bijvoorbeeld email) of een "
            "telefoonlijn (servicelevel)."
        ),
    )
    value = models.DecimalField(_("waarde"), max_digits=6, decimal_places=2)
    valid_from = models.DateField(_("geldt vanaf"))
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("servicenorm")
        verbose_name_plural = _("servicenormen")
        ordering = ["kind", "scope", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "scope", "valid_from"], name="norm_once_per_day"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="norm_not_negative"),
        ]
        permissions = [("view_dashboard", "Mag dashboards en het jaarverslag inzien")]

    def __str__(self) -> str:
        scope = f" ({self.scope})" if self.scope else ""
        return f"{self.get_kind_display()}{scope}: {self.value} vanaf {self.valid_from:%d-%m-%Y}"


# --- Aggregates per day --------------------------------------------------------------------------
#
# The dashboard tables over contacts, questions, transfer attempts, callbacks and searches read these
# counts instead of millions of rows. Each row counts the records of one local day (the municipality's
# time zone: the day a contact started) that share the same dimensions. They are kept up to date in
# the transaction of every change (``kcc.rapportage.signals``, and ``store_contacts`` for bulk
# inserts), and ``kcc rapportage aggregaten --herbereken`` rebuilds them from the records.
# Units and people are plain integers (``*_ref``, 0: none), not foreign keys: a count outlives a removed unit,
# and a unit moved in the tree is placed at query time.


class DailyCount(models.Model):
    day = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day}: {self.n}"

    @classmethod
    def dimensions(cls) -> list[str]:
        """The columns that identify a row (everything but the id and the count), in table order."""
        return [field.column for field in cls._meta.concrete_fields if field.column not in ("id", "n")]


class DailyContactCount(DailyCount):
    with_callback = models.BooleanField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "with_callback"], name="daily_contact_key")]


class DailyQuestionCount(DailyCount):
    unit_ref = models.IntegerField()
    question_type = models.CharField(max_length=30)
    fcr_row = models.CharField(max_length=30)
    fcr_outcome = models.CharField(max_length=10)
    is_repeat = models.BooleanField()
    complaint_offer = models.CharField(max_length=20)
    with_vac = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit_ref", "question_type", "fcr_row", "fcr_outcome", "is_repeat", "complaint_offer",
                        "with_vac"],
                name="daily_question_key",
            )
        ]  # fmt: skip


class DailyAttemptCount(DailyCount):
    unit_ref = models.IntegerField()
    person_ref = models.IntegerField()  # only for an attempt without a unit: its unit is the person's, at query time
    target = models.CharField(max_length=10)
    result = models.CharField(max_length=20)
    reason = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit_ref", "person_ref", "target", "result", "reason"], name="daily_attempt_key"
            )
        ]


class DailyCallbackCount(DailyCount):
    class State(models.TextChoices):
        OPEN = "open", _("open")
        ON_TIME = "op_tijd", _("op tijd afgesloten")
        LATE = "te_laat", _("te laat afgesloten")

    unit_ref = models.IntegerField()
    reason = models.CharField(max_length=25)
    state = models.CharField(max_length=10, choices=State.choices)
    deadline = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit_ref", "reason", "state", "deadline"], name="daily_callback_key"
            )
        ]


class DailySearchCount(DailyCount):
    channel = models.CharField(max_length=10)
    zero_results = models.BooleanField()
    gap_query = models.CharField(max_length=200)  # the normalised query of a search without results, else ""

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "channel", "zero_results", "gap_query"], name="daily_search_key")
        ]


class DailyUnitContactCount(DailyCount):
    """Contacts per unit *and everything below it*: a contact with questions for two afdelingen of
    one dienst counts once for the dienst. Exact distinct counts for a unit's view, which counts per
    unit cannot give by adding up. Follows the tree as it is: moving a unit recounts this aggregate."""

    unit_ref = models.IntegerField()  # the unit whose subtree the contact touched
    with_question = models.BooleanField()  # a question for the subtree
    with_callback = models.BooleanField()  # a callback request to the subtree

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "unit_ref", "with_question", "with_callback"], name="daily_unit_contact_key"
            )
        ]


class CouncilNote(models.Model):
    """A short explanation for the council beside one section of the annual report (or its overview)."""

    OVERVIEW = "overzicht"
    MAX_LENGTH = 2000

    year = models.PositiveSmallIntegerField(_("jaar"))
    section = models.CharField(_("onderdeel"), max_length=40, help_text=_("'overzicht' of de sleutel van een tabel."))
    text = models.TextField(_("toelichting"), max_length=MAX_LENGTH, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("toelichting voor de raad")
        verbose_name_plural = _("toelichtingen voor de raad")
        constraints = [models.UniqueConstraint(fields=["year", "section"], name="council_note_per_section")]

    def __str__(self) -> str:
        return f"{self.year} {self.section}"
