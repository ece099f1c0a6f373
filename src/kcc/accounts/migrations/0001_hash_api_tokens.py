"""API tokens issued before tokens were hashed are replaced by their digest, so they keep working.

Going back leaves the digests: the tokens themselves are not stored anywhere to restore them, and
the earlier code would then refuse them (issue new ones after going back).
"""

import hashlib

from django.db import migrations


def hash_stored_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    for token in list(Token.objects.all()):
        digest = hashlib.blake2b(token.key.encode(), digest_size=20).hexdigest()
        Token.objects.filter(pk=token.pk).delete()
        Token.objects.create(key=digest, user_id=token.user_id, created=token.created)


class Migration(migrations.Migration):
    dependencies = [("authtoken", "0004_alter_tokenproxy_options")]

    operations = [migrations.RunPython(hash_stored_tokens, migrations.RunPython.noop)]
