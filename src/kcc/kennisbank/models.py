"""The knowledge base: VAC's (vraag-antwoordcombinaties) and what happens around them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit


class VAC(models.Model):
    """One question with its answer, the unit of the knowledge base.

    A superset of the community VAC schema used by KISS, so the export to it is lossless.
    ``antwoord`` is stored sanitised (see ``kcc.kennisbank.html``); services write it.
    """

    class Audience(models.TextChoices):
        CITIZEN = "burger", _("Burger")
        BUSINESS = "bedrijf", _("Bedrijf")
        BOTH = "beide", _("Burger en bedrijf")

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        ACTIVE = "actief", _("Actief")
        INACTIVE = "non_actief", _("Non-actief")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    vraag = models.CharField(_("vraag"), max_length=500)
    antwoord = models.TextField(_("antwoord"), help_text=_("HTML; wordt bij opslaan opgeschoond."))
    toelichting = models.TextField(_("toelichting"), blank=True, help_text=_("Interne aanwijzing voor medewerkers."))
    trefwoorden = models.JSONField(_("trefwoorden"), default=list, blank=True)
    doelgroep = models.CharField(_("doelgroep"), max_length=10, choices=Audience.choices, default=Audience.BOTH)
    afdelingen = models.ManyToManyField(OrganisationUnit, verbose_name=_("afdelingen"), blank=True, related_name="vacs")
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar (persoon)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_vacs",
    )
    owner_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("eigenaar (afdeling)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_vacs",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    is_public = models.BooleanField(_("openbaar op de website"), default=False)
    review_date = models.DateField(_("toetsdatum"), null=True, blank=True)
    related = models.ManyToManyField("self", verbose_name=_("gerelateerde VAC's"), blank=True, symmetrical=True)
    links = models.JSONField(_("links"), default=list, blank=True, help_text=_('Lijst van {"label", "url"}.'))
    source = models.CharField(_("bron"), max_length=100, blank=True)
    external_id = models.CharField(_("externe id"), max_length=200, null=True, blank=True, unique=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("VAC")
        verbose_name_plural = _("VAC's")
        ordering = ["vraag"]
        indexes = [
            models.Index(fields=["status", "is_public"]),
            models.Index(fields=["review_date"]),
        ]
        permissions = [
            ("search_vac", "Kan de kennisbank doorzoeken"),
        ]

    def __str__(self) -> str:
        return self.vraag

    @property
    def antwoord_html(self) -> str:
        """The answer as shown: embedded facts (``[[product:...]]``) filled in at render time."""
        from kcc.kennisbank.html import render_facts

        return render_facts(self.antwoord)


class VACVersion(models.Model):
    """A snapshot of a VAC as it was after each change: the version history."""

    vac = models.ForeignKey(VAC, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("VAC-versie")
        verbose_name_plural = _("VAC-versies")
        ordering = ["vac", "-version"]
        constraints = [models.UniqueConstraint(fields=["vac", "version"], name="unique_vac_version")]

    def __str__(self) -> str:
        return f"{self.vac_id} v{self.version}"


class SearchLog(models.Model):
    """One search: what was asked, what was found, what was opened, and what happened next.

    Zero-result queries and searches without an opened result become the content-gap list;
    a query followed by an opened VAC is a candidate search term for that VAC.
    """

    class Channel(models.TextChoices):
        AGENT = "agent", _("Werkplek medewerker")
        PUBLIC = "public", _("Openbare website")
        API = "api", _("API")

    created_at = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="vac_searches"
    )
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices)
    query = models.CharField(_("zoekvraag"), max_length=200)
    normalised_query = models.CharField(_("genormaliseerde zoekvraag"), max_length=200, db_index=True)
    result_ids = models.JSONField(_("resultaten"), default=list, blank=True)
    result_count = models.PositiveIntegerField(_("aantal resultaten"), default=0)
    took_ms = models.FloatField(_("duur (ms)"), default=0)
    opened_vac = models.ForeignKey(
        VAC,
        verbose_name=_("geopende VAC"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opened_from_searches",
    )
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    backoffice_contacted = models.BooleanField(_("backoffice benaderd"), default=False)
    backoffice_contacted_at = models.DateTimeField(_("backoffice benaderd op"), null=True, blank=True)

    class Meta:
        verbose_name = _("zoekopdracht")
        verbose_name_plural = _("zoeklog")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["result_count", "created_at"]),
            models.Index(fields=["user", "created_at"]),
            # Management information: searches and zero-result searches per channel over a period.
            models.Index(fields=["channel", "created_at", "result_count"], name="searchlog_report_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.query} ({self.result_count})"


class Feedback(models.Model):
    """An agent's remark on a VAC (or on a missing one); handled by the owner through a core Task."""

    class Kind(models.TextChoices):
        MISSING = "ontbreekt", _("Informatie ontbreekt")
        WRONG = "onjuist", _("Informatie is onjuist")
        HARD_TO_FIND = "moeilijk_te_vinden", _("Moeilijk te vinden")
        OUTDATED = "verouderd", _("Verouderd")

    vac = models.ForeignKey(
        VAC, verbose_name=_("VAC"), null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("toelichting"), max_length=2000, blank=True)
    query = models.CharField(_("zoekvraag"), max_length=200, blank=True)
    search_log = models.ForeignKey(SearchLog, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback")
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gegeven door"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="vac_feedback",
    )
    created_at = models.DateTimeField(_("gegeven op"), auto_now_add=True)
    task = models.OneToOneField(
        "core.Task", verbose_name=_("taak"), on_delete=models.PROTECT, related_name="vac_feedback"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        permissions = [("handle_feedback", "Kan feedback op VAC's afhandelen")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.vac or self.query}"


class NewsItem(models.Model):
    """Nieuws en werkinstructies: a short-lived message for agents with a publication window."""

    class Importance(models.TextChoices):
        NORMAL = "normaal", _("Normaal")
        IMPORTANT = "belangrijk", _("Belangrijk")

    title = models.CharField(_("titel"), max_length=200)
    body = models.TextField(_("tekst"), help_text=_("HTML; wordt bij opslaan opgeschoond."))
    importance = models.CharField(_("belang"), max_length=10, choices=Importance.choices, default=Importance.NORMAL)
    published_from = models.DateTimeField(_("zichtbaar vanaf"))
    published_until = models.DateTimeField(_("zichtbaar tot en met"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nieuwsbericht of werkinstructie")
        verbose_name_plural = _("nieuws en werkinstructies")
        ordering = ["-published_from", "-id"]
        indexes = [models.Index(fields=["published_from", "published_until"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_until__isnull=True)
                | models.Q(published_until__gt=models.F("published_from")),
                name="news_until_after_from",
                violation_error_message=_("Het einde van de publicatie moet na het begin liggen."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class NewsRead(models.Model):
    """That a user has read a news item."""

    news = models.ForeignKey(NewsItem, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("gelezen bericht")
        verbose_name_plural = _("gelezen berichten")
        constraints = [models.UniqueConstraint(fields=["news", "user"], name="unique_news_read")]

    def __str__(self) -> str:
        return f"{self.user_id} las {self.news_id}"


class LearnedTerm(models.Model):
    """A query agents searched before opening this VAC: learned as a search term of the VAC.

    Recomputed from the search log by ``services.learn_search_terms`` (a nightly task and
    ``kcc kennisbank zoektermen-leren``); ``weight`` is the decayed number of such searches. A term
    counts (is indexed with the VAC) only when enough distinct agents used it, and never once a
    redacteur vetoed it: a vetoed term stays vetoed, however often it is searched.
    """

    vac = models.ForeignKey(VAC, on_delete=models.CASCADE, related_name="learned_terms")
    term = models.CharField(_("zoekterm"), max_length=200)
    weight = models.FloatField(_("gewicht"), default=0)
    agents = models.PositiveIntegerField(_("aantal medewerkers"), default=0)
    last_used_at = models.DateTimeField(_("laatst gebruikt"), null=True, blank=True)
    active = models.BooleanField(_("telt mee"), default=False)
    vetoed_at = models.DateTimeField(_("afgewezen op"), null=True, blank=True)
    vetoed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("geleerde zoekterm")
        verbose_name_plural = _("geleerde zoektermen")
        ordering = ["vac", "-weight", "term"]
        constraints = [models.UniqueConstraint(fields=["vac", "term"], name="learned_term_unique")]
        indexes = [models.Index(fields=["vac", "active"], name="learned_term_active")]

    def __str__(self) -> str:
        return f"{self.term} → {self.vac_id}"
