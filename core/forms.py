from django import forms
from django.utils.translation import gettext_lazy as _

from .lists import FilterForm


class TwoFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}),
        error_messages={
            "required": _("Vul de code van zes cijfers in."),
            "min_length": _("De code bestaat uit zes cijfers."),
            "max_length": _("De code bestaat uit zes cijfers."),
        },
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit() or not self.device.verify_token(token):
            raise forms.ValidationError(_("Deze code klopt niet of is verlopen. Probeer de nieuwste code."))
        return token


class MeldingenFilter(FilterForm):
    """Notification list filter: all, unread, or tasks still open."""

    toon = forms.ChoiceField(
        label=_("Toon"),
        required=False,
        choices=[("", _("Alle meldingen")), ("ongelezen", _("Ongelezen")), ("open", _("Openstaande taken"))],
    )

    def filter(self, queryset):
        toon = self.cleaned_data.get("toon")
        if toon == "ongelezen":
            return queryset.filter(gelezen_op__isnull=True)
        if toon == "open":
            return queryset.exclude(open_in_statussen=[]).filter(afgehandeld_op__isnull=True)
        return queryset


def verplicht_als(field, wanneer):
    """Mark an optional field as required under a condition the form checks in `clean()`; its label
    then reads "(verplicht <wanneer>)" instead of "(niet verplicht)"."""
    field.verplicht_als = wanneer
    return field
