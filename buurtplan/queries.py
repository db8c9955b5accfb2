"""Read models of buurtplan, used by its views and by later apps (mijlpalen, spuk, declaraties)."""
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch, Q, Sum

from .models import Begrotingsregel, Buurt, Buurtbegroting, Buurtplan

ZERO = Decimal("0.00")


def geldende_versie(buurt):
    """The plan version in force: the newest vastgesteld version, else the newest version, else None."""
    plannen = Buurtplan.objects.filter(buurt=buurt)
    return (
        plannen.filter(status=Buurtplan.Status.VASTGESTELD).order_by("-versie").first()
        or plannen.order_by("-versie").first()
    )


def geldende_begroting(buurt):
    """The begroting of the vastgesteld version (newest), else of the latest version; None without plan."""
    versie = geldende_versie(buurt)
    if versie is None:
        return None
    return Buurtbegroting.objects.filter(buurtplan=versie).select_related("buurtplan__buurt").first()


def spuk_regels(buurt):
    """The SPUK sociaal-domein lines of the geldende begroting of a buurt."""
    begroting = geldende_begroting(buurt)
    if begroting is None:
        return Begrotingsregel.objects.none()
    return begroting.regels.filter(
        financiering=Begrotingsregel.Financiering.SPUK, domein=Begrotingsregel.Domein.SOCIAAL_DOMEIN
    )


def spuk_totalen_per_jaar(buurt):
    """{jaar: Decimal} of the SPUK sociaal-domein lines of the geldende begroting (years with lines only)."""
    rows = spuk_regels(buurt).values("jaar").annotate(totaal=Sum("bedrag")).order_by("jaar")
    return {row["jaar"]: row["totaal"] or ZERO for row in rows}


def begrotingsregels_voor_partner(organisatie, gemeente=None):
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


def totalen(regels):
    """Totals of an iterable of lines (model instances or dicts with jaar/domein/financiering/bedrag).

    Returns {"per_jaar": {jaar: D}, "per_domein": {domein: D}, "per_financiering": {fin: D},
    "per_jaar_financiering": {(jaar, fin): D}, "totaal": D, "jaren": [..]}.
    """
    per_jaar = defaultdict(lambda: ZERO)
    per_domein = defaultdict(lambda: ZERO)
    per_financiering = defaultdict(lambda: ZERO)
    per_jaar_financiering = defaultdict(lambda: ZERO)
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


def buurten_overzicht_queryset():
    """Buurten with everything the compliance panel reads, in a fixed number of queries."""
    plannen = Buurtplan.objects.select_related("begroting").prefetch_related("planthemas__thema", "ondertekeningen")
    return Buurt.objects.select_related("gemeente", "alliantiepartner", "transformatieplan").prefetch_related(
        "netwerkleden", Prefetch("buurtplannen", queryset=plannen), "transformatieplan__themas"
    )


def buurten_zichtbaar_voor(user):
    """Buurten whose detail (and drafts) the user may open: staff of the gemeente; partners involved."""
    if not user.is_authenticated:
        return Buurt.objects.none()
    if user.gemeente_ids:
        return Buurt.objects.filter(gemeente_id__in=user.gemeente_ids)
    if user.is_partner and user.organisatie_id:
        org = user.organisatie_id
        return Buurt.objects.filter(
            Q(alliantiepartner_id=org)
            | Q(buurtplannen__activiteiten__uitvoerende_partner_id=org)
            | Q(buurtplannen__begroting__regels__ontvangende_partner_id=org)
        ).distinct()
    return Buurt.objects.none()


def begroting_verschil(nieuw, vorig):
    """Budget difference between two versions: per (jaar, financiering) old, new and difference."""
    oud_t = totalen(vorig.begroting.regels.all()) if vorig else totalen([])
    nieuw_t = totalen(nieuw.begroting.regels.all())
    sleutels = sorted(set(oud_t["per_jaar_financiering"]) | set(nieuw_t["per_jaar_financiering"]))
    labels = dict(Begrotingsregel.Financiering.choices)
    rijen = []
    for jaar, fin in sleutels:
        oud = oud_t["per_jaar_financiering"].get((jaar, fin), Decimal("0.00"))
        nw = nieuw_t["per_jaar_financiering"].get((jaar, fin), Decimal("0.00"))
        rijen.append({"jaar": jaar, "financiering": labels.get(fin, fin), "oud": oud, "nieuw": nw, "verschil": nw - oud})
    return {"rijen": rijen, "oud_totaal": oud_t["totaal"], "nieuw_totaal": nieuw_t["totaal"],
            "verschil": nieuw_t["totaal"] - oud_t["totaal"]}


def totalen_tabel(regels, fouten=0):
    """Totals laid out for the totals panel and the PDF: rows per year × funding, per domain."""
    t = totalen(regels)
    financieringen = list(Begrotingsregel.Financiering.choices)
    domeinen = list(Begrotingsregel.Domein.choices)
    rijen = [
        {"jaar": jaar, "bedragen": [t["per_jaar_financiering"].get((jaar, code)) for code, _l in financieringen],
         "totaal": t["per_jaar"][jaar]}
        for jaar in t["jaren"]
    ]
    return {
        "t": t, "rijen": rijen, "financieringen": financieringen,
        "fin_totalen": [t["per_financiering"].get(code) for code, _l in financieringen],
        "domein_totalen": [(label, t["per_domein"].get(code)) for code, label in domeinen],
        "rijen_met_fouten": fouten,
    }
