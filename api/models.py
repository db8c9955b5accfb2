"""API keys: per organisation, with scopes, stored only as a hash.

A key acts as its own service user (`gebruiker`): a user of the key's organisation with the role that
matches its scopes, no password and no session. The API therefore asks the same django-rules
permissions and access scopes as the web pages, and a key can never do what a person of that
organisation with that role could not do in the browser. Revoking a key deactivates that user.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import AccessQuerySet
from core.models import Organisatie

PREFIX_LENGTE = 8
SLEUTEL_VOORVOEGSEL = "spuk"


class Scope(models.TextChoices):
    DECLARE = "declare", _("Declareren (partner: declaraties aanmaken, bijlagen toevoegen, indienen)")
    READ = "read", _("Lezen (toekenningen en declaraties; voor een gemeente: beschikkingen en SiSa)")
    LEDGER_EXPORT = "ledger-export", _("Grootboekexport (journaalposten en te registreren betalingen)")


def hash_sleutel(sleutel: str) -> str:
    """SHA-256 of the whole key. The key carries 256 random bits, so a plain hash cannot be guessed
    back; a slow password hash would only make every API request slow."""
    return hashlib.sha256(sleutel.encode()).hexdigest()


def nieuwe_sleutel() -> tuple[str, str]:
    """(prefix, key): `spuk_<prefix>_<secret>`; the prefix identifies the key on the beheer pages."""
    prefix = secrets.token_hex(PREFIX_LENGTE // 2)
    return prefix, f"{SLEUTEL_VOORVOEGSEL}_{prefix}_{secrets.token_urlsafe(32)}"


class ApiSleutel(models.Model):
    naam = models.CharField(
        _("naam"), max_length=100, help_text=_("Waarvoor de sleutel dient, bijv. ‘Urenadministratie’.")
    )
    organisatie = models.ForeignKey(
        Organisatie, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="api_sleutels"
    )
    gemeente = models.ForeignKey(
        Organisatie,
        verbose_name=_("beheerd door gemeente"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("De gemeente waarvan de applicatiebeheerder de sleutel uitgaf en beheert."),
    )
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("prefix"), max_length=PREFIX_LENGTE, unique=True)
    sleutel_hash = models.CharField(max_length=64, unique=True)
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("servicegebruiker"),
        on_delete=models.PROTECT,
        related_name="api_sleutel",
    )
    uitgegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uitgegeven door"), on_delete=models.PROTECT, related_name="+"
    )
    uitgegeven_op = models.DateTimeField(_("uitgegeven op"), auto_now_add=True)
    laatst_gebruikt_op = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)
    ingetrokken_op = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["-uitgegeven_op", "-pk"]

    def __str__(self):
        return f"{self.naam} ({self.prefix}…, {self.organisatie})"

    @property
    def actief(self) -> bool:
        return self.ingetrokken_op is None

    def scope_labels(self) -> str:
        return ", ".join(str(Scope(s).label).split(" (")[0] for s in self.scopes if s in Scope.values)

    def past_bij(self, sleutel: str) -> bool:
        return hmac.compare_digest(self.sleutel_hash, hash_sleutel(sleutel))
