"""Telefonie writes: tokens, and the CTI events that build a call, its contact and screen-pop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from kcc.contacten import services as contact_services
from kcc.contacten.models import Channel, Contactmoment, Handling, QuestionType, TransferAttempt
from kcc.core import audit
from kcc.core.models import User
from kcc.core.tokens import new_secret_token
from kcc.telefonie import selectors
from kcc.telefonie.auth import hash_token
from kcc.telefonie.events import Event
from kcc.telefonie.models import Call, CallEvent, EventType, PhoneSystem, ScreenPop

# A screen-pop is read by a stream that is open at that moment; older ones only fill the table.
SCREENPOP_KEPT = timedelta(minutes=10)


@transaction.atomic
def create_token(name: str) -> tuple[PhoneSystem, str]:
    """A new phone system with its token; the token itself is returned once and never stored."""
    token = new_secret_token()
    system = PhoneSystem(name=name.strip(), token_hash=hash_token(token), token_hint=token[:6])
    system.full_clean()
    system.save()
    audit.record(None, "telefonie_token_gemaakt", system)
    return system, token


@transaction.atomic
def revoke_token(system: PhoneSystem, *, user: User | None) -> None:
    if system.revoked_at is None:
        system.revoked_at = timezone.now()
        system.save(update_fields=["revoked_at"])
        audit.record(user, "telefonie_token_ingetrokken", system)


class EventConflict(Exception):
    """A second answer or end of the same call at another moment: refused, the first one stands."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Recorded:
    call: Call
    repeated: bool


# Same moment: arrival before answer before transfer before end, whatever order they came in.
_ORDER = {EventType.INCOMING: 0, EventType.ANSWERED: 1, EventType.TRANSFERRED: 2, EventType.ENDED: 3}


def _same_event(events: list[CallEvent], event: Event) -> CallEvent | None:
    return next(
        (
            known
            for known in events
            if known.kind == event.kind
            and (
                event.kind != EventType.TRANSFERRED
                or (known.occurred_at, known.target) == (event.occurred_at, event.target)
            )
        ),
        None,
    )


def record_event(system: PhoneSystem, event: Event) -> Recorded:
    """Store one event and derive the call's facts again from all its events in time order.

    A repeat (the same event again, also concurrently) changes nothing. The call's row is locked
    while its events are read and written; a request that loses the race to create the same call
    or event hits the unique constraints, is rolled back whole, and runs once more (now a repeat).
    """
    try:
        return _record(system, event)
    except IntegrityError:
        return _record(system, event)


@transaction.atomic
def _record(system: PhoneSystem, event: Event) -> Recorded:
    call = Call.objects.select_for_update().filter(phone_system=system, call_id=event.call_id).first()
    if call is None:
        call, events = Call.objects.create(phone_system=system, call_id=event.call_id), []
    else:
        events = list(call.events.all())
    if (existing := _same_event(events, event)) is not None:
        if existing.occurred_at != event.occurred_at:
            raise EventConflict(
                "tijdstip",
                f"Dit gesprek heeft al een gebeurtenis ‘{event.kind}’ op {existing.occurred_at.isoformat()}; "
                "een tweede op een ander tijdstip nemen we niet aan.",
            )
        return Recorded(call=call, repeated=True)
    new = CallEvent.objects.create(
        call=call,
        kind=event.kind,
        occurred_at=event.occurred_at,
        caller=event.caller,
        called=event.called,
        line=event.line,
        agent=event.agent,
        target=event.target,
        answered=event.answered,
    )
    events.append(new)
    _derive(call, events)
    return Recorded(call=call, repeated=False)


