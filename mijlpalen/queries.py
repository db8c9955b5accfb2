"""Read models of mijlpalen, used by its views and by spuk (SiSa, repayment) and the reminder engine.

National status of a milestone (DESIGN.md §2 step 8): the buurten that *participate* in a milestone
are those with an amount (`MijlpaalBedrag`) or a status row for it. Nationally the milestone is
- `behaald` when it is behaald in every participating buurt (and at least one participates);
- `niet_behaald` when it is niet behaald in at least one participating buurt;
- `open` otherwise.
The amount tied to a milestone is definitive only when it is behaald nationally, so exposure uses
the national status: amounts of nationally open milestones are at risk (`risico_open`), amounts of
milestones not achieved are due (`terug_te_betalen`). Everything aggregates in SQL.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from buurtplan.models import Buurt
from buurtplan.queries import spuk_totalen_per_jaar
from core.fields import BedragField
from core.money import to_cents

from .models import (
    ActiviteitMijlpaal,
    Indicator,
    LandelijkOordeel,
    Meting,
    Mijlpaal,
    MijlpaalBedrag,
    MijlpaalStatus,
    MijlpaalWijziging,
)
from .rules import mijlpalen_buurten

ZERO = Decimal("0.00")
OPEN = MijlpaalStatus.Status.OPEN
BEHAALD = MijlpaalStatus.Status.BEHAALD
NIET_BEHAALD = MijlpaalStatus.Status.NIET_BEHAALD
GEMEENTE = MijlpaalBedrag.Risicodrager.GEMEENTE


def _buurt_ids(buurten):
    """Accept a queryset, an iterable of Buurt or of ids, or a single Buurt."""
    if isinstance(buurten, Buurt):
        return [buurten.pk]
    if hasattr(buurten, "values_list") and getattr(buurten, "model", None) is Buurt:
        return buurten.values("pk")
    return [b.pk if isinstance(b, Buurt) else b for b in buurten]


def buurten_voor(user: Any) -> QuerySet[Buurt]:
    """Buurten whose milestones the user may read: staff of the gemeente; partners receiving lines
    of the geldende begroting (the scope is declared in rules.py)."""
    return mijlpalen_buurten(Buurt.objects.visible_to(user), user)


def _zichtbare_mijlpalen(user: Any) -> QuerySet[Mijlpaal]:
    """The milestones in a user's list, with national status: all for staff of a gemeente, for
    partners only those of their buurten."""
    qs = mijlpalen_met_landelijke_status()
    if not user.has_perm("mijlpalen.view_alle_mijlpalen"):
        ids = buurten_voor(user).values("pk")
        qs = qs.filter(Q(bedragen__buurt__in=ids) | Q(statussen__buurt__in=ids)).distinct()
    return qs


def mijlpalen_voor(user: Any) -> QuerySet[Mijlpaal]:
    """The milestone list of a user, with national status and the number of buurten with amounts."""
    return _zichtbare_mijlpalen(user).annotate(deelnemend=Count("bedragen__buurt", distinct=True))


def open_deadlines_voor(user: Any, tot: datetime.date) -> list[datetime.date]:
    """The deadlines, up to `tot`, of the open milestones in the user's list (one per milestone):
    the inbox's two counts (late, within 30 days) in one query, where `filter_termijn` on
    `mijlpalen_voor` built the status expression and the per-buurt count twice (issue 15)."""
    rows = _zichtbare_mijlpalen(user).filter(landelijk=OPEN, deadline__lte=tot).values_list("pk", "deadline")  # type: ignore[misc]  # "landelijk" is an annotation
    return sorted(deadline for _pk, deadline in rows)


def buurten_met_totalen(user: Any) -> QuerySet[Buurt]:
    """The user's buurten with the number of milestones and the amounts per domain."""
    money = DecimalField(max_digits=14, decimal_places=2)
    return (
        buurten_voor(user)
        .select_related("gemeente")
        .annotate(
            aantal_mijlpalen=Count("mijlpaalbedragen__mijlpaal", distinct=True),
            totaal_sociaal_domein=Coalesce(
                Sum("mijlpaalbedragen__bedrag_sociaal_domein"), Value(0), output_field=money
            ),
            totaal_zorg=Coalesce(Sum("mijlpaalbedragen__bedrag_zorg"), Value(0), output_field=money),
        )
    )


