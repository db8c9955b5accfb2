"""One shape for a page action: POST → form → service → message → redirect.

    class GoedkeurenView(ActionView):
        form_class = RedenForm
        success_message = _("De declaratie is goedgekeurd.")

        def get_object(self):
            return get_or_deny(self.request.user, Declaratie, self.kwargs["pk"], "declaraties.view_declaratie")

        def perform(self, obj, form):
            return services.keur_goed(self.request.user, obj, reden=form.cleaned_data["reden"])

A `ValidationError` from the form or the service becomes Dutch error messages on the page the user
came from (`report_errors`, the one mapping); `PermissionDenied` stays a 403. Views do nothing else
of consequence: the service checks, writes and logs.
"""

from __future__ import annotations

import logging
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from .access import require

logger = logging.getLogger(__name__)


def error_messages(error: ValidationError | forms.BaseForm) -> list[str]:
    """The Dutch texts of a ValidationError or of a form's errors, each once, in order."""
    texts: list[str] = []
    if isinstance(error, forms.BaseForm):
        for field_errors in error.errors.values():
            texts.extend(str(t) for t in field_errors)
    elif hasattr(error, "error_dict"):
        for field_messages in error.message_dict.values():
            texts.extend(field_messages)
    else:
        texts.extend(error.messages)
    return list(dict.fromkeys(texts))


def report_errors(request: HttpRequest, error: ValidationError | forms.BaseForm) -> None:
    for text in error_messages(error):
        messages.error(request, text)


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    """`candidate` if it is a local URL of this site, else `default` (no open redirects)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


class ActionView(LoginRequiredMixin, View):
    http_method_names = ["post"]
    form_class: type[forms.BaseForm] | None = None
    success_message: str = ""

    def get_object(self) -> Any:
        return None

    def get_form_kwargs(self, obj: Any) -> dict[str, Any]:
        return {}

    def perform(self, obj: Any, form: forms.BaseForm | None) -> Any:
        raise NotImplementedError

    def get_success_message(self, obj: Any, result: Any) -> str:
        return str(self.success_message)

    def get_success_url(self, obj: Any, result: Any) -> str:
        target = result if hasattr(result, "get_absolute_url") else obj
        return target.get_absolute_url()

    def get_failure_url(self, obj: Any) -> str:
        default = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "/"
        return safe_next(self.request, self.request.POST.get("terug"), default)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = None
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES, **self.get_form_kwargs(obj))
            if not form.is_valid():
                report_errors(request, form)
                return redirect(self.get_failure_url(obj))
        try:
            result = self.perform(obj, form)
        except ValidationError as exc:
            report_errors(request, exc)
            return redirect(self.get_failure_url(obj))
        # The service committed: whatever fails now (the database went away) must not answer with an
        # error page for a change that was made. Go to the object's page without the message.
        try:
            message = self.get_success_message(obj, result)
            if message:
                messages.success(request, message)
            return redirect(self.get_success_url(obj, result))
        except DatabaseError:
            logger.warning(
                "%s committed, but the page after it failed; redirecting", type(self).__name__, exc_info=True
            )
            target = result if hasattr(result, "get_absolute_url") else obj
            return redirect(target.get_absolute_url() if hasattr(target, "get_absolute_url") else "/")


class ConfirmedActionView(ActionView):
    """An irreversible action behind a confirmation page.

    GET shows what will happen (`get_consequences`), the form prefilled from the query string (so a
    button elsewhere can be a GET form or a link that carries its values) and one confirm button;
    the POST is the unchanged ActionView path and stays the only request that changes anything.
    `confirm_permission` (checked on the object, 403 without it) keeps the page from people who
    could not run the action anyway."""

    http_method_names = ["get", "post"]
    confirm_template = "core/bevestigen.html"
    confirm_title: Any = ""
    confirm_button: Any = ""
    confirm_permission: str = ""

    def get_consequences(self, obj: Any, form: forms.BaseForm | None) -> list[Any]:
        return []

    def get_confirm_context(self, obj: Any, form: forms.BaseForm | None) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        if self.confirm_permission:
            require(request.user, self.confirm_permission, obj)
        form = None
        if self.form_class is not None:
            form = self.form_class(request.GET or None, **self.get_form_kwargs(obj))
            if form.is_bound:
                form.is_valid()
        context = {
            "object": obj,
            "form": form,
            "titel": self.confirm_title,
            "gevolgen": self.get_consequences(obj, form),
            "knop": self.confirm_button or _("Bevestigen"),
            "actie": request.path,
            "annuleren": self.get_failure_url(obj),
            **self.get_confirm_context(obj, form),
        }
        return render(request, self.confirm_template, context)
