"""Demo data (DESIGN.md §6): the milestones of the transformatieplan, the mijlpalenoverzicht of
Zutphen – Zuidwijken (effort milestones €272.139 at the gemeente's risk, result milestones €69.701
at Sensire's, per year equal to the SPUK budget) and of Boskoop (€79.510 over 2026–2027, all at
Vierstroom's risk: Alphen's council paper says the financial risk does not lie with the gemeente),
a few judgements, and the KPI "Uren wijkverpleging per cliënt per jaar" with a comparison group.
Idempotent.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from buurtplan.catalogus import ensure_transformatieplan
from buurtplan.models import Buurt
from core.models import Organisatie, User
from core.services import log_event, log_transition

from .models import Indicator, LandelijkOordeel, Meting, Mijlpaal, MijlpaalBedrag, MijlpaalStatus

I = Mijlpaal.Soort.INSPANNING
R = Mijlpaal.Soort.RESULTAAT

# nummer, soort, deadline, omschrijving, criterium
MIJLPALEN = [
    (
        1,
        I,
        datetime.date(2024, 12, 31),
        "Buurtnetwerk gevormd en buurtbeeld opgesteld",
        "Er is een buurtnetwerk van 4 tot 6 leden met twee kartrekkers en een gedeeld buurtbeeld.",
    ),
    (
        2,
        I,
        datetime.date(2025, 6, 30),
        "Buurtplan en buurtbegroting vastgesteld; intentieverklaring ondertekend",
        "Het buurtplan en de buurtbegroting zijn getekend door de lokale partijen en alle deelnemende gemeenten "
        "hebben de intentieverklaring ondertekend.",
    ),
    (
        3,
        I,
        datetime.date(2025, 12, 31),
        "Interventies uit de menukaart gestart",
        "In elke buurt lopen interventies op de thema's Zorgzame buurt en Lerende buurt.",
    ),
    (
        4,
        R,
        datetime.date(2025, 12, 31),
        "Nulmeting en eerste daling zorggebruik",
        "De nulmeting 2024 is vastgelegd en het gebruik van wijkverpleging per cliënt daalt ten opzichte van 2024.",
    ),
    (
        5,
        I,
        datetime.date(2026, 12, 31),
        "Integrale eerste lijn werkt volgens gezamenlijke werkafspraken",
        "Huisarts, wijkverpleging en sociaal domein werken volgens vastgelegde afspraken en een gezamenlijk overleg.",
    ),
    (
        6,
        R,
        datetime.date(2026, 12, 31),
        "Minder gebruik van wijkverpleging en huisartsenzorg",
        "Het gebruik van wijkverpleging per cliënt is ten opzichte van de vergelijkingsbuurten gedaald.",
    ),
    (
        7,
        I,
        datetime.date(2027, 12, 31),
        "Werkwijze geborgd en overdraagbaar",
        "De werkwijze is beschreven en overdraagbaar aan nieuwe buurten; de lerende buurt deelt de resultaten.",
    ),
    (
        8,
        R,
        datetime.date(2027, 12, 31),
        "Doel KPI gehaald: 15% minder uren wijkverpleging per cliënt",
        "Het aantal uren wijkverpleging per cliënt per jaar is in drie jaar 15% gedaald ten opzichte van de vergelijkingsbuurten.",
    ),
]

# Zuidwijken: (mijlpaal, jaar, sociaal domein, zorg); effort milestones at the gemeente's risk,
# result milestones at Sensire's.
ZUIDWIJKEN = [
    (1, 2024, "34851.00", "0.00"),
    (2, 2025, "60000.00", "0.00"),
    (3, 2025, "80000.00", "0.00"),
    (4, 2025, "27587.00", "0.00"),
    (5, 2026, "90000.00", "0.00"),
    (6, 2026, "31977.00", "0.00"),
    (7, 2027, "7288.00", "0.00"),
    (8, 2027, "10137.00", "0.00"),
]
ZUIDWIJKEN_INSPANNING = Decimal("272139.00")
ZUIDWIJKEN_RESULTAAT = Decimal("69701.00")

# Boskoop (2026–2027): SPUK €79.510 next to €1.927.717 Zvw. Alphen's council paper: the social-domain
# partners have an effort obligation, not a result obligation, so the financial risk of the plan does
# not lie with the gemeente: effort milestones too are at the alliance partner's (Vierstroom's) risk.
BOSKOOP_RISICO_INSPANNING = MijlpaalBedrag.Risicodrager.ZORGAANBIEDER
BOSKOOP = [
    (5, 2026, "30000.00", "600000.00"),
    (6, 2026, "9755.00", "350000.00"),
    (7, 2027, "29755.00", "600000.00"),
    (8, 2027, "10000.00", "377717.00"),
]

KPI_NAAM = "Uren wijkverpleging per cliënt per jaar"
KPI_METINGEN = {
    Meting.Groep.BUURT: {2024: "62.0000", 2025: "58.3000", 2026: "54.1000"},
    Meting.Groep.VERGELIJKING: {2024: "60.5000", 2025: "60.1000", 2026: "59.8000"},
}
VERGELIJKINGSBUURTEN = "Vergelijkbare wijken in de regio Zutphen (Noorderhaven, Waterkwartier)"


def load_mijlpalen(plan):
    result = {}
    for nummer, soort, deadline, omschrijving, criterium in MIJLPALEN:
        result[nummer], _created = Mijlpaal.objects.update_or_create(
            transformatieplan=plan,
            nummer=nummer,
            defaults={"soort": soort, "deadline": deadline, "omschrijving": omschrijving, "criterium": criterium},
        )
    return result


def _bedragen(buurt, mijlpalen, rijen, risico_inspanning=MijlpaalBedrag.Risicodrager.GEMEENTE):
    """Effort milestones at `risico_inspanning`'s risk, result milestones at the care provider's."""
    for nummer, jaar, sd, zorg in rijen:
        mijlpaal = mijlpalen[nummer]
        risicodrager = risico_inspanning if mijlpaal.soort == I else MijlpaalBedrag.Risicodrager.ZORGAANBIEDER
        bestaand = MijlpaalBedrag.objects.filter(mijlpaal=mijlpaal, buurt=buurt, jaar=jaar).first()
        if bestaand is not None and bestaand.is_toegekend:
            continue  # granted: frozen, changed only by an amendment
        MijlpaalBedrag.objects.update_or_create(
            mijlpaal=mijlpaal,
            buurt=buurt,
            jaar=jaar,
            defaults={"bedrag_sociaal_domein": Decimal(sd), "bedrag_zorg": Decimal(zorg), "risicodrager": risicodrager},
        )


def _status(actor, mijlpaal, buurt, status, datum, toelichting, beoordelaar):
    obj, created = MijlpaalStatus.objects.get_or_create(
        mijlpaal=mijlpaal,
        buurt=buurt,
        defaults={
            "status": status,
            "beoordeeld_op": datum,
            "toelichting": toelichting,
            "beoordelaar_organisatie": beoordelaar,
            "vastgelegd_door": actor,
        },
    )
    if created:
        log_transition(actor, obj, MijlpaalStatus.Status.OPEN, status, toelichting)
    return obj


DEMO_OORDEEL = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _landelijk_oordeel(actor, mijlpaal, beoordelaar, datum, toelichting):
    """The coordinating insurer's national judgement (SiSa indicator 2), once."""
    if actor is None or beoordelaar is None or LandelijkOordeel.objects.filter(mijlpaal=mijlpaal).exists():
        return
    oordeel = LandelijkOordeel(
        mijlpaal=mijlpaal,
        uitkomst=LandelijkOordeel.Uitkomst.BEHAALD,
        beoordelaar=beoordelaar,
        beoordeeld_op=datum,
        toelichting=toelichting,
        vastgelegd_door=actor,
    )
    bestand = ContentFile(DEMO_OORDEEL, name=f"oordeel-mijlpaal-{mijlpaal.nummer}.pdf")
    oordeel.attach(bestand, "application/pdf", actor)
    oordeel.save()
    log_event(actor, mijlpaal, "landelijk oordeel vastgelegd", van="Open", naar=oordeel.get_uitkomst_display())


