from django.utils.translation import gettext_lazy as _

from core.nav import BEHEER, MIJLPALEN, NavItem

ITEMS = [
    NavItem(_("Mijlpalen"), "mijlpalen:lijst", order=400, group=MIJLPALEN),
    NavItem(_("Mijlpalen per buurt"), "mijlpalen:buurten", order=405, group=MIJLPALEN),
    NavItem(
        _("Risico terugbetaling"), "mijlpalen:risico", perm="mijlpalen.view_blootstelling", order=410, group=MIJLPALEN
    ),
    NavItem(_("Landelijke mijlpalen"), "mijlpalen:beheer_mijlpalen", order=972, group=BEHEER),
]