def mijlpaal_per_buurt(mijlpaal: Mijlpaal, user: Any) -> dict[str, Any] | None:
    """The milestone's national status and, per participating buurt the user may see, its status and
    amounts. None when the user sees none of those buurten and is not staff (the page is then 404)."""
    landelijk = landelijke_status(mijlpaal)
    eigen_ids = set(
        buurten_voor(user).filter(pk__in=[b.pk for b in landelijk["deelnemend"]]).values_list("pk", flat=True)
    )
    if not eigen_ids and not user.has_perm("mijlpalen.view_alle_mijlpalen"):
        return None
    statussen = {s.buurt_id: s for s in MijlpaalStatus.objects.filter(mijlpaal=mijlpaal, buurt_id__in=eigen_ids)}
    bedragen = {
        row["buurt_id"]: row
        for row in MijlpaalBedrag.objects.filter(mijlpaal=mijlpaal, buurt_id__in=eigen_ids)
        .values("buurt_id")
        .annotate(sd=Sum("bedrag_sociaal_domein"), zorg=Sum("bedrag_zorg"))
    }
    rijen = [
        {"buurt": b, "status": statussen.get(b.pk), "bedragen": bedragen.get(b.pk)}
        for b in landelijk["deelnemend"]
        if b.pk in eigen_ids
    ]
    return {"landelijk": landelijk, "rijen": rijen}


def status_van(mijlpaal: Mijlpaal, buurt: Buurt) -> MijlpaalStatus | None:
    return (
        MijlpaalStatus.objects.filter(mijlpaal=mijlpaal, buurt=buurt)
        .select_related("beoordelaar_organisatie", "vastgelegd_door")
        .first()
    )


def landelijk_per_bedrag(bedragen: list[MijlpaalBedrag]) -> dict[int, str]:
    """{mijlpaal_id: national status} for the milestones of these amounts (one query)."""
    return dict(
        mijlpalen_met_landelijke_status(Mijlpaal.objects.filter(pk__in={b.mijlpaal_id for b in bedragen})).values_list(  # type: ignore[misc]  # "landelijk" is an annotation
            "pk", "landelijk"
        )
    )


def kpi_indicatoren(buurt: Buurt) -> list[tuple[Indicator, dict[str, Any]]]:
    """The indicators measured in a buurt with their index series."""
    return [
        (indicator, kpi_reeks(indicator, buurt))
        for indicator in Indicator.objects.filter(metingen__buurt=buurt).distinct().order_by("naam")
    ]


def landelijke_status_expression(ref: str = "pk") -> Expression:
    """A SQL expression for the national status of the milestone at `OuterRef(ref)`."""
    niet_behaald = Exists(MijlpaalStatus.objects.filter(mijlpaal=OuterRef(ref), status=NIET_BEHAALD))
    # a participating buurt where it is not behaald: a status row that is not behaald, or an amount
    # row of a buurt without a behaald status row
    behaald_in_buurt = MijlpaalStatus.objects.filter(
        mijlpaal=OuterRef("mijlpaal"), buurt=OuterRef("buurt"), status=BEHAALD
    )
    nog_niet = Exists(MijlpaalStatus.objects.filter(mijlpaal=OuterRef(ref)).exclude(status=BEHAALD)) | Exists(
        MijlpaalBedrag.objects.filter(mijlpaal=OuterRef(ref)).filter(~Exists(behaald_in_buurt))
    )
    deelnemend = Exists(MijlpaalStatus.objects.filter(mijlpaal=OuterRef(ref))) | Exists(
        MijlpaalBedrag.objects.filter(mijlpaal=OuterRef(ref))
    )
    return Case(
        When(niet_behaald, then=Value(NIET_BEHAALD)),
        When(nog_niet, then=Value(OPEN)),
        When(deelnemend, then=Value(BEHAALD)),
        default=Value(OPEN),
        output_field=CharField(),
    )


