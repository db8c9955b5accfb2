"""The one way lists work: filter form, whitelisted sorting, pagination and XLSX export.

A finance officer expects these on every list, so a list view subclasses `TableView`, declares
its columns, a filter form and the base queryset (already scoped to what the user may see).
"""

import functools
import operator
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Optional

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in django-stubs
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from . import status
from .money import format_bedrag
from .xlsx import kop, xlsx_response


@dataclass
class Column:
    key: str
    label: str
    sort: Optional[str | tuple[str, ...]] = None  # ORM ordering field(s); None: not sortable
    money: bool = False
    link: bool = False  # render as link to obj.get_absolute_url()
    value: Optional[Callable] = None  # obj -> value; default: the dotted attribute path `key`
    # Shown as the status badge ({% status_cell %}); None: the column keyed "status" or
    # "….get_status_display" is one.
    badge: Optional[bool] = None

    @property
    def is_badge(self):
        if self.badge is not None:
            return self.badge
        return self.key == "status" or self.key.split(".")[-1] == "get_status_display"

    def status_owner(self, obj):
        """The object whose `status` the column shows: `obj`, or for "aanvraag.get_status_display"
        its aanvraag."""
        path = self.key.rsplit(".", 1)[0] if "." in self.key else ""
        try:
            return operator.attrgetter(path)(obj) if path else obj
        except AttributeError:
            return None

    def badge_html(self, obj, value):
        owner = self.status_owner(obj)
        code = getattr(owner, "status", None)
        return status.badge_html("" if value is None else value, status.tone(owner, code), code)

    def cell_html(self, obj, value, url=""):
        """The <td> of this column for `obj`. Rendered here rather than in the template: a list page
        renders 25–50 rows of up to ten cells, and the template's per-cell branches were a third
        of the page's time at national scale (issue 15)."""
        if self.link:
            inner = format_html(
                '<a class="utrecht-link" href="{}">{}</a>', url or obj.get_absolute_url(), _shown(value, empty="")
            )
        elif self.money:
            return format_html(
                '<td class="utrecht-table__cell utrecht-table__cell--numeric-column utrecht-table__cell--numeric-data">'
                "{}</td>",
                format_bedrag(value),
            )
        elif self.is_badge and value:
            inner = self.badge_html(obj, value)
        elif value is None:
            inner = mark_safe('<span class="app-help">–</span>')
        elif value is True or value is False:
            inner = gettext("ja") if value else gettext("nee")
        else:
            inner = _shown(value)
        return format_html('<td class="utrecht-table__cell">{}</td>', inner)

    def get(self, obj):
        if self.value is not None:
            return self.value(obj)
        try:
            value = operator.attrgetter(self.key)(obj)
        except AttributeError:
            return None
        if callable(value):
            value = value()
        return value

    def export_value(self, obj):
        value = self.get(obj)
        if value is None or isinstance(value, (int, Decimal)) or hasattr(value, "isoformat"):
            return value
        return str(value)


def _shown(value, empty=None):
    """`value` as `{{ value }}` shows it: local time, localised, escaped (safe strings stay as they are)."""
    if value is None and empty is not None:
        return empty
    return conditional_escape(formats.localize(template_localtime(value)))


def cells_html(cells, obj, url=""):
    """The cells of one list row ((column, value) pairs), as one safe string."""
    return SafeString("".join(column.cell_html(obj, value, url) for column, value in cells))


class FilterForm(forms.Form):
    """Base for list filters: fields are optional; `filter(queryset)` applies the cleaned data."""

    use_required_attribute = False

    def filter(self, queryset):
        return queryset


