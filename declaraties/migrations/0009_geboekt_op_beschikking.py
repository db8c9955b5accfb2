"""A booked declaration records the beschikking whose Lasten account its entry debited, so the
reconciliation sums declarations per beschikking from this table alone; filled here from the entries'
Lasten lines. The (gemeente, status) index covers those sums (built before the old one is dropped)."""

from django.conf import settings
from django.db import migrations, models

VUL = """
UPDATE declaraties_declaratie SET geboekt_op_beschikking = COALESCE((
    SELECT r.beschikkingsnummer FROM grootboek_journaalregel jr
    JOIN grootboek_rekening r ON r.id = jr.rekening_id
    WHERE jr.journaalpost_id = declaraties_declaratie.journaalpost_id AND r.rol = 'lasten'
    ORDER BY jr.id LIMIT 1
), '')
WHERE journaalpost_id IS NOT NULL
"""


class Migration(migrations.Migration):
    dependencies = [
        ("buurtplan", "0005_buurt_alliantiepartners"),
        ("core", "0015_melding_postvak"),
        ("declaraties", "0008_partner_nieuwste"),
        ("grootboek", "0009_rekeningtotaal_maand_relatie"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="declaratie",
            name="geboekt_op_beschikking",
            field=models.CharField(blank=True, default="", max_length=60, verbose_name="geboekt op beschikking"),
        ),
        migrations.AddField(
            model_name="historicaldeclaratie",
            name="geboekt_op_beschikking",
            field=models.CharField(blank=True, default="", max_length=60, verbose_name="geboekt op beschikking"),
        ),
        migrations.RunSQL(VUL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="declaratie",
            index=models.Index(
                fields=["gemeente", "status"],
                include=("partner", "geboekt_op_beschikking", "bedrag"),
                name="declaraties_gemeente_status",
            ),
        ),
        migrations.RemoveIndex(
            model_name="declaratie",
            name="declaraties_gemeent_f59500_idx",
        ),
    ]
