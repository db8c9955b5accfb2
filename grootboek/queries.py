"""Read models of the ledger. Every figure is a SQL aggregate over Journaalregel (Decimal, no floats).

Sign convention: `saldo` = debet − credit (a credit balance is negative).
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum, Value, Window
from django.db.models.functions import Coalesce, Round

from .models import Journaalpost, Journaalregel, Rekening

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(expression, **kwargs):
    return Coalesce(Sum(expression, **kwargs), Value(ZERO), output_field=_MONEY)


def _money(value):
    return (value if value is not None else ZERO).quantize(Decimal("0.01"))


def saldo(rekening, tot_datum=None):
    """Balance (debet − credit) of an account, over all lines up to and including `tot_datum`."""
    qs = Journaalregel.objects.filter(rekening=rekening)
    if tot_datum is not None:
        qs = qs.filter(journaalpost__boekdatum__lte=tot_datum)
    totals = qs.aggregate(debet=_sum("debet"), credit=_sum("credit"))
    return _money(totals["debet"] - totals["credit"])


def saldo_per_jaar(rekening):
    """[{boekjaar, debet, credit, mutatie, saldo}] per boekjaar; `saldo` is cumulative at year end."""
    rows = (
        Journaalregel.objects.filter(rekening=rekening)
        .values(boekjaar=F("journaalpost__boekjaar"))
        .annotate(debet=_sum("debet"), credit=_sum("credit"))
        .order_by("boekjaar")
    )
    result, running = [], ZERO
    for row in rows:
        mutatie = row["debet"] - row["credit"]
        running += mutatie
        result.append(
            {"boekjaar": row["boekjaar"], "debet": _money(row["debet"]), "credit": _money(row["credit"]),
             "mutatie": _money(mutatie), "saldo": _money(running)}
        )
    return result


@dataclass
class ProefbalansRegel:
    rekening: Rekening
    beginsaldo: Decimal
    debet: Decimal
    credit: Decimal

    @property
    def mutatie(self):
        return self.debet - self.credit

    @property
    def eindsaldo(self):
        return self.beginsaldo + self.debet - self.credit


@dataclass
class Proefbalans:
    boekjaar: int
    regels: list = field(default_factory=list)

    @property
    def totaal_debet(self):
        return sum((r.debet for r in self.regels), ZERO)

    @property
    def totaal_credit(self):
        return sum((r.credit for r in self.regels), ZERO)

    @property
    def in_balans(self):
        return self.totaal_debet == self.totaal_credit


def proefbalans(gemeente, boekjaar, *, alle_rekeningen=True):
    """Trial balance of a gemeente for one year: per account the opening balance (balance-sheet
    accounts only: lasten and baten start each year at zero), the year's debet and credit, and the
    closing balance. One query for the figures, one for the accounts."""
    boekjaar = int(boekjaar)
    figures = {
        row["rekening"]: row
        for row in Journaalregel.objects.filter(journaalpost__gemeente=gemeente, journaalpost__boekjaar__lte=boekjaar)
        .values("rekening")
        .annotate(
            voor=_sum(F("debet") - F("credit"), filter=Q(journaalpost__boekjaar__lt=boekjaar)),
            debet=_sum("debet", filter=Q(journaalpost__boekjaar=boekjaar)),
            credit=_sum("credit", filter=Q(journaalpost__boekjaar=boekjaar)),
        )
        .order_by()
    }
    result = Proefbalans(boekjaar=boekjaar)
    for rekening in Rekening.objects.filter(gemeente=gemeente).order_by("nummer"):
        row = figures.get(rekening.pk)
        if row is None:
            if not (alle_rekeningen and rekening.actief):
                continue
            row = {"voor": ZERO, "debet": ZERO, "credit": ZERO}
        balans = rekening.soort in (Rekening.Soort.ACTIVA, Rekening.Soort.PASSIVA)
        result.regels.append(
            ProefbalansRegel(
                rekening=rekening,
                beginsaldo=_money(row["voor"]) if balans else ZERO,
                debet=_money(row["debet"]),
                credit=_money(row["credit"]),
            )
        )
    return result


def boekjaren(gemeente):
    """The years with entries (newest first), plus the current year."""
    from django.utils import timezone

    jaren = set(Journaalpost.objects.filter(gemeente=gemeente).values_list("boekjaar", flat=True).distinct())
    jaren.add(timezone.localdate().year)
    return sorted(jaren, reverse=True)


def rekeningkaart(rekening, van=None, tot=None):
    """Lines of an account between `van` and `tot` (inclusive) in booking order, each annotated
    with `lopend_saldo` (running balance including the opening balance before `van`), computed by
    a window function in the same query. Returns (beginsaldo, queryset)."""
    beginsaldo = ZERO
    qs = Journaalregel.objects.filter(rekening=rekening)
    if van is not None:
        beginsaldo = _money(
            qs.filter(journaalpost__boekdatum__lt=van).aggregate(s=_sum(F("debet") - F("credit")))["s"]
        )
        qs = qs.filter(journaalpost__boekdatum__gte=van)
    if tot is not None:
        qs = qs.filter(journaalpost__boekdatum__lte=tot)
    order = [F("journaalpost__boekdatum").asc(), F("journaalpost__boekjaar").asc(), F("journaalpost__volgnummer").asc(), F("id").asc()]
    qs = (
        qs.select_related("journaalpost", "relatie")
        .annotate(
            # Rounded to cents in SQL: SQLite sums in floating point (PostgreSQL in exact numeric).
            lopend_saldo=ExpressionWrapper(
                Round(Window(
                    expression=Sum(F("debet") - F("credit"), output_field=_MONEY), order_by=order,
                    # ROWS, not the default RANGE: lines of one entry each get their own running total.
                    frame=_rows_frame(),
                )
                + Value(beginsaldo, output_field=_MONEY), 2),
                output_field=_MONEY,
            ),
        )
        .order_by(*order)
    )
    return beginsaldo, qs


def _rows_frame():
    from django.db.models import RowRange

    return RowRange(start=None, end=0)


# ---------------------------------------------------------------------------------------------
# For SiSa and the verloopstaat (spuk app): sums and lines per beschikking.
# ---------------------------------------------------------------------------------------------


def regels_van_beschikking(gemeente, beschikkingsnummer, *, rol=Rekening.Rol.LASTEN, bestedingsjaar=None, boekjaar=None, relatie=None):
    """The lines on the account(s) with `rol` of a beschikking, with entry, account and relation."""
    qs = Journaalregel.objects.filter(
        journaalpost__gemeente=gemeente, rekening__beschikkingsnummer=beschikkingsnummer
    )
    if rol:
        qs = qs.filter(rekening__rol=rol)
    if bestedingsjaar is not None:
        qs = qs.filter(bestedingsjaar=bestedingsjaar)
    if boekjaar is not None:
        qs = qs.filter(journaalpost__boekjaar=boekjaar)
    if relatie is not None:
        qs = qs.filter(relatie=relatie)
    return qs.select_related("journaalpost", "rekening", "relatie", "journaalpost__bron_type").order_by(
        "journaalpost__boekdatum", "journaalpost__volgnummer", "id"
    )


def sommen_per_jaar(gemeente, beschikkingsnummer, *, rol=Rekening.Rol.LASTEN, relatie=None, tot_boekjaar=None):
    """[{bestedingsjaar, boekjaar, debet, credit, saldo}] for the role's account of a beschikking,
    grouped by bestedingsjaar and boekjaar (SiSa: spending of year T booked in year T or T+1)."""
    qs = regels_van_beschikking(gemeente, beschikkingsnummer, rol=rol, relatie=relatie)
    if tot_boekjaar is not None:
        qs = qs.filter(journaalpost__boekjaar__lte=tot_boekjaar)
    rows = (
        qs.order_by()
        .values("bestedingsjaar", boekjaar=F("journaalpost__boekjaar"))
        .annotate(debet=_sum("debet"), credit=_sum("credit"))
        .order_by("bestedingsjaar", "boekjaar")
    )
    return [
        {**row, "debet": _money(row["debet"]), "credit": _money(row["credit"]), "saldo": _money(row["debet"] - row["credit"])}
        for row in rows
    ]


def sommen_per_rekening_en_bestedingsjaar(gemeente, *, beschikkingsnummer=None, relatie=None, boekjaar=None):
    """[{rekening, rol, bestedingsjaar, debet, credit, saldo}] for the gemeente's accounts."""
    qs = Journaalregel.objects.filter(journaalpost__gemeente=gemeente)
    if beschikkingsnummer is not None:
        qs = qs.filter(rekening__beschikkingsnummer=beschikkingsnummer)
    if relatie is not None:
        qs = qs.filter(relatie=relatie)
    if boekjaar is not None:
        qs = qs.filter(journaalpost__boekjaar=boekjaar)
    rows = (
        qs.values("rekening", "rekening__rol", "bestedingsjaar")
        .annotate(debet=_sum("debet"), credit=_sum("credit"))
        .order_by("rekening", "bestedingsjaar")
    )
    return [
        {"rekening": row["rekening"], "rol": row["rekening__rol"], "bestedingsjaar": row["bestedingsjaar"],
         "debet": _money(row["debet"]), "credit": _money(row["credit"]), "saldo": _money(row["debet"] - row["credit"])}
        for row in rows
    ]


