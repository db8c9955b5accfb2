"""spuk test helpers: a regeling, an aanvraag and a granted beschikking made through the services,
and expense lines booked on the beschikking's Lasten SPUK account through grootboek.boek."""

import datetime
from decimal import Decimal

import factory

from buurtplan.models import Buurt
from grootboek.models import Rekening
from grootboek.services import Regel, boek, ensure_standaard_rekeningschema, standaard_rekening
from spuk import services
from spuk.models import Aanvraag, AanvraagBedrag, Beschikking, Regeling, Termijn
from tests.factories.buurtplan import BuurtFactory
from tests.factories.core import GemeenteFactory

NUMMER = "SPUK-TEST-0001"


def regeling():
    obj, _created = Regeling.objects.get_or_create(
        naam="Specifieke uitkering transformatiemiddelen IZA & AZWA", defaults={"sisa_code": "H14"}
    )
    return obj


def aanvraag(actor, gemeente, *, buurten=None, bedragen=None, zaaknummer="1047323", deelnemende_gemeenten=()):
    if buurten is None:
        buurt = Buurt.objects.filter(gemeente=gemeente, naam="Zuidwijken").first()
        buurten = [buurt or BuurtFactory(gemeente=gemeente, naam="Zuidwijken")]
    bedragen = bedragen or {
        2024: Decimal("34851.00"),
        2025: Decimal("167587.00"),
        2026: Decimal("121977.00"),
        2027: Decimal("17425.00"),
    }
    return services.maak_aanvraag(
        actor,
        gemeente=gemeente,
        regeling=regeling(),
        titel="Buurt als Ecosysteem",
        zaaknummer=zaaknummer,
        buurten=buurten,
        bedragen=bedragen,
        deelnemende_gemeenten=deelnemende_gemeenten,
        datum_collegebesluit=datetime.date(2025, 5, 20),
        portefeuillehouder="J. Bloem",
        opsteller="M. te Stroete",
    )


def beschikking(beleid, financien, gemeente, *, nummer=NUMMER, reden="Test", **kwargs):
    """An aanvraag submitted (with a reason for any mismatch) and granted."""
    a = aanvraag(beleid, gemeente, **kwargs)
    services.dien_in(beleid, a, reden=reden)
    totaal = sum((b.bedrag for b in a.bedragen.all()), Decimal("0"))
    return services.verleen(financien, a, nummer=nummer, datum=datetime.date(2024, 11, 1), bedrag=totaal)


def boek_lasten(
    actor,
    beschikking,
    bedrag,
    *,
    boekdatum,
    bestedingsjaar,
    relatie=None,
    omschrijving="Kosten partner",
    activiteit=None,
):
    """Debit Lasten SPUK (with bestedingsjaar and relatie) / credit Crediteuren, as declaraties will."""
    bedrag = Decimal(bedrag)
    lasten = standaard_rekening(beschikking.gemeente, Rekening.Rol.LASTEN, beschikking.nummer)
    crediteuren = standaard_rekening(beschikking.gemeente, Rekening.Rol.CREDITEUREN)
    return boek(
        actor,
        gemeente=beschikking.gemeente,
        boekdatum=boekdatum,
        omschrijving=omschrijving,
        regels=[
            Regel(
                lasten,
                debet=bedrag,
                relatie=relatie,
                bestedingsjaar=bestedingsjaar,
                activiteit=getattr(activiteit, "pk", activiteit),
            ),
            Regel(crediteuren, credit=bedrag, relatie=relatie),
        ],
    )


# --------------------------------------------------------------------------------------------
# Written directly (no services), for tests that need a granted beschikking as context rather than
# test how it is granted (the spuk service tests keep `beschikking()` above).
# --------------------------------------------------------------------------------------------

ZUTPHEN_BEDRAGEN = {
    2024: Decimal("34851.00"),
    2025: Decimal("167587.00"),
    2026: Decimal("121977.00"),
    2027: Decimal("17425.00"),
}


