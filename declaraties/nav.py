from django.utils.translation import gettext_lazy as _

from core.nav import Instelling, NavItem

ITEMS = [
    NavItem(_("Mijn declaraties"), "declaraties:portaal", order=500),
    NavItem(_("Nieuwe declaratie"), "declaraties:nieuw", perm="declaraties.view_portaal", order=505),
    NavItem(_("Declaraties"), "declaraties:werkvoorraad", order=500),
    NavItem(_("Betalingen"), "declaraties:betalingen", order=510),
    NavItem(_("Toekenningen"), "declaraties:toekenningen", order=520),
    NavItem(_("Instellingen declaraties"), "declaraties:instellingen", order=525),
]

INSTELLINGEN = [
    Instelling(
        NavItem(_("Vier-ogendrempel en functiescheiding declaraties"), "declaraties:instellingen", order=10),
        beheerd_door=_("Financiën stelt voor, een tweede medewerker Financiën bevestigt."),
    ),
]
