from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("Grootboek"), "grootboek:journaalposten", roles=("financien", "controle"), order=200),
    NavItem(_("Proefbalans"), "grootboek:proefbalans", roles=("financien", "controle"), order=210),
    NavItem(_("ERP-export"), "grootboek:erp_export", roles=("financien", "controle"), order=220),
]
