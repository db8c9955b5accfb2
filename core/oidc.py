"""Log in through a gemeente's identity provider (OpenID Connect): claims → account, roles, organisation.

`core/oidc_auth.py` speaks the protocol (mozilla-django-oidc, configured per request from an
`IdentityProvider` row); this module decides what the verified claims mean. Rules:

- Staff (`soort=medewerkers`): the e-mail claim names the account. A provider of gemeente G only
  creates or updates accounts that belong to G alone: an account that also works for another
  gemeente, a partner account or a platform operator is refused (a group claim of G must never
  change what someone may do in another gemeente). New accounts get `gemeenten = {G}`.
- Roles come only from `rol_mapping` (group claim value → staff role). The provider is authoritative
  for the roles that appear in its mapping: a mapped role the claims no longer assert is removed at
  login; roles outside the mapping (granted on the beheer pages) are left alone. Nobody becomes
  superuser or staff through claims, and the partner role is never mapped for staff.
- Financien and beheer from claims follow the two-person rule like the beheer pages: the login
  opens a `RolVerzoek` that a second administrator of G confirms; only then is the role granted.
  A provider that no longer asserts such a role removes it at the next login.
- Partners (`soort=partners`, an eHerkenning broker): the KvK claim must name an active, non-gemeente
  `Organisatie`; if that organisation has a vestigingsnummer the vestiging claim must match it. The
  account gets the partner role for that organisation only. Unknown KvK: refused, no account.
- Two-factor: when `acr` or one of `amr` is in the provider's `mfa_waarden`, the provider did the
  second step and the app's TOTP is skipped for that session; otherwise the app's TOTP applies.

Every account change is on the timeline of the gemeente of the provider.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import requests
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import roles
from .access import require
from .beheer import GEVOELIGE_ROLLEN, _vraag_rol_aan
from .models import IdentityProvider, Organisatie, User
from .timeline import log_event


class LoginRefused(Exception):
    """A verified login that the app refuses; `message` is the Dutch text the person reads."""

    def __init__(self, message: str, code: str = "geweigerd"):
        super().__init__(message)
        self.message = message
        self.code = code


def claim(claims: dict, name: str) -> Any:
    return claims.get(name) if name else None


def claim_text(claims: dict, name: str) -> str:
    value = claim(claims, name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip() if value is not None else ""


def groups_in(claims: dict, name: str) -> list[str]:
    """The group claim as a list of strings (providers send a list, some a single string)."""
    value = claim(claims, name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def mapped_roles(provider: IdentityProvider) -> set[str]:
    """The roles this provider decides about (the targets of its mapping, staff roles only)."""
    return set(provider.rol_mapping.values()) & set(roles.STAFF_ROLES)


def roles_from_claims(provider: IdentityProvider, claims: dict) -> set[str]:
    """The staff roles the claims assert through the provider's group → role mapping."""
    allowed = set(roles.STAFF_ROLES)
    mapping = provider.rol_mapping or {}
    return {mapping[g] for g in groups_in(claims, provider.claim_groepen) if mapping.get(g) in allowed}


def mfa_asserted(provider: IdentityProvider, claims: dict) -> bool:
    """Did the provider do the second step? `acr` (a string) or any `amr` (a list) in the accepted values."""
    accepted = {str(v) for v in (provider.mfa_waarden or [])}
    if not accepted:
        return False
    acr = claims.get("acr")
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    return (acr is not None and str(acr) in accepted) or any(str(v) in accepted for v in amr)


def _email(provider: IdentityProvider, claims: dict) -> str:
    email = claim_text(claims, provider.claim_email).lower()
    if "@" not in email:
        raise LoginRefused(
            _(
                "%(naam)s stuurde geen e-mailadres mee. Vraag de beheerder van de identity provider om de claim '%(claim)s'."
            )
            % {"naam": provider.naam, "claim": provider.claim_email},
            code="geen_email",
        )
    if claims.get("email_verified") is False:
        raise LoginRefused(
            _("%(naam)s heeft uw e-mailadres niet bevestigd. Inloggen kan pas als het bevestigd is.")
            % {"naam": provider.naam},
            code="email_niet_bevestigd",
        )
    return email


def _groups(names: Any) -> list[Group]:
    # The role groups come from a migration; get_or_create keeps a login working where they were
    # flushed (transactional tests) instead of silently granting nothing.
    return [Group.objects.get_or_create(name=name)[0] for name in sorted(names)]


def _rollen_tekst(names: Any) -> str:
    return ", ".join(sorted(names)) or "–"


def _names(user: User, provider: IdentityProvider, claims: dict) -> list[str]:
    changed = []
    for field, claim_name in (("first_name", provider.claim_voornaam), ("last_name", provider.claim_achternaam)):
        value = claim_text(claims, claim_name)[:150]
        if value and getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    return changed


