from django.utils.translation import gettext_lazy as _

from core.nav import BEHEER, BUURTEN, NavItem

ITEMS = [
    NavItem(_("Buurten"), "buurtplan:buurten", order=20, group=BUURTEN),
    NavItem(_("Mijn begrotingsregels"), "buurtplan:mijn_regels", order=25, group=BUURTEN),
    NavItem(_("Partnerorganisaties"), "buurtplan:organisaties", order=955, group=BEHEER),
]
