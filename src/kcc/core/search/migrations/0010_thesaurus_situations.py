"""Load the sixth part of the thesaurus of government language (``data/thesaurus_situaties.json``): the
situations callers describe in their own words (a passport through the washing machine, the first working
day, nothing heard back, deregistering, the voting booth) and the agents' shorthand (gem., aanvr., uittr.,
stpas, vm, bd), mapped to the words of the answers. A term someone already added is left as it is.

Reversing removes exactly the added entries that nobody has changed since.
"""

from django.db import migrations

from kcc.core.search.synonyms import THESAURUS_SITUATIONS_FILE, load_shipped, unload_shipped


def load(apps, schema_editor) -> None:
    load_shipped(apps.get_model("search", "Synonym"), THESAURUS_SITUATIONS_FILE)


def unload(apps, schema_editor) -> None:
    unload_shipped(apps.get_model("search", "Synonym"), THESAURUS_SITUATIONS_FILE)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_thesaurus_english_words")]

    operations = [migrations.RunPython(load, unload)]
