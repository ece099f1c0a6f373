from django.db import migrations


class Migration(migrations.Migration):
    """The retention terms live in ``kcc.retentie`` now (one per register); the data moved there."""

    dependencies = [
        ("contacten", "0005_signal_deadline"),
        ("retentie", "0001_retention_terms_and_legal_holds"),
    ]

    operations = [
        migrations.DeleteModel(name="RetentionTerm"),
    ]
