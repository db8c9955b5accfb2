"""Milestone panels of the dashboards: the timeline with overdue flags and the repayment risk."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import charts, dashboard

from . import queries
from .models import Mijlpaal, MijlpaalStatus

STATUS = dict(MijlpaalStatus.Status.choices)


def tijdlijn_paneel(mijlpalen, vandaag, sleutel="tijdlijn") -> dashboard.Paneel:
    rijen, punten = [], []
    for m in mijlpalen.order_by("deadline", "nummer"):
        te_laat = queries.is_te_laat(m, vandaag)
        toelichting = _("te laat sinds %(datum)s") % {"datum": date_format(m.deadline, "j F Y")} if te_laat else ""
        label = _("Mijlpaal %(n)s") % {"n": m.nummer}
        rijen.append(
            dashboard.Rij(
                label,
                [date_format(m.deadline, "j-n-Y"), STATUS.get(m.landelijk)],
                link=reverse("mijlpalen:mijlpaal_detail", args=[m.pk]),
                te_laat=te_laat,
                toelichting=toelichting,
            )
        )
        punten.append(
            {"label": label, "datum": m.deadline, "te_laat": te_laat, "afgerond": m.landelijk != queries.OPEN}
        )
    return dashboard.Paneel(
        sleutel,
        _("Tijdlijn van de mijlpalen"),
        [_("Deadline"), _("Landelijke status")],
        rijen,
        rij_kop=_("Mijlpaal"),
        geld=False,
        grafiek=charts.tijdlijn(punten, vandaag),
        soort="tijdlijn",
        leeg=_("Nog geen mijlpalen."),
    )


def risico_paneel(data, per="jaar", sleutel="risico") -> dashboard.Paneel:
    kolommen = [_("Risico open"), _("Terug te betalen")]
    if per == "jaar":
        rijen = [
            dashboard.Rij(str(jaar), [c["risico_open"], c["terug_te_betalen"]]) for jaar, c in data["per_jaar"].items()
        ]
        kop = _("Jaar")
    else:
        rijen = [dashboard.Rij(g["gemeente"], [g["risico_open"], g["terug_te_betalen"]]) for g in data["per_gemeente"]]
        kop = _("Gemeente")
    if rijen:
        rijen.append(dashboard.Rij(_("Totaal"), [data["risico_open"], data["terug_te_betalen"]], totaal=True))
    return dashboard.Paneel(
        sleutel,
        _("Risico terugbetaling"),
        kolommen,
        rijen,
        rij_kop=kop,
        grafiek=charts.staafgrafiek(kolommen, [(r.label, r.waarden) for r in rijen if not r.totaal]),
        toelichting=_(
            "Bedragen sociaal domein van mijlpalen waarvoor de gemeente het risico draagt: nog open, en "
            "terug te betalen omdat de mijlpaal niet is behaald."
        ),
        leeg=_("Geen mijlpaalbedragen met risico voor de gemeente."),
    )


@dashboard.paneel(order=20)
def gemeente_panelen(user, gemeente_ids, vandaag):
    panelen = []
    if user.has_perm("mijlpalen.view_mijlpalen"):
        panelen.append(tijdlijn_paneel(queries.mijlpalen_voor(user), vandaag))
    if user.has_perm("mijlpalen.view_blootstelling"):
        panelen.append(risico_paneel(queries.blootstelling(gemeenten=gemeente_ids)))
    return panelen


@dashboard.paneel(order=20, niveau="landelijk")
def landelijke_panelen(user, gemeente_ids, vandaag):
    if not user.has_perm("core.view_landelijk_dashboard"):
        return []
    return [
        tijdlijn_paneel(queries.mijlpalen_met_landelijke_status(Mijlpaal.objects.all()), vandaag, "landelijk-tijdlijn"),
        risico_paneel(queries.blootstelling(), per="gemeente", sleutel="landelijk-risico"),
    ]
