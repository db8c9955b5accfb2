"""Ondertekening becomes a core PrivateDocument (fields renamed, data kept) and a vastgesteld
buurtplan version, with everything in it, is refused UPDATE/DELETE by the database as well."""

import core.documents
from django.db import migrations, models

from core.frozen import trigger_operations

VASTGESTELD = "'vastgesteld'"
PLAN_VASTGESTELD = (
    "EXISTS (SELECT 1 FROM buurtplan_buurtplan p WHERE p.id = OLD.buurtplan_id AND p.status = "
    + VASTGESTELD + ")"
)
BEGROTING_VASTGESTELD = (
    "EXISTS (SELECT 1 FROM buurtplan_buurtbegroting b JOIN buurtplan_buurtplan p ON p.id = b.buurtplan_id "
    "WHERE b.id = OLD.begroting_id AND p.status = " + VASTGESTELD + ")"
)


class Migration(migrations.Migration):

    dependencies = [
        ("buurtplan", "0002_transformatieplan_catalogus"),
    ]

    operations = [
        migrations.RenameField(model_name="ondertekening", old_name="document", new_name="bestand"),
        migrations.RenameField(model_name="ondertekening", old_name="document_naam", new_name="naam"),
        migrations.AlterField(
            model_name="ondertekening",
            name="bestand",
            field=models.FileField(max_length=300, upload_to=core.documents.document_path, verbose_name="bestand"),
        ),
        migrations.AlterField(
            model_name="ondertekening",
            name="naam",
            field=models.CharField(max_length=255, verbose_name="oorspronkelijke bestandsnaam"),
        ),
        migrations.AlterField(
            model_name="ondertekening",
            name="content_type",
            field=models.CharField(max_length=50, verbose_name="bestandstype"),
        ),
        migrations.AddField(
            model_name="ondertekening",
            name="grootte",
            field=models.PositiveIntegerField(default=0, verbose_name="grootte (bytes)"),
        ),
        *trigger_operations("buurtplan_buurtplan", "OLD.status = " + VASTGESTELD),
        *trigger_operations("buurtplan_planthema", PLAN_VASTGESTELD),
        *trigger_operations("buurtplan_activiteit", PLAN_VASTGESTELD),
        *trigger_operations("buurtplan_buurtbegroting", PLAN_VASTGESTELD),
        *trigger_operations("buurtplan_ondertekening", PLAN_VASTGESTELD),
        *trigger_operations("buurtplan_begrotingsregel", BEGROTING_VASTGESTELD),
    ]
