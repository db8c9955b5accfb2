"""One access layer: what a user may see (querysets) and may do (django-rules permissions).

Each app's `rules.py` registers, next to its predicates, the filter that scopes a model's rows to a
user:

    @access.scope("declaraties.Declaratie")
    def scope_declaraties(queryset, user): ...

Lists call `Model.objects.visible_to(user)` (or `access.visible(Model, user)`); detail pages call
`get_or_deny(user, queryset, pk, perm)`: 404 outside the user's scope, 403 when the object is
visible but the permission is missing. A list and a detail page thus never disagree, and no view
checks a role itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

ScopeFunction = Callable[[models.QuerySet, Any], models.QuerySet]
M = TypeVar("M", bound=models.Model)

_scopes: dict[str, ScopeFunction] = {}


def _key(model: type[models.Model] | str) -> str:
    if isinstance(model, str):
        return model.lower()
    return model._meta.concrete_model._meta.label_lower  # type: ignore[union-attr]


def scope(model: type[models.Model] | str) -> Callable[[ScopeFunction], ScopeFunction]:
    """Register the function that filters `model`'s rows down to what a user may see."""

    def register(function: ScopeFunction) -> ScopeFunction:
        _scopes[_key(model)] = function
        return function

    return register


def scope_for(model: type[models.Model]) -> ScopeFunction:
    try:
        return _scopes[_key(model)]
    except KeyError:
        raise LookupError(f"No access scope registered for {model._meta.label}; add one in its rules.py") from None


def visible(queryset_or_model: models.QuerySet | type[models.Model], user: Any) -> models.QuerySet:
    """The rows of a queryset (or model) that `user` may see; nothing for anonymous users."""
    queryset = queryset_or_model._default_manager.all() if isinstance(queryset_or_model, type) else queryset_or_model
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    return scope_for(queryset.model)(queryset, user)


class AccessQuerySet(models.QuerySet):
    """Mixin for a model's queryset: `Model.objects.visible_to(user)`."""

    def visible_to(self, user: Any) -> models.QuerySet:
        return visible(self, user)


AccessManager = models.Manager.from_queryset(AccessQuerySet)


def require(user: Any, perm: str, obj: Any = None, message: str | None = None) -> None:
    """PermissionDenied (with a Dutch message) unless `user` has `perm` (on `obj`)."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message or _("U mag dit niet doen."))


def get_or_deny(
    user: Any,
    queryset_or_model: models.QuerySet[M] | type[M],
    pk: Any = None,
    perm: str | None = None,
    **lookup: Any,
) -> M:
    """The object with `pk` (or `lookup`) if `user` may see it (else 404) and has `perm` on it (else 403)."""
    if pk is not None:
        lookup["pk"] = pk
    try:
        obj = visible(queryset_or_model, user).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(_("Niet gevonden, of u heeft er geen toegang toe.")) from None
    if perm is not None:
        require(user, perm, obj)
    return obj
