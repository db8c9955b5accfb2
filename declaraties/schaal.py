"""A national data set for measuring (`manage.py schaal_data`, issue 15).

`schaal` 1.0 is the national programme: ~351 gemeenten, ~1,000 buurten, ~1,860 partners, ~200,000
declarations and ~590,000 journal lines (two per booking, two per paid declaration in its weekly
payment run; the issue's own set had ~1,000,000); one gemeente (number 001, "the Zutphen of the set") holds a
tenth of the declarations, so the pages of a large gemeente can be measured too.

How the data comes in, and which invariants it keeps:
- the skeleton of each gemeente (buurten with a vastgesteld buurtplan and approved begroting, the
  aanvraag and its granted beschikking, received termijnen, toekenningen) goes through the services,
  so it is exactly what users would have made;
- the bulk (declarations with their approvals, payments and ledger entries) is written with
  bulk_create, but every ledger entry through `grootboek.api.boek_in_bulk` (the same checks as
  `boek()`: balanced, one side per line, open year, gapless stuknummers per gemeente and year), every
  booked declaration approved by two different finance officers and paid by a third (four eyes,
  separation of duties), numbers gapless from the gemeente's Nummerteller, and every amount within
  its begrotingsregel, toekenning and beschikking. `manage.py grootboek_controle` passes afterwards.
- what bulk rows do not get: an attachment, a history row and a timeline line per declaration (one
  timeline line per boekjaar batch in the ledger).

Idempotent: a gemeente is made in one transaction and recognised by its name, so a second run with
the same `schaal` skips everything and a larger `schaal` adds the missing gemeenten. Deterministic per
`seed`. PostgreSQL only (ids are reserved from the sequences before the rows are written).
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from buurtplan import services as buurtplan_services
from buurtplan.models import Begrotingsregel, Thema
from core import roles
from core.models import Melding, Organisatie, User
from grootboek import api as grootboek
from spuk import services as spuk_services
from spuk.demo import load_regeling
from spuk.models import Termijn

from . import services
from .models import Beoordeling, Betaling, Declaratie, Nummerteller

NATIONAAL = {"gemeenten": 351, "buurten": 1000, "partners": 1860, "declaraties": 200_000}
PREFIX = "Schaalgemeente"
WACHTWOORD = "Schaal-SPUK-2026"
E_MAIL_DOMEIN = "schaal.test"
JAREN = (2024, 2025, 2026, 2027)
BESCHIKKING_DATUM = datetime.date(2024, 11, 1)
# Everything lies before this date, so the data set does not depend on the day it is loaded.
PEILDATUM = datetime.date(2026, 10, 31)
# Share of the declarations of gemeente 001 (the large gemeente of the measurements).
GROOTSTE_AANDEEL = 0.10
STATUSSEN = (
    (Declaratie.Status.BETAALD, 0.72),
    (Declaratie.Status.GEBOEKT, 0.09),
    (Declaratie.Status.INGEDIEND, 0.04),
    (Declaratie.Status.OPNIEUW_INGEDIEND, 0.01),
    (Declaratie.Status.GOEDGEKEURD, 0.03),
    (Declaratie.Status.WIJZIGING_GEVRAAGD, 0.03),
    (Declaratie.Status.AFGEWEZEN, 0.04),
    (Declaratie.Status.CONCEPT, 0.04),
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
S = Declaratie.Status


@dataclass(frozen=True)
class GemeenteOmvang:
    index: int
    buurten: int
    partners: int
    declaraties: int

    @property
    def naam(self) -> str:
        return f"{PREFIX} {self.index:03d}"


def _verdeel(totaal: int, delen: int, minimum: int = 0) -> list[int]:
    basis, rest = divmod(totaal, delen)
    return [max(minimum, basis + (1 if i < rest else 0)) for i in range(delen)]


def omvang(schaal: float) -> list[GemeenteOmvang]:
    """How many buurten, partners and declarations each gemeente gets at this `schaal`."""
    n = max(2, round(NATIONAAL["gemeenten"] * schaal))
    buurten = _verdeel(max(n, round(NATIONAAL["buurten"] * schaal)), n, 1)
    partners = _verdeel(max(2 * n, round(NATIONAAL["partners"] * schaal)), n, 2)
    declaraties = round(NATIONAAL["declaraties"] * schaal)
    grootste = max(round(declaraties * GROOTSTE_AANDEEL), declaraties // n)
    overige = _verdeel(declaraties - grootste, n - 1)
    return [GemeenteOmvang(i + 1, buurten[i], partners[i], grootste if i == 0 else overige[i - 1]) for i in range(n)]


def bestaande_gemeenten() -> set[str]:
    return set(Organisatie.objects.filter(naam__startswith=PREFIX).values_list("naam", flat=True))


def laad(schaal: float, seed: int = 2026, melding: Callable[[str], None] = print) -> dict[str, int]:
    """Create the gemeenten of `schaal` that do not exist yet; returns counts of what was made."""
    regeling = load_regeling()
    wachtwoord = make_password(WACHTWOORD)
    groepen = {naam: Group.objects.get_or_create(name=naam)[0] for naam in roles.ROLES}
    bestaand = bestaande_gemeenten()
    gemaakt: dict[str, int] = defaultdict(int)
    for gemeente in omvang(schaal):
        if gemeente.naam in bestaand:
            gemaakt["overgeslagen"] += 1
            continue
        rng = random.Random(f"{seed}-{gemeente.index}")
        with transaction.atomic():
            telling = _Gemeente(gemeente, rng, regeling, wachtwoord, groepen).maak()
        for key, value in telling.items():
            gemaakt[key] += value
        gemaakt["gemeenten"] += 1
        melding(f"{gemeente.naam}: {telling['declaraties']} declaraties, {telling['journaalposten']} journaalposten")
    return dict(gemaakt)


def _reserveer_ids(model: type[models.Model], n: int) -> list[int]:
    """n ids from the model's sequence, so rows can point at each other before they exist."""
    if n == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
        return [row[0] for row in cursor.fetchall()]