def totaal_per_post_subquery():
    """Subquery: total debet of the entry in the outer query (for list pages, no per-row queries)."""
    return Subquery(
        Journaalregel.objects.filter(journaalpost=OuterRef("pk"))
        .order_by()
        .values("journaalpost")
        .annotate(t=Sum("debet"))
        .values("t")[:1],
        output_field=_MONEY,
    )


# ---------------------------------------------------------------------------------------------
# Integrity report (management command grootboek_controle)
# ---------------------------------------------------------------------------------------------


def controle_bevindingen(gemeente=None):
    """List of (soort, tekst) breaches of the ledger's invariants; empty when all is well."""
    from django.db.models import Count, Max, Min

    bevindingen = []
    posten = Journaalpost.objects.all()
    regels = Journaalregel.objects.all()
    if gemeente is not None:
        posten = posten.filter(gemeente=gemeente)
        regels = regels.filter(journaalpost__gemeente=gemeente)

    per_post = (
        regels.values("journaalpost", "journaalpost__gemeente__naam", "journaalpost__boekjaar", "journaalpost__volgnummer")
        .annotate(d=_sum("debet"), c=_sum("credit"), n=Count("id"))
        .order_by()
    )
    met_regels = set()
    for row in per_post:
        met_regels.add(row["journaalpost"])
        nr = Journaalpost.format_stuknummer(row["journaalpost__boekjaar"], row["journaalpost__volgnummer"])
        naam = row["journaalpost__gemeente__naam"]
        if row["d"] != row["c"]:
            bevindingen.append(("onbalans", f"{naam} {nr}: debet {row['d']} ≠ credit {row['c']}"))
        if row["d"] == 0:
            bevindingen.append(("nulpost", f"{naam} {nr}: journaalpost van nul euro"))
        if row["n"] < 2:
            bevindingen.append(("regels", f"{naam} {nr}: minder dan twee regels"))
    for post in posten.exclude(pk__in=met_regels).select_related("gemeente"):
        bevindingen.append(("regels", f"{post.gemeente} {post.stuknummer}: journaalpost zonder regels"))

    for row in (
        regels.values("journaalpost__gemeente__naam", "journaalpost__boekjaar")
        .annotate(d=_sum("debet"), c=_sum("credit"))
        .order_by("journaalpost__gemeente__naam", "journaalpost__boekjaar")
    ):
        if row["d"] != row["c"]:
            bevindingen.append(
                ("jaar", f"{row['journaalpost__gemeente__naam']} {row['journaalpost__boekjaar']}: totaal debet {row['d']} ≠ totaal credit {row['c']}")
            )

    for row in regels.filter(~Q(rekening__gemeente=F("journaalpost__gemeente"))).values(
        "journaalpost__gemeente__naam", "journaalpost__boekjaar", "journaalpost__volgnummer", "rekening__nummer"
    ):
        nr = Journaalpost.format_stuknummer(row["journaalpost__boekjaar"], row["journaalpost__volgnummer"])
        bevindingen.append(("gemeente", f"{row['journaalpost__gemeente__naam']} {nr}: rekening {row['rekening__nummer']} hoort bij een andere gemeente"))

    for row in regels.filter(
        Q(debet__lt=0) | Q(credit__lt=0) | (Q(debet__gt=0) & Q(credit__gt=0)) | (Q(debet=0) & Q(credit=0))
    ).values("id", "journaalpost__boekjaar", "journaalpost__volgnummer"):
        nr = Journaalpost.format_stuknummer(row["journaalpost__boekjaar"], row["journaalpost__volgnummer"])
        bevindingen.append(("regel", f"{nr}: regel {row['id']} heeft niet precies één positieve kant"))

    from .models import Boekjaar

    tellers = {(b.gemeente_id, b.jaar): b.laatste_volgnummer for b in Boekjaar.objects.all()}
    for row in (
        posten.values("gemeente", "gemeente__naam", "boekjaar")
        .annotate(n=Count("id"), lo=Min("volgnummer"), hi=Max("volgnummer"))
        .order_by("gemeente__naam", "boekjaar")
    ):
        if row["lo"] != 1 or row["hi"] != row["n"]:
            bevindingen.append(
                ("stuknummers", f"{row['gemeente__naam']} {row['boekjaar']}: stuknummers niet aaneengesloten ({row['n']} posten, {row['lo']}–{row['hi']})")
            )
        if tellers.get((row["gemeente"], row["boekjaar"])) != row["hi"]:
            bevindingen.append(
                ("stuknummers", f"{row['gemeente__naam']} {row['boekjaar']}: teller {tellers.get((row['gemeente'], row['boekjaar']))} ≠ hoogste stuknummer {row['hi']}")
            )
    from django.db.models.functions import ExtractYear

    for post in posten.annotate(datumjaar=ExtractYear("boekdatum")).exclude(boekjaar=F("datumjaar")).select_related("gemeente"):
        bevindingen.append(("boekjaar", f"{post.gemeente} {post.stuknummer}: boekjaar wijkt af van boekdatum"))
    return bevindingen
