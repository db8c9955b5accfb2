"""Deadline sources of mijlpalen for the reminder engine (core/reminders.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.reminders import Deadline, sources

from .queries import mijlpalen_met_deadline_binnen


def mijlpaal_deadlines(van, tot, gemeente_id=None):
    """Per buurt: a milestone whose deadline falls in [van, tot] and that is not behaald there yet."""
    for mijlpaal, buurten in mijlpalen_met_deadline_binnen((tot - van).days, vandaag=van, gemeente_id=gemeente_id):
        for buurt in buurten:
            yield Deadline(
                sleutel=f"mijlpaal:{mijlpaal.pk}:buurt:{buurt.pk}",
                deadline=mijlpaal.deadline,
                gemeente_id=buurt.gemeente_id,
                titel=_("Mijlpaal %(nummer)s is in %(buurt)s nog niet behaald")
                % {"nummer": mijlpaal.nummer, "buurt": buurt.naam},
                link=reverse("mijlpalen:mijlpaal_buurt", args=[mijlpaal.pk, buurt.pk]),
                link_perm="mijlpalen.view_buurt",
                link_object=buurt,
            )


sources.register("mijlpaal_deadline", gettext_lazy("Deadline mijlpaal"), mijlpaal_deadlines)
