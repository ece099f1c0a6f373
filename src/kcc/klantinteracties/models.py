"""What KCC remembers of Klantinteracties: the partij of a klant and the actor of a unit or person.

Both are created remotely once and reused; the klantcontacten and internetaken themselves are
remembered on their jobs (:class:`kcc.integraties.models.IntegrationJob` ``result``).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PartijLink(models.Model):
    klant = models.OneToOneField(
        "contacten.Klant", verbose_name=_("klant"), on_delete=models.CASCADE, related_name="partij_link"
    )
    uuid = models.UUIDField(_("UUID van de partij"))
    url = models.URLField(_("adres van de partij"), max_length=1000)

    class Meta:
        verbose_name = _("partij in Klantinteracties")
        verbose_name_plural = _("partijen in Klantinteracties")

    def __str__(self) -> str:
        return str(self.uuid)


class ActorLink(models.Model):
    """One actor per unit or person (``person`` empty: the unit's actor)."""

    unit = models.ForeignKey("core.OrganisationUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("medewerkers.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(_("UUID van de actor"))
    url = models.URLField(_("adres van de actor"), max_length=1000)

    class Meta:
        verbose_name = _("actor in Klantinteracties")
        verbose_name_plural = _("actoren in Klantinteracties")
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=models.Q(person__isnull=True), name="actor_per_unit"),
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(person__isnull=False), name="actor_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False) | models.Q(person__isnull=False), name="actor_unit_or_person"
            ),
        ]

    def __str__(self) -> str:
        return str(self.uuid)