def mijlpalen_met_landelijke_status(queryset: QuerySet[Mijlpaal] | None = None) -> QuerySet[Mijlpaal]:
    """Milestones annotated with `landelijk` (open / behaald / niet_behaald), one query."""
    queryset = Mijlpaal.objects.all() if queryset is None else queryset
    return queryset.annotate(landelijk=landelijke_status_expression("pk"))


BINNENKORT_DAGEN = 30


def filter_termijn(queryset: QuerySet[Mijlpaal], termijn: str, vandaag: datetime.date) -> QuerySet[Mijlpaal]:
    """Open milestones (annotated `landelijk`) past their deadline (`te_laat`) or due within 30 days
    (`binnenkort`)."""
    queryset = queryset.filter(landelijk=OPEN)  # type: ignore[misc]  # "landelijk" is an annotation
    if termijn == "te_laat":
        return queryset.filter(deadline__lt=vandaag)
    return queryset.filter(deadline__gte=vandaag, deadline__lte=vandaag + datetime.timedelta(days=BINNENKORT_DAGEN))


def is_te_laat(mijlpaal: Mijlpaal, vandaag: datetime.date | None = None) -> bool:
    """An open milestone whose deadline has passed (needs the `landelijk` annotation or a status)."""
    status = getattr(mijlpaal, "landelijk", OPEN)
    return status == OPEN and mijlpaal.deadline < (vandaag or datetime.date.today())


def statussen_per_buurt(mijlpaal: Mijlpaal) -> dict[int, str]:
    """{buurt_id: status} for every participating buurt (missing status row = open)."""
    result: dict[int, str] = {
        bid: OPEN for bid in MijlpaalBedrag.objects.filter(mijlpaal=mijlpaal).values_list("buurt_id", flat=True)
    }
    for bid, status in MijlpaalStatus.objects.filter(mijlpaal=mijlpaal).values_list("buurt_id", "status"):
        result[bid] = status
    return result


def deelnemende_buurten(mijlpaal: Mijlpaal) -> QuerySet[Buurt]:
    return (
        Buurt.objects.filter(Q(mijlpaalbedragen__mijlpaal=mijlpaal) | Q(mijlpaalstatussen__mijlpaal=mijlpaal))
        .distinct()
        .select_related("gemeente")
        .order_by("naam")
    )


def landelijke_status(mijlpaal: Mijlpaal) -> dict[str, Any]:
    """{status, behaald_in: [buurt], achterblijvers: [buurt], niet_behaald_in: [buurt], deelnemend: [buurt]}.

    behaald only when behaald in every participating buurt; achterblijvers are the participating
    buurten where it is not (yet) behaald.
    """
    statussen = statussen_per_buurt(mijlpaal)
    buurten = list(Buurt.objects.filter(pk__in=statussen).select_related("gemeente").order_by("naam"))
    behaald_in = [b for b in buurten if statussen[b.pk] == BEHAALD]
    niet_behaald_in = [b for b in buurten if statussen[b.pk] == NIET_BEHAALD]
    achterblijvers = [b for b in buurten if statussen[b.pk] != BEHAALD]
    if niet_behaald_in:
        status = NIET_BEHAALD
    elif buurten and not achterblijvers:
        status = BEHAALD
    else:
        status = OPEN
    return {
        "status": status,
        "status_label": MijlpaalStatus.Status(status).label,
        "behaald_in": behaald_in,
        "niet_behaald_in": niet_behaald_in,
        "achterblijvers": achterblijvers,
        "deelnemend": buurten,
    }


def _relevante_mijlpalen(buurten):
    ids = _buurt_ids(buurten)
    return Mijlpaal.objects.filter(
        Q(Exists(MijlpaalBedrag.objects.filter(mijlpaal=OuterRef("pk"), buurt__in=ids)))
        | Q(Exists(MijlpaalStatus.objects.filter(mijlpaal=OuterRef("pk"), buurt__in=ids)))
    )


