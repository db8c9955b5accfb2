"""Demo data (DESIGN.md §6): the 20 cohort-1 buurten (list of April 2024) for the national overview,
and full plans and budgets for Zutphen – Zuidwijken and Alphen aan den Rijn – Boskoop whose SPUK
totals match the council papers to the cent. Idempotent: existing buurten and plans keep what users
entered since (matched on gemeente and name; a cohort gemeente on its CBS code).
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from core.models import Organisatie, User

from . import services
from .catalogus import ensure_transformatieplan
from .models import Buurt, Buurtplan, Thema

G = Organisatie.Soort.GEMEENTE
Z = Organisatie.Soort.ZORGAANBIEDER

# (gemeente, CBS code) — codes only where certain.
GEMEENTEN = {
    "Gemeente Haarlem": "0392",
    "Gemeente Wijk bij Duurstede": "0352",
    "Gemeente Nijmegen": "0268",
    "Gemeente Gorinchem": "0512",
    "Gemeente Papendrecht": "0590",
    "Gemeente Son en Breugel": "0848",
    "Gemeente Tilburg": "0855",
    "Gemeente Goirle": "0785",
    "Gemeente Lochem": "0262",
    "Gemeente Lansingerland": "1621",
    "Gemeente Wierden": "0189",
    "Gemeente Emmen": "0114",
    "Gemeente Zwolle": "0193",
    "Gemeente Veendam": "0047",
    "Gemeente Haarlemmermeer": "0394",
    "Gemeente Amstelveen": "0362",
    "Gemeente Utrecht": "0344",
    "Gemeente Haaksbergen": "0158",
    "Gemeente Bronckhorst": "1876",
}

# The provisional list of the first 20 transitiebuurten (version April 2024):
# (buurt, regio as named in the list, gemeente, alliance partners joined by " en ")
COHORT_1 = [
    ("De Vijfhoek", "Haarlem", "Gemeente Haarlem", "Zorgbalans"),
    ("Kleverpark-Zuid", "Haarlem", "Gemeente Haarlem", "Zorgbalans"),
    ("Buurt Wijk bij Duurstede", "Wijk bij Duurstede", "Gemeente Wijk bij Duurstede", "Sante Partners"),
    ("Waterkwartier (Biezen)", "Nijmegen", "Gemeente Nijmegen", "ZZG Zorggroep"),
    ("Buurt Gorinchem", "Gorinchem", "Gemeente Gorinchem", "Rivas"),
    ("Buurt Papendrecht", "Papendrecht", "Gemeente Papendrecht", "Rivas"),
    ("Buurt Son en Breugel", "Son-Breugel", "Gemeente Son en Breugel", "Zuidzorg"),
    ("Groenewoud", "Tilburg", "Gemeente Tilburg", "Thebe"),
    ("Buurt Goirle", "Goirle", "Gemeente Goirle", "Thebe"),
    ("Buurt Lochem", "Lochem", "Gemeente Lochem", "Sensire en Buurtzorg"),
    ("Oranjebuurt", "Bleiswijk", "Gemeente Lansingerland", "Vierstroom"),
    ("Buurt Wierden", "Wierden", "Gemeente Wierden", "Zorgaccent"),
    ("Buurt Emmen", "Emmen", "Gemeente Emmen", "Icare / Espria"),
    ("Zwolle-Zuid", "Zwolle", "Gemeente Zwolle", "Icare / Espria"),
    ("Buurt Veendam", "Veendam", "Gemeente Veendam", "Zorggroep Meander"),
    ("Oude Dorp", "Nieuw-Vennep", "Gemeente Haarlemmermeer", "Amstelring"),
    ("Westwijk", "Amstelveen", "Gemeente Amstelveen", "Amstelring"),
    ("Sterrenwijk", "Utrecht", "Gemeente Utrecht", "Careyn"),
    ("Buurt Haaksbergen", "Haaksbergen", "Gemeente Haaksbergen", "Buurtzorg"),
    ("Buurt Bronckhorst", "Bronckhorst", "Gemeente Bronckhorst", "Sensire en Buurtzorg"),
]

# Expected SPUK sociaal-domein totals (DESIGN.md §6); the tests compare the demo data to these.
ZUIDWIJKEN_SPUK = {
    2024: Decimal("34851.00"),
    2025: Decimal("167587.00"),
    2026: Decimal("121977.00"),
    2027: Decimal("17425.00"),
}
BOSKOOP_SPUK_TOTAAL = Decimal("79510.00")
BOSKOOP_ZVW_TOTAAL = Decimal("1927717.00")

# A tiny valid PDF standing in for the scanned signature pages of the demo.
DEMO_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _scan(naam):
    bestand = ContentFile(DEMO_SCAN, name=naam)
    bestand.size  # noqa: B018 - ContentFile computes its size lazily
    return bestand


def _org(naam, soort):
    org, _created = Organisatie.objects.get_or_create(naam=naam, defaults={"soort": soort})
    return org


def _gemeente(naam, code, overgeslagen):
    """A cohort gemeente; one added meanwhile under another name with the same CBS code is used as it is."""
    bestaand = Organisatie.objects.filter(cbs_code=code).exclude(naam=naam).first() if code else None
    if bestaand is not None:
        overgeslagen.append(f"gemeente {naam}: CBS-code {code} hoort al bij {bestaand.naam}")
        return bestaand
    org, _created = Organisatie.objects.update_or_create(naam=naam, defaults={"soort": G, "cbs_code": code})
    return org


def load_cohort_1(plan, overgeslagen=None):
    overgeslagen = [] if overgeslagen is None else overgeslagen
    gemeenten = {naam: _gemeente(naam, code, overgeslagen) for naam, code in GEMEENTEN.items()}
    for buurt_naam, regio, gemeente_naam, partner_naam in COHORT_1:
        # An existing buurt keeps what users entered since; only a missing one is added.
        buurt, _created = Buurt.objects.get_or_create(
            gemeente=gemeenten.get(gemeente_naam) or Organisatie.objects.get(naam=gemeente_naam),
            naam=buurt_naam,
            defaults={
                "transformatieplan": plan,
                "regio": regio,
                "cohort": 1,
                "crit_professionals_toelichting": "Voorgedragen door de alliantiepartner (voorlopige lijst april 2024); "
                "beoordeling volgt.",
            },
        )
        if _created:
            alliantie = [_org(naam, Z) for naam in partner_naam.split(" en ")]
            buurt.alliantiepartners.set(alliantie)
            buurt.partners.add(*alliantie)


def _thema(plan, code):
    return Thema.objects.get(transformatieplan=plan, code=code)


def _regels(actor, begroting, activiteit, partner, financiering, domein, bedragen):
    for jaar, bedrag in bedragen.items():
        services.voeg_regel_toe(
            actor,
            begroting,
            activiteit=activiteit,
            jaar=jaar,
            domein=domein,
            financiering=financiering,
            ontvangende_partner=partner,
            bedrag=Decimal(bedrag),
        )


def load_zuidwijken(plan):
    zutphen = Organisatie.objects.get(naam="Gemeente Zutphen")
    sensire = Organisatie.objects.get(naam="Sensire")
    perspectief = Organisatie.objects.get(naam="Stichting Perspectief")
    actor = User.objects.get(email="beleid@zutphen.demo")
    buurt, _created = Buurt.objects.get_or_create(
        gemeente=zutphen,
        naam="Zuidwijken",
        defaults={
            "transformatieplan": plan,
            "regio": "Zutphen",
            "cohort": 1,
            "startdatum": datetime.date(2024, 9, 1),
            "inwoners": 8500,
            "marktaandeel": Decimal("62.0"),
            "crit_professionals": True,
            "crit_professionals_toelichting": "Wijkverpleging van Sensire en Perspectief hebben elk een kartrekker geleverd.",
            "crit_burgers": True,
            "crit_burgers_toelichting": "Actieve bewonersgroepen, ook via het programma Sterke Wijken.",
            "crit_samenwerking": True,
            "crit_samenwerking_toelichting": "Sensire en Perspectief werken al samen in de wijk.",
            "crit_marktaandeel": True,
            "crit_marktaandeel_toelichting": "Sensire levert het grootste deel van de wijkverpleging.",
            "crit_case_for_change": True,
            "crit_case_for_change_toelichting": "Druk op huisarts en wijkverpleging neemt toe.",
            "crit_executiekracht": True,
            "crit_executiekracht_toelichting": "Sensire schiet de kosten van de kartrekker voor.",
        },
    )
    if _created:
        buurt.alliantiepartners.set([sensire])
        buurt.partners.add(sensire, perspectief)
    if buurt.buurtplannen.exists():
        return buurt
    for naam, discipline, kartrekker, organisatie in [
        ("Ilse Wijkverpleging", "wijkverpleegkundige", True, "Sensire"),
        ("Mehmet Opbouwwerk", "sociaal_domein", True, "Stichting Perspectief"),
        ("Truus Bewoner", "bewoner", False, "Bewonersgroep Zuidwijken"),
        ("Dr. Anton Huisarts", "huisarts", False, "Huisartsenpraktijk Zuidwijken"),
        ("Marijke Gemeente", "gemeente", False, "Gemeente Zutphen"),
    ]:
        services.voeg_netwerklid_toe(
            actor, buurt, naam=naam, discipline=discipline, kartrekker=kartrekker, organisatie_naam=organisatie
        )
    bp = services.maak_buurtplan(
        actor,
        buurt,
        samenvatting="Vertaling van het landelijke transformatieplan naar de Zuidwijken: minder gebruik van "
        "wijkverpleging, huisarts en medisch-specialistische zorg in 2027 door sterkere informele netwerken.",
    )
    services.zet_thema(
        actor,
        bp,
        _thema(plan, "behandeling_dichtbij"),
        False,
        "Behandeling dichtbij pakt Sensire op met het ziekenhuis in de regio, buiten dit buurtplan.",
    )
    kartrekker = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "zorgzame_buurt"),
        naam="Kartrekker sociaal domein",
        omschrijving="Inzet van de kartrekker van Perspectief in het buurtnetwerk.",
        uitvoerende_partner=perspectief,
    )
    ontmoeting = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "zorgzame_buurt"),
        interventie=_thema(plan, "zorgzame_buurt").interventies.get(naam__startswith="Ontmoetingsplek"),
        naam="Ontmoetingsplek en opbouwwerk",
        uitvoerende_partner=perspectief,
    )
    voorzorg = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "preventie"),
        naam="Voorzorgcirkels en netwerkgesprekken",
        uitvoerende_partner=perspectief,
    )
    buurtbeeld = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "integrale_eerste_lijn"),
        interventie=_thema(plan, "integrale_eerste_lijn").interventies.get(naam__startswith="Buurtbeeld"),
        naam="Buurtbeeld en dashboard",
        uitvoerende_partner=sensire,
    )
    intervisie = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "lerende_buurt"),
        naam="Intervisie en leernetwerk",
        uitvoerende_partner=perspectief,
    )
    b = bp.begroting
    spuk, sd = "spuk", "sociaal_domein"
    _regels(
        actor,
        b,
        kartrekker,
        perspectief,
        spuk,
        sd,
        {2024: "24851.00", 2025: "62587.00", 2026: "51977.00", 2027: "12425.00"},
    )
    _regels(actor, b, buurtbeeld, perspectief, spuk, sd, {2024: "10000.00"})
    _regels(actor, b, ontmoeting, perspectief, spuk, sd, {2025: "55000.00", 2026: "40000.00"})
    _regels(actor, b, voorzorg, perspectief, spuk, sd, {2025: "30000.00", 2026: "20000.00"})
    _regels(actor, b, intervisie, perspectief, spuk, sd, {2025: "20000.00", 2026: "10000.00", 2027: "5000.00"})
    services.dien_begroting_in(actor, b)
    services.beoordeel_begroting(actor, b, goedgekeurd=True, datum=datetime.date(2025, 5, 20))
    datum = datetime.date(2025, 6, 10)
    for soort, wie, functie, org, org_naam in [
        ("buurtplan", "Ilse Wijkverpleging", "Wijkverpleegkundige, kartrekker", sensire, ""),
        ("buurtplan", "Mehmet Opbouwwerk", "Opbouwwerker, kartrekker", perspectief, ""),
        ("buurtbegroting", "Ilse Wijkverpleging", "Wijkverpleegkundige, kartrekker", sensire, ""),
        ("buurtbegroting", "Mehmet Opbouwwerk", "Opbouwwerker, kartrekker", perspectief, ""),
        ("intentieverklaring", "Jasper Bloem", "Wethouder", zutphen, ""),
        ("overeenkomst", "Jasper Bloem", "Wethouder", zutphen, ""),
    ]:
        services.voeg_ondertekening_toe(
            actor,
            bp,
            soort=soort,
            ondertekenaar=wie,
            functie=functie,
            getekend_op=datum,
            document=_scan(f"{soort}.pdf"),
            organisatie=org,
            organisatie_naam=org_naam,
        )
    services.stel_vast(actor, bp)
    return buurt


def load_boskoop(plan):
    alphen = Organisatie.objects.get(naam="Gemeente Alphen aan den Rijn")
    vierstroom = Organisatie.objects.get(naam="Vierstroom")
    gezond = Organisatie.objects.get(naam="Stichting Gezond Boskoop")
    participe = Organisatie.objects.get(naam="Participe")
    tom = Organisatie.objects.get(naam="Tom in de Buurt")
    actor = User.objects.get(email="beleid@alphen.demo")
    buurt, _created = Buurt.objects.get_or_create(
        gemeente=alphen,
        naam="Boskoop",
        defaults={
            "transformatieplan": plan,
            "regio": "Boskoop",
            "cohort": 2,
            "startdatum": datetime.date(2026, 1, 1),
            "inwoners": None,
            "marktaandeel": None,
            "crit_professionals": True,
            "crit_professionals_toelichting": "",
            "crit_burgers": True,
            "crit_burgers_toelichting": "Vertegenwoordiging vanuit de wijk zelf in het buurtnetwerk; wijk van 3.000 à 5.000 inwoners nader te bepalen.",
            "crit_samenwerking": True,
            "crit_samenwerking_toelichting": "Preventiepartners Tom in de Buurt en Participe hebben zitting in het netwerk.",
            "crit_marktaandeel": True,
            "crit_marktaandeel_toelichting": "Vierstroom kiest een wijk waar zij minstens de helft van de wijkverpleging levert.",
            "crit_case_for_change": True,
            "crit_case_for_change_toelichting": "",
            "crit_executiekracht": True,
            "crit_executiekracht_toelichting": "",
        },
    )
    if _created:
        buurt.alliantiepartners.set([vierstroom])
        buurt.partners.add(vierstroom, gezond, participe, tom)
    if buurt.buurtplannen.exists():
        return buurt
    for naam, discipline, kartrekker, organisatie in [
        ("Karin Wijkverpleging", "wijkverpleegkundige", True, "Vierstroom"),
        ("Youssef Welzijn", "sociaal_domein", True, "Tom in de Buurt"),
        ("Lotte Participe", "sociaal_domein", False, "Participe"),
        ("Gerrit Bewoner", "bewoner", False, "Bewoners Boskoop"),
        ("Praktijk Boskoop", "huisarts", False, "Huisartsen Boskoop"),
    ]:
        services.voeg_netwerklid_toe(
            actor, buurt, naam=naam, discipline=discipline, kartrekker=kartrekker, organisatie_naam=organisatie
        )
    bp = services.maak_buurtplan(
        actor,
        buurt,
        samenvatting="Versterken van de sociale basis en de samenwerking tussen sociaal en medisch domein in een "
        "wijk in Boskoop, met Vierstroom als kartrekker.",
    )
    gezond_act = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "preventie"),
        naam="Gezondheidsactiviteiten Gezond Boskoop",
        uitvoerende_partner=gezond,
    )
    participe_act = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "zorgzame_buurt"),
        naam="Ontmoeting en mantelzorgondersteuning",
        uitvoerende_partner=participe,
    )
    tom_act = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "lerende_buurt"),
        naam="Leernetwerk sociaal en medisch domein",
        uitvoerende_partner=tom,
    )
    casemanager = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "integrale_eerste_lijn"),
        interventie=_thema(plan, "integrale_eerste_lijn").interventies.get(naam__startswith="Wijkverpleegkundige als"),
        naam="Wijkverpleegkundige als casemanager",
        uitvoerende_partner=vierstroom,
    )
    thuis = services.voeg_activiteit_toe(
        actor,
        bp,
        thema=_thema(plan, "behandeling_dichtbij"),
        naam="Behandeling en revalidatie thuis",
        uitvoerende_partner=vierstroom,
    )
    b = bp.begroting
    _regels(actor, b, gezond_act, gezond, "spuk", "sociaal_domein", {2026: "15000.00", 2027: "15000.00"})
    _regels(actor, b, participe_act, participe, "spuk", "sociaal_domein", {2026: "14755.00", 2027: "14755.00"})
    _regels(actor, b, tom_act, tom, "spuk", "sociaal_domein", {2026: "10000.00", 2027: "10000.00"})
    _regels(actor, b, casemanager, vierstroom, "zvw", "zorg", {2026: "600000.00", 2027: "600000.00"})
    _regels(actor, b, thuis, vierstroom, "zvw", "zorg", {2026: "350000.00", 2027: "377717.00"})
    services.dien_begroting_in(actor, b)
    services.beoordeel_begroting(actor, b, goedgekeurd=True, datum=datetime.date(2026, 2, 24))
    # The college agreed on 3 March 2026; the local stakeholders have not signed yet, so the plan
    # stays in concept and the compliance panel says what is missing.
    for soort in ("commitmentverklaring", "overeenkomst"):
        services.voeg_ondertekening_toe(
            actor,
            bp,
            soort=soort,
            ondertekenaar="Wethouder Schotanus",
            functie="Wethouder",
            organisatie=alphen,
            getekend_op=datetime.date(2026, 3, 10),
            document=_scan(f"{soort}.pdf"),
        )
    return buurt


def load(stdout=None):
    plan = ensure_transformatieplan()
    overgeslagen = []
    load_cohort_1(plan, overgeslagen)
    load_zuidwijken(plan)
    load_boskoop(plan)
    if stdout:
        for regel in overgeslagen:
            stdout.write(f"buurtplan: overgeslagen: {regel}")
        stdout.write(f"buurtplan: {Buurt.objects.count()} buurten, {Buurtplan.objects.count()} buurtplanversies")
