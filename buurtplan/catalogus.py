"""The national plan "De Buurt als Ecosysteem": five themes (two mandatory) and the menukaart.

Loaded by a data migration and, idempotently, by `ensure_transformatieplan()` (demo data and tests
on a flushed database call it too).
"""

PLAN_NAAM = "De Buurt als Ecosysteem"
PLAN_OMSCHRIJVING = (
    "Landelijk transformatieplan voor maatschappelijke gezondheidszorg vanuit de buurt: start in 20 buurten, "
    "ambitie 100 buurten binnen drie jaar en 1.000 binnen vijf jaar."
)

# (code, naam, verplicht, omschrijving, [menukaart])
THEMAS = [
    (
        "preventie",
        "Preventie als mindset",
        False,
        "Zelfredzaamheid van inwoners vergroten en het informele netwerk versterken; professionals faciliteren.",
        [
            "Holistische verkenning in plaats van eenmalige indicatiestelling",
            "Sociale benadering dementie",
            "Reablement",
            "Advance care planning (ACP)",
            "Familie- en netwerkgesprekken (Eigen Kracht)",
            "Preventiehub: online kennisplatform voor inwoners",
            "Voorlichting aan risicogroepen",
        ],
    ),
    (
        "integrale_eerste_lijn",
        "Integrale eerste lijn",
        False,
        "Betere samenwerking tussen huisarts, wijkverpleging en sociaal domein, preventief en proactief.",
        [
            "Wijkverpleegkundige als praktijkondersteuner of casemanager",
            "Buurtbeeld en live dashboard (populatiemanagement)",
            "Wandelgroepen en zelfmanagementprogramma's",
            "Consultvoering met positieve gezondheid",
        ],
    ),
    (
        "behandeling_dichtbij",
        "Behandeling dichtbij",
        False,
        "Specialistische behandeling en revalidatie thuis of in de buurt.",
        [
            "Gestandaardiseerd zorgpad voor behandeling thuis",
            "Behandeling in verpleeghuis of eerstelijnsverblijf in de buurt",
            "Zorgtechnologie en zorg op afstand",
        ],
    ),
    (
        "zorgzame_buurt",
        "Zorgzame buurt",
        True,
        "Buurten inrichten op sociale verbondenheid en gezondheid.",
        [
            "Ontmoetingsplek (buurthuis, buurttuin, Alzheimer café)",
            "Voorzorgcirkel",
            "Lotgenotencontact en groepsvoorlichting",
            "Burenhulp via een eenvoudige app",
            "Training netwerkzorg en community building voor professionals",
        ],
    ),
    (
        "lerende_buurt",
        "Lerende buurt",
        True,
        "Kennisoverdracht binnen en tussen buurten en inzicht in wat de aanpak oplevert.",
        [
            "Maandelijkse intervisie van professionals",
            "Buurtverslag voor bewoners",
            "Uitkomstendashboard, elke twee maanden besproken",
            "Buurtbeeld als nulmeting",
            "Landelijk leernetwerk tussen buurten",
        ],
    ),
]


def load_catalogus(Transformatieplan, Thema, Interventie):
    """Create or update the plan, its themes and menukaart with the given model classes."""
    plan, _created = Transformatieplan.objects.update_or_create(
        naam=PLAN_NAAM, defaults={"omschrijving": PLAN_OMSCHRIJVING, "startjaar": 2024, "eindjaar": 2027}
    )
    for volgorde, (code, naam, verplicht, omschrijving, menukaart) in enumerate(THEMAS, start=1):
        thema, _created = Thema.objects.update_or_create(
            transformatieplan=plan,
            code=code,
            defaults={"naam": naam, "verplicht": verplicht, "volgorde": volgorde, "omschrijving": omschrijving},
        )
        for interventie in menukaart:
            Interventie.objects.get_or_create(thema=thema, naam=interventie)
    return plan


def ensure_transformatieplan():
    """The national plan with its themes, created when missing (idempotent)."""
    from .models import Interventie, Thema, Transformatieplan

    plan = Transformatieplan.objects.filter(naam=PLAN_NAAM).first()
    if plan is not None and plan.themas.count() == len(THEMAS):
        return plan
    return load_catalogus(Transformatieplan, Thema, Interventie)
