from django.db import migrations

RULES = [
    ("SPUK-aanvraag nog niet ingediend: nog 21 dagen", "aanvraag_deadline", 21, "beleid"),
    ("Verwachte termijn 14 dagen na verwachte datum niet ontvangen", "termijn_niet_ontvangen", -14, "financien"),
]


def create_rules(apps, schema_editor):
    HerinneringRegel = apps.get_model("core", "HerinneringRegel")
    for naam, soort, dagen, rol in RULES:
        HerinneringRegel.objects.get_or_create(naam=naam, soort=soort, dagen_voor=dagen, rol=rol)


class Migration(migrations.Migration):
    dependencies = [("spuk", "0001_initial"), ("core", "0004_default_reminder_rules")]
    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
