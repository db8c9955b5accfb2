from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("Mijn declaraties"), "declaraties:portaal", roles=("partner",), order=500),
    NavItem(_("Nieuwe declaratie"), "declaraties:nieuw", roles=("partner",), order=505),
    NavItem(_("Declaraties"), "declaraties:werkvoorraad", roles=("financien", "controle", "beleid"), order=500),
    NavItem(_("Betalingen"), "declaraties:betalingen", roles=("financien", "controle"), order=510),
    NavItem(_("Toekenningen"), "declaraties:toekenningen", roles=("financien", "beleid", "controle"), order=520),
]