class TableView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    template_name = "core/table_page.html"
    columns: list = []
    filter_form_class = None
    paginate_by = 25
    default_sort = None
    export_filename = "export"
    title = ""
    intro = ""
    # What the list holds, in the plural ("declaraties"): an empty list without filters says
    # "Er zijn nog geen declaraties.", a filtered one "Er zijn geen resultaten voor deze selectie."
    empty_noun = ""

    def get_base_queryset(self):
        raise NotImplementedError("TableView subclasses define get_base_queryset()")

    def row_url(self, obj):
        """Where a `link` column points; default: the object's own page (its get_absolute_url)."""
        return ""

    def get_filter_form(self):
        if self.filter_form_class is None:
            return None
        return self.filter_form_class(self.request.GET or None, **self.get_filter_form_kwargs())

    def get_filter_form_kwargs(self):
        return {}

    def sortable(self):
        return {column.key: column.sort for column in self.columns if column.sort}

    def current_sort(self):
        requested = self.request.GET.get("sort", "")
        key = requested.lstrip("-")
        if key in self.sortable():
            return requested
        return self.default_sort or ""

    def get_queryset(self):
        queryset = self.get_base_queryset()
        self.filter_form = self.get_filter_form()
        if self.filter_form is not None and self.filter_form.is_valid():
            queryset = self.filter_form.filter(queryset)
        sort = self.current_sort()
        if sort:
            field = self.sortable().get(sort.lstrip("-"), sort.lstrip("-"))
            # A column may sort on several fields (a tuple), e.g. boekjaar then volgnummer: an index
            # serves that, where a computed sort key makes PostgreSQL sort every row first.
            fields = field if isinstance(field, tuple) else (field,)
            prefix = "-" if sort.startswith("-") else ""
            queryset = queryset.order_by(*(f"{prefix}{f}" for f in fields), f"{prefix}pk")
        return queryset

    def is_filtered(self):
        form = getattr(self, "filter_form", None)
        if form is None or not form.is_bound or not form.is_valid():
            return False
        return any(value not in (None, "", [], ()) and value is not False for value in form.cleaned_data.values())

    def empty_text(self):
        if self.is_filtered():
            return _("Er zijn geen resultaten voor deze selectie.")
        if self.empty_noun:
            return _("Er zijn nog geen %(wat)s.") % {"wat": self.empty_noun}
        return _("Deze lijst is nog leeg.")

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        queryset = self.get_queryset()
        if not getattr(self.request, "achtergrond_export", False) and self.export_te_groot(queryset):
            return self.export_op_achtergrond()
        headers = [str(column.label) for column in self.columns]
        rows = ([column.export_value(obj) for column in self.columns] for obj in queryset.iterator(chunk_size=2000))
        titel = self.title or self.export_filename
        return xlsx_response(self.export_filename, [(titel, headers, rows, kop(titel, self.filters_used()))])

    def filters_used(self):
        """(label, value as shown) of every filter set, for the export's title block."""
        form = getattr(self, "filter_form", None)
        if form is None or not form.is_bound or not form.is_valid():
            return []
        used = []
        for name, value in form.cleaned_data.items():
            if value in (None, "", [], ()) or value is False:
                continue
            field = form.fields[name]
            choices = dict(getattr(field, "choices", None) or ()) if not hasattr(field, "queryset") else {}
            if isinstance(value, (list, tuple)):
                shown = ", ".join(str(choices.get(v, v)) for v in value)
            elif value is True:
                shown = str(_("ja"))
            elif isinstance(value, Decimal):
                shown = format_bedrag(value)
            elif hasattr(value, "isoformat"):
                shown = formats.date_format(value, "DATE_FORMAT")
            else:
                shown = str(choices.get(value, choices.get(str(value), value)))
            used.append((str(field.label or name), shown))
        return used

    def export_te_groot(self, queryset):
        """Above EXPORT_DIRECT_MAX rows the XLSX is made by a background report: 190,000 declarations
        took 37.7 s in the request, past the worker timeout (issue 15)."""
        aantal = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        return aantal > settings.EXPORT_DIRECT_MAX

    def export_op_achtergrond(self):
        from .services import vraag_rapport_aan  # services import the report registry, which imports lists' users

        query = self.request.GET.copy()
        query.pop("format", None)
        parameters = {
            "pad": self.request.path,
            "query": query.urlencode(),
            "titel": str(self.title or self.export_filename),
        }
        rapport = vraag_rapport_aan(
            self.request.user, "lijst_xlsx", parameters, getattr(self.request, "gemeente", None)
        )
        messages.info(
            self.request,
            _("Deze export is groot; hij wordt op de achtergrond gemaakt. U krijgt een melding als hij klaar is."),
        )
        return redirect(rapport)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        query.pop("pagina", None)  # a keyset cursor (rekeningkaart) belongs to one sort and filter
        query.pop("format", None)
        sort = self.current_sort()
        headers = []
        for column in self.columns:
            direction = None
            if column.sort and sort.lstrip("-") == column.key:
                direction = "descending" if sort.startswith("-") else "ascending"
            next_query = query.copy()
            next_query["sort"] = f"-{column.key}" if direction == "ascending" else column.key
            headers.append({"column": column, "direction": direction, "sort_query": next_query.urlencode()})
        rows = []
        for obj in context["object_list"]:
            url = self.row_url(obj)
            cells = [(column, column.get(obj)) for column in self.columns]
            # `cells_html` is called by the template that shows it (core/_table.html); a list with
            # its own row markup reads `cells` and never pays for it.
            rows.append(
                {
                    "object": obj,
                    "url": url,
                    "cells": cells,
                    "cells_html": functools.partial(cells_html, cells, obj, url),
                }
            )
        export_query = query.copy()
        export_query["format"] = "xlsx"
        context.update(
            title=self.title,
            intro=self.intro,
            headers=headers,
            rows=rows,
            filter_form=self.filter_form,
            result_count=context["paginator"].count if context.get("paginator") else len(context["object_list"]),
            query_without_page=query.urlencode(),
            export_query=export_query.urlencode(),
            empty_text=self.empty_text(),
        )
        return context
