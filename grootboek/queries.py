"""Read models of the ledger. Every figure is a SQL aggregate over Journaalregel (Decimal, no floats).

Sign convention: `saldo` = debet − credit (a credit balance is negative).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.paginator import Page, Paginator
from django.db import connection, models, transaction
from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    RowRange,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear, Round
from django.utils import timezone

from core.models import Organisatie

from .models import Boekjaar, Journaalpost, Journaalregel, Rekening, Rekeningtotaal, SisaCategorie

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=16, decimal_places=2)


def _sum(expression: Any, **kwargs: Any) -> Coalesce:
    return Coalesce(Sum(expression, **kwargs), Value(ZERO), output_field=_MONEY)


def _money(value: Decimal | None) -> Decimal:
    return (value if value is not None else ZERO).quantize(Decimal("0.01"))


def saldo(rekening: Rekening, tot_datum: datetime.date | None = None, bestedingsjaar: int | None = None) -> Decimal:
    """Balance (debet − credit) of an account, over all lines up to and including `tot_datum`
    (optionally only the lines of one bestedingsjaar)."""
    # Whole years from the totals; only a year cut by `tot_datum` reads its lines.
    return saldo_tot_en_met(rekening, tot_datum, bestedingsjaar)


def _totalen(rekening: Rekening, bestedingsjaar: int | None) -> QuerySet[Rekeningtotaal]:
    qs = Rekeningtotaal.objects.filter(rekening=rekening)
    if bestedingsjaar is not None:
        qs = qs.filter(bestedingsjaar=bestedingsjaar)
    return qs


def _saldo_voor_jaar(rekening: Rekening, jaar: int | None, bestedingsjaar: int | None) -> Decimal:
    """Balance of the account over all boekjaren before `jaar` (None: all years), from the totals."""
    qs = _totalen(rekening, bestedingsjaar)
    if jaar is not None:
        qs = qs.filter(boekjaar__lt=jaar)
    return _money(qs.aggregate(s=_sum(F("debet") - F("credit")))["s"])


def saldo_per_jaar(rekening: Rekening) -> list[dict[str, Any]]:
    """[{boekjaar, debet, credit, mutatie, saldo}] per boekjaar; `saldo` is cumulative at year end."""
    rows = (
        Rekeningtotaal.objects.filter(rekening=rekening)
        .values("boekjaar")
        .annotate(debet=_sum("debet"), credit=_sum("credit"))
        .order_by("boekjaar")
    )
    result, running = [], ZERO
    for row in rows:
        mutatie = row["debet"] - row["credit"]
        running += mutatie
        result.append(
            {
                "boekjaar": row["boekjaar"],
                "debet": _money(row["debet"]),
                "credit": _money(row["credit"]),
                "mutatie": _money(mutatie),
                "saldo": _money(running),
            }
        )
    return result


@dataclass
class ProefbalansRegel:
    rekening: Rekening
    beginsaldo: Decimal
    debet: Decimal
    credit: Decimal

    @property
    def mutatie(self) -> Decimal:
        return self.debet - self.credit

    @property
    def eindsaldo(self) -> Decimal:
        return self.beginsaldo + self.debet - self.credit


@dataclass
class Proefbalans:
    boekjaar: int
    regels: list[ProefbalansRegel] = field(default_factory=list)

    @property
    def totaal_debet(self) -> Decimal:
        return sum((r.debet for r in self.regels), ZERO)

    @property
    def totaal_credit(self) -> Decimal:
        return sum((r.credit for r in self.regels), ZERO)

    @property
    def in_balans(self) -> bool:
        return self.totaal_debet == self.totaal_credit


def proefbalans(gemeente: Organisatie, boekjaar: int, *, alle_rekeningen: bool = True) -> Proefbalans:
    """Trial balance of a gemeente for one year: per account the opening balance (balance-sheet
    accounts only: lasten and baten start each year at zero), the year's debet and credit, and the
    closing balance. One query for the figures, one for the accounts. The figures come from the
    totals `boek()` keeps per account and year (`Rekeningtotaal`), so the cost does not grow with
    the number of lines."""
    boekjaar = int(boekjaar)
    figures = {
        row["rekening"]: row
        for row in Rekeningtotaal.objects.filter(rekening__gemeente=gemeente, boekjaar__lte=boekjaar)
        .values("rekening")
        .annotate(
            voor=_sum(F("debet") - F("credit"), filter=Q(boekjaar__lt=boekjaar)),
            debet=_sum("debet", filter=Q(boekjaar=boekjaar)),
            credit=_sum("credit", filter=Q(boekjaar=boekjaar)),
        )
        .order_by()
    }
    result = Proefbalans(boekjaar=boekjaar)
    for rekening in Rekening.objects.filter(gemeente=gemeente).order_by("nummer"):
        row: Mapping[str, Any] | None = figures.get(rekening.pk)
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


def boekjaren(gemeente: Organisatie) -> list[int]:
    """The years with entries (newest first), plus the current year. Every booking locks (and if
    needed creates) the Boekjaar row of its year, so that small table knows all years."""
    jaren = set(Boekjaar.objects.filter(gemeente=gemeente).values_list("jaar", flat=True))
    jaren.add(timezone.localdate().year)
    return sorted(jaren, reverse=True)


def rekeningkaart(
    rekening: Rekening,
    van: datetime.date | None = None,
    tot: datetime.date | None = None,
    bestedingsjaar: int | None = None,
) -> tuple[Decimal, QuerySet[Journaalregel]]:
    """Lines of an account between `van` and `tot` (inclusive) in booking order, each annotated
    with `lopend_saldo` (running balance including the opening balance before `van`), computed by
    a window function in the same query. With `bestedingsjaar` only that year's lines count
    (opening balance included). Returns (beginsaldo, queryset)."""
    beginsaldo = ZERO
    qs = Journaalregel.objects.filter(rekening=rekening)
    if bestedingsjaar is not None:
        qs = qs.filter(bestedingsjaar=bestedingsjaar)
    if van is not None:
        beginsaldo = _money(qs.filter(journaalpost__boekdatum__lt=van).aggregate(s=_sum(F("debet") - F("credit")))["s"])
        qs = qs.filter(journaalpost__boekdatum__gte=van)
    if tot is not None:
        qs = qs.filter(journaalpost__boekdatum__lte=tot)
    order = [
        F("journaalpost__boekdatum").asc(),
        F("journaalpost__boekjaar").asc(),
        F("journaalpost__volgnummer").asc(),
        F("id").asc(),
    ]
    qs = (
        qs.select_related("journaalpost", "relatie")
        .annotate(
            # Rounded to cents in SQL: SQLite sums in floating point (PostgreSQL in exact numeric).
            lopend_saldo=ExpressionWrapper(
                Round(
                    Window(
                        expression=Sum(F("debet") - F("credit"), output_field=_MONEY),
                        order_by=order,
                        # ROWS, not the default RANGE: lines of one entry each get their own running total.
                        frame=_rows_frame(),
                    )
                    + Value(beginsaldo, output_field=_MONEY),
                    2,
                ),
                output_field=_MONEY,
            ),
        )
        .order_by(*order)
    )
    return beginsaldo, qs


# ---------------------------------------------------------------------------------------------
# Rekeningkaart page: keyset pagination, the opening balance carried from page to page.
# ---------------------------------------------------------------------------------------------

_KAART_SALT = "grootboek.rekeningkaart"
_Sleutel = tuple[datetime.date, int, int]  # (boekdatum, volgnummer, line id): the booking order


def _jaar_begin(datum: datetime.date) -> bool:
    return datum.month == 1 and datum.day == 1


def saldo_voor_datum(rekening: Rekening, datum: datetime.date, bestedingsjaar: int | None = None) -> Decimal:
    """Balance of the lines booked before `datum`: whole years from the totals, and only when
    `datum` is not the first of January the lines of its own year."""
    result = _saldo_voor_jaar(rekening, datum.year, bestedingsjaar)
    if _jaar_begin(datum):
        return result
    qs = Journaalregel.objects.filter(
        rekening=rekening, journaalpost__boekjaar=datum.year, journaalpost__boekdatum__lt=datum
    )
    if bestedingsjaar is not None:
        qs = qs.filter(bestedingsjaar=bestedingsjaar)
    return _money(result + qs.aggregate(s=_sum(F("debet") - F("credit")))["s"])


def saldo_tot_en_met(rekening: Rekening, datum: datetime.date | None, bestedingsjaar: int | None = None) -> Decimal:
    """Balance including `datum` (None: all lines)."""
    if datum is None:
        return _saldo_voor_jaar(rekening, None, bestedingsjaar)
    if datum.month == 12 and datum.day == 31:  # a whole year (also date.max, which has no next day)
        return _saldo_voor_jaar(rekening, datum.year + 1, bestedingsjaar)
    return saldo_voor_datum(rekening, datum + datetime.timedelta(days=1), bestedingsjaar)


def aantal_regels(
    rekening: Rekening, van: datetime.date | None, tot: datetime.date | None, bestedingsjaar: int | None
) -> int:
    """Number of lines of the account in the period, without joining the entries: whole years from
    the totals' line counts; only a year cut by `van` or `tot` counts its lines."""
    totalen = _totalen(rekening, bestedingsjaar)
    gedeeltelijk: set[int] = set()
    if van is not None:
        totalen = totalen.filter(boekjaar__gte=van.year)
        if not _jaar_begin(van):
            gedeeltelijk.add(van.year)
    if tot is not None:
        totalen = totalen.filter(boekjaar__lte=tot.year)
        if not (tot.month == 12 and tot.day == 31):
            gedeeltelijk.add(tot.year)
    aantal = totalen.exclude(boekjaar__in=gedeeltelijk).aggregate(n=Coalesce(Sum("aantal"), 0))["n"]
    if gedeeltelijk:
        regels = Journaalregel.objects.filter(rekening=rekening, journaalpost__boekjaar__in=gedeeltelijk)
        if bestedingsjaar is not None:
            regels = regels.filter(bestedingsjaar=bestedingsjaar)
        if van is not None:
            regels = regels.filter(journaalpost__boekdatum__gte=van)
        if tot is not None:
            regels = regels.filter(journaalpost__boekdatum__lte=tot)
        aantal += regels.count()
    return int(aantal)


