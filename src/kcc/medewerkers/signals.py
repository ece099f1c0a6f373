"""Saves and deletes of the facts behind presence made outside the services change the token too.

The admin, the core's unit import and a flag's task closed from any task list write these rows
without the directory's services; these receivers give ``DirectoryGeneration`` a new token in
the same transaction (see :mod:`kcc.medewerkers.snapshot`). The unit import replaces windows in
bulk (no signal) but saves each unit in the same transaction, which changes the token.
``pre_`` signals: the token's row is locked before the row written, the order the services keep too.
"""

from __future__ import annotations

from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver

from kcc.core.models import OrganisationUnit, ReachabilityWindow, Task, User
from kcc.medewerkers.models import Absence, Flag, Membership, Person
from kcc.medewerkers.services import TASK_FLAG
from kcc.medewerkers.snapshot import bump

FACTS = (Person, Membership, Absence, Flag, OrganisationUnit, ReachabilityWindow)


def fact_changed(sender: type, **kwargs: object) -> None:
    bump()


# Per model, not for every sender: a receiver for all would also slow every other model's deletes
# (Django deletes in bulk only what no pre_delete receiver listens to).
for model in FACTS:
    pre_save.connect(fact_changed, sender=model, dispatch_uid=f"kcc.medewerkers.saved.{model._meta.label_lower}")
    pre_delete.connect(fact_changed, sender=model, dispatch_uid=f"kcc.medewerkers.deleted.{model._meta.label_lower}")


@receiver(pre_save, sender=Task, dispatch_uid="kcc.medewerkers.flag_task_saved")
def flag_task_saved(sender: type, instance: Task, **kwargs: object) -> None:
    """A flag is open while its task is: closing the task clears "gemeld als onjuist"."""
    if instance.kind == TASK_FLAG:
        bump()


@receiver(pre_delete, sender=User, dispatch_uid="kcc.medewerkers.user_deleted")
def user_deleted(sender: type, **kwargs: object) -> None:
    """A person's user is cleared without a save (SET_NULL); the user may see their own mobile number."""
    bump()
