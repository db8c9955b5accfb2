import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from buurtplan.catalogus import ensure_transformatieplan
from core.models import Organisatie
from mijlpalen.models import Indicator, LandelijkOordeel, Meting, Mijlpaal, MijlpaalBedrag, MijlpaalStatus

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


class MijlpaalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mijlpaal

    transformatieplan = factory.LazyFunction(ensure_transformatieplan)
    nummer = factory.Sequence(lambda n: 100 + n)
    omschrijving = factory.Sequence(lambda n: f"Mijlpaal {n}")
    soort = Mijlpaal.Soort.INSPANNING
    deadline = datetime.date(2025, 12, 31)
    criterium = "Aantoonbaar gerealiseerd"


class MijlpaalBedragFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MijlpaalBedrag

    mijlpaal = factory.SubFactory(MijlpaalFactory)
    buurt = None
    jaar = 2025
    bedrag_sociaal_domein = Decimal("1000.00")
    bedrag_zorg = Decimal("0.00")
    risicodrager = MijlpaalBedrag.Risicodrager.GEMEENTE


class MijlpaalStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MijlpaalStatus

    mijlpaal = factory.SubFactory(MijlpaalFactory)
    buurt = None
    status = MijlpaalStatus.Status.OPEN


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    naam = factory.Sequence(lambda n: f"Indicator {n}")
    eenheid = "uren"
    richting = Indicator.Richting.LAGER_IS_BETER
    doel_percentage = Decimal("-15.00")
    doel_jaren = 3
    basisjaar = 2024


class MetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meting

    indicator = factory.SubFactory(IndicatorFactory)
    buurt = None
    groep = Meting.Groep.BUURT
    jaar = 2024
    waarde = Decimal("10.0000")


def zorgverzekeraar(naam="Menzis"):
    obj, _created = Organisatie.objects.get_or_create(naam=naam, defaults={"soort": Organisatie.Soort.ZORGVERZEKERAAR})
    return obj


def landelijk_oordeel(mijlpaal, uitkomst, actor, *, beoordeeld_op=datetime.date(2025, 3, 1), beoordelaar=None):
    """A national judgement written directly (the service is tested in tests/mijlpalen)."""
    oordeel = LandelijkOordeel(
        mijlpaal=mijlpaal,
        uitkomst=uitkomst,
        beoordelaar=beoordelaar or zorgverzekeraar(),
        beoordeeld_op=beoordeeld_op,
        toelichting="Oordeel van de coördinerend zorgverzekeraar",
        vastgelegd_door=actor,
    )
    oordeel.attach(ContentFile(PDF_BYTES, name="oordeel.pdf"), "application/pdf", actor)
    oordeel.save()
    return oordeel
