"""Load the municipal synonym list shipped with the product (``data/synoniemen.json``).

Reversing removes exactly the shipped entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import clean_term, shipped_synonyms


def load(apps, schema_editor) -> None:
    Synonym = apps.get_model("search", "Synonym")
    for term, replacements in shipped_synonyms():
        Synonym.objects.get_or_create(term=clean_term(term), defaults={"replacements": replacements})


def unload(apps, schema_editor) -> None:
    Synonym = apps.get_model("search", "Synonym")
    for term, replacements in shipped_synonyms():
        Synonym.objects.filter(term=clean_term(term), replacements=replacements).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0002_engine_indexes")]

    operations = [migrations.RunPython(load, unload)]
