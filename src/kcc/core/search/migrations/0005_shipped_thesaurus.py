"""Load the thesaurus of government language shipped with the product (``data/thesaurus.json``):
everyday words and life events mapped to the terms the answers use, as ordinary synonyms that
redacteuren can edit. A term someone already added is left as it is.

Reversing removes exactly the shipped entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import THESAURUS_FILE, load_shipped, unload_shipped


def load(apps, schema_editor) -> None:
    load_shipped(apps.get_model("search", "Synonym"), THESAURUS_FILE)


def unload(apps, schema_editor) -> None:
    unload_shipped(apps.get_model("search", "Synonym"), THESAURUS_FILE)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_head_vector")]

    operations = [migrations.RunPython(load, unload)]
