from django.db import migrations


def forwards(apps, schema_editor):
    from buurtplan.catalogus import load_catalogus

    load_catalogus(
        apps.get_model("buurtplan", "Transformatieplan"),
        apps.get_model("buurtplan", "Thema"),
        apps.get_model("buurtplan", "Interventie"),
    )


class Migration(migrations.Migration):
    dependencies = [("buurtplan", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
