"""PDF of a buurtplan version with its budget, for signing (WeasyPrint, NL Design System look).

The print CSS sits inline in the PDF-only template; that HTML is never served to a browser.
"""

from django.conf import settings
from django.template.loader import render_to_string

from .queries import totalen_tabel


def buurtplan_pdf(buurtplan) -> bytes:
    from weasyprint import HTML

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
    html = render_to_string("buurtplan/pdf/buurtplan.html", context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
