"""The lines' account index becomes (rekening_id, id): the same index for every lookup by account,
and an account's newest lines in order straight off it (the beschikking page sorted all 17,000 lines
of a large beschikking to show its latest 25). The new index is built before the old one is dropped."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0015_melding_postvak"),
        ("grootboek", "0007_boekvolgorde_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="journaalregel",
            index=models.Index(fields=["rekening", "id"], name="grootboek_regel_rekening_id"),
        ),
        migrations.AlterField(
            model_name="journaalregel",
            name="rekening",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="regels",
                to="grootboek.rekening",
                verbose_name="rekening",
            ),
        ),
    ]
