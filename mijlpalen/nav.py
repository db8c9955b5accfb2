from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("Mijlpalen"), "mijlpalen:lijst", roles=("beleid", "financien", "controle", "beheer", "partner"), order=400),
    NavItem(_("Mijlpalen per buurt"), "mijlpalen:buurten", roles=("beleid", "financien", "controle", "beheer", "partner"), order=405),
    NavItem(_("Risico terugbetaling"), "mijlpalen:risico", roles=("beleid", "financien", "controle"), order=410),
]
