"""Deadline sources of spuk for the reminder engine (core/reminders.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.reminders import Deadline, sources

from .models import Aanvraag, Termijn


def aanvraag_deadlines(van, tot, gemeente_id=None):
    """Concept applications whose regulation's application deadline falls in [van, tot]."""
    aanvragen = Aanvraag.objects.filter(
        status=Aanvraag.Status.CONCEPT, regeling__aanvraag_deadline__range=(van, tot)
    ).select_related("regeling")
    if gemeente_id is not None:
        aanvragen = aanvragen.filter(gemeente_id=gemeente_id)
    for aanvraag in aanvragen:
        yield Deadline(
            sleutel=f"aanvraag:{aanvraag.pk}",
            deadline=aanvraag.regeling.aanvraag_deadline,
            gemeente_id=aanvraag.gemeente_id,
            titel=_("SPUK-aanvraag %(zaak)s moet uiterlijk %(datum)s zijn ingediend")
            % {"zaak": aanvraag.zaaknummer, "datum": aanvraag.regeling.aanvraag_deadline.strftime("%d-%m-%Y")},
            link=aanvraag.get_absolute_url(),
            link_perm="spuk.view_obj",
            link_object=aanvraag,
        )


def termijn_deadlines(van, tot, gemeente_id=None):
    """Instalments expected in [van, tot] and not yet received (rules usually fire days after)."""
    termijnen = Termijn.objects.filter(
        status=Termijn.Status.VERWACHT, verwachte_datum__range=(van, tot)
    ).select_related("beschikking")
    if gemeente_id is not None:
        termijnen = termijnen.filter(beschikking__gemeente_id=gemeente_id)
    for termijn in termijnen:
        yield Deadline(
            sleutel=f"termijn:{termijn.pk}",
            deadline=termijn.verwachte_datum,
            gemeente_id=termijn.beschikking.gemeente_id,
            titel=_("Termijn %(jaar)s van beschikking %(nummer)s is nog niet ontvangen")
            % {"jaar": termijn.jaar, "nummer": termijn.beschikking.nummer},
            link=termijn.beschikking.get_absolute_url(),
            link_perm="spuk.view_obj",
            link_object=termijn.beschikking,
        )


sources.register("aanvraag_deadline", gettext_lazy("Uiterste aanvraagdatum SPUK"), aanvraag_deadlines)
sources.register("termijn_niet_ontvangen", gettext_lazy("Verwachte termijn niet ontvangen"), termijn_deadlines)
