from django.utils.translation import gettext_lazy as _

from core.nav import BUURTEN, NavItem

ITEMS = [
    NavItem(_("Buurten"), "buurtplan:buurten", order=20, group=BUURTEN),
    NavItem(_("Mijn begrotingsregels"), "buurtplan:mijn_regels", order=25, group=BUURTEN),
]
