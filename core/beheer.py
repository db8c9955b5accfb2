"""Application management inside the app: the users of an administrator's own gemeenten.

Rules (each checked here, in the service, whatever page or script calls it):
- an administrator (role beheer) manages only people whose every gemeente is one of theirs;
- nobody changes their own account (roles, two-factor, active) — another administrator does;
- no one is ever made superuser or staff here (platform operators are made on the command line);
- granting financien or beheer waits for a second administrator of the gemeente (`RolVerzoek`);
- no administrator ever knows a password: people are invited by a one-time e-mail link and set
  their own password and authenticator app;
- every change is on the timeline with before, after and reason.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles, workflow
from .access import require
from .models import Organisatie, RolVerzoek, User
from .timeline import log_event

# Roles that move money or manage users: a second administrator confirms the grant.
GEVOELIGE_ROLLEN = frozenset({roles.FINANCIEN, roles.BEHEER, roles.LANDELIJK_BEHEER})


def _role_groups(names):
    """The auth groups of these roles, created when missing (a role is a group; migration 0002 makes
    them, but a database restored or flushed without them must not lose a role change silently)."""
    return [Group.objects.get_or_create(name=name)[0] for name in sorted(set(names))]


def _rollen_tekst(names: Any) -> str:
    return ", ".join(sorted(names)) or "–"


def _reden(reden: str) -> str:
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": _("Geef de reden van deze wijziging.")})
    return reden


def _gemeente_van(actor: Any, target: User) -> Organisatie:
    """The gemeente on whose timeline a change to `target` is written (one the actor manages)."""
    ids: set[int] = set(target.gemeenten.values_list("id", flat=True))
    if not ids and target.organisatie_id is not None:
        ids = {target.organisatie_id}
    eigen = sorted(ids & set(actor.gemeente_ids))
    if not eigen:
        raise PermissionDenied(_("U beheert geen gemeente van deze gebruiker."))
    return Organisatie.objects.get(pk=eigen[0])


def _lock(target: User) -> User:
    return User.objects.select_for_update().get(pk=target.pk)


def invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("core:uitnodiging", args=[uid, token])


def _send_invitation(user_id: int, uitnodiger: str) -> None:
    user = User.objects.get(pk=user_id)
    body = render_to_string(
        "core/email/uitnodiging.txt", {"user": user, "link": invitation_link(user), "uitnodiger": uitnodiger}
    )
    send_mail(_("[SPUK-beheer] Uitnodiging"), body, settings.DEFAULT_FROM_EMAIL, [user.email])


def nodig_uit(
    actor: Any,
    *,
    gemeente: Organisatie,
    email: str,
    voornaam: str,
    achternaam: str,
    functie: str = "",
    rollen: Any = (),
    reden: str,
) -> User:
    """A new account for a staff member of `gemeente`, without password; the person gets a one-time
    link by e-mail. Sensitive roles become requests for a second administrator."""
    require(actor, "core.view_gemeente", gemeente, _("U beheert die gemeente niet."))
    require(actor, "core.manage_users", None, _("Alleen applicatiebeheer nodigt gebruikers uit."))
    reden = _reden(reden)
    email = User.objects.normalize_email(email).lower().strip()
    rollen = set(rollen)
    if not rollen or not rollen <= set(roles.STAFF_ROLES):
        raise ValidationError({"rollen": _("Kies ten minste één rol van een medewerker van de gemeente.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})
    with transaction.atomic():
        user = User(email=email, first_name=voornaam, last_name=achternaam, functie=functie, organisatie=gemeente)
        user.set_unusable_password()
        user.save()
        user.gemeenten.set([gemeente])
        direct = rollen - GEVOELIGE_ROLLEN
        user.groups.set(_role_groups(direct))
        log_event(
            actor, user, _("gebruiker uitgenodigd"), van="", naar=_rollen_tekst(direct), reden=reden, gemeente=gemeente
        )
        for rol in sorted(rollen & GEVOELIGE_ROLLEN):
            _vraag_rol_aan(actor, user, gemeente, rol, reden)
        uitnodiger = str(actor)
        transaction.on_commit(lambda: _send_invitation(user.pk, uitnodiger))
    return user


def _vraag_rol_aan(actor: Any, user: User, gemeente: Organisatie, rol: str, reden: str) -> RolVerzoek:
    verzoek, _created = RolVerzoek.objects.get_or_create(
        gebruiker=user,
        gemeente=gemeente,
        rol=rol,
        status=RolVerzoek.Status.OPEN,
        defaults={"aangevraagd_door": actor, "reden": reden},
    )
    log_event(
        actor,
        user,
        _("rol aangevraagd"),
        naar=rol,
        reden=_("%(reden)s (wacht op bevestiging door een tweede beheerder)") % {"reden": reden},
        gemeente=gemeente,
    )
    return verzoek


def wijzig_rollen(actor: Any, target: User, *, rollen: Any, reden: str) -> list[RolVerzoek]:
    """Set `target`'s roles. Removing and ordinary roles apply at once; financien and beheer become
    requests that a second administrator confirms. Returns the requests made."""
    require(actor, "core.beheer_gebruiker", target, _("U mag de rollen van deze gebruiker niet wijzigen."))
    reden = _reden(reden)
    gewenst = set(rollen)
    if not gewenst <= set(roles.ROLES):
        raise ValidationError({"rollen": _("Kies alleen bestaande rollen.")})
    with transaction.atomic():
        target = _lock(target)
        huidig = set(target.groups.values_list("name", flat=True))
        nieuw_gevoelig = (gewenst - huidig) & GEVOELIGE_ROLLEN
        direct = gewenst - nieuw_gevoelig
        gemeente = _gemeente_van(actor, target)
        if direct != huidig:
            target.groups.set(_role_groups(direct))
            target.__dict__.pop("role_names", None)
            log_event(
                actor,
                target,
                _("rollen gewijzigd"),
                van=_rollen_tekst(huidig),
                naar=_rollen_tekst(direct),
                reden=reden,
                gemeente=gemeente,
            )
        verzoeken = [_vraag_rol_aan(actor, target, gemeente, rol, reden) for rol in sorted(nieuw_gevoelig)]
        if direct == huidig and not verzoeken:
            raise ValidationError(_("Er is niets gewijzigd."))
    return verzoeken


def beslis_rolverzoek(actor: Any, verzoek: RolVerzoek, *, bevestigd: bool, reden: str = "") -> RolVerzoek:
    """The second administrator confirms (the role is granted) or refuses a request."""
    with transaction.atomic():
        verzoek = RolVerzoek.objects.select_for_update().get(pk=verzoek.pk)
        target = _lock(verzoek.gebruiker)
        if bevestigd:
            require(actor, "core.beheer_gebruiker", target, _("U mag de rollen van deze gebruiker niet wijzigen."))
        verzoek = workflow.transition(
            actor,
            verzoek,
            "bevestig" if bevestigd else "wijs_af",
            reden=reden,
            locked=True,
            beoordeeld_door=actor,
            beoordeeld_op=timezone.now(),
        )
        if bevestigd:
            huidig = set(target.groups.values_list("name", flat=True))
            target.groups.add(*_role_groups([verzoek.rol]))
            log_event(
                actor,
                target,
                _("rollen gewijzigd"),
                van=_rollen_tekst(huidig),
                naar=_rollen_tekst(huidig | {verzoek.rol}),
                reden=_("Bevestigd verzoek van %(door)s: %(reden)s")
                % {"door": verzoek.aangevraagd_door, "reden": verzoek.reden},
                gemeente=verzoek.gemeente,
            )
    return verzoek


def zet_actief(actor: Any, target: User, *, actief: bool, reden: str) -> User:
    """Deactivate (never delete: the timeline and booked records keep their author) or reactivate."""
    require(actor, "core.beheer_gebruiker", target, _("U mag deze gebruiker niet (de)activeren."))
    reden = _reden(reden)
    with transaction.atomic():
        target = _lock(target)
        if target.is_active == actief:
            raise ValidationError(_("Er is niets gewijzigd."))
        target.is_active = actief
        target.save(update_fields=["is_active"])
        log_event(
            actor,
            target,
            _("gebruiker geactiveerd") if actief else _("gebruiker gedeactiveerd"),
            van=_("actief") if not actief else _("inactief"),
            naar=_("actief") if actief else _("inactief"),
            reden=reden,
            gemeente=_gemeente_van(actor, target),
        )
    return target


def reset_twee_factor(actor: Any, target: User, *, reden: str) -> User:
    """Remove the user's authenticator devices; the user enrols again at the next login. The secret
    is never shown to anyone."""
    require(
        actor, "core.beheer_gebruiker", target, _("U mag de tweestapsverificatie van deze gebruiker niet herstellen.")
    )
    reden = _reden(reden)
    with transaction.atomic():
        target = _lock(target)
        aantal, _detail = TOTPDevice.objects.filter(user=target).delete()
        log_event(
            actor,
            target,
            _("tweestapsverificatie hersteld"),
            van=_("%(n)s apparaat/apparaten") % {"n": aantal},
            naar=_("opnieuw instellen"),
            reden=reden,
            gemeente=_gemeente_van(actor, target),
        )
    return target


def ontgrendel(actor: Any, target: User, *, reden: str) -> int:
    """Lift a lockout after failed logins (all attempts for this account). Returns how many were removed."""
    require(actor, "core.beheer_gebruiker", target, _("U mag deze gebruiker niet ontgrendelen."))
    reden = _reden(reden)
    with transaction.atomic():
        aantal = axes_reset(username=target.email)
        log_event(
            actor,
            target,
            _("gebruiker ontgrendeld"),
            van=_("geblokkeerd") if aantal else "",
            naar=_("vrijgegeven"),
            reden=reden,
            gemeente=_gemeente_van(actor, target),
        )
    return aantal
