"""Read models of buurtplan, used by its views and by later apps (mijlpalen, spuk, declaraties)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum, prefetch_related_objects

from core.models import Organisatie

from .models import Begrotingsregel, Buurt, Buurtbegroting, Buurtplan, PlanThema
from .rules import organisaties_van_gemeenten

ZERO = Decimal("0.00")


def geldende_versie(buurt: Buurt) -> Buurtplan | None:
    """The plan version in force: the newest vastgesteld version, else the newest version, else None."""
    plannen = Buurtplan.objects.filter(buurt=buurt)
    return (
        plannen.filter(status=Buurtplan.Status.VASTGESTELD).order_by("-versie").first()
        or plannen.order_by("-versie").first()
    )


def geldende_begroting(buurt: Buurt) -> Buurtbegroting | None:
    """The begroting of the vastgesteld version (newest), else of the latest version; None without plan."""
    versie = geldende_versie(buurt)
    if versie is None:
        return None
    return Buurtbegroting.objects.filter(buurtplan=versie).select_related("buurtplan__buurt").first()


def spuk_regels(buurt: Buurt) -> QuerySet[Begrotingsregel]:
    """The SPUK sociaal-domein lines of the geldende begroting of a buurt."""
    begroting = geldende_begroting(buurt)
    if begroting is None:
        return Begrotingsregel.objects.none()
    return begroting.regels.filter(
        financiering=Begrotingsregel.Financiering.SPUK, domein=Begrotingsregel.Domein.SOCIAAL_DOMEIN
    )


def spuk_totalen_per_jaar(buurt: Buurt) -> dict[int, Decimal]:
    """{jaar: Decimal} of the SPUK sociaal-domein lines of the geldende begroting (years with lines only)."""
    rows = spuk_regels(buurt).values("jaar").annotate(totaal=Sum("bedrag")).order_by("jaar")
    return {row["jaar"]: row["totaal"] or ZERO for row in rows}


def begrotingsregels_voor_partner(
    organisatie: Organisatie, gemeente: Organisatie | None = None
) -> QuerySet[Begrotingsregel]:
    """Lines of the geldende begroting of every buurt that the organisation receives, optionally per gemeente."""
    geldende_ids = []
    buurten = Buurt.objects.all()
    if gemeente is not None:
        buurten = buurten.filter(gemeente=gemeente)
    buurten = buurten.filter(buurtplannen__begroting__regels__ontvangende_partner=organisatie).distinct()
    for buurt in buurten.prefetch_related("buurtplannen"):
        versie = buurt.vastgestelde_versie() or buurt.laatste_versie()
        if versie is not None:
            geldende_ids.append(versie.pk)
    return (
        Begrotingsregel.objects.filter(begroting__buurtplan_id__in=geldende_ids, ontvangende_partner=organisatie)
        .select_related("begroting__buurtplan__buurt__gemeente", "activiteit__thema", "ontvangende_partner")
        .order_by("begroting__buurtplan__buurt__naam", "jaar", "pk")
    )


def totalen(regels: Iterable[Any]) -> dict[str, Any]:
    """Totals of an iterable of lines (model instances or dicts with jaar/domein/financiering/bedrag).

    Returns {"per_jaar": {jaar: D}, "per_domein": {domein: D}, "per_financiering": {fin: D},
    "per_jaar_financiering": {(jaar, fin): D}, "totaal": D, "jaren": [..]}.
    """
    per_jaar: defaultdict[Any, Decimal] = defaultdict(lambda: ZERO)
    per_domein: defaultdict[Any, Decimal] = defaultdict(lambda: ZERO)
    per_financiering: defaultdict[Any, Decimal] = defaultdict(lambda: ZERO)
    per_jaar_financiering: defaultdict[Any, Decimal] = defaultdict(lambda: ZERO)
    totaal = ZERO
    for regel in regels:
        get = regel.get if isinstance(regel, dict) else lambda key, r=regel: getattr(r, key)
        bedrag = get("bedrag")
        if bedrag is None:
            continue
        jaar, domein, financiering = get("jaar"), get("domein"), get("financiering")
        per_jaar[jaar] += bedrag
        per_domein[domein] += bedrag
        per_financiering[financiering] += bedrag
        per_jaar_financiering[(jaar, financiering)] += bedrag
        totaal += bedrag
    return {
        "per_jaar": dict(sorted(per_jaar.items(), key=lambda item: (item[0] is None, item[0] or 0))),
        "per_domein": dict(per_domein),
        "per_financiering": dict(per_financiering),
        "per_jaar_financiering": dict(per_jaar_financiering),
        "totaal": totaal,
        "jaren": sorted(j for j in per_jaar if j is not None),
    }


def buurten_overzicht_queryset() -> QuerySet[Buurt]:
    """Buurten with everything the compliance panel reads, in a fixed number of queries."""
    return _buurten_met(Buurtplan.objects.select_related("begroting").prefetch_related(*_PLAN_DETAILS))


def buurten_lijst_queryset() -> QuerySet[Buurt]:
    """Buurten with their plan versions but without the versions' themes and signatures: a page of
    the national list calls `laad_compliance` on its 50 buurten, which reads those only for a latest
    version that is still a draft (all versions' details were 800 objects for 50 buurten)."""
    return _buurten_met(Buurtplan.objects.select_related("begroting"))


def _buurten_met(plannen: QuerySet[Buurtplan]) -> QuerySet[Buurt]:
    return Buurt.objects.select_related("gemeente", "transformatieplan").prefetch_related(
        "alliantiepartners", "netwerkleden", Prefetch("buurtplannen", queryset=plannen), "transformatieplan__themas"
    )


_PLAN_DETAILS = (Prefetch("planthemas", queryset=PlanThema.objects.select_related("thema")), "ondertekeningen")


def laad_compliance(buurten: Iterable[Buurt]) -> None:
    """Prefetch what `compliance` reads beyond `buurten_lijst_queryset` (two queries in all)."""
    concepten = [
        plan
        for b in buurten
        if (plan := b.laatste_versie()) is not None and plan.status != Buurtplan.Status.VASTGESTELD
    ]
    prefetch_related_objects(concepten, *_PLAN_DETAILS)


def filter_organisaties(lijst: str) -> QuerySet[Organisatie]:
    """The organisations the buurten list filters on: `gemeente` (those with buurten) or
    `alliantiepartner` (health insurers in an alliance); id and name only."""
    if lijst == "gemeente":
        qs = Organisatie.objects.filter(soort="gemeente", buurten__isnull=False).distinct()
    else:
        qs = Organisatie.objects.filter(
            soort="zorgaanbieder", pk__in=Buurt.alliantiepartners.through.objects.values("organisatie_id")
        )
    return qs.only("pk", "naam")


def buurten_zichtbaar_voor(user: Any) -> QuerySet[Buurt]:
    """Buurten whose detail (and drafts) the user may open; the scope itself lives in rules.py."""
    return Buurt.objects.visible_to(user)


def buurt_pagina_queryset() -> QuerySet[Buurt]:
    """Buurten with what every buurt page (header, tabs) shows."""
    return Buurt.objects.select_related("gemeente", "transformatieplan").prefetch_related("alliantiepartners")


def versie(buurt: Buurt, nummer: int | None = None) -> Buurtplan | None:
    """Plan version `nummer` of a buurt, or the newest when `nummer` is None (None if there is none)."""
    plannen = buurt.buurtplannen.select_related("begroting", "vastgesteld_door")
    if nummer is None:
        return plannen.order_by("-versie").first()
    return plannen.filter(versie=nummer).first()


def zichtbare_regels(user: Any, begroting: Buurtbegroting) -> QuerySet[Begrotingsregel]:
    """The lines of a begroting the user may see (all for staff, own lines for partners), in editor order."""
    return (
        Begrotingsregel.objects.visible_to(user)
        .filter(begroting=begroting)
        .select_related("activiteit__thema", "ontvangende_partner")
        .order_by("jaar", "activiteit__thema__volgorde", "activiteit__naam", "pk")
    )


def vorige_versie(plan: Buurtplan) -> Buurtplan | None:
    if plan.versie <= 1:
        return None
    return plan.buurt.buurtplannen.filter(versie=plan.versie - 1).select_related("begroting").first()


def begroting_verschil(nieuw: Buurtplan, vorig: Buurtplan | None) -> dict[str, Any]:
    """Budget difference between two versions: per (jaar, financiering) old, new and difference."""
    oud_t = totalen(vorig.begroting.regels.all()) if vorig else totalen([])
    nieuw_t = totalen(nieuw.begroting.regels.all())
    sleutels = sorted(set(oud_t["per_jaar_financiering"]) | set(nieuw_t["per_jaar_financiering"]))
    labels = dict(Begrotingsregel.Financiering.choices)
    rijen = []
    for jaar, fin in sleutels:
        oud = oud_t["per_jaar_financiering"].get((jaar, fin), Decimal("0.00"))
        nw = nieuw_t["per_jaar_financiering"].get((jaar, fin), Decimal("0.00"))
        rijen.append(
            {"jaar": jaar, "financiering": labels.get(fin, fin), "oud": oud, "nieuw": nw, "verschil": nw - oud}
        )
    return {
        "rijen": rijen,
        "oud_totaal": oud_t["totaal"],
        "nieuw_totaal": nieuw_t["totaal"],
        "verschil": nieuw_t["totaal"] - oud_t["totaal"],
    }


def totalen_tabel(regels: Iterable[Any], fouten: int = 0) -> dict[str, Any]:
    """Totals laid out for the totals panel and the PDF: rows per year × funding, per domain."""
    t = totalen(regels)
    financieringen = list(Begrotingsregel.Financiering.choices)
    domeinen = list(Begrotingsregel.Domein.choices)
    rijen = [
        {
            "jaar": jaar,
            "bedragen": [t["per_jaar_financiering"].get((jaar, code)) for code, _l in financieringen],
            "totaal": t["per_jaar"][jaar],
        }
        for jaar in t["jaren"]
    ]
    return {
        "t": t,
        "rijen": rijen,
        "financieringen": financieringen,
        "fin_totalen": [t["per_financiering"].get(code) for code, _l in financieringen],
        "domein_totalen": [(label, t["per_domein"].get(code)) for code, label in domeinen],
        "rijen_met_fouten": fouten,
    }


def partnerorganisaties(user: Any) -> QuerySet[Organisatie]:
    """The organisations working in the buurten of the user's gemeenten, each with `eigen_buurten`
    (the buurten of those gemeenten it works in), in a fixed number of queries."""
    ids = list(user.gemeente_ids) if user.is_authenticated else []
    return organisaties_van_gemeenten(ids).prefetch_related(
        Prefetch(
            "werkbuurten", queryset=Buurt.objects.filter(gemeente_id__in=ids).order_by("naam"), to_attr="eigen_buurten"
        )
    )


def eigen_buurten(user: Any) -> QuerySet[Buurt]:
    """The buurten of the user's gemeenten (choices when linking an organisation)."""
    return (
        Buurt.objects.filter(gemeente_id__in=user.gemeente_ids)
        .select_related("gemeente")
        .order_by("gemeente__naam", "naam")
    )


# Organisation choices: only those relevant to the gemeente or the buurt ----------------------


def organisaties_voor_buurt(buurt: Buurt, *, ook: Iterable[Any] = ()) -> QuerySet[Organisatie]:
    """Active organisations that work in `buurt` (alliance partners included), plus `ook` (the
    current value of a field, so an existing choice stays visible)."""
    ids = [getattr(o, "pk", o) for o in ook if o is not None]
    gekoppeld = Buurt.partners.through.objects.filter(buurt_id=buurt.pk).values("organisatie_id")
    return Organisatie.objects.filter(Q(pk__in=gekoppeld, actief=True) | Q(pk__in=ids)).order_by("naam")


def organisaties_voor_gemeenten(gemeente_ids: Iterable[int]) -> QuerySet[Organisatie]:
    """Active organisations that work in a buurt of one of these gemeenten."""
    return organisaties_van_gemeenten(list(gemeente_ids)).filter(actief=True).order_by("naam")


def alliantie_keuzes(gemeente_ids: Iterable[int], *, ook: Iterable[Any] = ()) -> QuerySet[Organisatie]:
    """Care providers to choose as alliance partner of a buurt of these gemeenten: those working in
    their buurten. A gemeente without any yet (its first buurt) chooses from every active care provider."""
    ids = [getattr(o, "pk", o) for o in ook if o is not None]
    zorgaanbieders = Organisatie.objects.filter(soort=Organisatie.Soort.ZORGAANBIEDER)
    gekoppeld = organisaties_van_gemeenten(list(gemeente_ids)).filter(soort=Organisatie.Soort.ZORGAANBIEDER)
    if not gekoppeld.filter(actief=True).exists():
        return zorgaanbieders.filter(Q(actief=True) | Q(pk__in=ids)).order_by("naam")
    return zorgaanbieders.filter(Q(pk__in=gekoppeld.filter(actief=True).values("pk")) | Q(pk__in=ids)).order_by("naam")


def organisaties_voor_gemeente(gemeente_id: int, *, ook: Iterable[Any] = ()) -> QuerySet[Organisatie]:
    """Active organisations working in a buurt of the gemeente, plus `ook` (current values)."""
    ids = [getattr(o, "pk", o) for o in ook if o is not None]
    return Organisatie.objects.filter(
        Q(pk__in=organisaties_voor_gemeenten([gemeente_id]).values("pk")) | Q(pk__in=ids)
    ).order_by("naam")
