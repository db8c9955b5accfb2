"""Global search (the field in the header, the page `core:zoeken`).

Each app registers a provider in its `search.py`:

    @search.provider(order=10)
    def declaraties(user, term):
        if not user.has_perm("..."):
            return []
        qs = search.matching(Declaratie.objects.visible_to(user), term, ["nummer", "factuurnummer", ...])
        return [search.Resultaat(_("Declaratie"), str(d), d.get_absolute_url(), ...) for d in qs]

A provider answers only what the user may see (`visible_to`, and the permission of the page the
result links to) and spends one query. `matching` is PostgreSQL trigram similarity (extension
pg_trgm, created by a migration) next to a plain substring match, so "Zuidwijk" and a mistyped
"Perspctief" both find something; on SQLite it is the substring match alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet

from .registry import ProviderRegistry

LIMIT = 20
MIN_LENGTH = 2
SIMILARITY = 0.3


@dataclass(frozen=True)
class Resultaat:
    soort: Any
    titel: str
    url: str
    toelichting: str = ""


class Registry(ProviderRegistry):
    def __init__(self) -> None:
        super().__init__("search")

    def zoek(self, user: Any, term: str) -> list[Resultaat]:
        term = " ".join(term.split())[:100]
        if len(term) < MIN_LENGTH or not user.is_authenticated:
            return []
        result: list[Resultaat] = []
        for func in self.providers():
            result.extend(func(user, term))
        return result


registry = Registry()
provider = registry.provider


def matching(queryset: QuerySet, term: str, fields: list[str], limit: int = LIMIT) -> QuerySet:
    """Rows of `queryset` whose `fields` contain `term`, or (PostgreSQL) resemble it; best first."""
    contains = Q()
    for field in fields:
        contains |= Q(**{f"{field}__icontains": term})
    if connection.vendor != "postgresql":
        return queryset.filter(contains)[:limit]
    from django.contrib.postgres.search import TrigramWordSimilarity
    from django.db.models.functions import Greatest

    similarities = [TrigramWordSimilarity(term, field) for field in fields]
    score = Greatest(*similarities) if len(similarities) > 1 else similarities[0]
    return queryset.annotate(_score=score).filter(contains | Q(_score__gte=SIMILARITY)).order_by("-_score")[:limit]
