from django.utils.translation import gettext_lazy as _

from core.nav import FINANCIEN, NavItem

ITEMS = [
    NavItem(_("Grootboek"), "grootboek:journaalposten", order=200, group=FINANCIEN),
    NavItem(_("Proefbalans"), "grootboek:proefbalans", order=210, group=FINANCIEN),
    NavItem(_("ERP-export"), "grootboek:erp_export", order=220, group=FINANCIEN),
]
