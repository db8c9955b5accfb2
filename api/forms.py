"""Forms of the API key pages (Dutch labels; the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.lists import FilterForm
from core.models import Organisatie

from . import queries
from .models import ApiSleutel, Scope


class UitgevenForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisatie"),
        queryset=Organisatie.objects.none(),
        help_text=_("Een partner van uw gemeente, of uw gemeente zelf (voor het ERP)."),
    )
    naam = forms.CharField(label=_("Naam"), max_length=100, help_text=_("Bijvoorbeeld de naam van het systeem."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies minstens één scope.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = queries.organisaties_voor_sleutels(user)


class IntrekkenForm(forms.Form):
    sleutel = forms.ModelChoiceField(label=_("Sleutel"), queryset=ApiSleutel.objects.none())
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Komt op de tijdlijn.")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sleutel"].queryset = ApiSleutel.objects.visible_to(user).filter(ingetrokken_op__isnull=True)


class SleutelFilter(FilterForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle")), ("actief", _("Actief")), ("ingetrokken", _("Ingetrokken"))],
    )

    def filter(self, queryset):
        status = self.cleaned_data.get("status")
        if status == "actief":
            queryset = queryset.filter(ingetrokken_op__isnull=True)
        elif status == "ingetrokken":
            queryset = queryset.filter(ingetrokken_op__isnull=False)
        return queryset
