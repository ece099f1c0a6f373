"""Load the fourth part of the thesaurus of government language (``data/thesaurus_engels.json``):
English words and loanwords that expats, students and newcomers use (passport, id card, tourist tax,
polling station, residence permit, city hall, bsn number ...) mapped to the Dutch words of the answers.
A term someone already added is left as it is.

Reversing removes exactly the added entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import THESAURUS_ENGLISH_FILE, load_shipped, unload_shipped


def load(apps, schema_editor) -> None:
    load_shipped(apps.get_model("search", "Synonym"), THESAURUS_ENGLISH_FILE)


def unload(apps, schema_editor) -> None:
    unload_shipped(apps.get_model("search", "Synonym"), THESAURUS_ENGLISH_FILE)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_thesaurus_government_language")]

    operations = [migrations.RunPython(load, unload)]
