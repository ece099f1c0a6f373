"""``{% question_capture question %}``: what the agent used for a question, and the complaint check.

The cockpit renders it under each question: the linked VAC's, products and cards with a
"gebruikt in antwoord" checkbox each, and the complaint-recognition area that follows the
question's notes (``#question-<pk>-notes``) as the agent types.
"""

from __future__ import annotations

from typing import Any

from django import template

from kcc.contacten import selectors
from kcc.contacten.models import Question
from kcc.klachten.recognition import Facts, recognise

register = template.Library()


@register.inclusion_tag("contacten/capture/question.html", takes_context=True)
def question_capture(context: template.Context, question: Question) -> dict[str, Any]:
    editable = question.contact.agent_id == getattr(context.get("user"), "pk", None) and question.contact.is_running
    # The cockpit re-renders after every save: the complaint check of the saved notes is rendered with it
    # (or the choice already made), so a refresh does not wipe the prompt.
    recognition = (
        recognise(question.notes, Facts(repeat_contact=question.is_repeat)) if editable and question.notes else None
    )
    offered = recognition is not None and recognition.offer
    return {
        "question": question,
        "items": selectors.question_items(question),
        "csrf_token": context.get("csrf_token"),
        "perms": context.get("perms"),
        "editable": editable,
        "recognition": recognition if offered else None,
        "decision": selectors.complaint_choice(question) if offered else None,
    }
