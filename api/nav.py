from django.utils.translation import gettext_lazy as _

from core.nav import NavItem

ITEMS = [NavItem(_("API-sleutels"), "api:sleutels", order=955)]
