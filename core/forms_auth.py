from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from .auth import login_throttled
from .oidc import password_login_refused


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("Het e-mailadres of wachtwoord klopt niet. Let op hoofdletters in het wachtwoord."),
        "inactive": _("Dit account is niet actief. Neem contact op met applicatiebeheer."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        if login_throttled(self.request):
            raise forms.ValidationError(
                _("Vanaf dit adres is te vaak verkeerd ingelogd. Probeer het over een kwartier opnieuw."),
                code="throttled",
            )
        return super().clean()

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        provider = password_login_refused(user)
        if provider is not None:
            raise forms.ValidationError(
                _("Uw gemeente laat u inloggen via %(naam)s. Gebruik de knop 'Inloggen met %(naam)s'.")
                % {"naam": provider.naam},
                code="via_provider",
            )


class WachtwoordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
