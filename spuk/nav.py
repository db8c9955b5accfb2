from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("SPUK-aanvragen"), "spuk:aanvragen", order=400),
    NavItem(_("Beschikkingen en SiSa"), "spuk:beschikkingen", order=410),
    NavItem(_("Regeling"), "spuk:regelingen", order=975),
]
