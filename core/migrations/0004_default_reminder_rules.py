from django.db import migrations

RULES = [
    ("SiSa-verantwoording: nog 30 dagen", "sisa_deadline", 30, "financien"),
    ("SiSa-verantwoording: nog 30 dagen", "sisa_deadline", 30, "beleid"),
    ("SiSa-verantwoording: nog 7 dagen", "sisa_deadline", 7, "financien"),
]


def create_rules(apps, schema_editor):
    HerinneringRegel = apps.get_model("core", "HerinneringRegel")
    for naam, soort, dagen, rol in RULES:
        HerinneringRegel.objects.get_or_create(naam=naam, soort=soort, dagen_voor=dagen, rol=rol)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_reports_reminders")]
    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
