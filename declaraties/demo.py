"""Demo data (DESIGN.md §6), idempotent, made through the services so every approval is booked:

- Toekenningen (ceilings) for Stichting Perspectief in Zuidwijken and for the Boskoop partners;
- Perspectief's declarations for Zuidwijken in every status, including costs of 2024 declared and
  booked in 2025 (bestedingsjaar 2024, boekjaar 2025: the T-1 correction in SiSa 2025), approved
  by financien@zutphen.demo and financien2@zutphen.demo (four-eyes above the threshold) and paid
  by financien3@zutphen.demo (whoever approved a declaration does not register its payment);
- declarations of the Boskoop partners (Participe, Stichting Gezond Boskoop, Tom in de Buurt):
  submitted, with a change request, in concept; approved and booked only when a beschikking
  for Boskoop exists.

Running the demo again changes nothing and never fails because someone worked in the demo: a demo
declaration is found by the partner and the invoice number it was created with (its history keeps
that even when the partner corrected the number later), a ceiling by (partner, buurt, jaar); what
exists is skipped and reported, and a demo declaration the services refuse now is skipped with the
reason, without leaving half of it behind.
"""

import datetime
from collections import Counter
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from buurtplan.models import Begrotingsregel, Buurt
from buurtplan.queries import spuk_regels
from core import roles
from core.demo import DEMO_PASSWORD
from core.models import Organisatie, User
from core.money import format_bedrag
from spuk.queries import beschikking_voor_buurt

from . import services
from .models import Declaratie, Toekenning

DEMO_FACTUUR = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# Demo accounts for the Boskoop partners without one in core's demo (same demo password).
EXTRA_PARTNERS = [
    ("partner@gezondboskoop.demo", "Gijs", "Gezond", "Stichting Gezond Boskoop"),
    ("partner@tomindebuurt.demo", "Tamara", "in de Buurt", "Tom in de Buurt"),
]


def _user(email):
    return User.objects.filter(email=email).first()


def _partner_user(email, first, last, organisatie_naam):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "organisatie": Organisatie.objects.get(naam=organisatie_naam),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get_or_create(name=roles.PARTNER)[0])
    return User.objects.get(pk=user.pk)


def _regel(buurt, partner, activiteit_begin, jaar):
    return spuk_regels(buurt).get(ontvangende_partner=partner, activiteit__naam__startswith=activiteit_begin, jaar=jaar)


def _factuur(naam):
    bestand = ContentFile(DEMO_FACTUUR, name=naam)
    bestand.size  # noqa: B018 - computed lazily
    return bestand


class Overgeslagen(list):
    """What the loader skipped: one line per record that differs from the demo or was refused, and
    per kind how many demo records existed already."""

    def __init__(self):
        super().__init__()
        self.bestaand = Counter()


def bestaande_demodeclaratie(partner_id, factuurnummer):
    """The demo declaration of this partner that was created with (or once had) this invoice number."""
    bestaand = Declaratie.objects.filter(partner_id=partner_id, factuurnummer=factuurnummer).first()
    if bestaand is not None:
        return bestaand
    eerder = (
        Declaratie.history.filter(partner_id=partner_id, factuurnummer=factuurnummer).order_by("history_date").first()
    )
    return Declaratie.objects.filter(pk=eerder.id).first() if eerder is not None else None


def _declaratie(spec, users, beschikking_bestaat, overgeslagen):
    """Create one declaration and drive it to its target status, unless it exists already.

    All or nothing: when a service refuses a step (the budget was used up in the meantime, ...),
    nothing of this declaration stays and the reason is added to `overgeslagen`."""
    partner_user = users["partner"]
    bestaand = bestaande_demodeclaratie(partner_user.organisatie_id, spec["factuurnummer"])
    if bestaand is not None:
        overgeslagen.bestaand["declaraties"] += 1
        if bestaand.factuurnummer != spec["factuurnummer"]:
            overgeslagen.append(
                f"demodeclaratie {spec['factuurnummer']} bestaat al als {bestaand} "
                f"(factuurnummer nu {bestaand.factuurnummer or '–'}, status {bestaand.get_status_display()})"
            )
        return None
    try:
        with transaction.atomic():
            return _maak_declaratie(spec, users, beschikking_bestaat)
    except (ValidationError, PermissionDenied) as exc:
        reden = "; ".join(getattr(exc, "messages", None) or [str(exc)])
        overgeslagen.append(f"demodeclaratie {spec['factuurnummer']} niet aangemaakt: {reden}")
        return None


