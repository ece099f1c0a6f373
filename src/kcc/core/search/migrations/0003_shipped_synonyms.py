"""Load the municipal synonym list shipped with the product (``data/synoniemen.json``).

Reversing removes exactly the shipped entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import DATA_FILE, load_shipped, unload_shipped


def load(apps, schema_editor) -> None:
    load_shipped(apps.get_model("search", "Synonym"), DATA_FILE)


def unload(apps, schema_editor) -> None:
    unload_shipped(apps.get_model("search", "Synonym"), DATA_FILE)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_indexes")]

    operations = [migrations.RunPython(load, unload)]
