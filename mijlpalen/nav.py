from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [
    NavItem(_("Mijlpalen"), "mijlpalen:lijst", order=400),
    NavItem(_("Mijlpalen per buurt"), "mijlpalen:buurten", order=405),
    NavItem(_("Landelijke mijlpalen"), "mijlpalen:beheer_mijlpalen", order=972),
    NavItem(_("Risico terugbetaling"), "mijlpalen:risico", perm="mijlpalen.view_blootstelling", order=410),
]
