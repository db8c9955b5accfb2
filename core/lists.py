"""The one way lists work: filter form, whitelisted sorting, pagination and XLSX export.

A finance officer expects these on every list, so a list view subclasses `TableView`, declares
its columns, a filter form and the base queryset (already scoped to what the user may see).
"""

import operator
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Optional

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from .xlsx import xlsx_response


@dataclass
class Column:
    key: str
    label: str
    sort: Optional[str] = None  # ORM ordering expression; None: not sortable
    money: bool = False
    link: bool = False  # render as link to obj.get_absolute_url()
    value: Optional[Callable] = None  # obj -> value; default: the dotted attribute path `key`

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
            descending = sort.startswith("-")
            queryset = queryset.order_by(f"-{field}" if descending else field, "-pk" if descending else "pk")
        return queryset

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        queryset = self.get_queryset()
        headers = [str(column.label) for column in self.columns]
        rows = ([column.export_value(obj) for column in self.columns] for obj in queryset.iterator(chunk_size=2000))
        return xlsx_response(self.export_filename, [(self.title or self.export_filename, headers, rows)])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
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
        rows = [
            {"object": obj, "url": self.row_url(obj), "cells": [(column, column.get(obj)) for column in self.columns]}
            for obj in context["object_list"]
        ]
        export_query = query.copy()
        export_query["format"] = "xlsx"
        context.update(
            title=self.title,
            intro=self.intro,
            headers=headers,
            rows=rows,
            filter_form=self.filter_form,
            query_without_page=query.urlencode(),
            export_query=export_query.urlencode(),
            empty_text=_("Er zijn geen resultaten voor deze selectie."),
        )
        return context
