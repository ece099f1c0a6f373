"""The local case register: zaken of a zaaktype (linked to a product) with their status history.

The decision deadline of a zaak is never stored: it is computed when asked
(:mod:`kcc.zaken.deadlines`) from the start date, the product's term (:mod:`kcc.producten.terms`),
the extension and the suspensions of the term (Awb 4:15). Municipalities with a zaaksysteem
(Open Zaak) read zaken from there instead (:mod:`kcc.zaken.bronnen`).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
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


def status_link(number: str, token: str) -> str:
    """The public status page of a zaak (``zaken.public_urls``); '' without a secret."""
    return f"{settings.KCC_BASE_URL.rstrip('/')}/zaak/{number}/{token}/" if number and token else ""


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
        indexes = [
            models.Index(fields=["klant", "-start_date"], name="zaak_klant_idx"),
            # AVG inzage finds a person's zaken by e-mail too (kcc.privacy).
            models.Index(fields=["email"], name="zaak_email_idx"),
        ]
        permissions = [("view_all_zaken", "Mag alle zaken zien, niet alleen die van de eigen afdeling")]

    def __str__(self) -> str:
        return self.number or f"zaak {self.pk}"

    @property
    def public_url(self) -> str:
        """The citizen's status link, for the agent to give (it is never shown in a list or the admin)."""
        return status_link(self.number, self.token)

    @property
    def is_open(self) -> bool:
        return self.status != Status.DONE

    @property
    def deadline(self) -> date | None:
        """The last day to decide, computed now: term, extension and suspensions (None: no legal term)."""
        from kcc.zaken.deadlines import zaak_deadline

        return zaak_deadline(self)

    @property
    def running_suspension(self) -> Suspension | None:
        """The suspension the term is standing still for today, if any (uses prefetched suspensions)."""
        today = timezone.localdate()
        return next((s for s in self.suspensions.all() if s.is_running(today)), None)


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


class SuspensionReason(models.TextChoices):
    """The grounds on which Awb art. 4:15 suspends the decision term."""

    COMPLETION = "aanvulling", _("Aanvraag laten aanvullen (art. 4:15 lid 1 onder a Awb)")
    FOREIGN_AUTHORITY = (
        "buitenland",
        _("Informatie gevraagd aan een buitenlandse instantie (art. 4:15 lid 1 onder b Awb)"),
    )
    CONSENT = "instemming", _("Uitstel met schriftelijke instemming van de aanvrager (art. 4:15 lid 2 onder a Awb)")
    APPLICANT_DELAY = (
        "vertraging_aanvrager",
        _("Vertraging die aan de aanvrager te wijten is (art. 4:15 lid 2 onder b Awb)"),
    )
    FORCE_MAJEURE = "overmacht", _("Overmacht (art. 4:15 lid 2 onder c Awb)")


# Why the term stands still, for the applicant (completes "De termijn staat stil sinds <datum> omdat ...").
PUBLIC_REASON = {
    SuspensionReason.COMPLETION: "wij u om aanvullende gegevens hebben gevraagd",
    SuspensionReason.FOREIGN_AUTHORITY: "wij informatie hebben gevraagd aan een instantie in het buitenland",
    SuspensionReason.CONSENT: "u ermee hebt ingestemd dat wij later beslissen",
    SuspensionReason.APPLICANT_DELAY: "wij op u wachten",
    SuspensionReason.FORCE_MAJEURE: "wij door overmacht op dit moment geen beslissing kunnen nemen",
}


class Suspension(models.Model):
    """A suspension of the decision term (Awb 4:15) of a local zaak.

    The term stands still from the day after ``start_date`` (the day the applicant was asked, or
    the event) up to and including the day it ends: ``end_date`` when it was ended (for a
    completion: the day the documents arrived), else ``until`` when that passed unused (the period
    set for the completion, or agreed to by the applicant). Without either it is still running.
    """

    zaak = models.ForeignKey(Zaak, on_delete=models.CASCADE, related_name="suspensions")
    reason = models.CharField(_("grond"), max_length=30, choices=SuspensionReason.choices)
    note = models.CharField(_("toelichting"), max_length=500, blank=True)
    start_date = models.DateField(_("gevraagd of begonnen op"))
    until = models.DateField(_("gestelde termijn tot en met"), null=True, blank=True)
    end_date = models.DateField(_("geëindigd op"), null=True, blank=True)
    started_at = models.DateTimeField(_("vastgelegd op"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(_("beëindigd op"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("opschorting van de beslistermijn")
        verbose_name_plural = _("opschortingen van de beslistermijn")
        ordering = ["start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="zaak_suspension_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("start_date")),
                name="zaak_suspension_until_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.zaak}: {self.get_reason_display()} vanaf {self.start_date:%d-%m-%Y}"

    def last_day(self, today: date) -> date:
        """The last suspended day as far as known on ``today`` (``today`` itself while it runs)."""
        if self.end_date is not None:
            return self.end_date
        if self.until is not None and self.until < today:
            return self.until
        return max(today, self.start_date)

    def is_running(self, today: date) -> bool:
        return self.end_date is None and (self.until is None or today <= self.until)

    def days(self, today: date) -> int:
        """Suspended calendar days: the day after the start up to and including the last day."""
        return (self.last_day(today) - self.start_date).days

    @property
    def is_running_today(self) -> bool:
        return self.is_running(timezone.localdate())

    @property
    def days_so_far(self) -> int:
        return self.days(timezone.localdate())

    @property
    def public_reason(self) -> str:
        return PUBLIC_REASON[SuspensionReason(self.reason)]


class ZgwZaakStatus(models.Model):
    """The last known state of a zaak in the zaaksysteem (ZGW), kept fresh by its notifications.

    The klantbeeld shows it for the zaken that the caller's earlier contacts were about, without a
    BSN and without a call to the zaaksysteem while the agent waits; the citizen sees it on the
    public status page behind ``token``, the same page (and link form) as a zaak in KCC's own register.
    """

    url = models.URLField(_("adres in het zaaksysteem"), max_length=1000, unique=True)
    identificatie = models.CharField(_("zaaknummer"), max_length=40, db_index=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=200, blank=True)
    zaaktype = models.CharField(_("zaaktype"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=300, blank=True)
    resultaat = models.CharField(_("resultaat"), max_length=300, blank=True)
    einddatum = models.DateField(_("einddatum"), null=True, blank=True)
    uiterste_datum = models.DateField(_("uiterlijke einddatum"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("bijgewerkt op"))
    token = models.CharField(max_length=64, blank=True, help_text="Secret of the public status link.")

    class Meta:
        verbose_name = _("zaakstatus uit het zaaksysteem")
        verbose_name_plural = _("zaakstatussen uit het zaaksysteem")

    def __str__(self) -> str:
        return f"{self.identificatie}: {self.status}"

    @property
    def public_url(self) -> str:
        """The citizen's status link ('' until the first refresh after links existed gives it its secret)."""
        return status_link(self.identificatie, self.token)