def load(stdout=None):
    plan = ensure_transformatieplan()
    mijlpalen = load_mijlpalen(plan)
    zuidwijken = Buurt.objects.filter(naam="Zuidwijken", gemeente__naam="Gemeente Zutphen").first()
    boskoop = Buurt.objects.filter(naam="Boskoop", gemeente__naam="Gemeente Alphen aan den Rijn").first()
    menzis = Organisatie.objects.filter(naam="Menzis").first()
    if zuidwijken is not None:
        _bedragen(zuidwijken, mijlpalen, ZUIDWIJKEN)
        actor = User.objects.filter(email="beleid@zutphen.demo").first()
        _status(
            actor,
            mijlpalen[1],
            zuidwijken,
            MijlpaalStatus.Status.BEHAALD,
            datetime.date(2025, 2, 14),
            "Het buurtnetwerk is compleet (zes leden, twee kartrekkers) en het buurtbeeld is besproken met Menzis.",
            menzis,
        )
        # Nationally, Menzis as coordinating insurer judged milestone 1 achieved in every buurt.
        _landelijk_oordeel(
            actor,
            mijlpalen[1],
            menzis,
            datetime.date(2025, 2, 28),
            "Landelijk oordeel cohort 1: in alle deelnemende buurten is het buurtnetwerk gevormd.",
        )
        indicator, _created = Indicator.objects.update_or_create(
            naam=KPI_NAAM,
            defaults={
                "eenheid": "uren per cliënt",
                "richting": Indicator.Richting.LAGER_IS_BETER,
                "doel_percentage": Decimal("-15.00"),
                "doel_jaren": 3,
                "basisjaar": 2024,
                "omschrijving": "Gemiddeld aantal uren wijkverpleging per cliënt per jaar in de buurt.",
            },
        )
        for groep, waarden in KPI_METINGEN.items():
            for jaar, waarde in waarden.items():
                Meting.objects.update_or_create(
                    indicator=indicator,
                    buurt=zuidwijken,
                    groep=groep,
                    jaar=jaar,
                    defaults={
                        "waarde": Decimal(waarde),
                        "bron": "Vektis / Sensire",
                        "vergelijkingsbuurten": VERGELIJKINGSBUURTEN if groep == Meting.Groep.VERGELIJKING else "",
                    },
                )
    if boskoop is not None:
        _bedragen(boskoop, mijlpalen, BOSKOOP, risico_inspanning=BOSKOOP_RISICO_INSPANNING)
    if stdout:
        stdout.write(
            f"mijlpalen: {Mijlpaal.objects.count()} mijlpalen, {MijlpaalBedrag.objects.count()} mijlpaalbedragen"
        )