def _na(sleutel: _Sleutel) -> Q:
    datum, volgnummer, pk = sleutel
    # The plain bound on boekdatum lets PostgreSQL start its index scan at the cursor.
    return Q(journaalpost__boekdatum__gte=datum) & (
        Q(journaalpost__boekdatum__gt=datum)
        | Q(journaalpost__boekdatum=datum, journaalpost__volgnummer__gt=volgnummer)
        | Q(journaalpost__boekdatum=datum, journaalpost__volgnummer=volgnummer, id__gt=pk)
    )


def _voor(sleutel: _Sleutel) -> Q:
    datum, volgnummer, pk = sleutel
    return Q(journaalpost__boekdatum__lte=datum) & (
        Q(journaalpost__boekdatum__lt=datum)
        | Q(journaalpost__boekdatum=datum, journaalpost__volgnummer__lt=volgnummer)
        | Q(journaalpost__boekdatum=datum, journaalpost__volgnummer=volgnummer, id__lt=pk)
    )


def _sleutel(regel: Journaalregel) -> list[Any]:
    return [regel.journaalpost.boekdatum.isoformat(), regel.journaalpost.volgnummer, regel.pk]


@dataclass
class RekeningkaartPagina:
    """One page of a rekeningkaart: `regels` in display order, each with `lopend_saldo`; `volgende`
    and `vorige` are signed cursors (None: no such page)."""

    regels: list[Journaalregel]
    beginsaldo: Decimal
    aantal: int
    volgende: str | None = None
    vorige: str | None = None