def _moment(datum: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datum, datetime.time(12)))


def _kwartaal(jaar: int, q: int) -> tuple[datetime.date, datetime.date]:
    van = datetime.date(jaar, 3 * q - 2, 1)
    tot = datetime.date(jaar + (q == 4), (3 * q) % 12 + 1, 1) - datetime.timedelta(days=1)
    return van, tot


class _Gemeente:
    def __init__(self, omvang: GemeenteOmvang, rng: random.Random, regeling, wachtwoord: str, groepen) -> None:
        self.omvang = omvang
        self.rng = rng
        self.regeling = regeling
        self.wachtwoord = wachtwoord
        self.groepen = groepen
        self.telling: dict[str, int] = defaultdict(int)

    # -- people -------------------------------------------------------------------------------

    def _user(self, email: str, voornaam: str, organisatie: Organisatie, rol: str, gemeente: Organisatie | None):
        user = User.objects.create(
            email=email,
            first_name=voornaam,
            last_name=organisatie.naam,
            organisatie=organisatie,
            password=self.wachtwoord,
        )
        user.groups.add(self.groepen[rol])
        if gemeente is not None:
            user.gemeenten.add(gemeente)
        self.telling["gebruikers"] += 1
        return User.objects.get(pk=user.pk)

    def maak(self) -> dict[str, int]:
        o = self.omvang
        g = Organisatie.objects.create(naam=o.naam, soort=Organisatie.Soort.GEMEENTE, cbs_code=f"{7000 + o.index:04d}")
        self.gemeente = g
        tag = f"g{o.index:03d}"
        self.beleid = self._user(f"beleid.{tag}@{E_MAIL_DOMEIN}", "Beleid", g, roles.BELEID, g)
        self.financien = self._user(f"financien.{tag}@{E_MAIL_DOMEIN}", "Financien", g, roles.FINANCIEN, g)
        self.financien2 = self._user(f"financien2.{tag}@{E_MAIL_DOMEIN}", "Tweede", g, roles.FINANCIEN, g)
        self.betaler = self._user(f"financien3.{tag}@{E_MAIL_DOMEIN}", "Betaler", g, roles.FINANCIEN, g)
        self._user(f"controle.{tag}@{E_MAIL_DOMEIN}", "Controle", g, roles.CONTROLE, g)
        self.partners = []
        self.partner_users = {}
        for p in range(1, o.partners + 1):
            org = Organisatie.objects.create(
                naam=f"Schaalpartner {o.index:03d}-{p:02d}", soort=Organisatie.Soort.SOCIAAL_DOMEINPARTNER
            )
            self.partners.append(org)
            self.partner_users[org.pk] = self._user(
                f"partner{p:02d}.{tag}@{E_MAIL_DOMEIN}", "Partner", org, roles.PARTNER, None
            )
        self.zorg = Organisatie.objects.create(naam=f"Schaalzorg {o.index:03d}", soort=Organisatie.Soort.ZORGAANBIEDER)
        plan = self._plan_declaraties()
        regels = self._buurten(plan)
        beschikking = self._beschikking(regels)
        self._toekenningen(regels)
        self._declaraties(plan, regels, beschikking)
        return dict(self.telling)

    # -- what will be declared (decides the budgets) ------------------------------------------

    def _plan_declaraties(self) -> list[dict]:
        """Per declaration: buurt index, partner, year, quarter, amount and status."""
        rng = self.rng
        statussen, gewichten = zip(*STATUSSEN, strict=True)
        plan = []
        for _n in range(self.omvang.declaraties):
            buurt = rng.randrange(self.omvang.buurten)
            partner = self.partners[(2 * buurt + rng.randrange(2)) % len(self.partners)]
            jaar = rng.choices((2024, 2025, 2026), weights=(1, 3, 3))[0]
            q = rng.randint(1 if jaar > 2024 else 3, 3 if jaar == 2026 else 4)
            status = rng.choices(statussen, weights=gewichten)[0]
            if status == S.GOEDGEKEURD:
                # Waiting for the second approval: only at or above the four-eyes threshold.
                bedrag = Decimal(rng.randint(12_000, 25_000))
            elif rng.random() < 0.05:
                bedrag = Decimal(rng.randint(10_000, 20_000))
            else:
                bedrag = Decimal(rng.randint(15_000, 400_000)) / 100
            plan.append(
                {
                    "buurt": buurt,
                    "partner": partner,
                    "jaar": jaar,
                    "q": q,
                    "bedrag": bedrag.quantize(Decimal("0.01")),
                    "status": status,
                }
            )
        return plan

    # -- skeleton through the services ----------------------------------------------------------

    def _buurten(self, plan: list[dict]) -> dict[tuple[int, int, int], Begrotingsregel]:
        """Buurten with a vastgesteld plan; {(buurt index, partner id, jaar): Begrotingsregel}."""
        nodig: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
        for d in plan:
            nodig[(d["buurt"], d["partner"].pk, d["jaar"])] += d["bedrag"]
        actor = self.beleid
        self.buurten = []
        regels = {}
        for b in range(self.omvang.buurten):
            buurt = buurtplan_services.maak_buurt(
                actor,
                naam=f"Schaalbuurt {self.omvang.index:03d}-{b + 1:02d}",
                gemeente=self.gemeente,
                alliantiepartners=[self.zorg],
                cohort=1,
                inwoners=self.rng.randint(2500, 9000),
                marktaandeel=Decimal("55.0"),
                **{
                    f"crit_{c}": True
                    for c in (
                        "professionals",
                        "burgers",
                        "samenwerking",
                        "marktaandeel",
                        "case_for_change",
                        "executiekracht",
                    )
                },
            )
            self.buurten.append(buurt)
            for naam, discipline, kartrekker in (
                ("Wendy Wijk", "wijkverpleegkundige", True),
                ("Sam Sociaal", "sociaal_domein", True),
                ("Bob Bewoner", "bewoner", False),
                ("Hanna Huisarts", "huisarts", False),
            ):
                buurtplan_services.voeg_netwerklid_toe(
                    actor, buurt, naam=naam, discipline=discipline, kartrekker=kartrekker
                )
            bp = buurtplan_services.maak_buurtplan(actor, buurt)
            thema = Thema.objects.get(transformatieplan=buurt.transformatieplan, code="zorgzame_buurt")
            for p in {self.partners[(2 * b) % len(self.partners)], self.partners[(2 * b + 1) % len(self.partners)]}:
                activiteit = buurtplan_services.voeg_activiteit_toe(
                    actor, bp, thema=thema, naam=f"Inzet {p.naam}", uitvoerende_partner=p
                )
                for jaar in JAREN:
                    # A quarter more than will be declared, and something for every year.
                    bedrag = (nodig.get((b, p.pk, jaar), Decimal(0)) * Decimal("1.25") + 5000).quantize(Decimal("1"))
                    regels[(b, p.pk, jaar)] = buurtplan_services.voeg_regel_toe(
                        actor,
                        bp.begroting,
                        activiteit=activiteit,
                        jaar=jaar,
                        domein="sociaal_domein",
                        financiering="spuk",
                        ontvangende_partner=p,
                        bedrag=bedrag,
                    )
            buurtplan_services.dien_begroting_in(actor, bp.begroting)
            buurtplan_services.beoordeel_begroting(
                actor, bp.begroting, goedgekeurd=True, datum=datetime.date(2024, 9, 1)
            )
            for soort, wie, functie, organisatie in (
                ("buurtplan", "Wendy Wijk", "Wijkverpleegkundige", None),
                ("buurtbegroting", "Wendy Wijk", "Wijkverpleegkundige", None),
                ("intentieverklaring", "J. Wethouder", "Wethouder", self.gemeente),
                ("overeenkomst", "J. Wethouder", "Wethouder", self.gemeente),
            ):
                buurtplan_services.voeg_ondertekening_toe(
                    actor,
                    bp,
                    soort=soort,
                    ondertekenaar=wie,
                    functie=functie,
                    getekend_op=datetime.date(2024, 9, 15),
                    document=SimpleUploadedFile(f"{soort}.pdf", PDF, content_type="application/pdf"),
                    organisatie=organisatie,
                    organisatie_naam="" if organisatie else "Buurtnetwerk",
                )
            buurtplan_services.stel_vast(actor, bp)
            self.telling["buurten"] += 1
        return regels

    def _beschikking(self, regels):
        per_jaar: dict[int, Decimal] = defaultdict(Decimal)
        for (_b, _p, jaar), regel in regels.items():
            per_jaar[jaar] += regel.bedrag
        nummer = f"SPUK-SCHAAL-{self.omvang.index:04d}"
        aanvraag = spuk_services.maak_aanvraag(
            self.beleid,
            gemeente=self.gemeente,
            regeling=self.regeling,
            titel=f"De Buurt als Ecosysteem {self.gemeente.naam}",
            zaaknummer=nummer,
            buurten=self.buurten,
            bedragen=dict(per_jaar),
            datum_collegebesluit=datetime.date(2024, 9, 20),
        )
        spuk_services.dien_in(self.beleid, aanvraag, reden="Schaaldata", datum=datetime.date(2024, 10, 1))
        beschikking = spuk_services.verleen(
            self.financien, aanvraag, nummer=nummer, datum=BESCHIKKING_DATUM, bedrag=sum(per_jaar.values())
        )
        for termijn in beschikking.termijnen.filter(verwachte_datum__lte=PEILDATUM).order_by("jaar"):
            spuk_services.registreer_termijn(self.financien, termijn, ontvangen_op=termijn.verwachte_datum)
            self.telling["termijnen"] += 1
        assert not Termijn.objects.filter(
            beschikking=beschikking, status="ontvangen", journaalpost__isnull=True
        ).exists()
        return beschikking

    def _toekenningen(self, regels) -> None:
        for (b, _partner_id, jaar), regel in regels.items():
            services.leg_toekenning_vast(
                self.beleid,
                partner=regel.ontvangende_partner,
                buurt=self.buurten[b],
                jaar=jaar,
                plafond=regel.bedrag,
                besluit_kenmerk=f"S/{jaar}/{self.omvang.index:03d}",
                besluit_datum=datetime.date(jaar - 1, 12, 1),
            )
            self.telling["toekenningen"] += 1

    # -- the bulk ------------------------------------------------------------------------------

    def _datum(self, datum: datetime.date) -> datetime.date:
        return min(datum, PEILDATUM)

    def _beoordeling_voor(self, status: str) -> tuple[str, tuple[Any, ...], str]:
        """(besluit, reviewers, reason) of the reviews a declaration in `status` has had: a request
        for changes, a refusal, one approval, or — booked — four eyes by two finance officers."""
        B = Beoordeling.Besluit
        if status in (S.WIJZIGING_GEVRAAGD, S.OPNIEUW_INGEDIEND):
            return B.WIJZIGING_GEVRAAGD, (self.financien,), "Voeg het urenoverzicht van het kwartaal toe."
        if status == S.AFGEWEZEN:
            return B.AFGEWEZEN, (self.financien,), "Deze kosten vallen buiten de activiteit van het buurtplan."
        if status == S.GOEDGEKEURD:
            return B.GOEDGEKEURD, (self.financien,), ""
        if status in (S.GEBOEKT, S.BETAALD):
            return B.GOEDGEKEURD, (self.financien, self.financien2), ""
        return B.GOEDGEKEURD, (), ""

    def _declaraties(self, plan, regels, beschikking) -> None:
        rng = self.rng
        g = self.gemeente
        ids = _reserveer_ids(Declaratie, len(plan))
        decl_ct = ContentType.objects.get_for_model(Declaratie)
        betaling_ct = ContentType.objects.get_for_model(Betaling)
        lasten = grootboek.standaard_rekening(g, grootboek.Rol.LASTEN, beschikking.nummer)
        crediteuren = grootboek.standaard_rekening(g, grootboek.Rol.CREDITEUREN)
        bank = grootboek.standaard_rekening(g, grootboek.Rol.BANK)
        # Submission order decides the numbers, as in dien_in.
        rijen = []
        for pk, d in zip(ids, plan, strict=True):
            van, tot = _kwartaal(d["jaar"], d["q"])
            ingediend = self._datum(tot + datetime.timedelta(days=rng.randint(3, 45)))
            rijen.append({**d, "pk": pk, "van": van, "tot": tot, "ingediend": ingediend})
        rijen.sort(key=lambda r: (r["ingediend"], r["pk"]))
        tellers: dict[int, int] = defaultdict(int)
        boekingen: list[grootboek.Boeking] = []
        betaalgroepen: dict[datetime.date, list[dict]] = defaultdict(list)
        for r in rijen:
            regel = regels[(r["buurt"], r["partner"].pk, r["jaar"])]
            r["regel"] = regel
            if r["status"] != S.CONCEPT:
                jaar = r["ingediend"].year
                tellers[jaar] += 1
                r["nummer"] = f"D{jaar}-{tellers[jaar]:04d}"
            else:
                r["nummer"] = ""
            if r["status"] in (S.GEBOEKT, S.BETAALD):
                boekdatum = self._datum(
                    max(r["ingediend"], BESCHIKKING_DATUM) + datetime.timedelta(days=rng.randint(2, 20))
                )
                r["boekdatum"] = boekdatum
                tekst = f"Declaratie {r['nummer']} {r['partner']}"
                r["boeking"] = len(boekingen)
                boekingen.append(
                    grootboek.Boeking(
                        boekdatum=boekdatum,
                        omschrijving=tekst,
                        regels=[
                            grootboek.Regel(
                                lasten,
                                debet=r["bedrag"],
                                relatie=r["partner"],
                                bestedingsjaar=r["jaar"],
                                omschrijving=tekst,
                                activiteit=regel.activiteit_id,
                            ),
                            grootboek.Regel(
                                crediteuren,
                                credit=r["bedrag"],
                                relatie=r["partner"],
                                bestedingsjaar=r["jaar"],
                                omschrijving=tekst,
                            ),
                        ],
                        bron_type=decl_ct,
                        bron_id=str(r["pk"]),
                        bron_referentie=r["nummer"],
                    )
                )
                if r["status"] == S.BETAALD:
                    # The weekly payment run (Friday) at least a week after booking.
                    dag = boekdatum + datetime.timedelta(days=7)
                    dag += datetime.timedelta(days=(4 - dag.weekday()) % 7)
                    if dag > PEILDATUM:
                        r["status"] = S.GEBOEKT
                    else:
                        betaalgroepen[dag].append(r)
        betaling_ids = _reserveer_ids(Betaling, len(betaalgroepen))
        betalingen = []
        for betaling_id, (dag, groep) in zip(betaling_ids, sorted(betaalgroepen.items()), strict=True):
            referentie = f"BETAALRUN-{dag:%Y-%W}"
            regels_ = []
            for r in groep:
                tekst = f"Betaling declaratie {r['nummer']}"
                regels_.append(
                    grootboek.Regel(
                        crediteuren,
                        debet=r["bedrag"],
                        relatie=r["partner"],
                        bestedingsjaar=r["jaar"],
                        omschrijving=tekst,
                    )
                )
                regels_.append(
                    grootboek.Regel(
                        bank, credit=r["bedrag"], relatie=r["partner"], bestedingsjaar=r["jaar"], omschrijving=tekst
                    )
                )
                r["betaling_id"] = betaling_id
            omschrijving = f"Betaling declaraties {', '.join(r['nummer'] for r in groep)}"[:280] + f" ({referentie})"
            betalingen.append((betaling_id, dag, referentie, groep, len(boekingen)))
            boekingen.append(
                grootboek.Boeking(
                    boekdatum=dag,
                    omschrijving=omschrijving,
                    regels=regels_,
                    bron_type=betaling_ct,
                    bron_id=str(betaling_id),
                    bron_referentie=referentie,
                )
            )
        posten = grootboek.boek_in_bulk(self.financien2, g, boekingen)
        self.telling["journaalposten"] += len(posten)
        self.telling["journaalregels"] += sum(len(b.regels) for b in boekingen)
        Betaling.objects.bulk_create(
            [
                Betaling(
                    pk=betaling_id,
                    gemeente=g,
                    betaaldatum=dag,
                    referentie=referentie,
                    totaal=sum((r["bedrag"] for r in groep), Decimal("0.00")),
                    journaalpost=posten[index],
                    geregistreerd_door=self.betaler,
                )
                for betaling_id, dag, referentie, groep, index in betalingen
            ],
            batch_size=2000,
        )
        self.telling["betalingen"] += len(betalingen)
        declaraties = []
        beoordelingen: list[Beoordeling] = []
        meldingen = []
        for r in rijen:
            status = r["status"]
            ingediend = status != S.CONCEPT
            ronde = 2 if status == S.OPNIEUW_INGEDIEND else (1 if ingediend else 0)
            partner_user = self.partner_users[r["partner"].pk]
            besluit, beoordelaars, reden = self._beoordeling_voor(status)
            beoordelingen.extend(
                Beoordeling(declaratie_id=r["pk"], beoordelaar=wie, besluit=besluit, ronde=1, toelichting=reden)
                for wie in beoordelaars
            )
            if status in (S.GEBOEKT, S.BETAALD):
                meldingen.append(
                    Melding(
                        ontvanger=partner_user,
                        titel=f"Declaratie {r['nummer']} is goedgekeurd",
                        link=reverse("declaraties:detail", args=[r["pk"]]),
                        gelezen_op=None if rng.random() < 0.05 else _moment(r["boekdatum"]),
                        email_gewenst=False,
                    )
                )
            if status in (S.INGEDIEND, S.OPNIEUW_INGEDIEND, S.GOEDGEKEURD) or (status == S.WIJZIGING_GEVRAAGD):
                for wie in (self.financien, self.financien2):
                    if rng.random() < 0.5:
                        meldingen.append(
                            Melding(
                                ontvanger=wie,
                                titel=f"Declaratie {r['nummer']} wacht op beoordeling",
                                link=reverse("declaraties:detail", args=[r["pk"]]),
                                email_gewenst=False,
                            )
                        )
            declaraties.append(
                Declaratie(
                    pk=r["pk"],
                    gemeente=g,
                    nummer=r["nummer"],
                    partner=r["partner"],
                    buurt=self.buurten[r["buurt"]],
                    begrotingsregel=r["regel"],
                    regel_oorsprong_id=r["regel"].pk,
                    bestedingsjaar=r["jaar"],
                    periode_van=r["van"],
                    periode_tot=r["tot"],
                    bedrag=r["bedrag"],
                    uren=None,
                    omschrijving=f"Inzet {r['partner'].naam} kwartaal {r['q']} {r['jaar']}",
                    factuurnummer=f"F{self.omvang.index:03d}-{r['pk']}",
                    niet_elders_gefinancierd=ingediend,
                    status=status,
                    ronde=ronde,
                    reden=reden,
                    aangemaakt_door=partner_user,
                    ingediend_door=partner_user if ingediend else None,
                    ingediend_op=_moment(r["ingediend"]) if ingediend else None,
                    goedgekeurd_op=_moment(r["boekdatum"]) if "boeking" in r else None,
                    journaalpost=posten[r["boeking"]] if "boeking" in r else None,
                    geboekt_op_beschikking=beschikking.nummer if "boeking" in r else "",
                    betaling_id=r.get("betaling_id") if status == S.BETAALD else None,
                )
            )
        Declaratie.objects.bulk_create(declaraties, batch_size=2000)
        Beoordeling.objects.bulk_create(beoordelingen, batch_size=5000)
        Melding.objects.bulk_create(meldingen, batch_size=5000)
        Nummerteller.objects.bulk_create(
            [Nummerteller(gemeente=g, jaar=jaar, laatste=n) for jaar, n in tellers.items()]
        )
        self.telling["declaraties"] += len(declaraties)
        self.telling["beoordelingen"] += len(beoordelingen)
        self.telling["meldingen"] += len(meldingen)
