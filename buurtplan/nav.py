from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("Buurten"), "buurtplan:buurten", order=20),
    NavItem(_("Mijn begrotingsregels"), "buurtplan:mijn_regels", order=25),
    NavItem(_("Partnerorganisaties"), "buurtplan:organisaties", order=955),
]