def rekeningkaart_pagina(
    rekening: Rekening,
    *,
    van: datetime.date | None = None,
    tot: datetime.date | None = None,
    bestedingsjaar: int | None = None,
    aflopend: bool = False,
    cursor: str | None = None,
    grootte: int = 50,
) -> RekeningkaartPagina:
    """A page of the account's lines in booking order (`aflopend`: newest first), found by keyset
    (no OFFSET, so page 2,000 costs what page 1 costs) and counted without reading the lines.

    Every page is a run of lines in booking order with the balance before its first line. The
    cursor of the next/previous page carries the key of the line it continues from and that
    balance, signed so it cannot be altered, plus the highest line id at the first page: lines are
    never changed or deleted, so the pages show one consistent snapshot and the carried running
    balance stays exact. A cursor that does not fit the filters is ignored (first page)."""
    filters = [rekening.pk, van and van.isoformat(), tot and tot.isoformat(), bestedingsjaar, aflopend]
    # The gemeente filter (always true) lets PostgreSQL walk the entries in booking order on the
    # index (gemeente, boekdatum, volgnummer) and stop after one page, instead of sorting all lines.
    qs = Journaalregel.objects.filter(rekening=rekening, journaalpost__gemeente_id=rekening.gemeente_id)
    if bestedingsjaar is not None:
        qs = qs.filter(bestedingsjaar=bestedingsjaar)
    if van is not None:
        qs = qs.filter(journaalpost__boekdatum__gte=van)
    if tot is not None:
        qs = qs.filter(journaalpost__boekdatum__lte=tot)
    oplopend_order = ["journaalpost__boekdatum", "journaalpost__volgnummer", "id"]
    aflopend_order = [f"-{veld}" for veld in oplopend_order]

    stand = _lees_cursor(cursor, filters)
    if stand is None:
        snapshot = Journaalregel.objects.aggregate(m=Max("id"))["m"] or 0
        richting, sleutel, saldo_cursor = ("voor" if aflopend else "na"), None, None
    else:
        snapshot, richting, sleutel, saldo_cursor = stand
    qs = qs.filter(id__lte=snapshot).select_related("journaalpost", "relatie")

    in_volgorde = _veel_regels(rekening)
    if richting == "na":
        blok_qs = qs.filter(_na(sleutel)) if sleutel else qs
        with _in_boekvolgorde(in_volgorde):
            blok = list(blok_qs.order_by(*oplopend_order)[: grootte + 1])
        verder = len(blok) > grootte
        blok = blok[:grootte]
        if saldo_cursor is not None:
            opening = saldo_cursor
        else:
            opening = saldo_voor_datum(rekening, van, bestedingsjaar) if van else ZERO
        heeft_na, heeft_voor = verder, sleutel is not None
    else:
        blok_qs = qs.filter(_voor(sleutel)) if sleutel else qs
        with _in_boekvolgorde(in_volgorde):
            blok = list(blok_qs.order_by(*aflopend_order)[: grootte + 1])
        verder = len(blok) > grootte
        blok = blok[:grootte][::-1]
        som = sum((r.debet - r.credit for r in blok), ZERO)
        if saldo_cursor is not None:
            opening = saldo_cursor - som
        else:
            opening = saldo_tot_en_met(rekening, tot, bestedingsjaar) - som
        heeft_na, heeft_voor = sleutel is not None, verder

    lopend = opening
    for regel in blok:
        lopend += regel.debet - regel.credit
        regel.lopend_saldo = _money(lopend)  # type: ignore[attr-defined]  # the page's annotation
    volgende_blok = _maak_cursor(filters, snapshot, "na", _sleutel(blok[-1]), lopend) if blok and heeft_na else None
    vorige_blok = _maak_cursor(filters, snapshot, "voor", _sleutel(blok[0]), opening) if blok and heeft_voor else None
    if aflopend:
        blok.reverse()
        volgende_blok, vorige_blok = vorige_blok, volgende_blok
    return RekeningkaartPagina(
        regels=blok,
        beginsaldo=saldo_voor_datum(rekening, van, bestedingsjaar) if van else ZERO,
        aantal=aantal_regels(rekening, van, tot, bestedingsjaar),
        volgende=volgende_blok,
        vorige=vorige_blok,
    )


def _veel_regels(rekening: Rekening) -> bool:
    """Whether the account has a line on at least one in twenty of its gemeente's entries (from the
    totals and the stuknummer counters, no lines read): then a page is found by walking the entries
    in booking order, and stops after a few dozen."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COALESCE(SUM(laatste_volgnummer), 0) FROM {Boekjaar._meta.db_table} WHERE gemeente_id = %s),"
            f" (SELECT COALESCE(SUM(aantal), 0) FROM {Rekeningtotaal._meta.db_table} WHERE rekening_id = %s)",
            [rekening.gemeente_id, rekening.pk],
        )
        posten, regels = cursor.fetchone()
    telling = {"posten": posten, "regels": regels}
    return telling["posten"] > 0 and telling["regels"] * 20 >= telling["posten"]


@contextmanager
def _in_boekvolgorde(aan: bool) -> Iterator[None]:
    """Make PostgreSQL walk the entries on their index (gemeente, boekdatum, volgnummer) and stop
    after one page. Its estimate of how many of a gemeente's entries touch one account assumes the
    two are unrelated (1,540 of 16,184 for the Lasten account), so it would rather join and sort all
    16,184 lines (36 ms) than walk 53 entries (0.2 ms). Only for accounts with many lines
    (`_veel_regels`): for a sparse one, joining its few lines is the fast plan."""
    if not aan or connection.vendor != "postgresql":
        yield
        return
    instellingen = ("enable_sort", "enable_hashjoin", "enable_mergejoin")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET LOCAL {naam} = off" for naam in instellingen))
        try:
            yield
        finally:
            cursor.execute("; ".join(f"SET LOCAL {naam} TO DEFAULT" for naam in instellingen))


def _maak_cursor(filters: list[Any], snapshot: int, richting: str, sleutel: list[Any], saldo: Decimal) -> str:
    return signing.dumps(
        {"f": filters, "m": snapshot, "r": richting, "k": sleutel, "s": str(_money(saldo))}, salt=_KAART_SALT
    )


def _lees_cursor(cursor: str | None, filters: list[Any]) -> tuple[int, str, _Sleutel, Decimal] | None:
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt=_KAART_SALT)
        if data["f"] != filters or data["r"] not in ("na", "voor"):
            return None
        datum, volgnummer, pk = data["k"]
        sleutel = (datetime.date.fromisoformat(datum), int(volgnummer), int(pk))
        return int(data["m"]), data["r"], sleutel, Decimal(data["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, ArithmeticError):
        return None


def _rows_frame() -> RowRange:
    return RowRange(start=None, end=0)


# ---------------------------------------------------------------------------------------------
# For SiSa and the verloopstaat (spuk app): sums and lines per beschikking.
# ---------------------------------------------------------------------------------------------


def regels_van_beschikking(
    gemeente: Organisatie | int,
    beschikkingsnummer: str,
    *,
    rol: str | None = Rekening.Rol.LASTEN,
    bestedingsjaar: int | None = None,
    boekjaar: int | None = None,
    relatie: Organisatie | None = None,
) -> QuerySet[Journaalregel]:
    """The lines on the account(s) with `rol` of a beschikking, with entry, account and relation."""
    rekeningen = {"beschikkingsnummer": beschikkingsnummer, **({"rol": rol} if rol else {})}
    qs = Journaalregel.objects.filter(rekening_id__in=_rekening_ids(gemeente, **rekeningen))
    if bestedingsjaar is not None:
        qs = qs.filter(bestedingsjaar=bestedingsjaar)
    if boekjaar is not None:
        # The entry's gemeente too: the join then reads the gemeente's entries of that year, not the
        # whole country's (the SiSa groups: 69 ms → 17 ms at national scale).
        qs = qs.filter(journaalpost__gemeente=gemeente, journaalpost__boekjaar=boekjaar)
    if relatie is not None:
        qs = qs.filter(relatie=relatie)
    return qs.select_related("journaalpost", "rekening", "relatie", "journaalpost__bron_type").order_by(
        "journaalpost__boekdatum", "journaalpost__volgnummer", "id"
    )


class _NieuwsteRegels:
    """The lines of some accounts, newest first, for a Paginator: the count from the totals, each
    page's ids off the (rekening_id, id) index, one account at a time (a LATERAL walk that stops
    after the page's last line), then those lines with entry, account and relation."""

    def __init__(self, rekening_ids: list[int]) -> None:
        self.rekening_ids = rekening_ids

    def count(self) -> int:
        if not self.rekening_ids:
            return 0
        totalen = Rekeningtotaal.objects.filter(rekening_id__in=self.rekening_ids)
        return int(totalen.aggregate(n=Coalesce(Sum("aantal"), 0))["n"])

    def __getitem__(self, deel: slice) -> list[Journaalregel]:
        start, stop = deel.start or 0, deel.stop
        if not self.rekening_ids or stop is None or stop <= start:
            return []
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT l.id FROM unnest(%s::bigint[]) AS a(rekening_id) CROSS JOIN LATERAL"
                    f" (SELECT id FROM {Journaalregel._meta.db_table} r WHERE r.rekening_id = a.rekening_id"
                    " ORDER BY r.id DESC LIMIT %s) l ORDER BY l.id DESC LIMIT %s OFFSET %s",
                    [self.rekening_ids, stop, stop - start, start],
                )
                ids = [rij[0] for rij in cursor.fetchall()]
        else:
            qs = Journaalregel.objects.filter(rekening_id__in=self.rekening_ids).order_by("-id")
            ids = list(qs.values_list("pk", flat=True)[start:stop])
        return list(
            Journaalregel.objects.filter(pk__in=ids)
            .select_related("journaalpost", "rekening", "relatie")
            .order_by("-id")
        )


