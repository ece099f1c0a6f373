"""Load the additions to the thesaurus of government language (``data/thesaurus_aanvulling.json``):
more everyday words (stad, buitenlander, uitkering, schuldhulp, legitimatie, kosten, gestolen ...)
mapped to the terms the answers use. A term someone already added is left as it is.

Reversing removes exactly the added entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import THESAURUS_ADDITIONS_FILE, load_shipped, unload_shipped


def load(apps, schema_editor) -> None:
    load_shipped(apps.get_model("search", "Synonym"), THESAURUS_ADDITIONS_FILE)


def unload(apps, schema_editor) -> None:
    unload_shipped(apps.get_model("search", "Synonym"), THESAURUS_ADDITIONS_FILE)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_shipped_thesaurus")]

    operations = [migrations.RunPython(load, unload)]
