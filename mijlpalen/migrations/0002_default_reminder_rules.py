from django.db import migrations


def create_rules(apps, schema_editor):
    HerinneringRegel = apps.get_model("core", "HerinneringRegel")
    HerinneringRegel.objects.get_or_create(
        naam="Mijlpaal nog niet behaald: nog 30 dagen", soort="mijlpaal_deadline", dagen_voor=30, rol="beleid"
    )
    HerinneringRegel.objects.get_or_create(
        naam="Mijlpaal nog niet behaald: deadline vandaag", soort="mijlpaal_deadline", dagen_voor=0, rol="beleid"
    )


class Migration(migrations.Migration):
    dependencies = [("mijlpalen", "0001_initial"), ("core", "0004_default_reminder_rules")]
    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
