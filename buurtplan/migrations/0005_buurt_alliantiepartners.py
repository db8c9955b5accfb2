"""Issue 14 item 8: a buurt may have several alliance partners. The single FK becomes a many-to-many;
every buurt keeps the partner it had."""

import django.db.models.deletion
from django.db import migrations, models


def copy_alliantiepartner(apps, schema_editor):
    Buurt = apps.get_model("buurtplan", "Buurt")
    for buurt in Buurt.objects.all():
        buurt.alliantiepartners.add(buurt.alliantiepartner_id)
        buurt.partners.add(buurt.alliantiepartner_id)


def copy_back(apps, schema_editor):
    Buurt = apps.get_model("buurtplan", "Buurt")
    for buurt in Buurt.objects.all():
        eerste = buurt.alliantiepartners.order_by("naam").first()
        if eerste is not None:
            buurt.alliantiepartner_id = eerste.pk
            buurt.save(update_fields=["alliantiepartner"])


class Migration(migrations.Migration):
    dependencies = [
        ("buurtplan", "0004_buurt_partners"),
        ("core", "0010_organisatie_kvk_nummer"),
    ]

    operations = [
        # The old reverse name moves to the new field.
        migrations.AlterField(
            model_name="buurt",
            name="alliantiepartner",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.organisatie",
                verbose_name="alliantiepartner",
            ),
        ),
        migrations.AddField(
            model_name="buurt",
            name="alliantiepartners",
            field=models.ManyToManyField(
                help_text="De zorgaanbieder(s) (wijkverpleging) die de buurt aandragen.",
                limit_choices_to={"soort": "zorgaanbieder"},
                related_name="alliantiebuurten",
                to="core.organisatie",
                verbose_name="alliantiepartners",
            ),
        ),
        migrations.RunPython(copy_alliantiepartner, copy_back),
        migrations.RemoveField(model_name="buurt", name="alliantiepartner"),
    ]
