"""Search storage shared by both engines, and the editable synonym list.

``SearchEntry`` holds each document as analysed tokens; the engines index it with the database's
own full-text machinery (an FTS5 table kept in sync by triggers on SQLite, a generated tsvector
column on PostgreSQL), both created by this app's migrations. ``SearchTerm`` is the index's
vocabulary: compound splitting and typo correction are answered from it, never from the documents.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """A word callers use (colloquial, old or abbreviated) and the official terms it stands for."""

    term = models.CharField(_("term"), max_length=100, unique=True, help_text=_("Zoals bellers het zeggen."))
    replacements = models.JSONField(_("betekent"), default=list, help_text=_("De officiële termen."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synoniem")
        verbose_name_plural = _("synoniemen")
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {', '.join(self.replacements)}"


class SearchEntry(models.Model):
    """One indexed document: its analysed fields as space-separated stems."""

    source = models.CharField(max_length=40)
    object_id = models.BigIntegerField()
    meta = models.CharField(max_length=500, help_text="Source and tags as tokens, e.g. 'svac tactief'.")
    title = models.TextField(blank=True)
    keywords = models.TextField(blank=True)
    body = models.TextField(blank=True)
    words = models.TextField(blank=True, help_text="The document's distinct vocabulary words.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "object_id"], name="search_entry_unique_object")]

    def __str__(self) -> str:
        return f"{self.source}:{self.object_id}"


class SearchTerm(models.Model):
    """A word of the index per source, with the number of documents it occurs in."""

    source = models.CharField(max_length=40)
    term = models.CharField(max_length=100)
    stem = models.CharField(max_length=100)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "term"], name="search_term_unique")]
        indexes = [models.Index(fields=["source", "stem"], name="search_term_stem")]

    def __str__(self) -> str:
        return self.term
