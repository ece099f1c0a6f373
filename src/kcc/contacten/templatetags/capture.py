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

register = template.Library()


@register.inclusion_tag("contacten/capture/question.html", takes_context=True)
def question_capture(context: template.Context, question: Question) -> dict[str, Any]:
    return {
        "question": question,
        "items": selectors.question_items(question),
        "csrf_token": context.get("csrf_token"),
        "editable": question.contact.agent_id == getattr(context.get("user"), "pk", None)
        and question.contact.is_running,
    }