def login_staff(provider: IdentityProvider, claims: dict) -> User:
    """Create or update the account of a staff member of `provider.gemeente` from verified claims."""
    gemeente = provider.gemeente
    email = _email(provider, claims)
    gewenst = roles_from_claims(provider, claims)
    beheerd = mapped_roles(provider)
    bron = _("volgens %(naam)s (groepen: %(groepen)s)") % {
        "naam": provider.naam,
        "groepen": ", ".join(groups_in(claims, provider.claim_groepen)) or "–",
    }
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            if not gewenst:
                raise LoginRefused(
                    _(
                        "U bent bij %(naam)s bekend, maar geen van uw groepen geeft toegang tot SPUK-beheer. "
                        "Vraag applicatiebeheer van %(gemeente)s om u een rol te geven."
                    )
                    % {"naam": provider.naam, "gemeente": gemeente},
                    code="geen_rol",
                )
            user = User(email=email, organisatie=gemeente)
            _names(user, provider, claims)
            user.set_unusable_password()
            user.save()
            user.gemeenten.set([gemeente])
            log_event(
                None,
                user,
                _("gebruiker aangemaakt via identity provider"),
                naar=provider.naam[:50],
                reden=bron,
                gemeente=gemeente,
            )
            huidig: set[str] = set()
        else:
            eigen = set(user.gemeenten.values_list("id", flat=True)) or (
                {user.organisatie_id} if user.organisatie_id else set()
            )
            if user.is_superuser or user.is_staff or eigen != {gemeente.pk}:
                raise LoginRefused(
                    _(
                        "Dit account hoort niet (alleen) bij %(gemeente)s en kan daarom niet via %(naam)s inloggen. "
                        "Log in met uw wachtwoord of neem contact op met applicatiebeheer."
                    )
                    % {"gemeente": gemeente, "naam": provider.naam},
                    code="andere_gemeente",
                )
            if not user.is_active:
                raise LoginRefused(
                    _("Dit account is niet actief. Neem contact op met applicatiebeheer."), code="inactief"
                )
            changed = _names(user, provider, claims)
            if changed:
                user.save(update_fields=changed)
            huidig = set(user.groups.values_list("name", flat=True))
        # Mapped roles the provider no longer asserts go; ordinary asserted ones come at once;
        # financien/beheer wait for a second administrator.
        nieuw = (huidig - (beheerd - gewenst)) | (gewenst - GEVOELIGE_ROLLEN)
        if nieuw != huidig:
            user.groups.set(_groups(nieuw))
            log_event(
                None,
                user,
                _("rollen gewijzigd door identity provider"),
                van=_rollen_tekst(huidig),
                naar=_rollen_tekst(nieuw),
                reden=bron,
                gemeente=gemeente,
            )
        for rol in sorted((gewenst & GEVOELIGE_ROLLEN) - nieuw):
            _vraag_rol_aan(user, user, gemeente, rol, bron)
        user.__dict__.pop("role_names", None)
        user.__dict__.pop("gemeente_ids", None)
    return user


def login_partner(provider: IdentityProvider, claims: dict) -> User:
    """Create or update the account of someone who represents a partner organisation (by KvK number)."""
    kvk = "".join(ch for ch in claim_text(claims, provider.claim_kvk) if ch.isdigit())
    if not kvk:
        raise LoginRefused(
            _(
                "De eHerkenning-makelaar stuurde geen KvK-nummer mee. Probeer het opnieuw of neem contact op met %(gemeente)s."
            )
            % {"gemeente": provider.gemeente},
            code="geen_kvk",
        )
    organisatie = (
        Organisatie.objects.filter(kvk_nummer=kvk, actief=True).exclude(soort=Organisatie.Soort.GEMEENTE).first()
    )
    if organisatie is None:
        raise LoginRefused(
            _(
                "Uw organisatie (KvK-nummer %(kvk)s) is niet bekend als partner in SPUK-beheer. Er is geen account "
                "aangemaakt. Neem contact op met %(gemeente)s als uw organisatie een toekenning heeft of aanvraagt."
            )
            % {"kvk": kvk, "gemeente": provider.gemeente},
            code="onbekende_kvk",
        )
    if organisatie.vestigingsnummer:
        vestiging = "".join(ch for ch in claim_text(claims, provider.claim_vestiging) if ch.isdigit())
        if vestiging != organisatie.vestigingsnummer:
            raise LoginRefused(
                _(
                    "U bent ingelogd voor een andere vestiging dan die van %(organisatie)s in SPUK-beheer. "
                    "Kies bij eHerkenning vestigingsnummer %(vestiging)s."
                )
                % {"organisatie": organisatie, "vestiging": organisatie.vestigingsnummer},
                code="andere_vestiging",
            )
    email = _email(provider, claims)
    bron = _("eHerkenning via %(naam)s, KvK-nummer %(kvk)s") % {"naam": provider.naam, "kvk": kvk}
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email__iexact=email).first()
        if user is None:
            user = User(email=email, organisatie=organisatie)
            _names(user, provider, claims)
            user.set_unusable_password()
            user.save()
            user.groups.set(_groups([roles.PARTNER]))
            log_event(
                None,
                user,
                _("gebruiker aangemaakt via eHerkenning"),
                naar=roles.PARTNER,
                reden=bron,
                gemeente=provider.gemeente,
            )
        else:
            huidig = set(user.groups.values_list("name", flat=True))
            if (
                user.is_superuser
                or user.is_staff
                or user.organisatie_id != organisatie.pk
                or huidig - {roles.PARTNER}
                or user.gemeenten.exists()
            ):
                raise LoginRefused(
                    _(
                        "Het account met dit e-mailadres hoort niet bij %(organisatie)s. "
                        "Neem contact op met %(gemeente)s."
                    )
                    % {"organisatie": organisatie, "gemeente": provider.gemeente},
                    code="ander_account",
                )
            if not user.is_active:
                raise LoginRefused(
                    _("Dit account is niet actief. Neem contact op met applicatiebeheer."), code="inactief"
                )
            changed = _names(user, provider, claims)
            if changed:
                user.save(update_fields=changed)
            if roles.PARTNER not in huidig:
                user.groups.add(*_groups([roles.PARTNER]))
                log_event(
                    None,
                    user,
                    _("rollen gewijzigd door eHerkenning"),
                    van="–",
                    naar=roles.PARTNER,
                    reden=bron,
                    gemeente=provider.gemeente,
                )
        user.__dict__.pop("role_names", None)
    return user


