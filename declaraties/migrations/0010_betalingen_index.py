# The payments list walks this index in number order (issue 15; EXPLAIN in bench/results).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("declaraties", "0009_geboekt_op_beschikking"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="declaratie",
            index=models.Index(
                condition=models.Q(("status__in", ["geboekt", "betaald"])),
                fields=["gemeente", "nummer", "id"],
                name="declaraties_betalingen",
            ),
        ),
    ]