def alle_mijlpalen_behaald(buurten: Any, t_m_jaar: int) -> bool:
    """SiSa indicator 2: are all milestones relevant to these buurten with a deadline in or before
    `t_m_jaar` behaald nationally (in every participating buurt)? True when there are none."""
    qs = mijlpalen_met_landelijke_status(_relevante_mijlpalen(buurten).filter(deadline__year__lte=t_m_jaar))
    return not qs.exclude(landelijk=BEHAALD).exists()  # type: ignore[misc]  # "landelijk" is an annotation


# ------------------------------------------------------------------ national judgement (SiSa 2 and 6)


def huidig_oordeel_expression(ref: str = "pk") -> Subquery:
    """SQL: the outcome of the current national judgement of the milestone `OuterRef(ref)` (the
    latest by beoordeeld_op, then by recording order), NULL when none was recorded."""
    return Subquery(
        LandelijkOordeel.objects.filter(mijlpaal=OuterRef(ref)).order_by("-beoordeeld_op", "-pk").values("uitkomst")[:1]
    )


def landelijke_oordelen(mijlpaal: Mijlpaal) -> list[LandelijkOordeel]:
    """Every national judgement of a milestone, current first."""
    return list(
        LandelijkOordeel.objects.filter(mijlpaal=mijlpaal)
        .select_related("beoordelaar", "vastgelegd_door")
        .order_by("-beoordeeld_op", "-pk")
    )


def landelijk_oordeel(mijlpaal: Mijlpaal) -> LandelijkOordeel | None:
    """The current national judgement of the coordinating insurer, or None (not judged yet)."""
    oordelen = landelijke_oordelen(mijlpaal)
    return oordelen[0] if oordelen else None


def _sisa_mijlpalen_qs(buurten):
    ids = _buurt_ids(buurten)
    return Mijlpaal.objects.filter(
        Q(Exists(MijlpaalBedrag.objects.filter(mijlpaal=OuterRef("pk"), buurt__in=ids)))
        | Q(Exists(ActiviteitMijlpaal.objects.filter(mijlpaal=OuterRef("pk"), activiteit__buurtplan__buurt__in=ids)))
    )


def alle_mijlpalen_landelijk_behaald(buurten: Any, t_m_jaar: int) -> bool:
    """SiSa indicator 2: has the coordinating insurer judged every milestone of these buurten (an
    amount in their mijlpalenoverzicht or an activity linked to it) with a deadline in or before
    `t_m_jaar` as behaald? A milestone without a national judgement is not (yet) realised. True
    when no milestone is due. Local statuses per buurt play no part."""
    qs = _sisa_mijlpalen_qs(buurten).filter(deadline__year__lte=t_m_jaar).annotate(oordeel=huidig_oordeel_expression())
    return not qs.filter(Q(oordeel__isnull=True) | ~Q(oordeel=LandelijkOordeel.Uitkomst.BEHAALD)).exists()


