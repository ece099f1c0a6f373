from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from kcc.core.calendar import forget_closing_days
from kcc.core.models import ClosingDay, MunicipalityProfile
from kcc.core.theme import forget_profile

# Sent inside the import's transaction with ``units`` (the added and updated OrganisationUnits),
# so capabilities that index or cache units (the directory search) stay in step with an import.
units_imported = Signal()


@receiver([post_save, post_delete], sender=ClosingDay)
def closing_days_changed(**kwargs: object) -> None:
    forget_closing_days()


@receiver(post_save, sender=MunicipalityProfile)
def profile_changed(**kwargs: object) -> None:
    forget_profile()
    forget_closing_days()  # the holidays that are working days live in the profile
