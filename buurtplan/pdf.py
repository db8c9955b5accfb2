"""PDF of a buurtplan version with its budget, for signing (core.pdf: house style, tagged PDF/UA)."""

from django.utils.translation import gettext as _

from core.pdf import render_pdf

from .queries import totalen_tabel


def buurtplan_pdf(buurtplan) -> bytes:
    buurt = buurtplan.buurt
    keuzes = {k.thema_id: k for k in buurtplan.planthemas.all()}
    activiteiten = list(buurtplan.activiteiten.select_related("thema", "uitvoerende_partner"))
    themas = [
        {
            "thema": thema,
            "keuze": keuzes.get(thema.pk),
            "activiteiten": [a for a in activiteiten if a.thema_id == thema.pk],
        }
        for thema in buurt.transformatieplan.themas.all()
    ]
    regels = list(
        buurtplan.begroting.regels.select_related("activiteit", "ontvangende_partner").order_by(
            "jaar", "activiteit__naam", "pk"
        )
    )
    context = {
        "plan": buurtplan,
        "buurt": buurt,
        "transformatieplan": buurt.transformatieplan,
        "begroting": buurtplan.begroting,
        "leden": list(buurt.netwerkleden.all()),
        "themas": themas,
        "regels": regels,
        "totalen": totalen_tabel(regels),
    }
    title = _("Buurtplan %(buurt)s, versie %(versie)s") % {"buurt": buurt.naam, "versie": buurtplan.versie}
    return render_pdf("buurtplan/pdf/buurtplan.html", context, gemeente=buurt.gemeente, title=title)
