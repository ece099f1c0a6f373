"""Load the thesaurus of government language shipped with the product (``data/thesaurus.json``):
everyday words and life events mapped to the terms the answers use, as ordinary synonyms that
redacteuren can edit. A term someone already added is left as it is.

Reversing removes exactly the shipped entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import THESAURUS_FILE, clean_term, shipped_synonyms


def load(apps, schema_editor) -> None:
    Synonym = apps.get_model("search", "Synonym")
    for term, replacements in shipped_synonyms(THESAURUS_FILE):
        Synonym.objects.get_or_create(term=clean_term(term), defaults={"replacements": replacements})


def unload(apps, schema_editor) -> None:
    Synonym = apps.get_model("search", "Synonym")
    for term, replacements in shipped_synonyms(THESAURUS_FILE):
        Synonym.objects.filter(term=clean_term(term), replacements=replacements).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0004_head_vector")]

    operations = [migrations.RunPython(load, unload)]
