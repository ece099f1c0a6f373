"""Listen-in reviews (meeluisteren): the ombudsman's listening checklist, per contact.

Every item is phrased so that ``ja`` is the good answer; ``nvt`` when it did not arise (no
transfer, no complaint, ...). The team is the agent's unit at the moment of the review, so the
findings per team do not shift when someone changes teams later.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kcc.contacten.models import Contactmoment
from kcc.core.models import OrganisationUnit


class Item(models.TextChoices):
    QUESTION_CLEAR = "vraag_duidelijk", _("Is de vraag van de beller helder geworden?")
    KNOWLEDGE_BASE = "kennisbank", _("Is het antwoord uit de kennisbank gegeven waar dat had gekund?")
    BACKOFFICE_REACHABLE = "backoffice_bereikbaar", _("Was de backoffice bereikbaar?")
    WARM_TRANSFER = "warm_doorverbonden", _("Is warm doorverbonden (en niet koud)?")
    COMPLAINT_RECOGNISED = "klacht_herkend", _("Is een klacht herkend en de klachtprocedure aangeboden?")
    ENOUGH_QUESTIONS = "doorgevraagd", _("Zijn genoeg vragen gesteld om de beller goed te helpen?")
    CLEAR_COMMUNICATION = "website_brief_duidelijk", _("Waren website en brief duidelijk voor de beller?")


class Answer(models.TextChoices):
    YES = "ja", _("Ja")
    NO = "nee", _("Nee")
    NOT_APPLICABLE = "nvt", _("N.v.t.")


class Review(models.Model):
    contact = models.ForeignKey(
        Contactmoment, verbose_name=_("contactmoment"), on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("medewerker"), null=True, on_delete=models.SET_NULL,
        related_name="listen_in_reviews",
    )  # fmt: skip
    team = models.ForeignKey(
        OrganisationUnit, verbose_name=_("team"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("beoordelaar"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    summary = models.TextField(_("algemene opmerkingen"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("beoordeeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeluisterbeoordeling")
        verbose_name_plural = _("meeluisterbeoordelingen")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agent", "-created_at"], name="review_agent_idx"),
            models.Index(fields=["team", "created_at"], name="review_team_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["contact", "reviewer"], name="review_once_per_reviewer")]
        permissions = [
            ("view_all_reviews", "Ziet alle meeluisterbeoordelingen en de bevindingen"),
            ("view_own_reviews", "Ziet de beoordelingen van de eigen contacten"),
        ]

    def __str__(self) -> str:
        return f"Beoordeling {self.contact} ({self.agent or 'onbekend'})"


class ReviewAnswer(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(_("vraag"), max_length=30, choices=Item.choices)
    answer = models.CharField(_("antwoord"), max_length=3, choices=Answer.choices)
    remark = models.TextField(_("opmerking"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["review_id", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "item"], name="review_item_once")]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.answer}"
