"""Full-text search over the capabilities' documents, with one Dutch analysis for every engine.

Capabilities turn their objects into :class:`Document`s and call :func:`get_engine` to index and
search them; the engine for the database in use (SQLite FTS5 or PostgreSQL tsvector) does the rest.
This module only holds the interface, so importing it never touches the models.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kcc.core.search.engines import Engine

MAX_QUERY_LENGTH = 200


class QueryTooLong(ValueError):
    """A query longer than :data:`MAX_QUERY_LENGTH`: nobody types that while on the phone."""

    def __init__(self, length: int) -> None:
        super().__init__(f"Uw zoekvraag is te lang ({length} tekens). Gebruik maximaal {MAX_QUERY_LENGTH} tekens.")


@dataclass(frozen=True)
class Document:
    """What an object contributes to the index. ``title`` and ``keywords`` weigh most, ``body`` least."""

    source: str
    object_id: int
    title: str
    keywords: str = ""
    body: str = ""
    tags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Hit:
    source: str
    object_id: int
    score: float


_sources: dict[str, Callable[[], Iterable[Document]]] = {}


def register_source(source: str, documents: Callable[[], Iterable[Document]]) -> None:
    """Make ``source`` rebuildable by ``kcc zoekindex opbouwen``: ``documents`` yields all of them."""
    _sources[source] = documents


def registered_sources() -> dict[str, Callable[[], Iterable[Document]]]:
    return dict(_sources)


def get_engine() -> Engine:
    """The engine for the default database connection's vendor."""
    from kcc.core.search.engines import engine_for_default_connection

    return engine_for_default_connection()


def highlight(text: str, query: str, *, length: int = 240) -> str:
    """An HTML-escaped snippet of ``text`` around the best match, matching words in ``<mark>``."""
    from kcc.core.search.snippets import highlight_terms, query_stems

    return highlight_terms(text, query_stems(query), length=length)


__all__ = [
    "MAX_QUERY_LENGTH",
    "Document",
    "Hit",
    "QueryTooLong",
    "get_engine",
    "highlight",
    "register_source",
]
