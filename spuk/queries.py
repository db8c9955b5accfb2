"""Read models of spuk, used by its views and reports and by `declaraties` (keep names stable).

Every amount is computed from the grootboek (SQL aggregates over Journaalregel), never stored.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from buurtplan.queries import spuk_totalen_per_jaar
from grootboek import queries as gq
from grootboek.models import Journaalregel, Rekening
from mijlpalen.queries import mijlpalen_totalen_per_jaar

from .models import Aanvraag, Beschikking, Jaarafsluiting, Termijn, Terugbetaling

ZERO = Decimal("0.00")
ACTIEVE_STATUSSEN = (Aanvraag.Status.VERLEEND, Aanvraag.Status.VASTGESTELD)


# ---------------------------------------------------------------------------------------------
# Public interface for declaraties
# ---------------------------------------------------------------------------------------------


def beschikking_voor_buurt(buurt):
    """The granted beschikking (aanvraag verleend or vastgesteld) whose aanvraag includes `buurt`,
    newest first; None when the buurt has none. Declaraties books on its accounts."""
    return (
        Beschikking.objects.filter(aanvraag__buurten=buurt, aanvraag__status__in=ACTIEVE_STATUSSEN)
        .select_related("aanvraag", "gemeente")
        .order_by("-datum", "-pk")
        .first()
    )


def beschikkingsnummer_voor_buurt(buurt):
    """The beschikkingsnummer of `beschikking_voor_buurt(buurt)`, or None."""
    beschikking = beschikking_voor_buurt(buurt)
    return beschikking.nummer if beschikking else None


def beschikkingen_van_gemeente(gemeente):
    """Granted beschikkingen of a gemeente (penvoerder), newest first."""
    return Beschikking.objects.filter(gemeente=gemeente, aanvraag__status__in=ACTIEVE_STATUSSEN).select_related("aanvraag")


# ---------------------------------------------------------------------------------------------
# Aanvraag: reconciliation of requested amounts, buurtbegrotingen and milestone amounts
# ---------------------------------------------------------------------------------------------


def aangevraagd_per_jaar(aanvraag):
    return {b.jaar: b.bedrag for b in aanvraag.bedragen.all()}


def reconciliatie(aanvraag, aangevraagd=None):
    """Per year: requested amount against the SPUK lines of the buurtbegrotingen (sum over the
    aanvraag's buurten) and against the social-domain milestone amounts.

    Returns {"rijen": [{jaar, aangevraagd, begroting, mijlpalen, verschil_begroting, verschil_mijlpalen,
    klopt}], "totaal": {...same keys...}, "verschillen": [rij...], "klopt": bool}.
    verschil_* = aangevraagd − other. `aangevraagd` may be passed ({jaar: Decimal}) to check
    amounts that are not saved yet.
    """
    aangevraagd = aangevraagd if aangevraagd is not None else aangevraagd_per_jaar(aanvraag)
    begroting, mijlpalen = {}, {}
    for buurt in aanvraag.buurten.all():
        for jaar, bedrag in spuk_totalen_per_jaar(buurt).items():
            begroting[jaar] = begroting.get(jaar, ZERO) + bedrag
        for jaar, bedrag in mijlpalen_totalen_per_jaar(buurt).items():
            mijlpalen[jaar] = mijlpalen.get(jaar, ZERO) + bedrag
    rijen = []
    for jaar in sorted(set(aangevraagd) | set(begroting) | set(mijlpalen)):
        a, b, m = aangevraagd.get(jaar, ZERO), begroting.get(jaar, ZERO), mijlpalen.get(jaar, ZERO)
        rijen.append({
            "jaar": jaar, "aangevraagd": a, "begroting": b, "mijlpalen": m,
            "verschil_begroting": a - b, "verschil_mijlpalen": a - m, "klopt": a == b and a == m,
        })
    totaal = {key: sum((r[key] for r in rijen), ZERO) for key in
              ("aangevraagd", "begroting", "mijlpalen", "verschil_begroting", "verschil_mijlpalen")}
    totaal["klopt"] = all(r["klopt"] for r in rijen)
    verschillen = [r for r in rijen if not r["klopt"]]
    return {"rijen": rijen, "totaal": totaal, "verschillen": verschillen, "klopt": not verschillen}


# ---------------------------------------------------------------------------------------------
# Beschikking: termijnen, bookings, verloopstaat
# ---------------------------------------------------------------------------------------------


def rekening(beschikking, rol):
    """The per-beschikking account with this role, or None if it does not exist yet (read-only)."""
    return Rekening.objects.filter(gemeente_id=beschikking.gemeente_id, rol=rol, beschikkingsnummer=beschikking.nummer).first()


def regels_van_beschikking(beschikking):
    """Every ledger line on the beschikking's accounts, with entry, account and relation."""
    return gq.regels_van_beschikking(beschikking.gemeente, beschikking.nummer, rol=None)


def termijnen_overzicht(beschikking):
    termijnen = list(beschikking.termijnen.select_related("journaalpost").order_by("jaar"))
    return {
        "termijnen": termijnen,
        "verwacht": sum((t.verwacht_bedrag for t in termijnen), ZERO),
        "ontvangen": sum((t.ontvangen_bedrag or ZERO for t in termijnen), ZERO),
    }


@dataclass
class Verloopstaat:
    """BBV art. 52a: the course of the Vooruitontvangen balance of one beschikking in year T.

    Liability amounts are shown positive (credit balance). `overig` holds mutations that are
    not termijnen, vrijval or terugbetalingen (manual entries), so the statement always closes.
    """

    jaar: int
    beginsaldo: Decimal
    ontvangen: Decimal
    vrijgevallen: Decimal
    terugbetaald: Decimal
    overig: Decimal
    eindsaldo: Decimal
    grootboeksaldo: Decimal

    @property
    def sluit(self):
        berekend = self.beginsaldo + self.ontvangen - self.vrijgevallen - self.terugbetaald + self.overig
        return berekend == self.eindsaldo == self.grootboeksaldo

    def as_dict(self):
        return {
            "jaar": self.jaar, "beginsaldo": self.beginsaldo, "ontvangen": self.ontvangen,
            "vrijgevallen": self.vrijgevallen, "terugbetaald": self.terugbetaald, "overig": self.overig,
            "eindsaldo": self.eindsaldo, "grootboeksaldo": self.grootboeksaldo,
        }


def verloopstaat(beschikking, jaar):
    """The verloopstaat of `beschikking` for year `jaar`, from the Vooruitontvangen account.

    Lines are classified by the source of their journal entry (a reversal keeps its original's
    source, so it nets out in the same row): Termijn → ontvangen, Jaarafsluiting → vrijgevallen,
    Terugbetaling → terugbetaald, anything else → overig. The closing balance is checked against
    `grootboek.queries.saldo` at 31-12-T.
    """
    jaar = int(jaar)
    account = rekening(beschikking, Rekening.Rol.VOORUITONTVANGEN)
    if account is None:
        return Verloopstaat(jaar, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, ZERO)
    ct = ContentType.objects.get_for_models(Termijn, Jaarafsluiting, Terugbetaling)
    t, j, r = ct[Termijn].pk, ct[Jaarafsluiting].pk, ct[Terugbetaling].pk
    in_jaar = Q(journaalpost__boekjaar=jaar)
    qs = Journaalregel.objects.filter(rekening=account, journaalpost__boekjaar__lte=jaar)

    def netto(filter_q):
        return gq._sum("credit", filter=filter_q) - gq._sum("debet", filter=filter_q)

    figures = qs.aggregate(
        begin=netto(Q(journaalpost__boekjaar__lt=jaar)),
        ontvangen=netto(in_jaar & Q(journaalpost__bron_type_id=t)),
        vrijval=netto(in_jaar & Q(journaalpost__bron_type_id=j)),
        terug=netto(in_jaar & Q(journaalpost__bron_type_id=r)),
        totaal=netto(in_jaar),
    )
    begin = gq._money(figures["begin"])
    ontvangen = gq._money(figures["ontvangen"])
    vrijgevallen = -gq._money(figures["vrijval"])
    terugbetaald = -gq._money(figures["terug"])
    totaal = gq._money(figures["totaal"])
    overig = totaal - ontvangen + vrijgevallen + terugbetaald
    eind = begin + totaal
    grootboeksaldo = -gq.saldo(account, tot_datum=datetime.date(jaar, 12, 31))
    return Verloopstaat(jaar, begin, ontvangen, vrijgevallen, terugbetaald, overig, eind, grootboeksaldo)


def verloopstaten(beschikking):
    """The verloopstaat of every year of the beschikking period (and later years with entries)."""
    jaren = set(beschikking.jaren)
    account = rekening(beschikking, Rekening.Rol.VOORUITONTVANGEN)
    if account is not None:
        jaren |= set(account.regels.values_list("journaalpost__boekjaar", flat=True).distinct())
    return [verloopstaat(beschikking, jaar) for jaar in sorted(jaren)]


def lasten_netto_in_boekjaar(beschikking, jaar):
    """Net Lasten SPUK (debet − credit) booked in boekjaar `jaar` on the beschikking."""
    account = rekening(beschikking, Rekening.Rol.LASTEN)
    if account is None:
        return ZERO
    totals = Journaalregel.objects.filter(rekening=account, journaalpost__boekjaar=jaar).aggregate(
        d=gq._sum("debet"), c=gq._sum("credit")
    )
    return gq._money(totals["d"] - totals["c"])


def baten_netto_in_boekjaar(beschikking, jaar):
    """Net Baten SPUK (credit − debet) booked in boekjaar `jaar` on the beschikking (released so far)."""
    account = rekening(beschikking, Rekening.Rol.BATEN)
    if account is None:
        return ZERO
    totals = Journaalregel.objects.filter(rekening=account, journaalpost__boekjaar=jaar).aggregate(
        d=gq._sum("debet"), c=gq._sum("credit")
    )
    return gq._money(totals["c"] - totals["d"])


def nog_vrij_te_laten(beschikking, jaar):
    """What the jaarafsluiting of `jaar` would release: net Lasten of boekjaar T not released yet."""
    return lasten_netto_in_boekjaar(beschikking, jaar) - baten_netto_in_boekjaar(beschikking, jaar)


def financieel_overzicht(beschikking):
    """Totals over the life of the beschikking: received, spent (Lasten), released, repaid, balance."""
    result = {"ontvangen": ZERO, "lasten": ZERO, "vrijgevallen": ZERO, "terugbetaald": ZERO, "saldo_vooruitontvangen": ZERO,
              "te_betalen_rijk": ZERO}
    regels = Journaalregel.objects.filter(
        journaalpost__gemeente_id=beschikking.gemeente_id, rekening__beschikkingsnummer=beschikking.nummer
    )
    rows = regels.values("rekening__rol").annotate(d=gq._sum("debet"), c=gq._sum("credit")).order_by()
    per_rol = {row["rekening__rol"]: (gq._money(row["d"]), gq._money(row["c"])) for row in rows}
    d, c = per_rol.get(Rekening.Rol.LASTEN, (ZERO, ZERO))
    result["lasten"] = d - c
    d, c = per_rol.get(Rekening.Rol.BATEN, (ZERO, ZERO))
    result["vrijgevallen"] = c - d
    d, c = per_rol.get(Rekening.Rol.VOORUITONTVANGEN, (ZERO, ZERO))
    result["saldo_vooruitontvangen"] = c - d
    d, c = per_rol.get(Rekening.Rol.TE_BETALEN_RIJK, (ZERO, ZERO))
    result["te_betalen_rijk"] = c - d
    result["ontvangen"] = sum(
        (t.ontvangen_bedrag or ZERO for t in beschikking.termijnen.all() if t.status == Termijn.Status.ONTVANGEN), ZERO
    )
    result["terugbetaald"] = sum((t.bedrag for t in beschikking.terugbetalingen.all()), ZERO)
    return result
