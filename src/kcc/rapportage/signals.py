"""Keep the daily aggregates up to date with every saved or deleted record, in the same transaction.

A change to a record moves its count from the key it had to the key it has: the key is read from the
database before the write (``pre_save``, ``pre_delete``, ``m2m_changed`` pre_*) and after it
(``post_save``, m2m post_*), by the same queries as the rebuild (:mod:`kcc.rapportage.facts`).
Bulk inserts of contacts announce themselves with ``contacts_stored``. ``QuerySet.update()`` on a
column that is part of a key (no service does that) needs ``kcc rapportage aggregaten --herbereken``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from django.db.models import Model, Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from kcc.contacten.models import Callback, Contactmoment, Question, TransferAttempt
from kcc.contacten.signals import contacts_stored
from kcc.core.models import OrganisationUnit
from kcc.core.selectors import unit_subtree_ids
from kcc.kennisbank.models import VAC, SearchLog
from kcc.rapportage import facts, services
from kcc.rapportage.facts import Keys
from kcc.rapportage.models import (
    DailyAttemptCount,
    DailyCallbackCount,
    DailyContactCount,
    DailyCount,
    DailyQuestionCount,
    DailySearchCount,
    DailyUnitContactCount,
)

Snapshot = dict[type[DailyCount], Keys]
BEFORE = "_kcc_aggregate_keys"


def _own(keys: Callable[[Q], Keys]) -> Callable[[Model], Keys]:
    """The keys of the record itself (none before it is inserted)."""
    return lambda instance: keys(Q(pk=instance.pk)) if instance.pk else Counter()


def _of_contact(keys: Callable[[Q], Keys]) -> Callable[[Model], Keys]:
    """The keys of the record's contact, which the record is part of."""
    return lambda instance: keys(Q(pk=instance.contact_id))


# Per record type: the aggregates it is counted in, each with how to read the keys it touches and
# whether those are the keys of its contact (True) rather than its own.
Tracked = list[tuple[type[DailyCount], Callable[[Model], Keys], bool]]
TRACKED: dict[type[Model], Tracked] = {
    Question: [
        (DailyQuestionCount, _own(facts.question_keys), False),
        (DailyUnitContactCount, _of_contact(facts.unit_contact_keys), True),
    ],
    TransferAttempt: [(DailyAttemptCount, _own(facts.attempt_keys), False)],
    Callback: [
        (DailyCallbackCount, _own(facts.callback_keys), False),
        (DailyContactCount, _of_contact(facts.contact_keys), True),  # whether it has a callback at all
        (DailyUnitContactCount, _of_contact(facts.unit_contact_keys), True),
    ],
    SearchLog: [(DailySearchCount, _own(facts.search_keys), False)],
}

# Contact keys read before a deletion, until it is done: one deletion can remove several records of
# one contact, and the contact's keys must move once, after all of them are gone.
_deleting: dict[tuple[int, type[DailyCount], int], Keys] = {}


def _snapshot(instance: Model) -> Snapshot:
    return {model: keys(instance) for model, keys, _of_contact in TRACKED[type(instance)]}


def _apply(before: Snapshot, after: Snapshot) -> None:
    for model in before.keys() | after.keys():
        services.apply_changes(model, before.get(model, Counter()), after.get(model, Counter()))


def _before_save(sender, instance: Model, raw: bool = False, **kwargs) -> None:
    if not raw:
        setattr(instance, BEFORE, _snapshot(instance))


def _after_save(sender, instance: Model, raw: bool = False, **kwargs) -> None:
    if not raw:
        _apply(getattr(instance, BEFORE, {}), _snapshot(instance))


def _before_delete(sender, instance: Model, origin=None, **kwargs) -> None:
    """The record's own keys go now (its rows still exist to read them); its contact's keys are read
    once per deletion and moved when the records are gone (Django deletes inside a transaction)."""
    for model, keys, of_contact in TRACKED[sender]:
        if not of_contact:
            services.apply_changes(model, keys(instance), Counter())
        elif (token := (id(origin), model, instance.contact_id)) not in _deleting:
            _deleting[token] = keys(instance)


def _after_delete(sender, instance: Model, origin=None, **kwargs) -> None:
    for model, keys, of_contact in TRACKED[sender]:
        if of_contact and (before := _deleting.pop((id(origin), model, instance.contact_id), None)) is not None:
            services.apply_changes(model, before, keys(instance))


def _contact_snapshot(contact_id: int) -> Snapshot:
    return {model: keys(Q(**{lookup: [contact_id]})) for model, keys, lookup in facts.CONTACT_AGGREGATES}


