"""Load the third part of the thesaurus of government language (``data/thesaurus_overheidstaal.json``):
the terms of the answers (beschadigd, discriminatie, windmolens, toeristenbelasting, aanbesteding,
gebarentaal ...) with the everyday words callers use for them. A term someone already added is left as it is.

Reversing removes exactly the added entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import THESAURUS_GOVERNMENT_FILE, load_shipped, unload_shipped


def load(apps, schema_editor) -> None:
    load_shipped(apps.get_model("search", "Synonym"), THESAURUS_GOVERNMENT_FILE)


def unload(apps, schema_editor) -> None:
    unload_shipped(apps.get_model("search", "Synonym"), THESAURUS_GOVERNMENT_FILE)


class Migration(migrations.Migration):
    dependencies = [("search", "0006_thesaurus_additions")]

    operations = [migrations.RunPython(load, unload)]
