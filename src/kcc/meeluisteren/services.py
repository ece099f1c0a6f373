"""Writes of meeluisteren: record a review (one transaction, audited: it is about a person)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from kcc.contacten.models import Contactmoment
from kcc.core import audit
from kcc.core.models import User
from kcc.meeluisteren.models import Answer, Item, Review, ReviewAnswer


@transaction.atomic
def create_review(
    *, contact: Contactmoment, reviewer: User, answers: dict[str, tuple[str, str]], summary: str = ""
) -> Review:
    """``answers``: item code → (ja/nee/nvt, remark). Every item of the checklist must be answered."""
    errors: dict[str, str] = {}
    if contact.ended_at is None:
        errors["contact"] = "Dit contact loopt nog: beoordeel het na afloop."
    if contact.agent_id is None:
        errors["contact"] = "Bij dit contact is geen medewerker bekend."
    elif contact.agent_id == reviewer.pk:
        errors["contact"] = "U kunt uw eigen contact niet beoordelen."
    if Review.objects.filter(contact=contact, reviewer=reviewer).exists():
        errors["contact"] = "U heeft dit contact al beoordeeld."
    for code in answers:
        if code not in Item.values:
            errors[code] = f"Onbekende vraag ‘{code}’."
    for item in Item:
        answer, remark = answers.get(item.value, ("", ""))
        if answer not in Answer.values:
            errors[item.value] = f"Kies ja, nee of n.v.t. bij: {item.label}"
        elif len(remark) > 2000:
            errors[item.value] = "De opmerking is te lang (hoogstens 2000 tekens)."
    if len(summary) > 4000:
        errors["summary"] = "De algemene opmerkingen zijn te lang (hoogstens 4000 tekens)."
    if errors:
        raise ValidationError(errors)
    agent = contact.agent
    review = Review.objects.create(
        contact=contact, agent=agent, team_id=agent.unit_id, reviewer=reviewer, summary=summary.strip()
    )
    ReviewAnswer.objects.bulk_create(
        ReviewAnswer(
            review=review, item=item.value, answer=answers[item.value][0], remark=answers[item.value][1].strip()
        )
        for item in Item
    )
    audit.record(reviewer, "meeluisteren.beoordeeld", review, agent=agent.pk, contact=contact.pk)
    return review
