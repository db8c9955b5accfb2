"""Choose one object out of thousands: a search field plus a short list of matches, instead of a
select with every organisation in the country (a 1,860-option select took 274 ms to render, issue 15).

Without JavaScript the "Zoeken" button submits the form, and the page shows the matches as radio
buttons to choose from. With htmx the matches appear while typing (`hx-get` to the app's search
view, which renders `zoekkeuze_resultaten` for the same queryset). Only the chosen object and at
most `LIMIET` matches are ever read; validation still looks the chosen id up in the full queryset.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

LIMIET = 20
MIN_LETTERS = 2


def zoek(queryset: QuerySet[Any], term: str, veld: str = "naam") -> tuple[list[Any], bool]:
    """(matches, more): at most LIMIET objects whose `veld` contains the term, and whether there are more."""
    term = (term or "").strip()
    if len(term) < MIN_LETTERS:
        return [], False
    matches = list(queryset.filter(**{f"{veld}__icontains": term}).order_by(veld, "pk")[: LIMIET + 1])
    return matches[:LIMIET], len(matches) > LIMIET


class ZoekKeuze(forms.Widget):
    """The widget of a ModelChoiceField: the value is the chosen pk (radio `name`), the search term
    travels as `<name>_zoek`."""

    template_name = "core/widgets/zoekkeuze.html"

    def __init__(self, url_name: str, lijst: str = "", attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.url_name = url_name
        self.lijst = lijst
        self.zoekterm = ""
        # Set by a page whose form posts to an action (core.actions.ActionView): without JavaScript
        # "Zoeken" then asks this page again with GET (`<name>_zoek`) instead of running the action.
        self.pagina_url = ""
        # ModelChoiceField hands its widget `choices` (a ModelChoiceIterator over its queryset); the
        # widget reads only the chosen object and the matches from that queryset, never all of it.
        self.choices: Any = None

    @property
    def queryset(self) -> QuerySet[Any] | None:
        return getattr(self.choices, "queryset", None)

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        self.zoekterm = data.get(f"{name}_zoek", "") or ""
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and f"{name}_zoek" not in data

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_zoek" if id_ else id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            zoekterm=self.zoekterm,
            pagina_url=self.pagina_url,
            url=reverse(self.url_name) + (f"?lijst={self.lijst}" if self.lijst else ""),
            resultaten=resultaten_context(
                self.queryset, name, self.zoekterm, value, context["widget"]["attrs"].get("id", name)
            ),
        )
        return context


def resultaten_context(queryset: QuerySet[Any] | None, name: str, term: str, value: Any, id_: str) -> dict[str, Any]:
    gekozen = None
    if queryset is not None and value not in (None, ""):
        try:
            gekozen = queryset.filter(pk=value).first()
        except (TypeError, ValueError):
            gekozen = None
    matches, meer = zoek(queryset, term) if queryset is not None else ([], False)
    if gekozen is not None:
        matches = [gekozen, *[m for m in matches if m.pk != gekozen.pk]]
    return {
        "name": name,
        "id": id_,
        "term": (term or "").strip(),
        "opties": [
            {"pk": m.pk, "label": str(m), "gekozen": gekozen is not None and m.pk == gekozen.pk} for m in matches
        ],
        "meer": meer,
        "min_letters": MIN_LETTERS,
        "te_kort": len((term or "").strip()) < MIN_LETTERS,
    }


def render_resultaten(queryset: QuerySet[Any], name: str, term: str, id_: str) -> str:
    """The matches fragment for the htmx search view."""
    return render_to_string(
        "core/widgets/zoekkeuze_resultaten.html", {"r": resultaten_context(queryset, name, term, None, id_)}
    )


class ZoekKeuzeField(forms.ModelChoiceField):
    """A ModelChoiceField that renders as search field + matches (`ZoekKeuze`)."""

    def __init__(self, queryset: Any, *, url_name: str, lijst: str = "", **kwargs: Any):
        super().__init__(queryset, widget=ZoekKeuze(url_name, lijst), **kwargs)
