"""Load the fifth part of the thesaurus of government language (``data/thesaurus_engels_woorden.json``):
single English words of everyday government business (vote, tax, kid, permit, request, holiday ...) that
callers mix into Dutch sentences, mapped to the Dutch words of the answers. A term someone already added is
left as it is.

Reversing removes exactly the added entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import THESAURUS_ENGLISH_WORDS_FILE, load_shipped, unload_shipped


def load(apps, schema_editor) -> None:
    load_shipped(apps.get_model("search", "Synonym"), THESAURUS_ENGLISH_WORDS_FILE)


def unload(apps, schema_editor) -> None:
    unload_shipped(apps.get_model("search", "Synonym"), THESAURUS_ENGLISH_WORDS_FILE)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_thesaurus_english")]

    operations = [migrations.RunPython(load, unload)]
