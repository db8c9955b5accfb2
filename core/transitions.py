"""Helpers to declare a status machine on a model (imported by models; no model imports here).

@transition(field=status, source=S.INGEDIEND, target=S.GEBOEKT,
            permission=allowed("declaraties.beoordeel"),
            conditions=[binnen_budget], custom={"label": _("Goedkeuren en boeken")})
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def allowed(perm: str) -> Callable[[Any, Any], bool]:
    """A transition permission that asks django-rules about this object (never the global perm)."""

    def check(instance: Any, user: Any) -> bool:
        return user is not None and user.has_perm(perm, instance)

    check.perm_name = perm  # type: ignore[attr-defined]
    return check


def condition(message: StrOrPromise) -> Callable[[Callable[[Any], bool]], Callable[[Any], bool]]:
    """Mark a transition condition with the Dutch message shown when it is not met."""

    def decorate(predicate: Callable[[Any], bool]) -> Callable[[Any], bool]:
        predicate.message = message  # type: ignore[attr-defined]
        return predicate

    return decorate