def nieuwste_regels_pagina(gemeente: Organisatie | int, beschikkingsnummer: str, pagina: Any, per_pagina: int) -> Page:
    """Page `pagina` of the lines on all accounts of a beschikking, the latest booked first."""
    rekeningen = _NieuwsteRegels(_rekening_ids(gemeente, beschikkingsnummer=beschikkingsnummer))
    return Paginator(rekeningen, per_pagina).get_page(pagina)  # type: ignore[arg-type]


def groepen_van_beschikking(
    gemeente: Organisatie | int,
    beschikkingsnummer: str,
    *,
    rol: str | None = Rekening.Rol.LASTEN,
    boekjaar: int,
) -> list[dict[str, Any]]:
    """The lines of `regels_van_beschikking(..., boekjaar=)` summed in SQL per bestedingsjaar, SiSa
    category, month of booking and relatie: {bestedingsjaar, medeoverheid, maand "YYYY-MM", relatie
    (name or ""), aantal, bedrag (debet − credit)}. A line's category is the one stored on it; lines
    booked before it was stored count as medeoverheid when their relatie is a gemeente (as
    `spuk.sisa` does line by line). A page over 17,000 lines reads a few hundred sums instead."""
    # From the totals, which boek() keeps at exactly this grain (account, boekjaar, bestedingsjaar,
    # month, relatie, category): a few hundred rows where the lines of a large beschikking's year
    # are 35,000 (24 ms at national scale). Names and kinds of the few relaties: one small query.
    rijen: list[dict[str, Any]] = [
        {**r, "relatie_id": r["relatie_ref"] or None, "bestedingsjaar": r["bestedingsjaar"] or None}
        for r in Rekeningtotaal.objects.filter(
            rekening_id__in=_rekening_ids(
                gemeente, beschikkingsnummer=beschikkingsnummer, **({"rol": rol} if rol else {})
            ),
            boekjaar=boekjaar,
            aantal__gt=0,
        )
        .values("bestedingsjaar", "sisa_categorie", "maand", "relatie_ref")
        .annotate(aantal=Sum("aantal"), netto=Sum(F("debet") - F("credit")))
        .order_by()
    ]
    relaties = {
        pk: (naam, soort)
        for pk, naam, soort in Organisatie.objects.filter(
            pk__in={r["relatie_id"] for r in rijen if r["relatie_id"]}
        ).values_list("pk", "naam", "soort")
    }
    groepen: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rijen:
        naam, soort = relaties.get(r["relatie_id"], ("", ""))
        medeoverheid = r["sisa_categorie"] == SisaCategorie.MEDEOVERHEID or (
            r["sisa_categorie"] == "" and soort == Organisatie.Soort.GEMEENTE
        )
        maand = f"{boekjaar:04d}-{r['maand']:02d}"
        groep = groepen.setdefault(
            (r["bestedingsjaar"], medeoverheid, maand, naam),
            {
                "bestedingsjaar": r["bestedingsjaar"],
                "medeoverheid": medeoverheid,
                "maand": maand,
                "relatie": naam,
                "aantal": 0,
                "bedrag": ZERO,
            },
        )
        groep["aantal"] += r["aantal"]
        groep["bedrag"] += r["netto"] or ZERO
    return list(groepen.values())


def sommen_per_jaar(
    gemeente: Organisatie | int,
    beschikkingsnummer: str,
    *,
    rol: str | None = Rekening.Rol.LASTEN,
    relatie: Organisatie | None = None,
    tot_boekjaar: int | None = None,
) -> list[dict[str, Any]]:
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
        {
            **row,
            "debet": _money(row["debet"]),
            "credit": _money(row["credit"]),
            "saldo": _money(row["debet"] - row["credit"]),
        }
        for row in rows
    ]


