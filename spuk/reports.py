"""Background report kinds of spuk (see core/reports.py): the SiSa files."""

from django.utils.translation import gettext_lazy as _

from core.reports import registry

from .models import Beschikking
from .services import sisa_bestand


def _beschikking(parameters):
    return Beschikking.objects.select_related("aanvraag__regeling", "gemeente").get(pk=parameters["beschikking_id"])


def _generator(formaat):
    def generate(rapport, progress):
        beschikking = _beschikking(rapport.parameters)
        progress(10)
        naam, inhoud, _content_type = sisa_bestand(
            beschikking, int(rapport.parameters["jaar"]), formaat, versie=rapport.parameters.get("versie")
        )
        return naam, inhoud

    return generate


def may_request_sisa(user, parameters, gemeente):
    try:
        beschikking = _beschikking(parameters)
    except (Beschikking.DoesNotExist, KeyError, TypeError, ValueError):
        return False
    return (
        gemeente is not None and beschikking.gemeente_id == gemeente.pk and user.has_perm("spuk.view_obj", beschikking)
    )


registry.register("sisa_xlsx", _("SiSa-verantwoording (XLSX)"), _generator("xlsx"), may_request_sisa)
registry.register("sisa_pdf", _("SiSa-verantwoording met verloopstaat (PDF)"), _generator("pdf"), may_request_sisa)
