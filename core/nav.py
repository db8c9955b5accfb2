"""The main navigation. Each app may have a `nav.py` with `ITEMS`; core collects them in app order."""
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple = field(default_factory=tuple)  # empty: every logged-in user
    order: int = 100

    def visible_for(self, user):
        return not self.roles or user.has_role(*self.roles)

    @property
    def url(self):
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


def collect_items():
    items = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "ITEMS", []))
    return sorted(items, key=lambda item: item.order)


def items_for(user):
    if not user.is_authenticated:
        return []
    return [item for item in collect_items() if item.visible_for(user) and item.url]


ITEMS = [
    NavItem(_("Mijn gemeente"), "core:mijn_gemeente", roles=("beleid", "financien", "controle", "beheer"), order=850),
    NavItem(_("Meldingen"), "core:meldingen", order=900),
    NavItem(_("Applicatiebeheer"), "admin:index", roles=("beheer",), order=950),
]