def sommen_per_rekening_en_bestedingsjaar(
    gemeente: Organisatie | int,
    *,
    beschikkingsnummer: str | None = None,
    relatie: Organisatie | None = None,
    boekjaar: int | None = None,
) -> list[dict[str, Any]]:
    """[{rekening, rol, bestedingsjaar, debet, credit, saldo}] for the gemeente's accounts."""
    qs = Journaalregel.objects.filter(rekening__gemeente=gemeente)
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
        {
            "rekening": row["rekening"],
            "rol": row["rekening__rol"],
            "bestedingsjaar": row["bestedingsjaar"],
            "debet": _money(row["debet"]),
            "credit": _money(row["credit"]),
            "saldo": _money(row["debet"] - row["credit"]),
        }
        for row in rows
    ]


def totaal_per_post_subquery() -> Subquery:
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
# Netted sums of one beschikking's account, several in one aggregate (spuk: SiSa, verloopstaat).
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deel:
    """Which lines a sum counts; every condition given must hold (none given: all lines)."""

    boekjaar: int | None = None
    voor_boekjaar: int | None = None
    tot_boekjaar: int | None = None
    bestedingsjaar: int | None = None
    tot_bestedingsjaar: int | None = None
    # True: the relation is a gemeente (a medeoverheid); False: no relation or not a gemeente.
    relatie_is_gemeente: bool | None = None
    # The model of the entry's source document (a reversal keeps its original's source).
    bron: type[models.Model] | None = None
    # The SiSa category stored on the line (`SisaCategorie`); lines booked before the category was
    # stored (blank) fall back to their relatie (a gemeente is a medeoverheid).
    sisa_categorie: str | None = None
    # Only lines booked for these buurtplan activities (ids).
    activiteiten: tuple[int, ...] | None = None

    def jaren_q(self, boekjaar_veld: str = "journaalpost__boekjaar", *, met_leeg: bool = True) -> Q:
        """The year conditions alone, on `boekjaar_veld` (the line's entry, or a totals row);
        `met_leeg=False` where bestedingsjaar 0 stands for "none" (`Rekeningtotaal`)."""
        q = Q()
        if self.boekjaar is not None:
            q &= Q(**{boekjaar_veld: self.boekjaar})
        if self.voor_boekjaar is not None:
            q &= Q(**{f"{boekjaar_veld}__lt": self.voor_boekjaar})
        if self.tot_boekjaar is not None:
            q &= Q(**{f"{boekjaar_veld}__lte": self.tot_boekjaar})
        geen_leeg = Q() if met_leeg else Q(bestedingsjaar__gt=0)
        if self.bestedingsjaar is not None:
            q &= Q(bestedingsjaar=self.bestedingsjaar) & geen_leeg
        if self.tot_bestedingsjaar is not None:
            q &= Q(bestedingsjaar__lte=self.tot_bestedingsjaar) & geen_leeg
        return q

    def q(self) -> Q:
        q = self.jaren_q()
        if self.relatie_is_gemeente is True:
            q &= Q(relatie__soort=Organisatie.Soort.GEMEENTE)
        elif self.relatie_is_gemeente is False:
            q &= Q(relatie__isnull=True) | ~Q(relatie__soort=Organisatie.Soort.GEMEENTE)
        if self.bron is not None:
            q &= Q(journaalpost__bron_type_id=ContentType.objects.get_for_model(self.bron).pk)
        if self.sisa_categorie is not None:
            legacy_gemeente = Q(relatie__soort=Organisatie.Soort.GEMEENTE)
            legacy = legacy_gemeente if self.sisa_categorie == SisaCategorie.MEDEOVERHEID else ~legacy_gemeente
            if self.sisa_categorie != SisaCategorie.MEDEOVERHEID:
                legacy = Q(relatie__isnull=True) | legacy
            q &= Q(sisa_categorie=self.sisa_categorie) | (Q(sisa_categorie="") & legacy)
        if self.activiteiten is not None:
            q &= Q(activiteit_ref__in=list(self.activiteiten))
        return q


def _totalen_q(deel: Deel) -> Q | None:
    """`deel` as a filter on `Rekeningtotaal`, or None when it asks more than boekjaar and
    bestedingsjaar (the totals know nothing else). Bestedingsjaar 0 there is a line without one,
    which a condition on the bestedingsjaar never counts."""
    if (
        deel.relatie_is_gemeente is not None
        or deel.bron is not None
        or deel.sisa_categorie is not None
        or deel.activiteiten is not None
    ):
        return None
    return deel.jaren_q("boekjaar", met_leeg=False)


def _rekening_ids(gemeente: Organisatie | int, **filters: Any) -> list[int]:
    """The ids of the gemeente's accounts that match `filters`, read first so the line query names
    them as constants. Joined instead, PostgreSQL plans for an average account (521 lines) and walks
    the 16,184 lines of a large one in nested loops (the SiSa groups: 103 ms instead of 17). A query
    that joins the entries anyway also filters them on the gemeente, so the hash side is the
    gemeente's entries and not the country's."""
    return list(Rekening.objects.filter(gemeente=gemeente, **filters).values_list("pk", flat=True))


def _regels_van_rol(gemeente: Organisatie | int, beschikkingsnummer: str, rol: str) -> QuerySet[Journaalregel]:
    return Journaalregel.objects.filter(
        rekening_id__in=_rekening_ids(gemeente, beschikkingsnummer=beschikkingsnummer, rol=rol)
    )