def _maak_declaratie(spec, users, beschikking_bestaat):
    partner_user = users["partner"]
    doel = spec["status"]
    if doel in ("goedgekeurd", "geboekt", "betaald") and not beschikking_bestaat:
        doel = "ingediend"
    jaar = spec["regel"].jaar
    d = services.bewaar_concept(
        partner_user,
        begrotingsregel=spec["regel"],
        periode_van=spec.get("van", datetime.date(jaar, 1, 1)),
        periode_tot=spec.get("tot", datetime.date(jaar, 3, 31)),
        bedrag=Decimal(spec["bedrag"]),
        uren=Decimal(spec["uren"]) if spec.get("uren") else None,
        omschrijving=spec["omschrijving"],
        factuurnummer=spec["factuurnummer"],
        niet_elders_gefinancierd=doel != "concept",
    )
    services.voeg_bijlage_toe(partner_user, d, _factuur(f"factuur-{spec['factuurnummer']}.pdf"))
    if doel == "concept":
        return d
    d = services.dien_in(partner_user, d, datum=spec["ingediend"])
    if doel == "ingediend":
        return d
    if doel == "wijziging_gevraagd":
        return services.vraag_wijziging(users["financien"], d, spec["reden"])
    if doel == "afgewezen":
        return services.wijs_af(users["financien"], d, spec["reden"])
    d = services.keur_goed(users["financien"], d, boekdatum=spec.get("boekdatum"))
    if d.status == Declaratie.Status.GOEDGEKEURD and doel != "goedgekeurd":
        d = services.keur_goed(users["financien2"], d, boekdatum=spec.get("boekdatum"))
    if doel == "betaald":
        services.registreer_betaling(users["betaler"], [d], spec["betaald"], spec.get("kenmerk", ""))
    return d


def _toekenning(actor, overgeslagen, *, partner, buurt, jaar, **velden):
    """A ceiling made by the demo once; an existing one (perhaps changed by finance) stays as it is."""
    bestaand = Toekenning.objects.filter(partner=partner, buurt=buurt, jaar=jaar).first()
    if bestaand is not None:
        overgeslagen.bestaand["toekenningen"] += 1
        if bestaand.plafond != velden["plafond"]:
            overgeslagen.append(
                f"toekenning {partner} – {buurt.naam} {jaar} bestaat al met plafond {format_bedrag(bestaand.plafond)}"
            )
        return None
    return services.leg_toekenning_vast(actor, partner=partner, buurt=buurt, jaar=jaar, **velden)


