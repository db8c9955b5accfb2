"""PDF of a declaration with its approval stamp (who approved, when), rendered by WeasyPrint."""

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Declaratie


def declaratie_pdf(declaratie):
    goedgekeurd = declaratie.status in Declaratie.GOEDGEKEURDE_STATUSSEN
    goedkeuringen = list(
        declaratie.beoordelingen.filter(ronde=declaratie.ronde, besluit="goedgekeurd").select_related("beoordelaar")
    )
    html = render_to_string(
        "declaraties/pdf.html",
        {
            "declaratie": declaratie,
            "goedgekeurd": goedgekeurd,
            "goedkeuringen": goedkeuringen,
            "bijlagen": list(declaratie.bijlagen.all()),
            "nu": timezone.localtime(),
        },
    )
    from weasyprint import HTML

    return HTML(string=html).write_pdf()
