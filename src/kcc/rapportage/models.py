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


class ServiceNorm(models.Model):
    kind = models.CharField(_("norm"), max_length=30, choices=NormKind.choices)
    scope = models.CharField(
        _("geldt voor"),
        max_length=120,
        blank=True,
        help_text=_(
            "Leeg: voor alles. Anders de code van een eenheid (bereikbaarheid, meldingen), een "
            "meldingcategorie (meldingen) of een kanaal (antwoordtermijn, bijvoorbeeld email)."
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
