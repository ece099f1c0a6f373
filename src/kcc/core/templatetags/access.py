"""``{% load access %}`` … ``{% if url|may_open:user %}<a href="{{ url }}">…</a>{% endif %}``.

The same check the view's :func:`kcc.core.access.permission_required` makes (see that module).
"""

from __future__ import annotations

from typing import Any

from django import template

from kcc.core import access

register = template.Library()


@register.filter
def may_open(url: str, user: Any) -> bool:
    return bool(url) and access.may_open(user, str(url))
