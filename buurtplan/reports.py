"""Background report kinds of buurtplan (see core/reports.py)."""

from django.utils.translation import gettext_lazy as _

from core.reports import registry

from .models import Buurtplan
from .pdf import buurtplan_pdf


def _plan(parameters):
    return Buurtplan.objects.select_related("buurt").get(pk=parameters["buurtplan_id"])


def generate_buurtplan_pdf(rapport, progress):
    plan = _plan(rapport.parameters)
    progress(10)
    content = buurtplan_pdf(plan)
    return f"buurtplan-{plan.buurt.pk}-versie-{plan.versie}.pdf", content


def may_request_buurtplan_pdf(user, parameters, gemeente):
    try:
        plan = _plan(parameters)
    except (Buurtplan.DoesNotExist, KeyError, TypeError, ValueError):
        return False
    return (
        gemeente is not None
        and plan.buurt.gemeente_id == gemeente.pk
        and user.has_perm("buurtplan.view_netwerk", plan.buurt)
    )


registry.register(
    "buurtplan_pdf", _("Buurtplan met begroting (PDF)"), generate_buurtplan_pdf, may_request_buurtplan_pdf
)