def netto_sommen(
    gemeente: Organisatie | int,
    beschikkingsnummer: str,
    rol: str,
    delen: Mapping[str, Deel],
    *,
    binnen: Deel | None = None,
    credit_positief: bool = False,
) -> dict[str, Decimal]:
    """{naam: netto} for the account with `rol` of a beschikking: per named `Deel` debet − credit
    (credit − debet with `credit_positief`), over the lines within `binnen`, in one query."""
    plus, minus = ("credit", "debet") if credit_positief else ("debet", "credit")
    totalen = _totalen_q(binnen or Deel())
    per_deel = {naam: _totalen_q(deel) for naam, deel in delen.items()}
    if totalen is not None and all(q is not None for q in per_deel.values()):
        # Only years asked: the totals table answers without reading the lines (a beschikking
        # page asked eight such sums over 17,000 lines each).
        figures = Rekeningtotaal.objects.filter(
            totalen,
            rekening__gemeente=gemeente,
            rekening__beschikkingsnummer=beschikkingsnummer,
            rekening__rol=rol,
        ).aggregate(**{f"som_{naam}": _sum(plus, filter=q) - _sum(minus, filter=q) for naam, q in per_deel.items()})
        return {naam: _money(figures[f"som_{naam}"]) for naam in delen}
    qs = _regels_van_rol(gemeente, beschikkingsnummer, rol)
    if binnen is not None:
        qs = qs.filter(binnen.q())
    figures = qs.aggregate(
        **{naam: _sum(plus, filter=deel.q()) - _sum(minus, filter=deel.q()) for naam, deel in delen.items()}
    )
    return {naam: _money(figures[naam]) for naam in delen}


def netto_per_bron(
    gemeente: Organisatie | int, rol: str, bron_model: type[models.Model], *, beschikkingsnummer: str | None = None
) -> dict[tuple[str, str], Decimal]:
    """{(beschikkingsnummer, bron_id): debet − credit} on accounts with `rol` for entries whose source
    is a `bron_model`, in one query."""
    rekeningen = {"rol": rol, **({"beschikkingsnummer": beschikkingsnummer} if beschikkingsnummer is not None else {})}
    qs = Journaalregel.objects.filter(
        rekening_id__in=_rekening_ids(gemeente, **rekeningen),
        journaalpost__gemeente=gemeente,
        journaalpost__bron_type_id=ContentType.objects.get_for_model(bron_model).pk,
    )
    rows = (
        qs.values("rekening__beschikkingsnummer", "journaalpost__bron_id")
        .annotate(d=_sum("debet"), c=_sum("credit"))
        .order_by()
    )
    return {
        (row["rekening__beschikkingsnummer"], row["journaalpost__bron_id"]): _money(row["d"] - row["c"]) for row in rows
    }


def beschikking_per_post(posten: QuerySet[Any], rol: str) -> dict[int, str]:
    """{entry id: beschikkingsnummer of the entry's line on an account with `rol`} for the entries
    whose ids `posten` selects (a values() queryset of ids), one query."""
    return dict(
        Journaalregel.objects.filter(journaalpost_id__in=posten, rekening__rol=rol).values_list(
            "journaalpost_id", "rekening__beschikkingsnummer"
        )
    )


def netto_per_boekjaar_en_bron(
    gemeente: Organisatie | int, beschikkingsnummer: str, rol: str, *, credit_positief: bool = False
) -> dict[tuple[int, int | None], Decimal]:
    """{(boekjaar, content type id of the entry's source or None): debet − credit (credit − debet
    with `credit_positief`)} of a beschikking's account with `rol`, in one query: every year's
    figures of a verloopstaat at once."""
    plus, minus = ("credit", "debet") if credit_positief else ("debet", "credit")
    rows = (
        _regels_van_rol(gemeente, beschikkingsnummer, rol)
        .values("journaalpost__boekjaar", "journaalpost__bron_type_id")
        .annotate(p=_sum(plus), m=_sum(minus))
        .order_by()
    )
    return {
        (row["journaalpost__boekjaar"], row["journaalpost__bron_type_id"]): _money(row["p"] - row["m"]) for row in rows
    }


def netto_per_boekjaar(
    gemeente: Organisatie | int, beschikkingsnummer: str, rol: str, *, credit_positief: bool = False
) -> dict[int, Decimal]:
    """{boekjaar: debet − credit (credit − debet with `credit_positief`)} of a beschikking's account
    with `rol`, grouped on the totals table in one query (a sum per year with FILTER clauses costs
    more to build in the ORM than PostgreSQL takes to answer it)."""
    plus, minus = ("credit", "debet") if credit_positief else ("debet", "credit")
    rows = (
        Rekeningtotaal.objects.filter(
            rekening__gemeente=gemeente, rekening__beschikkingsnummer=beschikkingsnummer, rekening__rol=rol
        )
        .values("boekjaar")
        .annotate(p=_sum(plus), m=_sum(minus))
        .order_by()
    )
    return {row["boekjaar"]: _money(row["p"] - row["m"]) for row in rows}


def netto_per_relatie(gemeente: Organisatie | int, rol: str, beschikkingsnummer: str = "") -> dict[int | None, Decimal]:
    """{relatie_id: debet − credit} on the gemeente's account with `rol` (and beschikking), one query
    on the totals (the Crediteuren of a large gemeente are 29,000 lines)."""
    rows = (
        Rekeningtotaal.objects.filter(
            rekening_id__in=_rekening_ids(gemeente, rol=rol, beschikkingsnummer=beschikkingsnummer), aantal__gt=0
        )
        .values("relatie_ref")
        .annotate(d=_sum("debet"), c=_sum("credit"))
        .order_by()
    )
    return {row["relatie_ref"] or None: _money(row["d"] - row["c"]) for row in rows}


def sommen_per_gemeente_en_rol(gemeente: Organisatie | int, rol: str) -> dict[str, tuple[Decimal, Decimal]]:
    """{beschikkingsnummer: (debet, credit)} over the gemeente's accounts with `rol`, one query on
    the totals table (every line counted once there; 137 ms over the lines at national scale)."""
    rows = (
        Rekeningtotaal.objects.filter(rekening__gemeente=gemeente, rekening__rol=rol, aantal__gt=0)
        .values("rekening__beschikkingsnummer")
        .annotate(d=_sum("debet"), c=_sum("credit"))
        .order_by()
    )
    return {row["rekening__beschikkingsnummer"]: (_money(row["d"]), _money(row["c"])) for row in rows}


def netto_per_activiteit(
    gemeente: Organisatie | int, beschikkingsnummer: str, rol: str, *, binnen: Deel | None = None
) -> dict[int, Decimal]:
    """{activiteit id: debet − credit} of the lines of a beschikking's account with `rol` that carry
    an activity (`Journaalregel.activiteit_ref`), within `binnen`, in one query."""
    qs = _regels_van_rol(gemeente, beschikkingsnummer, rol).filter(activiteit_ref__isnull=False)
    if binnen is not None:
        qs = qs.filter(binnen.q())
    rows = qs.values("activiteit_ref").annotate(d=_sum("debet"), c=_sum("credit")).order_by()
    # activiteit_ref is never null here (filtered above).
    return {int(row["activiteit_ref"] or 0): _money(row["d"]) - _money(row["c"]) for row in rows}


