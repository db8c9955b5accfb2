"""Forms of the beheer pages (Dutch labels; the services check the rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import access, roles
from .models import Gemeente

ROL_KEUZES = [(k, v) for k, v in roles.ROLES.items()]
STAF_ROL_KEUZES = [(k, roles.ROLES[k]) for k in roles.STAFF_ROLES]


class RedenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Komt op de tijdlijn.")
    )


class RollenForm(RedenForm):
    rollen = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=ROL_KEUZES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Financiën en applicatiebeheer worden pas toegekend na bevestiging door een tweede beheerder."),
    )
    field_order = ["rollen", "reden"]


class HuisstijlForm(RedenForm):
    logo = forms.FileField(
        label=_("Nieuw logo"),
        required=False,
        help_text=_("PNG of JPEG, hoogstens 1 MB. Het logo staat op elke pagina en pdf van de gemeente."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    logo_verwijderen = forms.BooleanField(label=_("Huidig logo verwijderen"), required=False)
    primaire_kleur = forms.CharField(
        label=_("Primaire kleur"),
        required=False,
        max_length=7,
        help_text=_("Hexadecimale kleurcode, bijvoorbeeld #00598a. Leeg: de neutrale huisstijl."),
        widget=forms.TextInput(attrs={"placeholder": "#00598a", "autocomplete": "off"}),
    )
    field_order = ["logo", "logo_verwijderen", "primaire_kleur", "reden"]


class BesluitForm(forms.Form):
    besluit = forms.ChoiceField(choices=[("bevestig", _("Bevestigen")), ("wijs_af", _("Afwijzen"))])
    reden = forms.CharField(required=False)


class UitnodigenForm(RedenForm):
    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.none())
    email = forms.EmailField(label=_("E-mailadres"))
    voornaam = forms.CharField(label=_("Voornaam"), max_length=150)
    achternaam = forms.CharField(label=_("Achternaam"), max_length=150)
    functie = forms.CharField(label=_("Functie"), max_length=100, required=False)
    rollen = forms.MultipleChoiceField(
        label=_("Rollen"),
        choices=STAF_ROL_KEUZES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Financiën en applicatiebeheer worden pas toegekend na bevestiging door een tweede beheerder."),
    )
    field_order = ["gemeente", "email", "voornaam", "achternaam", "functie", "rollen", "reden"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = access.visible(Gemeente, user)
