"""The building blocks of the privacy registers: what a register holds and how its term is applied.

A :class:`Register` describes one kind of record with personal data for the register of processing
(AVG art. 30): which fields of which models are personal data, why they are processed, on what
ground, who may read them and which external systems receive them. Its :class:`Step` list says what
``kcc retentie`` does once the term has passed: anonymise fields or delete rows, and remove the
files on disk that belong to them. The registers themselves are declared in
:mod:`kcc.retentie.registers`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q

ANONYMISED = "[geanonimiseerd]"


class _Now:
    """Stands for the moment of the run in ``Step.values`` (e.g. ``anonymised_at``)."""

    def __repr__(self) -> str:
        return "NOW"


NOW = _Now()


class _Scrub:
    """Stands for "this free text with its personal data replaced by tags" (``kcc.privacy.pii``)."""

    def __repr__(self) -> str:
        return "SCRUB"


SCRUB = _Scrub()


@dataclass(frozen=True)
class Step:
    """One write on the rows of one model that passed the register's term.

    ``values`` empty: the rows are deleted; otherwise each field is set to its value (anonymised);
    a field set to :data:`SCRUB` keeps its text with the personal data in it replaced, row by row.
    ``record`` is the path from the row to the id of the register's record, so that a legal hold on
    that record also spares its related rows. ``file_field`` names a field holding a file reference;
    after the write, ``orphan_file`` is asked for each reference the rows held: it returns the
    function that removes the file when the file exists and nothing refers to it any more (called
    once the transaction is committed, so a rollback never leaves a row without its file).
    """

    model: str
    due: Callable[[datetime], Q]
    values: Mapping[str, Any] = field(default_factory=dict)
    record: str = "pk"
    done: Q | None = None
    file_field: str = ""
    orphan_file: Callable[[str], Callable[[], None] | None] | None = None
    counted: bool = True

    @property
    def deletes(self) -> bool:
        return not self.values

    @property
    def scrubbed(self) -> list[str]:
        return [name for name, value in self.values.items() if value is SCRUB]

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def done_filter(self) -> Q | None:
        """Rows that already hold the anonymised values, so a second run leaves (and counts) nothing."""
        if self.deletes:
            return None
        if self.done is not None:
            return self.done
        model = self.model_class()
        plain = {
            name: value
            for name, value in self.values.items()
            if value is not NOW and value is not SCRUB and not isinstance(model._meta.get_field(name), models.JSONField)
        }
        return Q(**plain) if plain else None


@dataclass(frozen=True)
class Register:
    """One register of personal data: a line of the register of processing and its retention."""

    key: str
    label: str
    purpose: str
    legal_basis: str
    retention_basis: str
    personal_data: Mapping[str, tuple[str, ...]]
    readers: tuple[str, ...]
    default_months: int | None = None
    term_start: str = ""
    recipients: tuple[str, ...] = ()
    steps: tuple[Step, ...] = ()
    holds: Callable[[], dict[str, str]] | None = None
    manual_retention: str = ""

    @property
    def has_retention(self) -> bool:
        return bool(self.steps)