def _derive(call: Call, events: list[CallEvent]) -> None:
    """The call's facts from all its events, saved in one UPDATE; the contact and screen-pop once answered.

    Transfers become attempts on the contact in the background (after the commit, see
    :func:`apply_pending_transfers`): the phone system's answer does not wait for the registration.
    """
    new = events[-1]
    events = sorted(events, key=lambda e: (e.occurred_at, _ORDER[e.kind], e.pk))
    first = {kind: next((e for e in events if e.kind == kind), None) for kind in EventType.values}
    incoming, answered, ended = first[EventType.INCOMING], first[EventType.ANSWERED], first[EventType.ENDED]
    call.arrived_at = incoming.occurred_at if incoming else None
    call.answered_at = answered.occurred_at if answered else None
    call.ended_at = ended.occurred_at if ended else None
    call.agent_id = answered.agent_id if answered else None
    caller_before = call.caller
    # The arrival says who called; while it is missing, the earliest event that says so.
    for field in ("caller", "called", "line"):
        sources = ([incoming] if incoming else []) + events
        setattr(call, field, next((getattr(e, field) for e in sources if getattr(e, field)), ""))
    fields = ["arrived_at", "answered_at", "ended_at", "agent", "caller", "called", "line"]
    opened = answered is not None and answered.agent_id is not None and call.contact_id is None
    if opened:
        _open_contact(call, answered.agent)
        fields.append("contact")
    elif call.contact_id and call.caller and not caller_before and not call.contact.phone:
        # The number came after the answer (and the agent has not typed one): the klantbeeld needs it.
        contact = call.contact
        contact_services.update_caller(
            contact, channel=contact.channel, phone=call.caller, email=contact.email, address=contact.address
        )
    call.save(update_fields=fields)
    # A new transfer, or the contact that earlier transfers were waiting for (the sweep does the rest).
    if call.contact_id and (new.kind == EventType.TRANSFERRED or (opened and first[EventType.TRANSFERRED] is not None)):
        transaction.on_commit(partial(_apply_transfers_later, call.pk))


def _open_contact(call: Call, agent: User) -> None:
    """The contact of an answered call, through the contacten services, and the agent's screen-pop."""
    call.contact = contact_services.start_contact(agent=agent, channel=Channel.PHONE, phone=call.caller)
    ScreenPop.objects.create(user=agent, contact=call.contact)


def prune_screenpops() -> int:
    """Run by the worker, so that an answered call does not pay for it."""
    return ScreenPop.objects.filter(created_at__lt=timezone.now() - SCREENPOP_KEPT).delete()[0]


def _apply_transfers_later(call_pk: int) -> None:
    from kcc.telefonie.tasks import apply_transfers

    apply_transfers(call_pk)


@transaction.atomic
def apply_pending_transfers(call_pk: int) -> int:
    """The call's transfers not yet on its contact become transfer attempts; returns how many.

    Run by the worker after the event's commit, and again by a periodic sweep for any whose task was
    lost. The pending events are locked (not the call, so the call's next events need not wait) and
    every attempt is linked to its event, so running it twice (or in two workers at once) records
    each transfer once. A contact the agent already closed is not changed: the event keeps the
    number and whether it was answered.
    """
    contact = Contactmoment.objects.select_related("agent").filter(call__pk=call_pk).first()
    if contact is None or contact.agent is None or contact.ended_at is not None:
        return 0
    pending = list(
        CallEvent.objects.select_for_update()
        .filter(call_id=call_pk, kind=EventType.TRANSFERRED, transfer__isnull=True)
        .order_by("occurred_at", "id")
    )
    for event in pending:
        _record_transfer(contact, event)
    return len(pending)


def apply_all_pending_transfers() -> int:
    return sum(apply_pending_transfers(call_pk) for call_pk in selectors.calls_with_pending_transfers())


# Stored with an attempt the unit's policy or hours advise against: the phone system already put it through.
BY_PHONE_SYSTEM = "Doorverbonden via de telefooncentrale."


def _record_transfer(contact: Contactmoment, event: CallEvent) -> None:
    """A transfer reported by the phone system becomes an attempt on the contact's current question."""
    agent = contact.agent
    question = contact.questions.order_by("position", "id").last() or contact_services.add_question(
        contact, user=agent, question_type=QuestionType.PERSON_OR_UNIT, handling=Handling.TRANSFERRED
    )
    person, unit = selectors.directory_match(event.target)
    data: dict[str, object] = {
        "doel": TransferAttempt.Target.UNIT if unit and not person else TransferAttempt.Target.PERSON,
        "persoon": person.pk if person else None,
        "eenheid": unit.code if unit else None,
        "tijdstip": event.occurred_at.isoformat(),
        "afwijkreden": BY_PHONE_SYSTEM,
    }
    if event.answered:
        data.update(resultaat=TransferAttempt.Result.REACHED, bereikt=TransferAttempt.Reached.REQUESTED)
    else:
        data.update(resultaat=TransferAttempt.Result.NOT_REACHED, reden=TransferAttempt.Reason.NO_ANSWER)
    event.transfer = contact_services.add_transfer_attempt(question, user=agent, data=data)
    event.save(update_fields=["transfer"])
