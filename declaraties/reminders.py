"""Deadline sources of declaraties for the reminder engine (core/reminders.py)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.reminders import Deadline, sources
from core.werkdagen import plus_werkdagen

from .models import Declaratie, Toekenning

WACHTEND = (Declaratie.Status.INGEDIEND, Declaratie.Status.OPNIEUW_INGEDIEND, Declaratie.Status.GOEDGEKEURD)


def _begin_van_dag(dag):
    return timezone.make_aware(datetime.combine(dag, time.min))


def beoordeling_deadlines(van, tot, gemeente_id=None):
    """Declarations waiting for review: the deadline is N working days after submission."""
    werkdagen = settings.DECLARATIE_BEOORDELING_WERKDAGEN
    # N working days never span more than N + 2 * (N // 5 + 1) calendar days.
    vroegst = van - timedelta(days=werkdagen + 2 * (werkdagen // 5 + 1))
    # Bounds as moments, not `__date`: a cast per row cannot use the work list's partial index
    # (gemeente, ingediend_op) on the waiting statuses (24 ms at national scale).
    declaraties = Declaratie.objects.filter(
        status__in=WACHTEND,
        ingediend_op__gte=_begin_van_dag(vroegst),
        ingediend_op__lt=_begin_van_dag(tot + timedelta(days=1)),
    ).select_related("buurt")
    if gemeente_id is not None:
        declaraties = declaraties.filter(gemeente_id=gemeente_id, buurt__gemeente_id=gemeente_id)
    for declaratie in declaraties:
        ingediend = declaratie.ingediend_op.date()
        deadline = plus_werkdagen(ingediend, werkdagen)
        if van <= deadline <= tot:
            yield Deadline(
                sleutel=f"declaratie:{declaratie.pk}:{ingediend.isoformat()}",
                deadline=deadline,
                gemeente_id=declaratie.gemeente_id,
                titel=_("Declaratie %(nummer)s wacht sinds %(datum)s op beoordeling")
                % {"nummer": declaratie.nummer, "datum": ingediend.strftime("%d-%m-%Y")},
                link=declaratie.get_absolute_url(),
                link_perm="declaraties.view_declaratie",
                link_object=declaratie,
            )


def verantwoording_deadlines(van, tot, gemeente_id=None):
    """The date a partner accounts for a year's grant (Toekenning.verantwoording_uiterlijk)."""
    toekenningen = Toekenning.objects.filter(verantwoording_uiterlijk__range=(van, tot)).select_related(
        "buurt", "partner"
    )
    if gemeente_id is not None:
        toekenningen = toekenningen.filter(buurt__gemeente_id=gemeente_id)
    for toekenning in toekenningen:
        yield Deadline(
            sleutel=f"toekenning:{toekenning.pk}",
            deadline=toekenning.verantwoording_uiterlijk,
            gemeente_id=toekenning.buurt.gemeente_id,
            organisatie_id=toekenning.partner_id,
            titel=_("Verantwoording %(jaar)s voor %(buurt)s (%(partner)s) uiterlijk %(datum)s")
            % {
                "jaar": toekenning.jaar,
                "buurt": toekenning.buurt.naam,
                "partner": toekenning.partner.naam,
                "datum": toekenning.verantwoording_uiterlijk.strftime("%d-%m-%Y"),
            },
        )


sources.register(
    "declaratie_wacht_op_beoordeling", gettext_lazy("Declaratie wacht op beoordeling"), beoordeling_deadlines
)
sources.register("verantwoording_partner", gettext_lazy("Verantwoordingsdatum partner"), verantwoording_deadlines)
