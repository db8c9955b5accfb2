from django.utils.translation import gettext_lazy as _

from core.nav import FINANCIEN, WERKVOORRAAD, Instelling, NavItem

ITEMS = [
    # A partner's declaration pages (/declaraties/<pk>/ too) belong to "Mijn declaraties"; staff never
    # see that item, so for them the same paths mark "Declaraties".
    NavItem(_("Mijn declaraties"), "declaraties:portaal", order=500, group=WERKVOORRAAD, also=("/declaraties/",)),
    NavItem(
        _("Nieuwe declaratie"), "declaraties:nieuw", perm="declaraties.view_portaal", order=505, group=WERKVOORRAAD
    ),
    NavItem(_("Declaraties"), "declaraties:werkvoorraad", order=50, group=WERKVOORRAAD),
    NavItem(_("Betalingen"), "declaraties:betalingen", order=55, group=WERKVOORRAAD),
    NavItem(_("Toekenningen"), "declaraties:toekenningen", order=520, group=FINANCIEN),
    NavItem(_("Instellingen declaraties"), "declaraties:instellingen", order=525, group=FINANCIEN),
]

INSTELLINGEN = [
    Instelling(
        NavItem(_("Vier-ogendrempel en functiescheiding declaraties"), "declaraties:instellingen", order=10),
        beheerd_door=_("Financiën stelt voor, een tweede medewerker Financiën bevestigt."),
    ),
]
