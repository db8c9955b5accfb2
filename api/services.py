"""Issuing, revoking and using API keys: permission-checked, transactional, on the timeline."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import roles
from core.access import require
from core.models import Organisatie, User
from core.services import log_event

from . import queries
from .models import ApiSleutel, Scope, hash_sleutel, nieuwe_sleutel

# last-used time is written at most this often per key (not one UPDATE per request)
LAATST_GEBRUIKT_INTERVAL = datetime.timedelta(minutes=1)


def rollen_voor(organisatie: Organisatie, scopes: Iterable[str]) -> set[str]:
    """The role the key's service user gets: partner for a partner organisation (its own
    declarations), controle for a gemeente (reads ledger, payments, beschikkingen; changes nothing)."""
    return {roles.CONTROLE} if organisatie.is_gemeente else {roles.PARTNER}


def _check_scopes(organisatie: Organisatie, scopes: list[str]) -> None:
    if not scopes:
        raise ValidationError({"scopes": _("Kies minstens één scope.")})
    onbekend = [s for s in scopes if s not in Scope.values]
    if onbekend:
        raise ValidationError({"scopes": _("Onbekende scope: %(s)s.") % {"s": ", ".join(onbekend)}})
    if organisatie.is_gemeente and Scope.DECLARE in scopes:
        raise ValidationError({"scopes": _("Een gemeente declareert niet: de scope ‘declare’ is voor partners.")})
    if not organisatie.is_gemeente and Scope.LEDGER_EXPORT in scopes:
        raise ValidationError(
            {"scopes": _("Alleen een gemeente exporteert haar grootboek: de scope ‘ledger-export’ is voor gemeenten.")}
        )


def geef_uit(actor: User, *, organisatie: Organisatie, naam: str, scopes: Iterable[str]) -> tuple[ApiSleutel, str]:
    """Issue a key for `organisatie`; returns (sleutel, the key itself). The key is shown once: only
    its hash is stored."""
    require(actor, "api.beheer_sleutels", None, _("Alleen applicatiebeheer geeft API-sleutels uit."))
    scopes = sorted(set(scopes))
    naam = (naam or "").strip()
    if not naam:
        raise ValidationError({"naam": _("Geef de sleutel een naam, bijvoorbeeld de naam van het systeem.")})
    gemeente_id = queries.beherende_gemeente(actor, organisatie)
    if gemeente_id is None:
        raise PermissionDenied(_("Deze organisatie werkt niet in uw gemeente(n)."))
    gemeente = Organisatie.objects.get(pk=gemeente_id)
    require(actor, "api.beheer_sleutel", gemeente)
    _check_scopes(organisatie, scopes)
    with transaction.atomic():
        prefix, sleutel = nieuwe_sleutel()
        gebruiker = User.objects.create_user(
            email=f"api-{prefix}@api-sleutel.invalid",
            password=None,
            first_name=_("API-sleutel"),
            last_name=f"{naam} ({prefix})"[:150],
            organisatie=organisatie,
            functie=_("Koppeling (API-sleutel)"),
        )
        gebruiker.groups.set(
            [Group.objects.get_or_create(name=rol)[0] for rol in sorted(rollen_voor(organisatie, scopes))]
        )
        if organisatie.is_gemeente:
            gebruiker.gemeenten.add(organisatie)
        api_sleutel = ApiSleutel.objects.create(
            naam=naam,
            organisatie=organisatie,
            gemeente=gemeente,
            scopes=scopes,
            prefix=prefix,
            sleutel_hash=hash_sleutel(sleutel),
            gebruiker=gebruiker,
            uitgegeven_door=actor,
        )
        log_event(
            actor,
            api_sleutel,
            _("API-sleutel uitgegeven"),
            reden=_("%(org)s, scopes: %(scopes)s") % {"org": organisatie, "scopes": ", ".join(scopes)},
        )
    return api_sleutel, sleutel


def trek_in(actor: User, api_sleutel: ApiSleutel, *, reden: str) -> ApiSleutel:
    """Revoke a key at once: the next request with it is refused (401)."""
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden waarom de sleutel wordt ingetrokken.")})
    with transaction.atomic():
        api_sleutel = ApiSleutel.objects.select_for_update().get(pk=api_sleutel.pk)
        require(actor, "api.beheer_sleutel", api_sleutel)
        if not api_sleutel.actief:
            raise ValidationError(_("Deze sleutel is al ingetrokken."))
        api_sleutel.ingetrokken_op = timezone.now()
        api_sleutel.ingetrokken_door = actor
        api_sleutel.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
        User.objects.filter(pk=api_sleutel.gebruiker_id).update(is_active=False)
        log_event(actor, api_sleutel, _("API-sleutel ingetrokken"), reden=reden)
    return api_sleutel


def sleutel_voor(sleutel: str) -> ApiSleutel | None:
    """The active key `sleutel` names, or None (unknown, malformed or revoked)."""
    delen = sleutel.split("_", 2)
    if len(delen) != 3 or delen[0] != "spuk":
        return None
    gevonden = ApiSleutel.objects.select_related("gebruiker", "organisatie").filter(prefix=delen[1]).first()
    if gevonden is None or not gevonden.actief or not gevonden.past_bij(sleutel) or not gevonden.gebruiker.is_active:
        return None
    return gevonden


def noteer_gebruik(api_sleutel: ApiSleutel, moment: Any = None) -> None:
    moment = moment or timezone.now()
    ApiSleutel.objects.filter(pk=api_sleutel.pk).exclude(
        laatst_gebruikt_op__gt=moment - LAATST_GEBRUIKT_INTERVAL
    ).update(laatst_gebruikt_op=moment)