def sommen_per_rol(gemeente: Organisatie | int, beschikkingsnummer: str) -> dict[str, tuple[Decimal, Decimal]]:
    """{rol: (debet, credit)} over all lines of a beschikking's accounts (from the totals table)."""
    rows = (
        Rekeningtotaal.objects.filter(
            rekening__gemeente=gemeente, rekening__beschikkingsnummer=beschikkingsnummer, aantal__gt=0
        )
        .values("rekening__rol")
        .annotate(d=_sum("debet"), c=_sum("credit"))
        .order_by()
    )
    return {row["rekening__rol"]: (_money(row["d"]), _money(row["c"])) for row in rows}


def rekening_van_beschikking(gemeente: Organisatie | int, rol: str, beschikkingsnummer: str = "") -> Rekening | None:
    """The account with this role (and beschikking), or None when it does not exist yet (read-only)."""
    gemeente_id = gemeente.pk if isinstance(gemeente, Organisatie) else gemeente
    return Rekening.objects.filter(gemeente_id=gemeente_id, rol=rol, beschikkingsnummer=beschikkingsnummer).first()


def boekjaren_van_rekening(rekening: Rekening) -> set[int]:
    """The boekjaren in which the account has lines."""
    return set(rekening.totalen.filter(aantal__gt=0).values_list("boekjaar", flat=True).distinct())


# ---------------------------------------------------------------------------------------------
# Entries (detail pages, and other apps that show the entry of their source document)
# ---------------------------------------------------------------------------------------------


def regels_van_post(post: Journaalpost) -> list[Journaalregel]:
    """The lines of an entry with account and relation, in booking order."""
    return list(post.regels.select_related("rekening", "relatie").order_by("id"))


def tegenboeking_van(post: Journaalpost) -> Journaalpost | None:
    """The entry that reverses `post`, or None."""
    return Journaalpost.objects.filter(tegenboeking_van=post).first()


def _stuk_sort() -> ExpressionWrapper:
    return ExpressionWrapper(
        Cast("boekjaar", BigIntegerField()) * 1_000_000_000 + F("volgnummer"), output_field=BigIntegerField()
    )


def stuknummer_uit_sortering(waarde: int) -> str:
    """The stuknummer back from the `stuk_sort` / `tegenboeking_nummer` annotations."""
    jaar, nummer = divmod(waarde, 1_000_000_000)
    return Journaalpost.format_stuknummer(jaar, nummer)


def journaalposten_lijst(gemeente: Organisatie | None) -> QuerySet[Journaalpost]:
    """The entries of a gemeente for the list page, with total, sort key and reversal number."""
    if gemeente is None:
        return Journaalpost.objects.none()
    return (
        Journaalpost.objects.filter(gemeente=gemeente)
        .select_related("aangemaakt_door", "tegenboeking_van")
        .annotate(
            totaal=Coalesce(totaal_per_post_subquery(), Decimal("0.00")),
            stuk_sort=_stuk_sort(),
            tegenboeking_nummer=Subquery(
                Journaalpost.objects.filter(tegenboeking_van=OuterRef("pk")).annotate(s=_stuk_sort()).values("s")[:1]
            ),
        )
    )


def rekeningen_met_saldo(gemeente: Organisatie | None) -> QuerySet[Rekening]:
    """The accounts of a gemeente, each annotated with its `saldo` (debet − credit)."""
    if gemeente is None:
        return Rekening.objects.none()
    per_rekening = (
        Rekeningtotaal.objects.filter(rekening=OuterRef("pk"))
        .order_by()
        .values("rekening")
        .annotate(s=Sum(F("debet") - F("credit")))
        .values("s")[:1]
    )
    return Rekening.objects.filter(gemeente=gemeente).annotate(
        saldo=Coalesce(Subquery(per_rekening, output_field=_MONEY), Decimal("0.00"))
    )


def aantal_posten(gemeente: Organisatie, van: datetime.date, tot: datetime.date) -> int:
    """Number of entries booked in the period (index-only on (gemeente, boekdatum, volgnummer))."""
    return Journaalpost.objects.filter(gemeente=gemeente, boekdatum__range=(van, tot)).count()


def beschikkingsnummers(gemeente: Organisatie | None) -> list[str]:
    """The beschikkingsnummers that have accounts in the gemeente's ledger."""
    if gemeente is None:
        return []
    return sorted(
        set(
            Rekening.objects.filter(gemeente=gemeente)
            .exclude(beschikkingsnummer="")
            .values_list("beschikkingsnummer", flat=True)
        )
    )


def boekjaren_overzicht(gemeente: Organisatie | None) -> list[dict[str, Any]]:
    """[{jaar, boekjaar (Boekjaar or None)}], newest first: years with a Boekjaar row or entries."""
    if gemeente is None:
        return []
    bekend = {b.jaar: b for b in Boekjaar.objects.filter(gemeente=gemeente).select_related("gesloten_door")}
    return [
        {"jaar": jaar, "boekjaar": bekend.get(jaar)}
        for jaar in sorted(set(bekend) | set(boekjaren(gemeente)), reverse=True)
    ]


# ---------------------------------------------------------------------------------------------
# Integrity report (management command grootboek_controle)
# ---------------------------------------------------------------------------------------------


