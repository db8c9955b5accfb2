"""The main navigation. Each app may have a `nav.py` with `ITEMS`; core collects them in app order.

An item is shown to whoever may open its page: visibility is derived from the target view's own
`permission_required` (django-rules), or from `perm` when the view checks something else. No role
lists here, so a link and its page can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: str = ""  # overrides the view's permission_required
    order: int = 100

    @property
    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None

    def required_permissions(self) -> tuple[str, ...]:
        if self.perm:
            return (self.perm,)
        url = self.url
        if url is None:
            return ()
        view = getattr(resolve(url).func, "view_class", None)
        required = getattr(view, "permission_required", None) or ()
        return (required,) if isinstance(required, str) else tuple(required)

    def visible_for(self, user: Any) -> bool:
        return all(user.has_perm(perm) for perm in self.required_permissions())


def collect_items() -> list[NavItem]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "ITEMS", []))
    return sorted(items, key=lambda item: item.order)


def items_for(user: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item in collect_items() if item.url and item.visible_for(user)]


ITEMS = [
    NavItem(_("Mijn gemeente"), "core:mijn_gemeente", perm="core.view_staff_pages", order=850),
    NavItem(_("Deadlines"), "core:kalender", order=800),
    NavItem(_("Rapporten"), "core:rapporten", order=880),
    NavItem(_("Meldingen"), "core:meldingen", order=900),
    NavItem(_("Applicatiebeheer"), "core:beheer_gebruikers", order=950),
    NavItem(_("Gemeente-instellingen"), "core:beheer_instellingen", perm="core.manage_users", order=960),
    NavItem(_("Herinneringsregels"), "core:landelijk_herinneringen", order=970),
]


# Links on the gemeente settings page (core/views_beheer.py) to settings other apps keep: each app's
# nav.py may list them in `INSTELLINGEN`. Shown to everyone on that page; a link only for who may
# open the target page, otherwise the label with who maintains it.
@dataclass(frozen=True)
class Instelling:
    item: NavItem
    beheerd_door: Any = ""


def collect_instellingen() -> list[Instelling]:
    found: list[Instelling] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        found.extend(getattr(module, "INSTELLINGEN", []))
    return sorted(found, key=lambda i: i.item.order)
