from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("SPUK-aanvragen"), "spuk:aanvragen", roles=("beleid", "financien", "controle"), order=400),
    NavItem(_("Beschikkingen en SiSa"), "spuk:beschikkingen", roles=("beleid", "financien", "controle"), order=410),
]