def _before_contact_save(sender, instance: Contactmoment, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Only the start of a contact is part of any key (its day): anything else changes no count."""
    before: Snapshot | None = {}
    if raw or (update_fields is not None and "started_at" not in update_fields):
        before = None
    elif instance.pk:
        stored = Contactmoment.objects.filter(pk=instance.pk).values_list("started_at", flat=True).first()
        before = _contact_snapshot(instance.pk) if stored is not None and stored != instance.started_at else None
    setattr(instance, BEFORE, before)


def _after_contact_save(sender, instance: Contactmoment, created: bool = False, **kwargs) -> None:
    before = getattr(instance, BEFORE, None)
    if before is None:
        return
    if created:
        services.apply_changes(DailyContactCount, Counter(), facts.contact_keys(Q(pk=instance.pk)))
    else:
        services.record_contacts([instance.pk], before)


def _before_contact_delete(sender, instance: Contactmoment, **kwargs) -> None:
    # Its questions and attempts are deleted with it and count themselves down.
    services.apply_changes(DailyContactCount, facts.contact_keys(Q(pk=instance.pk)), Counter())


def _vac_links_changing(sender, instance: Model, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """A question's key says whether a VAC was consulted: re-key the questions whose links change."""
    # ``reverse``: the instance is a VAC (and ``pk_set`` None when all its links are cleared)
    ids = list(pk_set or instance.contact_questions.values_list("pk", flat=True)) if reverse else [instance.pk]
    where = Q(pk__in=ids)
    if action.startswith("pre_"):
        setattr(instance, BEFORE, (where, facts.question_keys(where)))
    elif action.startswith("post_") and hasattr(instance, BEFORE):
        where, before = getattr(instance, BEFORE)
        services.apply_changes(DailyQuestionCount, before, facts.question_keys(where))


def _before_vac_delete(sender, instance: Model, **kwargs) -> None:
    where = Q(pk__in=list(instance.contact_questions.values_list("pk", flat=True)))
    setattr(instance, BEFORE, (where, facts.question_keys(where)))


def _after_vac_delete(sender, instance: Model, **kwargs) -> None:
    where, before = getattr(instance, BEFORE)
    services.apply_changes(DailyQuestionCount, before, facts.question_keys(where))


def _before_unit_save(sender, instance: OrganisationUnit, raw: bool = False, **kwargs) -> None:
    """A unit moving to another parent changes which subtrees its contacts belong to: read the keys
    of the contacts of its subtree now, to move them once the tree has changed. (A unit with
    children or records cannot be deleted, so a deletion changes no subtree.)"""
    moved = None
    if not raw and instance.pk is not None:
        stored = OrganisationUnit.objects.filter(pk=instance.pk).values_list("parent_id", flat=True).first()
        if stored != instance.parent_id:
            subtree = unit_subtree_ids(instance)
            contact_ids = sorted(
                {*Question.objects.filter(unit_id__in=subtree).values_list("contact_id", flat=True),
                 *Callback.objects.filter(unit_id__in=subtree).values_list("contact_id", flat=True)}
            )  # fmt: skip
            # Only the tree changes: read the contacts once, key them by the old tree and the new.
            touches = [
                touch
                for start in range(0, len(contact_ids), 5000)  # a database limits the values in one query
                for touch in facts.contact_touches(Q(pk__in=contact_ids[start : start + 5000]))
            ]
            moved = (touches, facts.keys_of_touches(touches, facts.unit_ancestors()))
    setattr(instance, BEFORE, moved)


def _after_unit_save(sender, instance: OrganisationUnit, **kwargs) -> None:
    if moved := getattr(instance, BEFORE, None):
        touches, before = moved
        after = facts.keys_of_touches(touches, facts.unit_ancestors())
        services.apply_changes(DailyUnitContactCount, before, after)


def _contacts_stored(sender, contact_ids: list[int], **kwargs) -> None:
    services.record_contacts(contact_ids)


def connect() -> None:
    for model in TRACKED:
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"aggregates-pre-save-{model.__name__}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"aggregates-post-save-{model.__name__}")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"aggregates-pre-delete-{model.__name__}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"aggregates-post-delete-{model.__name__}")
    pre_save.connect(_before_contact_save, sender=Contactmoment, dispatch_uid="aggregates-pre-save-contact")
    post_save.connect(_after_contact_save, sender=Contactmoment, dispatch_uid="aggregates-post-save-contact")
    pre_delete.connect(_before_contact_delete, sender=Contactmoment, dispatch_uid="aggregates-pre-delete-contact")
    m2m_changed.connect(_vac_links_changing, sender=Question.vacs.through, dispatch_uid="aggregates-vac-links")
    pre_delete.connect(_before_vac_delete, sender=VAC, dispatch_uid="aggregates-pre-delete-vac")
    post_delete.connect(_after_vac_delete, sender=VAC, dispatch_uid="aggregates-post-delete-vac")
    pre_save.connect(_before_unit_save, sender=OrganisationUnit, dispatch_uid="aggregates-pre-save-unit")
    post_save.connect(_after_unit_save, sender=OrganisationUnit, dispatch_uid="aggregates-post-save-unit")
    contacts_stored.connect(_contacts_stored, dispatch_uid="aggregates-contacts-stored")
