from django.db import migrations

RULES = [
    ("Declaratie wacht te lang op beoordeling", "declaratie_wacht_op_beoordeling", 0, "financien"),
    ("Verantwoording partner: nog 30 dagen", "verantwoording_partner", 30, "partner"),
    ("Verantwoording partner: nog 30 dagen (gemeente)", "verantwoording_partner", 30, "beleid"),
]


def create_rules(apps, schema_editor):
    HerinneringRegel = apps.get_model("core", "HerinneringRegel")
    for naam, soort, dagen, rol in RULES:
        HerinneringRegel.objects.get_or_create(naam=naam, soort=soort, dagen_voor=dagen, rol=rol)


class Migration(migrations.Migration):
    dependencies = [("declaraties", "0002_toekenning_verantwoording_uiterlijk"), ("core", "0004_default_reminder_rules")]
    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
