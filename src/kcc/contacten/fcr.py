"""First-contact resolution: the one place where a question's FCR row and outcome are decided.

The rule of the brief, first match wins:

1. afhandeling terugbelverzoek, email_aangeboden or later_terugbellen → Terugbel-/mailverzoek, nee
2. vraagsoort klacht → Klacht, ja when klacht_geregistreerd or zelf_beantwoord
3. vraagsoort melding → Melding, ja when melding_gemaakt
4. vraagsoort afspraak → Afspraak, ja when afspraak_gemaakt
5. persoon_of_afdeling, doorverbonden, requested target reached → Specifiek persoon/afdeling bereikbaar, ja
6. persoon_of_afdeling, doorverbonden, stand-in reached → Afwezig maar vervanger, ja
7. algemene_vraag, doorverbonden → Doorverbonden met backoffice, nee
8. afhandeling onbekend → the row of its vraagsoort, onbekend
9. otherwise → the row of its vraagsoort (Algemene vraag), ja
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from kcc.contacten.models import FcrOutcome, FcrRow, Handling, QuestionType, TransferAttempt

CALLBACK_HANDLINGS = frozenset({Handling.CALLBACK, Handling.EMAIL_OFFERED, Handling.CALL_AGAIN})

_OWN_ROW = {
    QuestionType.GENERAL: FcrRow.GENERAL,
    QuestionType.COMPLAINT: FcrRow.COMPLAINT,
    QuestionType.REPORT: FcrRow.REPORT,
    QuestionType.APPOINTMENT: FcrRow.APPOINTMENT,
    QuestionType.PERSON_OR_UNIT: FcrRow.PERSON_OR_UNIT,
}
_DONE_WHEN = {
    QuestionType.COMPLAINT: {Handling.COMPLAINT_REGISTERED, Handling.SELF_ANSWERED},
    QuestionType.REPORT: {Handling.REPORT_MADE},
    QuestionType.APPOINTMENT: {Handling.APPOINTMENT_MADE},
}


class FcrResult(NamedTuple):
    row: FcrRow
    outcome: FcrOutcome


def reached_kind(attempts: Iterable[TransferAttempt | dict]) -> str | None:
    """``gevraagd`` when the requested target was reached in any attempt, else ``vervanger`` or None."""
    reached = {
        attempt["reached"] if isinstance(attempt, dict) else attempt.reached
        for attempt in attempts
        if (attempt["result"] if isinstance(attempt, dict) else attempt.result) == TransferAttempt.Result.REACHED
    }
    for kind in (TransferAttempt.Reached.REQUESTED, TransferAttempt.Reached.STAND_IN):
        if kind in reached:
            return kind.value
    return None


def classify(question_type: str, handling: str, reached: str | None) -> FcrResult:
    """The FCR row and outcome of one question; ``reached`` as returned by :func:`reached_kind`."""
    if handling in CALLBACK_HANDLINGS:
        return FcrResult(FcrRow.CALLBACK_OR_MAIL, FcrOutcome.NO)
    if question_type in _DONE_WHEN:
        done = handling in _DONE_WHEN[question_type]
        return FcrResult(_OWN_ROW[question_type], FcrOutcome.YES if done else FcrOutcome.NO)
    if question_type == QuestionType.PERSON_OR_UNIT and handling == Handling.TRANSFERRED:
        if reached == TransferAttempt.Reached.REQUESTED:
            return FcrResult(FcrRow.TARGET_REACHED, FcrOutcome.YES)
        if reached == TransferAttempt.Reached.STAND_IN:
            return FcrResult(FcrRow.STAND_IN_REACHED, FcrOutcome.YES)
    if question_type == QuestionType.GENERAL and handling == Handling.TRANSFERRED:
        return FcrResult(FcrRow.TRANSFERRED_TO_BACK_OFFICE, FcrOutcome.NO)
    if handling == Handling.UNKNOWN:
        return FcrResult(_OWN_ROW[QuestionType(question_type)], FcrOutcome.UNKNOWN)
    return FcrResult(_OWN_ROW[QuestionType(question_type)], FcrOutcome.YES)
