"""The main navigation. Each app may have a `nav.py` with `ITEMS`; core collects them in app order.

An item is shown to whoever may open its page: visibility is derived from the target view's own
`permission_required` (django-rules), or from `perm` when the view checks something else. No role
lists here, so a link and its page can never disagree.

Items belong to one of a few groups (`GROUPS`: Werkvoorraad · Buurten & plannen · Mijlpalen ·
Financiën · Verantwoording · Beheer). The current item is the visible item whose URL (or one of its
`also` prefixes) is the longest prefix of the current path, so a detail page such as
/declaraties/12/ marks "Declaraties" and its group as current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.translation import gettext_lazy as _

WERKVOORRAAD = "werkvoorraad"
BUURTEN = "buurten"
MIJLPALEN = "mijlpalen"
FINANCIEN = "financien"
VERANTWOORDING = "verantwoording"
BEHEER = "beheer"

GROUPS = {
    WERKVOORRAAD: _("Werkvoorraad"),
    BUURTEN: _("Buurten & plannen"),
    MIJLPALEN: _("Mijlpalen"),
    FINANCIEN: _("Financiën"),
    VERANTWOORDING: _("Verantwoording"),
    BEHEER: _("Beheer"),
}


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: str = ""  # overrides the view's permission_required
    order: int = 100
    group: str = WERKVOORRAAD
    # Further path prefixes that belong to this item (detail pages outside its own URL).
    also: tuple[str, ...] = ()

    @property
    def url(self) -> str | None:
        return _target(self.url_name, self.perm)[0]

    def required_permissions(self) -> tuple[str, ...]:
        return _target(self.url_name, self.perm)[1]

    def visible_for(self, user: Any, answers: dict[str, bool] | None = None) -> bool:
        """`answers` holds this request's answers: many items share a permission, and a rules
        predicate costs far more than a dictionary lookup (issue 15: the menu was half of a page)."""
        if answers is None:
            answers = {}
        for perm in self.required_permissions():
            if perm not in answers:
                answers[perm] = user.has_perm(perm)
            if not answers[perm]:
                return False
        return True

    def match_length(self, path: str) -> int:
        """Length of the longest of this item's prefixes that `path` starts with; 0 for none."""
        prefixes = [p for p in (self.url, *self.also) if p and p != "/"]
        return max((len(p) for p in prefixes if path.startswith(p)), default=0)


@dataclass
class NavGroup:
    key: str
    label: Any
    items: list[NavItem] = field(default_factory=list)
    current: bool = False
    current_item: NavItem | None = None

    @property
    def url(self) -> str | None:
        return self.items[0].url if self.items else None

    @property
    def display_label(self) -> Any:
        """A group of one item is that item: its own label says more than the group's."""
        return self.items[0].label if len(self.items) == 1 else self.label


@cache
def _target(url_name: str, perm: str) -> tuple[str | None, tuple[str, ...]]:
    """(URL, permissions its view requires) of a menu item; URLs are fixed while a process runs,
    so each is reversed and resolved once, not on every page."""
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return None, ()
    if perm:
        return url, (perm,)
    view = getattr(resolve(url).func, "view_class", None)
    required = getattr(view, "permission_required", None) or ()
    return url, ((required,) if isinstance(required, str) else tuple(required))


@cache
def collect_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.nav")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.nav":
                raise
            continue
        items.extend(getattr(module, "ITEMS", []))
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(user: Any) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    answers: dict[str, bool] = {}
    return [item for item in collect_items() if item.url and item.visible_for(user, answers)]


def current_item(items: list[NavItem], path: str) -> NavItem | None:
    best = max(items, key=lambda item: item.match_length(path), default=None)
    return best if best is not None and best.match_length(path) else None


def groups_for(user: Any, path: str) -> list[NavGroup]:
    """The user's visible items in their groups (empty groups left out), with the current one marked."""
    items = items_for(user)
    current = current_item(items, path)
    groups = {key: NavGroup(key, label) for key, label in GROUPS.items()}
    for item in items:
        groups[item.group].items.append(item)
    for group in groups.values():
        if current is not None and current in group.items:
            group.current = True
            group.current_item = current
    return [group for group in groups.values() if group.items]


ITEMS = [
    NavItem(
        _("Wat moet ik doen"),
        "core:start",
        perm="core.view_staff_pages",
        order=10,
        group=WERKVOORRAAD,
        also=("/start/",),
    ),
    NavItem(_("Deadlines"), "core:kalender", order=60, group=WERKVOORRAAD),
    NavItem(
        _("Mijn gemeente"),
        "core:mijn_gemeente",
        perm="core.view_staff_pages",
        order=850,
        group=BUURTEN,
        also=("/gemeenten/",),
    ),
    NavItem(_("Dashboard"), "core:dashboard", order=300, group=VERANTWOORDING),
    NavItem(_("Landelijk dashboard"), "core:dashboard_landelijk", order=310, group=VERANTWOORDING),
    NavItem(_("Rapporten"), "core:rapporten", order=880, group=VERANTWOORDING),
    NavItem(_("Applicatiebeheer"), "core:beheer_gebruikers", order=950, group=BEHEER, also=("/beheer/rolverzoeken/",)),
    NavItem(_("Gemeente-instellingen"), "core:beheer_instellingen", perm="core.manage_users", order=960, group=BEHEER),
    NavItem(_("Herinneringsregels"), "core:landelijk_herinneringen", order=970, group=BEHEER),
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
