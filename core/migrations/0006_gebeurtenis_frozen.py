"""On PostgreSQL the database refuses any UPDATE or DELETE of the audit timeline."""
from django.db import migrations

from core.frozen import trigger_operations


def fill_labels(apps, schema_editor):
    from core.reports import registry

    Rapport = apps.get_model("core", "Rapport")
    for rapport in Rapport.objects.filter(label=""):
        kind = registry.get(rapport.soort)
        Rapport.objects.filter(pk=rapport.pk).update(label=str(kind.label) if kind else rapport.soort)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_rapport_label_fsm")]

    operations = [
        migrations.RunPython(fill_labels, migrations.RunPython.noop),
        *trigger_operations("core_gebeurtenis"),
    ]
