from django.db import migrations, models

from core.frozen import trigger_operations


def fill_grootte(apps, schema_editor):
    """Existing attachments get their stored size; a missing file keeps 0."""
    AanvraagDocument = apps.get_model("spuk", "AanvraagDocument")
    for document in AanvraagDocument.objects.filter(grootte=0).exclude(bestand=""):
        try:
            size = document.bestand.size
        except (OSError, ValueError):
            continue
        AanvraagDocument.objects.filter(pk=document.pk).update(grootte=size)


class Migration(migrations.Migration):

    dependencies = [
        ("spuk", "0002_default_reminder_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="aanvraagdocument",
            name="grootte",
            field=models.PositiveIntegerField(default=0, verbose_name="grootte (bytes)"),
        ),
        migrations.RunPython(fill_grootte, migrations.RunPython.noop, elidable=True),
        *trigger_operations("spuk_sisaverantwoording", "OLD.status = 'definitief'"),
    ]