def niet_gerealiseerde_mijlpalen(buurten: Any) -> list[dict[str, Any]]:
    """The milestones of these buurten judged *niet behaald* nationally (current judgement), each
    with the social-domain amount of these buurten (all years, as amended) and the ids of the
    activities linked to it in any version of their buurtplannen:
    [{mijlpaal, oordeel (LandelijkOordeel), bedrag, activiteiten: [id]}], by number. Three queries,
    or one while no milestone has ever been judged niet behaald (most years: building the milestone
    query alone took 8 ms of every SiSa page)."""
    if not LandelijkOordeel.objects.filter(uitkomst=LandelijkOordeel.Uitkomst.NIET_BEHAALD).exists():
        return []
    ids = _buurt_ids(buurten)
    mijlpalen = list(
        _sisa_mijlpalen_qs(buurten)
        .annotate(oordeel=huidig_oordeel_expression())
        .filter(oordeel=LandelijkOordeel.Uitkomst.NIET_BEHAALD)
        .annotate(
            bedrag=Coalesce(
                Subquery(
                    MijlpaalBedrag.objects.filter(mijlpaal=OuterRef("pk"), buurt__in=ids)
                    .values("mijlpaal")
                    .annotate(s=Sum("bedrag_sociaal_domein"))
                    .values("s")[:1]
                ),
                Value(ZERO),
                output_field=BedragField(),
            )
        )
        .order_by("nummer")
    )
    koppelingen = defaultdict(list)
    for mid, aid in ActiviteitMijlpaal.objects.filter(
        mijlpaal__in=[m.pk for m in mijlpalen], activiteit__buurtplan__buurt__in=ids
    ).values_list("mijlpaal_id", "activiteit_id"):
        koppelingen[mid].append(aid)
    oordelen: dict[int, LandelijkOordeel] = {}
    for oordeel in (
        LandelijkOordeel.objects.filter(mijlpaal__in=[m.pk for m in mijlpalen])
        .select_related("beoordelaar")
        .order_by("mijlpaal_id", "-beoordeeld_op", "-pk")
    ):
        oordelen.setdefault(oordeel.mijlpaal_id, oordeel)
    return [
        {
            "mijlpaal": m,
            "oordeel": oordelen.get(m.pk),
            "bedrag": to_cents(m.bedrag or ZERO),
            "activiteiten": sorted(koppelingen[m.pk]),
        }
        for m in mijlpalen
    ]


def mijlpaalwijzigingen(buurten: Any) -> QuerySet[MijlpaalWijziging]:
    """The amendments of granted milestone amounts of these buurten, in order."""
    return (
        MijlpaalWijziging.objects.filter(bedrag__buurt__in=_buurt_ids(buurten))
        .select_related("bedrag__mijlpaal", "bedrag__buurt", "gewijzigd_door")
        .order_by("gewijzigd_op", "pk")
    )


def activiteiten_per_mijlpaal(buurtplan: Any) -> dict[int, list[int]]:
    """{mijlpaal_id: [activiteit_id]} of one buurtplan version."""
    result: dict[int, list[int]] = defaultdict(list)
    for mid, aid in ActiviteitMijlpaal.objects.filter(activiteit__buurtplan=buurtplan).values_list(
        "mijlpaal_id", "activiteit_id"
    ):
        result[mid].append(aid)
    return dict(result)


def _bedragen_met_status(queryset=None):
    queryset = MijlpaalBedrag.objects.all() if queryset is None else queryset
    return queryset.annotate(landelijk=landelijke_status_expression("mijlpaal"))


def bedrag_niet_gerealiseerde_mijlpalen(buurten: Any, t_m_jaar: int, risicodrager: str | None = GEMEENTE) -> Decimal:
    """SiSa indicator 6 / repayment: the social-domain amounts of years ≤ t_m_jaar of these buurten
    tied to milestones that are not achieved (niet behaald nationally). `risicodrager=None`: all."""
    qs = MijlpaalBedrag.objects.filter(buurt__in=_buurt_ids(buurten), jaar__lte=t_m_jaar)
    if risicodrager:
        qs = qs.filter(risicodrager=risicodrager)
    total = (
        _bedragen_met_status(qs)
        .filter(landelijk=NIET_BEHAALD)
        .aggregate(totaal=Coalesce(Sum("bedrag_sociaal_domein"), Value(ZERO), output_field=BedragField()))["totaal"]
    )
    return to_cents(total or ZERO)


