from django.utils.translation import gettext_lazy as _

from core.nav import BEHEER, VERANTWOORDING, NavItem

ITEMS = [
    NavItem(_("SPUK-aanvragen"), "spuk:aanvragen", order=400, group=VERANTWOORDING),
    NavItem(_("Beschikkingen en SiSa"), "spuk:beschikkingen", order=410, group=VERANTWOORDING),
    NavItem(_("Regeling"), "spuk:regelingen", order=975, group=BEHEER),
]
