"""VAC answers are HTML from editors and imports: only a safe subset is ever stored or shown."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "abbr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


def sanitise_html(value: str) -> str:
    """Keep structure and links; drop scripts, styles, event handlers and unknown tags."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    ).strip()


_BLOCK_END = re.compile(r"</(p|li|h[2-4]|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def html_to_text(value: str) -> str:
    """Plain text of (sanitised) HTML, for the search index and e-mails."""
    text = _BLOCK_END.sub("\n", value or "")
    text = html_lib.unescape(_TAG.sub(" ", text))
    return re.sub(r"[ \t]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()


# --- Facts from other capabilities embedded in answers ---------------------------------------
# ``[[product:paspoort:beslistermijn]]`` in an answer is replaced at render time by the source
# registered for ``product`` (the producten app registers itself; the kennisbank imports nobody).

_FACT = re.compile(r"\[\[([a-z]+):([-a-z0-9_]+):([a-z_]+)\]\]")
FactRenderer = Callable[[str, str], str | None]
_fact_sources: dict[str, Callable[[set[str]], FactRenderer]] = {}
UNKNOWN_FACT = "<em>(gegeven niet beschikbaar)</em>"


def register_fact_source(prefix: str, resolver: Callable[[set[str]], FactRenderer]) -> None:
    """``resolver(names)`` gets the set of names used with ``prefix`` and returns ``render(name, fact)``
    giving escaped HTML, or None for an unknown name or fact."""
    _fact_sources[prefix] = resolver


def render_facts(value: str) -> str:
    """The (sanitised) answer with every known placeholder replaced by its current value."""
    return render_facts_many([value])[0]


def render_facts_many(values: list[str]) -> list[str]:
    """:func:`render_facts` for many answers at once: one look-up per source for all of them (a
    page of the API, a chunk of an export), not one per answer."""
    found = [match for value in values for match in _FACT.findall(value or "")]
    if not found:
        return list(values)
    renderers: dict[str, FactRenderer] = {}
    for prefix in {match[0] for match in found}:
        if prefix in _fact_sources:
            renderers[prefix] = _fact_sources[prefix]({name for p, name, _ in found if p == prefix})

    def replace(match: re.Match) -> str:
        render = renderers.get(match.group(1))
        result = render(match.group(2), match.group(3)) if render else None
        return UNKNOWN_FACT if result is None else result

    return [_FACT.sub(replace, value) if value else value for value in values]
