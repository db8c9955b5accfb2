"""PDF of a declaration with its approval stamp (who approved, when): core.pdf, tagged PDF/UA."""

from django.utils.translation import gettext as _

from core.pdf import render_pdf

from .models import Declaratie


def declaratie_pdf(declaratie):
    goedgekeurd = declaratie.status in Declaratie.GOEDGEKEURDE_STATUSSEN
    goedkeuringen = list(
        declaratie.beoordelingen.filter(ronde=declaratie.ronde, besluit="goedgekeurd").select_related("beoordelaar")
    )
    return render_pdf(
        "declaraties/pdf.html",
        {
            "declaratie": declaratie,
            "goedgekeurd": goedgekeurd,
            "goedkeuringen": goedkeuringen,
            "bijlagen": list(declaratie.bijlagen.all()),
        },
        gemeente=declaratie.gemeente,
        title=_("Declaratie %(d)s") % {"d": declaratie},
    )
