from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from kcc.core.calendar import forget_closing_days
from kcc.core.models import ClosingDay


@receiver([post_save, post_delete], sender=ClosingDay)
def closing_days_changed(**kwargs: object) -> None:
    forget_closing_days()