def controle_bevindingen(gemeente: Organisatie | None = None) -> list[tuple[str, str]]:
    """List of (soort, tekst) breaches of the ledger's invariants; empty when all is well."""
    bevindingen = []
    posten = Journaalpost.objects.all()
    regels = Journaalregel.objects.all()
    if gemeente is not None:
        posten = posten.filter(gemeente=gemeente)
        regels = regels.filter(journaalpost__gemeente=gemeente)

    per_post = (
        regels.values(
            "journaalpost", "journaalpost__gemeente__naam", "journaalpost__boekjaar", "journaalpost__volgnummer"
        )
        .annotate(d=_sum("debet"), c=_sum("credit"), n=Count("id"))
        .order_by()
    )
    met_regels = set()
    row: Mapping[str, Any]  # each loop below reads a different values() shape
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
                (
                    "jaar",
                    f"{row['journaalpost__gemeente__naam']} {row['journaalpost__boekjaar']}: totaal debet {row['d']} ≠ totaal credit {row['c']}",
                )
            )

    for row in regels.filter(~Q(rekening__gemeente=F("journaalpost__gemeente"))).values(
        "journaalpost__gemeente__naam", "journaalpost__boekjaar", "journaalpost__volgnummer", "rekening__nummer"
    ):
        nr = Journaalpost.format_stuknummer(row["journaalpost__boekjaar"], row["journaalpost__volgnummer"])
        bevindingen.append(
            (
                "gemeente",
                f"{row['journaalpost__gemeente__naam']} {nr}: rekening {row['rekening__nummer']} hoort bij een andere gemeente",
            )
        )

    for row in regels.filter(
        Q(debet__lt=0) | Q(credit__lt=0) | (Q(debet__gt=0) & Q(credit__gt=0)) | (Q(debet=0) & Q(credit=0))
    ).values("id", "journaalpost__boekjaar", "journaalpost__volgnummer"):
        nr = Journaalpost.format_stuknummer(row["journaalpost__boekjaar"], row["journaalpost__volgnummer"])
        bevindingen.append(("regel", f"{nr}: regel {row['id']} heeft niet precies één positieve kant"))

    bevindingen += totalen_verschillen(gemeente)

    tellers = {(b.gemeente_id, b.jaar): b.laatste_volgnummer for b in Boekjaar.objects.all()}
    for row in (
        posten.values("gemeente", "gemeente__naam", "boekjaar")
        .annotate(n=Count("id"), lo=Min("volgnummer"), hi=Max("volgnummer"))
        .order_by("gemeente__naam", "boekjaar")
    ):
        if row["lo"] != 1 or row["hi"] != row["n"]:
            bevindingen.append(
                (
                    "stuknummers",
                    f"{row['gemeente__naam']} {row['boekjaar']}: stuknummers niet aaneengesloten ({row['n']} posten, {row['lo']}–{row['hi']})",
                )
            )
        if tellers.get((row["gemeente"], row["boekjaar"])) != row["hi"]:
            bevindingen.append(
                (
                    "stuknummers",
                    f"{row['gemeente__naam']} {row['boekjaar']}: teller {tellers.get((row['gemeente'], row['boekjaar']))} ≠ hoogste stuknummer {row['hi']}",
                )
            )
    for post in (
        posten.annotate(datumjaar=ExtractYear("boekdatum")).exclude(boekjaar=F("datumjaar")).select_related("gemeente")
    ):
        bevindingen.append(("boekjaar", f"{post.gemeente} {post.stuknummer}: boekjaar wijkt af van boekdatum"))
    return bevindingen


def journaalposten_na(
    queryset: QuerySet[Journaalpost], gemeente_id: int, boekjaar: int, na: int, aantal: int
) -> list[Journaalpost]:
    """The next `aantal` entries of one gemeente's boekjaar after volgnummer `na`, with their lines,
    for an ERP that imports by cursor (boekjaar + volgnummer).

    Each entry is returned exactly once across the pages: volgnummers are gapless per gemeente and
    boekjaar and handed out under the lock on the Boekjaar row, which `boek` holds until its
    transaction commits, so an entry with a lower volgnummer never becomes visible after a higher one.
    """
    return list(
        queryset.filter(gemeente_id=gemeente_id, boekjaar=boekjaar, volgnummer__gt=na)
        .select_related("tegenboeking_van")
        .prefetch_related(
            Prefetch(
                "regels",
                queryset=Journaalregel.objects.select_related("rekening", "relatie").order_by("id"),
            )
        )
        .order_by("volgnummer")[:aantal]
    )


def totalen_van_regels(regels: QuerySet[Journaalregel]) -> Iterator[Mapping[str, Any]]:
    """The lines summed per key of `Rekeningtotaal` (models.SLEUTEL): rows {rekening, boekjaar,
    bestedingsjaar, maand, relatie_ref, sisa_categorie, debet, credit, aantal} — what boek() keeps,
    computed afresh (the rebuild and the check)."""
    return (
        regels.values(
            "rekening",
            "sisa_categorie",
            boekjaar=F("journaalpost__boekjaar"),
            jaar=Coalesce("bestedingsjaar", 0),
            maand=ExtractMonth("journaalpost__boekdatum"),
            relatie_ref=Coalesce("relatie_id", 0),
        )
        .annotate(debet=_sum("debet"), credit=_sum("credit"), aantal=Count("id"))
        .order_by()
        .iterator(chunk_size=5000)
    )


def _totaal_sleutel(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return (
        row["rekening"],
        row["boekjaar"],
        row["jaar"],
        row["maand"],
        row["relatie_ref"],
        row["sisa_categorie"] or "",
    )


def totalen_verschillen(gemeente: Organisatie | None = None) -> list[tuple[str, str]]:
    """Where the totals kept by boek() (`Rekeningtotaal`) differ from a fresh aggregate of the lines."""
    regels = Journaalregel.objects.all()
    totalen = Rekeningtotaal.objects.all()
    if gemeente is not None:
        regels = regels.filter(rekening__gemeente=gemeente)
        totalen = totalen.filter(rekening__gemeente=gemeente)
    vers = {
        _totaal_sleutel(row): (_money(row["debet"]), _money(row["credit"]), row["aantal"])
        for row in totalen_van_regels(regels)
    }
    bewaard = {
        (t.rekening_id, t.boekjaar, t.bestedingsjaar, t.maand, t.relatie_ref, t.sisa_categorie): (
            _money(t.debet),
            _money(t.credit),
            t.aantal,
        )
        for t in totalen
        if t.aantal or t.debet or t.credit
    }
    bevindingen = []
    for key in sorted(set(vers) | set(bewaard)):
        if vers.get(key) != bewaard.get(key):
            rekening, boekjaar, jaar, maand, relatie, categorie = key
            bevindingen.append(
                (
                    "totalen",
                    f"rekening {rekening} boekjaar {boekjaar} bestedingsjaar {jaar or '-'} maand {maand} relatie "
                    f"{relatie or '-'} {categorie}: rekeningtotaal {bewaard.get(key)} ≠ regels {vers.get(key)}",
                )
            )
    return bevindingen
