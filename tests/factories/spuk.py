"""spuk test helpers: a regeling, an aanvraag and a granted beschikking made through the services,
and expense lines booked on the beschikking's Lasten SPUK account through grootboek.boek."""
import datetime
from decimal import Decimal

from buurtplan.models import Buurt
from grootboek.models import Rekening
from grootboek.services import Regel, boek, standaard_rekening
from spuk import services
from spuk.models import Regeling
from tests.factories.buurtplan import BuurtFactory

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
    bedragen = bedragen or {2024: Decimal("34851.00"), 2025: Decimal("167587.00"), 2026: Decimal("121977.00"),
                            2027: Decimal("17425.00")}
    return services.maak_aanvraag(
        actor, gemeente=gemeente, regeling=regeling(), titel="Buurt als Ecosysteem", zaaknummer=zaaknummer,
        buurten=buurten, bedragen=bedragen, deelnemende_gemeenten=deelnemende_gemeenten,
        datum_collegebesluit=datetime.date(2025, 5, 20), portefeuillehouder="J. Bloem", opsteller="M. te Stroete",
    )


def beschikking(beleid, financien, gemeente, *, nummer=NUMMER, reden="Test", **kwargs):
    """An aanvraag submitted (with a reason for any mismatch) and granted."""
    a = aanvraag(beleid, gemeente, **kwargs)
    services.dien_in(beleid, a, reden=reden)
    totaal = sum((b.bedrag for b in a.bedragen.all()), Decimal("0"))
    return services.verleen(financien, a, nummer=nummer, datum=datetime.date(2024, 11, 1), bedrag=totaal)


def boek_lasten(actor, beschikking, bedrag, *, boekdatum, bestedingsjaar, relatie=None, omschrijving="Kosten partner"):
    """Debit Lasten SPUK (with bestedingsjaar and relatie) / credit Crediteuren, as declaraties will."""
    bedrag = Decimal(bedrag)
    lasten = standaard_rekening(beschikking.gemeente, Rekening.Rol.LASTEN, beschikking.nummer)
    crediteuren = standaard_rekening(beschikking.gemeente, Rekening.Rol.CREDITEUREN)
    return boek(
        actor, gemeente=beschikking.gemeente, boekdatum=boekdatum, omschrijving=omschrijving,
        regels=[Regel(lasten, debet=bedrag, relatie=relatie, bestedingsjaar=bestedingsjaar),
                Regel(crediteuren, credit=bedrag, relatie=relatie)],
    )