def blootstelling(
    gemeente: Any = None, buurt: Buurt | None = None, gemeenten: Iterable[int] | None = None
) -> dict[str, Any]:
    """Repayment exposure where the gemeente bears the risk, per (buurt, jaar).

    Returns {"rijen": [{buurt_id, buurt, gemeente_id, gemeente, jaar, risico_open, terug_te_betalen}],
    "per_gemeente": [{gemeente_id, gemeente, risico_open, terug_te_betalen}],
    "per_jaar": {jaar: {risico_open, terug_te_betalen}}, "risico_open": D, "terug_te_betalen": D}.
    `gemeenten` (ids) restricts to what a user may see.
    """
    qs = MijlpaalBedrag.objects.filter(risicodrager=GEMEENTE)
    if gemeente is not None:
        qs = qs.filter(buurt__gemeente=gemeente)
    if buurt is not None:
        qs = qs.filter(buurt=buurt)
    if gemeenten is not None:
        qs = qs.filter(buurt__gemeente_id__in=gemeenten)
    money = BedragField()
    rows = (
        _bedragen_met_status(qs)
        .values("buurt_id", "jaar")
        .annotate(
            buurt_naam=F("buurt__naam"),
            gemeente_id=F("buurt__gemeente_id"),
            gemeente_naam=F("buurt__gemeente__naam"),
            risico_open=Coalesce(
                Sum("bedrag_sociaal_domein", filter=Q(landelijk=OPEN)), Value(ZERO), output_field=money
            ),
            terug_te_betalen=Coalesce(
                Sum("bedrag_sociaal_domein", filter=Q(landelijk=NIET_BEHAALD)), Value(ZERO), output_field=money
            ),
        )
        .order_by("gemeente_naam", "buurt_naam", "jaar")
    )
    per_gemeente: dict[Any, dict[str, Any]]
    per_jaar: defaultdict[Any, dict[str, Decimal]]
    rijen, per_gemeente, per_jaar = [], {}, defaultdict(lambda: {"risico_open": ZERO, "terug_te_betalen": ZERO})
    totaal_open = totaal_terug = ZERO
    for row in rows:
        rij = {
            "buurt_id": row["buurt_id"],
            "buurt": row["buurt_naam"],
            "gemeente_id": row["gemeente_id"],
            "gemeente": row["gemeente_naam"],
            "jaar": row["jaar"],
            "risico_open": to_cents(row["risico_open"] or ZERO),
            "terug_te_betalen": to_cents(row["terug_te_betalen"] or ZERO),
        }
        rijen.append(rij)
        g = per_gemeente.setdefault(
            rij["gemeente_id"],
            {
                "gemeente_id": rij["gemeente_id"],
                "gemeente": rij["gemeente"],
                "risico_open": ZERO,
                "terug_te_betalen": ZERO,
            },
        )
        g["risico_open"] += rij["risico_open"]
        g["terug_te_betalen"] += rij["terug_te_betalen"]
        per_jaar[rij["jaar"]]["risico_open"] += rij["risico_open"]
        per_jaar[rij["jaar"]]["terug_te_betalen"] += rij["terug_te_betalen"]
        totaal_open += rij["risico_open"]
        totaal_terug += rij["terug_te_betalen"]
    return {
        "rijen": rijen,
        "per_gemeente": list(per_gemeente.values()),
        "per_jaar": dict(sorted(per_jaar.items())),
        "risico_open": totaal_open,
        "terug_te_betalen": totaal_terug,
    }