def load_zuidwijken(overgeslagen=None):
    overgeslagen = Overgeslagen() if overgeslagen is None else overgeslagen
    zutphen = Organisatie.objects.get(naam="Gemeente Zutphen")
    perspectief = Organisatie.objects.get(naam="Stichting Perspectief")
    buurt = Buurt.objects.get(gemeente=zutphen, naam="Zuidwijken")
    users = {
        "partner": _user("partner@perspectief.demo"),
        "financien": _user("financien@zutphen.demo"),
        "financien2": _user("financien2@zutphen.demo"),
        # Whoever approved a declaration does not register its payment (DeclaratieInstelling).
        "betaler": _user("financien3@zutphen.demo"),
    }
    beleid = _user("beleid@zutphen.demo")
    for jaar, plafond in ((2024, "34851.00"), (2025, "167587.00"), (2026, "121977.00"), (2027, "17425.00")):
        _toekenning(
            beleid,
            overgeslagen,
            partner=perspectief,
            buurt=buurt,
            jaar=jaar,
            plafond=Decimal(plafond),
            besluit_kenmerk=f"Z/{str(jaar)[2:]}/0418",
            besluit_datum=datetime.date(jaar - 1, 12, 15) if jaar > 2024 else datetime.date(2024, 8, 30),
            verantwoordingseisen="Factuur per kwartaal met urenoverzicht van de kartrekker; inhoudelijk jaarverslag "
            "vóór 1 maart van het volgende jaar.",
            verantwoording_uiterlijk=datetime.date(jaar + 1, 3, 1),
        )
    r = lambda activiteit, jaar: _regel(buurt, perspectief, activiteit, jaar)  # noqa: E731
    specs = [
        # Costs of 2024, declared and booked in 2025: bestedingsjaar 2024 in boekjaar 2025 (SiSa T-1).
        dict(
            regel=r("Kartrekker", 2024),
            bedrag="12425.50",
            uren="184",
            factuurnummer="PSP-2024-031",
            van=datetime.date(2024, 9, 1),
            tot=datetime.date(2024, 12, 31),
            omschrijving="Inzet kartrekker sociaal domein september–december 2024",
            ingediend=datetime.date(2025, 10, 20),
            boekdatum=datetime.date(2025, 11, 10),
            status="betaald",
            betaald=datetime.date(2025, 11, 24),
            kenmerk="BETAALRUN-2025-47",
        ),
        dict(
            regel=r("Buurtbeeld", 2024),
            bedrag="6000.00",
            factuurnummer="PSP-2024-034",
            van=datetime.date(2024, 10, 1),
            tot=datetime.date(2024, 12, 31),
            omschrijving="Ophalen buurtbeeld en eerste dashboard (bewonersgesprekken, data-analyse)",
            ingediend=datetime.date(2025, 10, 22),
            boekdatum=datetime.date(2025, 11, 12),
            status="geboekt",
        ),
        # Costs of 2025.
        dict(
            regel=r("Ontmoetingsplek", 2025),
            bedrag="8750.00",
            factuurnummer="PSP-2025-007",
            van=datetime.date(2025, 1, 1),
            tot=datetime.date(2025, 6, 30),
            omschrijving="Huur en opbouwwerk ontmoetingsplek eerste halfjaar 2025",
            ingediend=datetime.date(2025, 11, 3),
            boekdatum=datetime.date(2025, 11, 14),
            status="betaald",
            betaald=datetime.date(2025, 11, 24),
            kenmerk="BETAALRUN-2025-47",
        ),
        dict(
            regel=r("Kartrekker", 2025),
            bedrag="15000.00",
            uren="220",
            factuurnummer="PSP-2025-012",
            van=datetime.date(2025, 1, 1),
            tot=datetime.date(2025, 6, 30),
            omschrijving="Inzet kartrekker sociaal domein eerste halfjaar 2025",
            ingediend=datetime.date(2025, 11, 5),
            status="goedgekeurd",
        ),
        dict(
            regel=r("Voorzorgcirkels", 2025),
            bedrag="4200.00",
            factuurnummer="PSP-2025-015",
            van=datetime.date(2025, 3, 1),
            tot=datetime.date(2025, 9, 30),
            omschrijving="Begeleiding van drie voorzorgcirkels",
            ingediend=datetime.date(2025, 11, 6),
            status="ingediend",
        ),
        dict(
            regel=r("Intervisie", 2025),
            bedrag="2500.00",
            factuurnummer="PSP-2025-016",
            van=datetime.date(2025, 4, 1),
            tot=datetime.date(2025, 6, 30),
            omschrijving="Intervisiebijeenkomsten buurtnetwerk",
            ingediend=datetime.date(2025, 11, 6),
            status="wijziging_gevraagd",
            reden="Voeg de presentielijsten van de bijeenkomsten toe als bijlage.",
        ),
        dict(
            regel=r("Ontmoetingsplek", 2025),
            bedrag="1999.00",
            factuurnummer="PSP-2025-002",
            van=datetime.date(2025, 1, 1),
            tot=datetime.date(2025, 1, 31),
            omschrijving="Inrichting ontmoetingsplek",
            ingediend=datetime.date(2025, 11, 3),
            status="afgewezen",
            reden="De inrichting is al betaald uit het budget Sterke Wijken (dubbele financiering).",
        ),
        dict(
            regel=r("Ontmoetingsplek", 2026),
            bedrag="4375.00",
            factuurnummer="PSP-2026-003",
            van=datetime.date(2026, 1, 1),
            tot=datetime.date(2026, 3, 31),
            omschrijving="Opbouwwerk ontmoetingsplek eerste kwartaal 2026",
            status="concept",
        ),
    ]
    beschikking_bestaat = beschikking_voor_buurt(buurt) is not None
    made = [d for d in (_declaratie(spec, users, beschikking_bestaat, overgeslagen) for spec in specs) if d is not None]
    return made


