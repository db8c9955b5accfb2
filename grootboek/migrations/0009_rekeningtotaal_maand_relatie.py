"""The totals also per month of booking, relatie and SiSa category: the SiSa page's groups (indicator,
relatie, month) and the balance per relatie (Crediteuren in the reconciliation) come from them instead
of every line of a large beschikking. The rows are rebuilt from the lines in this migration."""

from django.db import migrations, models
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, ExtractMonth


def herbouw(apps, schema_editor):
    # Rekeningtotaal is a cache derived from the lines, not a financial record: rebuilt here as
    # services.herbereken_rekeningtotalen does (the lines themselves stay untouched).
    Journaalregel = apps.get_model("grootboek", "Journaalregel")
    Rekeningtotaal = apps.get_model("grootboek", "Rekeningtotaal")
    db = schema_editor.connection.alias
    Rekeningtotaal.objects.using(db).all().delete()
    rijen = (
        Journaalregel.objects.using(db)
        .values(
            "rekening",
            "sisa_categorie",
            boekjaar=F("journaalpost__boekjaar"),
            jaar=Coalesce("bestedingsjaar", 0),
            maand=ExtractMonth("journaalpost__boekdatum"),
            relatie_ref=Coalesce("relatie_id", 0),
        )
        .annotate(debet=Sum("debet"), credit=Sum("credit"), aantal=Count("id"))
        .order_by()
    )
    Rekeningtotaal.objects.using(db).bulk_create(
        (
            Rekeningtotaal(
                rekening_id=r["rekening"],
                boekjaar=r["boekjaar"],
                bestedingsjaar=r["jaar"],
                maand=r["maand"],
                relatie_ref=r["relatie_ref"],
                sisa_categorie=r["sisa_categorie"] or "",
                debet=r["debet"],
                credit=r["credit"],
                aantal=r["aantal"],
            )
            for r in rijen.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )
    _fk_nu_controleren(schema_editor)


def _fk_nu_controleren(schema_editor):
    """The foreign keys are checked at commit (deferred); the constraint after this step alters the
    table, which PostgreSQL refuses while those checks are pending: run them now."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def terug(apps, schema_editor):
    """Back to one row per account, boekjaar and bestedingsjaar (the old unique key)."""
    Rekeningtotaal = apps.get_model("grootboek", "Rekeningtotaal")
    db = schema_editor.connection.alias
    rijen = list(
        Rekeningtotaal.objects.using(db)
        .values("rekening", "boekjaar", "bestedingsjaar")
        .annotate(d=Sum("debet"), c=Sum("credit"), n=Sum("aantal"))
        .order_by()
    )
    Rekeningtotaal.objects.using(db).all().delete()
    Rekeningtotaal.objects.using(db).bulk_create(
        [
            Rekeningtotaal(
                rekening_id=r["rekening"],
                boekjaar=r["boekjaar"],
                bestedingsjaar=r["bestedingsjaar"],
                debet=r["d"],
                credit=r["c"],
                aantal=r["n"],
            )
            for r in rijen
        ],
        batch_size=5000,
    )
    _fk_nu_controleren(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("grootboek", "0008_regel_rekening_id"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="rekeningtotaal",
            name="grootboek_rekeningtotaal_unique",
        ),
        migrations.AddField(
            model_name="rekeningtotaal",
            name="maand",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="maand van de boekdatum"),
        ),
        migrations.AddField(
            model_name="rekeningtotaal",
            name="relatie_ref",
            field=models.PositiveIntegerField(default=0, verbose_name="relatie"),
        ),
        migrations.AddField(
            model_name="rekeningtotaal",
            name="sisa_categorie",
            field=models.CharField(blank=True, default="", max_length=20, verbose_name="SiSa-categorie"),
        ),
        migrations.RunPython(herbouw, terug),
        migrations.AddConstraint(
            model_name="rekeningtotaal",
            constraint=models.UniqueConstraint(
                fields=("rekening", "boekjaar", "bestedingsjaar", "maand", "relatie_ref", "sisa_categorie"),
                name="grootboek_rekeningtotaal_sleutel",
            ),
        ),
    ]
