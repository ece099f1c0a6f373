"""The product catalogue: what the municipality delivers, keyed on the national UPL name.

A product carries the facts callers ask about (the legal decision term, costs, documents,
who handles it, whether an appointment is needed); agents, public pages, letters and VAC's all
read them from here (see :mod:`kcc.producten.facts`), so they never disagree.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.core.models import OrganisationUnit


class TermUnit(models.TextChoices):
    WORKING_DAYS = "werkdagen", _("werkdagen")
    DAYS = "dagen", _("dagen")
    WEEKS = "weken", _("weken")


class Product(models.Model):
    upl_name = models.CharField(_("uniforme productnaam (UPL)"), max_length=200, unique=True)
    upl_uri = models.URLField(_("UPL-URI"), max_length=300, unique=True)
    slug = models.SlugField(_("korte naam"), max_length=100, unique=True)
    title = models.CharField(_("eigen titel"), max_length=200, blank=True, help_text=_("Leeg: de UPL-naam."))
    synonyms = models.JSONField(
        _("synoniemen"), default=list, blank=True, help_text=_("Woorden die bellers gebruiken.")
    )
    description = models.TextField(_("omschrijving"), blank=True)
    for_citizens = models.BooleanField(_("voor inwoners"), default=True)
    for_businesses = models.BooleanField(_("voor bedrijven"), default=False)
    legal_basis = models.JSONField(_("grondslag"), default=list, blank=True, help_text=_('Lijst van {"label", "url"}.'))
    term_amount = models.PositiveIntegerField(_("beslistermijn"), null=True, blank=True)
    term_unit = models.CharField(_("eenheid van de termijn"), max_length=10, choices=TermUnit.choices, blank=True)
    extendable = models.BooleanField(_("termijn kan worden verlengd"), default=False)
    extension_amount = models.PositiveIntegerField(
        _("verlenging"), null=True, blank=True, help_text=_("In dezelfde eenheid als de beslistermijn.")
    )
    lex_silencio = models.BooleanField(
        _("lex silencio positivo"), default=False, help_text=_("Niet op tijd beslist: dan is de aanvraag verleend.")
    )
    costs = models.CharField(_("kosten"), max_length=300, blank=True)
    required_documents = models.JSONField(_("mee te nemen / mee te sturen"), default=list, blank=True)
    unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("behandelende afdeling"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    appointment_required = models.BooleanField(_("afspraak nodig"), default=False)
    vacs = models.ManyToManyField("kennisbank.VAC", verbose_name=_("VAC's"), blank=True, related_name="products")
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("producten")
        ordering = ["upl_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_amount__isnull=True, term_unit="")
                | models.Q(term_amount__isnull=False, term_amount__gt=0) & ~models.Q(term_unit=""),
                name="product_term_complete",
            ),
            models.CheckConstraint(
                condition=models.Q(extendable=False) | models.Q(extension_amount__gt=0),
                name="product_extension_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.upl_name[:1].upper() + self.upl_name[1:]
