"""The trigram extension for the global search (core/search.py); PostgreSQL only."""

from django.db import migrations


def create_extension(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_huisstijl"),
    ]

    operations = [
        migrations.RunPython(create_extension, migrations.RunPython.noop),
    ]