def login_from_claims(provider: IdentityProvider, claims: dict) -> User:
    if provider.is_partners:
        return login_partner(provider, claims)
    return login_staff(provider, claims)


def login_buttons() -> dict[str, list[IdentityProvider]]:
    """The active providers for the login page, staff and partner buttons apart."""
    providers = list(IdentityProvider.objects.filter(actief=True).select_related("gemeente").order_by("naam"))
    return {
        "medewerkers": [p for p in providers if not p.is_partners],
        "partners": [p for p in providers if p.is_partners],
    }


def password_login_refused(user: User) -> IdentityProvider | None:
    """The provider a staff member must use instead of a password: when every gemeente of the account
    has an active staff provider that switched passwords off. Platform operators keep their password."""
    if user.is_superuser or user.is_partner:
        return None
    ids = set(user.gemeenten.values_list("id", flat=True)) or ({user.organisatie_id} if user.organisatie_id else set())
    if not ids:
        return None
    providers = IdentityProvider.objects.filter(
        gemeente__in=ids, actief=True, alleen_via_provider=True, soort=IdentityProvider.Soort.MEDEWERKERS
    )
    covered = {p.gemeente_id: p for p in providers}
    if set(covered) != ids:
        return None
    return covered[min(ids)]


# Configuration (the beheer pages) -------------------------------------------------------------------

DISCOVERY_FIELDS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri", "end_session_endpoint")


def fetch_discovery(url: str) -> dict:
    """The provider's discovery document; a Dutch ValidationError when it cannot be read."""
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ValidationError(
            {
                "discovery_url": _("De discovery-URL kon niet worden gelezen (%(fout)s).")
                % {"fout": exc.__class__.__name__}
            }
        ) from exc
    if not isinstance(document, dict) or not document.get("issuer"):
        raise ValidationError({"discovery_url": _("Dit is geen OpenID Connect discovery-document.")})
    return document


def _check_urls(provider: IdentityProvider) -> None:
    for field in ("issuer", *DISCOVERY_FIELDS):
        value = getattr(provider, field)
        if value and urlparse(value).scheme != "https" and not settings.OIDC_ALLOW_HTTP:
            raise ValidationError({field: _("Gebruik een https-adres.")})


def sla_provider_op(actor: Any, provider: IdentityProvider, *, wijzigingen: list[str], reden: str) -> IdentityProvider:
    """Save a provider configuration of one of the actor's gemeenten (new or changed), on the timeline.

    The client secret is never logged; the timeline names the fields that changed."""
    require(actor, "core.beheer_idp", provider, _("U beheert de inlogkoppelingen van deze gemeente niet."))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van deze wijziging.")})
    if provider.soort == IdentityProvider.Soort.MEDEWERKERS:
        wrong = set(provider.rol_mapping.values()) - set(roles.STAFF_ROLES)
        if wrong:
            raise ValidationError({"rol_mapping": _("Koppel groepen alleen aan rollen van medewerkers.")})
    else:
        provider.rol_mapping = {}
        provider.alleen_via_provider = False
        if not provider.claim_kvk:
            raise ValidationError({"claim_kvk": _("Geef de claim waarin de makelaar het KvK-nummer stuurt.")})
    _check_urls(provider)
    nieuw = provider.pk is None
    with transaction.atomic():
        if not nieuw:
            IdentityProvider.objects.select_for_update().get(pk=provider.pk)
        provider.full_clean()
        provider.save()
        log_event(
            actor,
            provider,
            _("inlogkoppeling aangemaakt") if nieuw else _("inlogkoppeling gewijzigd"),
            reden=_("%(reden)s (gewijzigd: %(velden)s)")
            % {"reden": reden, "velden": ", ".join(sorted(wijzigingen)) or "–"},
            gemeente=provider.gemeente,
        )
    return provider
