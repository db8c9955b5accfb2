"""Milestone deadlines in the task inbox: open milestones that are overdue or due within 30 days."""

from datetime import timedelta

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core import inbox

from . import queries


@inbox.provider(order=40)
def deadlines(user, vandaag):
    if not user.has_perm("mijlpalen.werk_deadlines"):
        return []
    deadlines = queries.open_deadlines_voor(user, vandaag + timedelta(days=queries.BINNENKORT_DAGEN))
    lijst = reverse("mijlpalen:lijst")
    te_laat = [deadline for deadline in deadlines if deadline < vandaag]
    binnenkort = len(deadlines) - len(te_laat)
    return [
        inbox.Taak(
            _("Mijlpalen te laat"),
            len(te_laat),
            f"{lijst}?termijn=te_laat",
            toelichting=_("te laat sinds %(datum)s") % {"datum": date_format(te_laat[0], "j F Y")} if te_laat else "",
            te_laat=bool(te_laat),
        ),
        inbox.Taak(_("Mijlpalen met deadline binnen 30 dagen"), binnenkort, f"{lijst}?termijn=binnenkort"),
    ]
