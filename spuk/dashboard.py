"""Spuk panels of the dashboards: key figures per year, budget against spending per buurt and per
activity (gemeente and beschikking), and per gemeente on the national dashboard."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from buurtplan.models import Activiteit, Buurt
from buurtplan.queries import spuk_regels
from core import charts, dashboard

from . import queries
from .models import Beschikking

ZERO = Decimal("0.00")
KOLOMMEN = [_("Verleend"), _("Ontvangen"), _("Besteed"), _("Vrijgevallen"), _("Resterend")]


def kerncijfers_paneel(beschikkingen: Iterable[Beschikking], sleutel: str = "kerncijfers") -> dashboard.Paneel:
    per_jaar = queries.kerncijfers_opgeteld(beschikkingen)
    rijen = [dashboard.Rij(str(jaar), [c[k] for k in queries.KERNCIJFERS]) for jaar, c in per_jaar.items()]
    if rijen:
        totaal = [sum((r.waarden[i] for r in rijen), ZERO) for i in range(len(KOLOMMEN))]
        rijen.append(dashboard.Rij(_("Totaal"), totaal, totaal=True))
    return dashboard.Paneel(
        sleutel,
        _("Kerncijfers per jaar"),
        KOLOMMEN,
        rijen,
        rij_kop=_("Jaar"),
        # The chart compares the four flows per year; "resterend" is in the table.
        grafiek=charts.staafgrafiek(KOLOMMEN[:4], [(r.label, r.waarden[:4]) for r in rijen if not r.totaal]),
        toelichting=_(
            "Verleend volgens de beschikking; ontvangen, besteed en vrijgevallen volgens het grootboek. "
            "Resterend = verleend − besteed."
        ),
        leeg=_("Nog geen beschikking."),
    )


def budget_panelen(buurten: Iterable[Buurt], beschikkingen: Iterable[Beschikking], sleutel: str = "budget"):
    """Budget (SPUK lines of the geldende begroting) against spending (ledger) per buurt and activity."""
    besteed = queries.besteed_per_activiteit(beschikkingen)
    # Spending booked on an activity of an older plan version counts for the activity of the same
    # name in the same buurt.
    herkomst = {
        a["pk"]: (a["buurtplan__buurt_id"], a["naam"])
        for a in Activiteit.objects.filter(pk__in=list(besteed)).values("pk", "buurtplan__buurt_id", "naam")
    }
    besteed_per_naam: dict[tuple[int, str], Decimal] = {}
    for activiteit_id, bedrag in besteed.items():
        if activiteit_id in herkomst:
            key = herkomst[activiteit_id]
            besteed_per_naam[key] = besteed_per_naam.get(key, ZERO) + bedrag
    per_buurt, per_activiteit = [], []
    for buurt in buurten:
        regels = spuk_regels(buurt).values("activiteit__naam").annotate(t=Sum("bedrag")).order_by("activiteit__naam")
        budget_buurt = ZERO
        for regel in regels:
            budget = regel["t"] or ZERO
            uitgegeven = besteed_per_naam.get((buurt.pk, regel["activiteit__naam"]), ZERO)
            budget_buurt += budget
            per_activiteit.append(
                dashboard.Rij(f"{buurt.naam} – {regel['activiteit__naam']}", [budget, uitgegeven, budget - uitgegeven])
            )
        uitgegeven_buurt = sum((b for (bid, _naam), b in besteed_per_naam.items() if bid == buurt.pk), ZERO)
        per_buurt.append(
            dashboard.Rij(
                buurt.naam,
                [budget_buurt, uitgegeven_buurt, budget_buurt - uitgegeven_buurt],
                link=reverse("buurtplan:buurt_begroting", args=[buurt.pk]),
            )
        )
    kolommen = [_("Budget SPUK"), _("Besteed"), _("Nog te besteden")]
    return [
        dashboard.Paneel(
            f"{sleutel}-buurt",
            _("Budget en besteding per buurt"),
            kolommen,
            per_buurt,
            rij_kop=_("Buurt"),
            grafiek=charts.staafgrafiek(kolommen[:2], [(r.label, r.waarden[:2]) for r in per_buurt]),
            toelichting=_("Budget: SPUK-regels (sociaal domein) van de geldende begroting; besteed: grootboek."),
            leeg=_("Nog geen buurten."),
        ),
        dashboard.Paneel(
            f"{sleutel}-activiteit",
            _("Budget en besteding per activiteit"),
            kolommen,
            per_activiteit,
            rij_kop=_("Buurt – activiteit"),
            grafiek=charts.staafgrafiek(kolommen[:2], [(r.label, r.waarden[:2]) for r in per_activiteit]),
            leeg=_("Nog geen goedgekeurde begroting met SPUK-regels."),
        ),
    ]


@dashboard.paneel(order=10)
def gemeente_panelen(user, gemeente_ids, vandaag):
    if not user.has_perm("spuk.view_spuk"):
        return []
    beschikkingen = list(
        Beschikking.objects.visible_to(user)
        .filter(gemeente_id__in=gemeente_ids)
        .select_related("aanvraag")
        .prefetch_related("aanvraag__bedragen")
    )
    buurten = Buurt.objects.visible_to(user).filter(gemeente_id__in=gemeente_ids).order_by("naam")
    return [kerncijfers_paneel(beschikkingen), *budget_panelen(buurten, beschikkingen)]


@dashboard.paneel(order=10, niveau="landelijk")
def landelijke_panelen(user, gemeente_ids, vandaag):
    """All beschikkingen of the country, per gemeente (the national view has no gemeente scope)."""
    if not user.has_perm("core.view_landelijk_dashboard"):
        return []
    beschikkingen = list(
        Beschikking.objects.select_related("gemeente", "aanvraag")
        .prefetch_related("aanvraag__bedragen")
        .order_by("gemeente__naam", "nummer")
    )
    per_gemeente = {}  # gemeente naam -> totals in KOLOMMEN order
    for b in beschikkingen:
        totaal = per_gemeente.setdefault(b.gemeente.naam, [ZERO] * len(KOLOMMEN))
        for cijfers in queries.kerncijfers_per_jaar(b).values():
            for i, key in enumerate(queries.KERNCIJFERS):
                totaal[i] += cijfers[key]
    rijen = [dashboard.Rij(naam, waarden) for naam, waarden in per_gemeente.items()]
    return [
        kerncijfers_paneel(beschikkingen, sleutel="landelijk-kerncijfers"),
        dashboard.Paneel(
            "landelijk-gemeenten",
            _("Kerncijfers per gemeente"),
            KOLOMMEN,
            rijen,
            rij_kop=_("Gemeente"),
            grafiek=charts.staafgrafiek(KOLOMMEN[:4], [(r.label, r.waarden[:4]) for r in rijen]),
            leeg=_("Nog geen beschikking."),
        ),
    ]
