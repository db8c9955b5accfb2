"""The identity-provider configuration form of the beheer pages (Dutch labels; core/oidc.py checks the rules)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import access, oidc, roles
from .models import Gemeente, IdentityProvider

ENDPOINTS = oidc.DISCOVERY_FIELDS


def _https_urls(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class IdentityProviderForm(forms.ModelForm):
    formfield_callback = _https_urls
    client_secret = forms.CharField(
        label=_("Client-secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Wordt na opslaan nooit meer getoond. Laat leeg om het opgeslagen secret te houden."),
    )
    rol_mapping_tekst = forms.CharField(
        label=_("Groepen en rollen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Eén regel per groep: <waarde van de groepenclaim> = <rol>. Rollen: beleid, financien, controle, beheer. "
            "Financiën en beheer worden pas toegekend na bevestiging door een tweede beheerder."
        ),
    )
    mfa_tekst = forms.CharField(
        label=_("Waarden van acr/amr die tweestapsverificatie bewijzen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Eén waarde per regel, bijvoorbeeld mfa. Leeg: medewerkers doen altijd de tweestapsverificatie van SPUK-beheer."
        ),
    )
    reden = forms.CharField(
        label=_("Reden"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Komt op de tijdlijn.")
    )

    class Meta:
        model = IdentityProvider
        fields = [
            "gemeente",
            "soort",
            "naam",
            "slug",
            "actief",
            "alleen_via_provider",
            "discovery_url",
            "issuer",
            *ENDPOINTS,
            "client_id",
            "client_secret",
            "scopes",
            "claim_email",
            "claim_voornaam",
            "claim_achternaam",
            "claim_groepen",
            "claim_kvk",
            "claim_vestiging",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = access.visible(Gemeente, user)
        for name in ("issuer", *ENDPOINTS):
            self.fields[name].required = False
        self.fields["issuer"].help_text = _("Leeg laten als u een discovery-URL opgeeft.")
        instance = self.instance
        if instance.pk:
            self.fields["rol_mapping_tekst"].initial = "\n".join(f"{k} = {v}" for k, v in instance.rol_mapping.items())
            self.fields["mfa_tekst"].initial = "\n".join(instance.mfa_waarden)
        self.order_fields([*self._meta.fields, "rol_mapping_tekst", "mfa_tekst", "reden"])

    def clean_client_secret(self):
        secret = self.cleaned_data.get("client_secret") or ""
        if not secret:
            if not self.instance.pk:
                raise ValidationError(_("Geef het client-secret."))
            return self.instance.client_secret
        return secret

    def clean_rol_mapping_tekst(self):
        mapping = {}
        for number, line in enumerate((self.cleaned_data.get("rol_mapping_tekst") or "").splitlines(), start=1):
            if not line.strip():
                continue
            groep, sep, rol = line.rpartition("=")
            groep, rol = groep.strip(), rol.strip()
            if not sep or not groep or rol not in roles.STAFF_ROLES:
                raise ValidationError(
                    _("Regel %(n)s: schrijf '<groep> = <rol>' met rol beleid, financien, controle of beheer.")
                    % {"n": number}
                )
            mapping[groep] = rol
        return mapping

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("discovery_url")
        if url and not self.errors:
            try:
                document = oidc.fetch_discovery(url)
            except ValidationError as exc:
                self.add_error(None, exc)
                return cleaned
            cleaned["issuer"] = document["issuer"]
            for name in ENDPOINTS:
                cleaned[name] = document.get(name) or ""
        for name in ("issuer", *ENDPOINTS[:-1]):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Vul dit in, of geef een discovery-URL."))
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        self.instance.rol_mapping = self.cleaned_data.get("rol_mapping_tekst") or {}
        self.instance.mfa_waarden = [
            v.strip() for v in (self.cleaned_data.get("mfa_tekst") or "").splitlines() if v.strip()
        ]