class AanvraagFactory(factory.django.DjangoModelFactory):
    """A granted (verleend) aanvraag; `buurten=[...]` and `bedragen={jaar: bedrag}` (AanvraagBedrag rows)."""

    class Meta:
        model = Aanvraag
        skip_postgeneration_save = True

    regeling = factory.LazyFunction(regeling)
    gemeente = factory.SubFactory(GemeenteFactory)
    titel = factory.LazyAttribute(lambda a: f"Aanvraag {a.zaaknummer}")
    zaaknummer = factory.Sequence(lambda n: f"{1047323 + n}")
    status = Aanvraag.Status.VERLEEND
    ingediend_op = datetime.date(2024, 10, 1)

    @factory.post_generation
    def buurten(aanvraag, create, extracted, **kwargs):
        if create and extracted:
            aanvraag.buurten.set(extracted)

    @factory.post_generation
    def bedragen(aanvraag, create, extracted, **kwargs):
        if create:
            for jaar, bedrag in (extracted or {}).items():
                AanvraagBedrag.objects.create(aanvraag=aanvraag, jaar=jaar, bedrag=Decimal(bedrag))


class BeschikkingFactory(factory.django.DjangoModelFactory):
    """A beschikking on a granted aanvraag of `gemeente` that requested `bedragen` ({jaar: bedrag},
    default Zutphen's € 341.840 for 2024–2027); the beschikking grants their sum for those years.

        BeschikkingFactory(gemeente=g, aanvraag__buurten=[buurt])
        BeschikkingFactory(gemeente=g, met_termijnen=True)   + one expected termijn per year, as `verleen`
                                                              spreads them, and the beschikking's ledger accounts
    """

    class Meta:
        model = Beschikking
        skip_postgeneration_save = True

    class Params:
        met_termijnen = factory.Trait(
            termijnen=factory.PostGeneration(lambda b, create, extracted, **kw: _termijnen(b) if create else None),
        )

    gemeente = factory.SubFactory(GemeenteFactory)
    aanvraag = factory.SubFactory(
        AanvraagFactory,
        gemeente=factory.SelfAttribute("..gemeente"),
        zaaknummer=factory.LazyAttribute(lambda a: a.factory_parent.nummer.rsplit("-", 1)[-1]),
    )
    nummer = factory.Sequence(lambda n: f"SPUK-IZA-AZWA-{1047323 + n}")
    datum = datetime.date(2024, 11, 1)
    bedragen = factory.LazyFunction(lambda: dict(ZUTPHEN_BEDRAGEN))  # not a model field: see _create
    bedrag = factory.LazyAttribute(lambda b: sum(b.bedragen.values(), Decimal("0")))
    periode_start_jaar = factory.LazyAttribute(lambda b: min(b.bedragen))
    periode_eind_jaar = factory.LazyAttribute(lambda b: max(b.bedragen))

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        raise NotImplementedError("BeschikkingFactory writes related rows; use create()")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        bedragen = kwargs.pop("bedragen")
        beschikking = super()._create(model_class, *args, **kwargs)
        if not beschikking.aanvraag.bedragen.exists():
            for jaar, bedrag in bedragen.items():
                AanvraagBedrag.objects.create(aanvraag=beschikking.aanvraag, jaar=jaar, bedrag=Decimal(bedrag))
        return beschikking


def _termijnen(beschikking):
    """One expected termijn per requested year (1 January, never before the beschikking date),
    and the beschikking's accounts in the grootboek."""
    ensure_standaard_rekeningschema(beschikking.gemeente, beschikking.nummer)
    for regel in beschikking.aanvraag.bedragen.order_by("jaar"):
        datum = max(datetime.date(regel.jaar, 1, 1), beschikking.datum)
        Termijn.objects.create(
            beschikking=beschikking, jaar=regel.jaar, verwacht_bedrag=regel.bedrag, verwachte_datum=datum
        )
