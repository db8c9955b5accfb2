from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("Grootboek"), "grootboek:journaalposten", order=200),
    NavItem(_("Proefbalans"), "grootboek:proefbalans", order=210),
    NavItem(_("ERP-export"), "grootboek:erp_export", order=220),
]