def blootstelling_per_mijlpaal(gemeenten: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Per milestone (gemeente risk): social-domain amount open and due, for the dashboard."""
    qs = MijlpaalBedrag.objects.filter(risicodrager=GEMEENTE)
    if gemeenten is not None:
        qs = qs.filter(buurt__gemeente_id__in=gemeenten)
    money = BedragField()
    rows = (
        _bedragen_met_status(qs)
        .values("mijlpaal_id", "mijlpaal__nummer", "mijlpaal__omschrijving", "mijlpaal__deadline", "landelijk")
        .annotate(bedrag=Coalesce(Sum("bedrag_sociaal_domein"), Value(ZERO), output_field=money))
        .order_by("mijlpaal__nummer")
    )
    return [
        {
            "mijlpaal_id": r["mijlpaal_id"],
            "nummer": r["mijlpaal__nummer"],
            "omschrijving": r["mijlpaal__omschrijving"],
            "deadline": r["mijlpaal__deadline"],
            "landelijk": r["landelijk"],
            "landelijk_label": MijlpaalStatus.Status(r["landelijk"]).label,
            "bedrag": to_cents(r["bedrag"] or ZERO),
        }
        for r in rows
    ]


def mijlpalen_met_deadline_binnen(
    dagen: int, vandaag: datetime.date | None = None, gemeente_id: int | None = None
) -> list[tuple[Mijlpaal, list[Buurt]]]:
    """Milestones whose deadline falls within `dagen` days from `vandaag` (inclusive) and that are not
    behaald in some participating buurt: [(mijlpaal, [buurt niet behaald...])], by deadline. With
    `gemeente_id` only that gemeente's buurten (filtered in SQL)."""
    vandaag = vandaag or timezone.localdate()
    tot = vandaag + datetime.timedelta(days=dagen)
    mijlpalen = list(Mijlpaal.objects.filter(deadline__gte=vandaag, deadline__lte=tot).order_by("deadline", "nummer"))
    if not mijlpalen:
        return []
    ids = [m.pk for m in mijlpalen]
    bedragen = MijlpaalBedrag.objects.filter(mijlpaal_id__in=ids)
    statussen = MijlpaalStatus.objects.filter(mijlpaal_id__in=ids)
    if gemeente_id is not None:
        bedragen = bedragen.filter(buurt__gemeente_id=gemeente_id)
        statussen = statussen.filter(buurt__gemeente_id=gemeente_id)
    deelnemend = defaultdict(set)
    for mid, bid in bedragen.values_list("mijlpaal_id", "buurt_id"):
        deelnemend[mid].add(bid)
    behaald = defaultdict(set)
    for mid, bid, status in statussen.values_list("mijlpaal_id", "buurt_id", "status"):
        deelnemend[mid].add(bid)
        if status == BEHAALD:
            behaald[mid].add(bid)
    buurt_ids = set().union(*deelnemend.values()) if deelnemend else set()
    buurten = Buurt.objects.in_bulk(buurt_ids)
    result = []
    for mijlpaal in mijlpalen:
        open_ids = deelnemend[mijlpaal.pk] - behaald[mijlpaal.pk]
        if open_ids:
            result.append((mijlpaal, sorted((buurten[b] for b in open_ids), key=lambda b: b.naam)))
    return result


def mijlpalen_totalen_per_jaar(buurt: Buurt) -> dict[int, Decimal]:
    """{jaar: Decimal} of the social-domain milestone amounts of a buurt."""
    rows = (
        MijlpaalBedrag.objects.filter(buurt=buurt)
        .values("jaar")
        .annotate(totaal=Sum("bedrag_sociaal_domein"))
        .order_by("jaar")
    )
    return {row["jaar"]: to_cents(row["totaal"] or ZERO) for row in rows}


def reconciliatie(buurt: Buurt, alleen_verschillen: bool = False) -> list[dict[str, Any]]:
    """Per year: social-domain milestone amounts against the SPUK lines of the geldende buurtbegroting.

    [{jaar, mijlpalen_sociaal_domein, begroting_spuk, verschil, klopt}], verschil = mijlpalen − begroting.
    With `alleen_verschillen=True` only the mismatches.
    """
    mijlpalen = mijlpalen_totalen_per_jaar(buurt)
    begroting = spuk_totalen_per_jaar(buurt)
    rijen = []
    for jaar in sorted(set(mijlpalen) | set(begroting)):
        m = mijlpalen.get(jaar, ZERO)
        b = to_cents(begroting.get(jaar, ZERO))
        rij = {"jaar": jaar, "mijlpalen_sociaal_domein": m, "begroting_spuk": b, "verschil": m - b, "klopt": m == b}
        if not alleen_verschillen or not rij["klopt"]:
            rijen.append(rij)
    return rijen


def verschillen(buurt: Buurt) -> list[dict[str, Any]]:
    """Only the mismatching years of `reconciliatie(buurt)`."""
    return reconciliatie(buurt, alleen_verschillen=True)


def mijlpalenoverzicht(buurt: Buurt) -> dict[str, Any]:
    """The buurt's amounts with milestone, ordered by year and number, plus totals per year and soort."""
    bedragen = list(
        MijlpaalBedrag.objects.filter(buurt=buurt).select_related("mijlpaal").order_by("jaar", "mijlpaal__nummer")
    )
    per_soort: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    per_risicodrager: defaultdict[str, Decimal] = defaultdict(lambda: ZERO)
    totaal_sd = totaal_zorg = ZERO
    for b in bedragen:
        per_soort[b.mijlpaal.soort] += b.bedrag_sociaal_domein
        per_risicodrager[b.risicodrager] += b.bedrag_sociaal_domein
        totaal_sd += b.bedrag_sociaal_domein
        totaal_zorg += b.bedrag_zorg
    return {
        "bedragen": bedragen,
        "per_soort": dict(per_soort),
        "per_risicodrager": dict(per_risicodrager),
        "totaal_sociaal_domein": totaal_sd,
        "totaal_zorg": totaal_zorg,
    }


# --------------------------------------------------------------------------------------------
# KPI monitor
# --------------------------------------------------------------------------------------------


def kpi_reeks(indicator: Indicator, buurt: Buurt) -> dict[str, Any]:
    """Index series (basisjaar = 100) for the buurt and its comparison group, with DiD per year.

    Returns {"jaren": [...], "rijen": [{jaar, buurt, vergelijking, index_buurt, index_vergelijking,
    verschil}], "basis_buurt", "basis_vergelijking", "vergelijkingsbuurten", "doelindex", "laatste_did",
    "doel_gehaald"}. Index values are Decimal rounded to 0.1; None where a baseline or value is missing.
    """
    metingen = list(Meting.objects.filter(indicator=indicator, buurt=buurt).order_by("jaar"))
    waarden: dict[str, dict[int, Decimal]] = {Meting.Groep.BUURT: {}, Meting.Groep.VERGELIJKING: {}}
    vergelijkingsbuurten = ""
    for m in metingen:
        waarden[m.groep][m.jaar] = m.waarde
        if m.groep == Meting.Groep.VERGELIJKING and m.vergelijkingsbuurten:
            vergelijkingsbuurten = m.vergelijkingsbuurten
    basis_b = waarden[Meting.Groep.BUURT].get(indicator.basisjaar)
    basis_v = waarden[Meting.Groep.VERGELIJKING].get(indicator.basisjaar)

    def index(value, basis):
        if value is None or not basis:
            return None
        return (value / basis * 100).quantize(Decimal("0.1"))

    jaren = sorted(set(waarden[Meting.Groep.BUURT]) | set(waarden[Meting.Groep.VERGELIJKING]))
    rijen = []
    for jaar in jaren:
        b = waarden[Meting.Groep.BUURT].get(jaar)
        v = waarden[Meting.Groep.VERGELIJKING].get(jaar)
        ib, iv = index(b, basis_b), index(v, basis_v)
        rijen.append(
            {
                "jaar": jaar,
                "buurt": b,
                "vergelijking": v,
                "index_buurt": ib,
                "index_vergelijking": iv,
                "verschil": (ib - iv) if ib is not None and iv is not None else None,
            }
        )
    laatste = next((r for r in reversed(rijen) if r["verschil"] is not None), None)
    laatste_did = laatste["verschil"] if laatste else None
    doel_gehaald = None
    if laatste_did is not None:
        if indicator.richting == Indicator.Richting.LAGER_IS_BETER:
            doel_gehaald = laatste_did <= indicator.doel_percentage
        else:
            doel_gehaald = laatste_did >= indicator.doel_percentage
    return {
        "jaren": jaren,
        "rijen": rijen,
        "basis_buurt": basis_b,
        "basis_vergelijking": basis_v,
        "vergelijkingsbuurten": vergelijkingsbuurten,
        "doelindex": indicator.doelindex,
        "laatste_did": laatste_did,
        "doel_gehaald": doel_gehaald,
    }