def load_boskoop(overgeslagen=None):
    overgeslagen = Overgeslagen() if overgeslagen is None else overgeslagen
    alphen = Organisatie.objects.get(naam="Gemeente Alphen aan den Rijn")
    buurt = Buurt.objects.get(gemeente=alphen, naam="Boskoop")
    beleid, financien = _user("beleid@alphen.demo"), _user("financien@alphen.demo")
    participe = Organisatie.objects.get(naam="Participe")
    gezond = Organisatie.objects.get(naam="Stichting Gezond Boskoop")
    tom = Organisatie.objects.get(naam="Tom in de Buurt")
    partner_users = {"Participe": _user("partner@participe.demo")}
    for email, first, last, org in EXTRA_PARTNERS:
        partner_users[org] = _partner_user(email, first, last, org)
    for partner, bedrag in ((participe, "14755.00"), (gezond, "15000.00"), (tom, "10000.00")):
        for jaar in (2026, 2027):
            _toekenning(
                beleid,
                overgeslagen,
                partner=partner,
                buurt=buurt,
                jaar=jaar,
                plafond=Decimal(bedrag),
                besluit_kenmerk=f"Subsidiebesluit sociaal domein Boskoop {jaar}",
                verantwoordingseisen="Declareren per kwartaal via SPUK-beheer; facturen nieuw grootboeknummer SPUK.",
            )
    beschikking_bestaat = beschikking_voor_buurt(buurt) is not None
    regel = lambda partner, jaar: Begrotingsregel.objects.get(  # noqa: E731
        pk=_regel(buurt, partner, "", jaar).pk
    )
    specs = [
        (
            "Participe",
            dict(
                regel=regel(participe, 2026),
                bedrag="3200.00",
                uren="64",
                factuurnummer="PAR-26-0112",
                omschrijving="Mantelzorgcafé en ontmoetingsochtenden januari–maart 2026",
                ingediend=datetime.date(2026, 4, 8),
                status="geboekt",
                boekdatum=datetime.date(2026, 4, 20),
            ),
        ),
        (
            "Participe",
            dict(
                regel=regel(participe, 2026),
                bedrag="1500.00",
                factuurnummer="PAR-26-0187",
                van=datetime.date(2026, 4, 1),
                tot=datetime.date(2026, 4, 30),
                omschrijving="Training vrijwilligers mantelzorgondersteuning",
                status="concept",
            ),
        ),
        (
            "Stichting Gezond Boskoop",
            dict(
                regel=regel(gezond, 2026),
                bedrag="5000.00",
                factuurnummer="GB-2026-004",
                omschrijving="Beweegprogramma 65-plussers eerste kwartaal",
                ingediend=datetime.date(2026, 4, 12),
                status="wijziging_gevraagd",
                reden="Splits de factuur per activiteit en vermeld het aantal deelnemers.",
            ),
        ),
        (
            "Tom in de Buurt",
            dict(
                regel=regel(tom, 2026),
                bedrag="2400.00",
                uren="40",
                factuurnummer="TIDB-2026-09",
                omschrijving="Organisatie leernetwerk sociaal en medisch domein (twee sessies)",
                ingediend=datetime.date(2026, 4, 15),
                status="ingediend",
            ),
        ),
    ]
    made = []
    for org, spec in specs:
        users = {"partner": partner_users[org], "financien": financien, "financien2": financien}
        d = _declaratie(spec, users, beschikking_bestaat, overgeslagen)
        if d is not None:
            made.append(d)
    return made


def load(stdout=None):
    overgeslagen = Overgeslagen()
    zuidwijken = load_zuidwijken(overgeslagen)
    boskoop = load_boskoop(overgeslagen)
    if stdout:
        for regel in overgeslagen:
            stdout.write(f"declaraties: overgeslagen: {regel}")
        if overgeslagen.bestaand:
            stdout.write(
                "declaraties: overgeslagen omdat ze al bestaan: "
                + ", ".join(f"{n} {soort}" for soort, n in sorted(overgeslagen.bestaand.items()))
            )
        stdout.write(
            f"declaraties: {Declaratie.objects.count()} declaraties ({len(zuidwijken) + len(boskoop)} nieuw), "
            f"{Declaratie.objects.filter(status='betaald').count()} betaald"
        )
