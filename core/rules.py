"""Who may see and do what: django-rules predicates beside the queryset filters that scope lists.

A list view filters with `scope_*`; a detail view checks the matching predicate. Both read the same
facts (role groups, the user's gemeenten, the user's organisation), so they cannot disagree.
"""

import rules
from django.db import models

from . import access, roles


def _role(name):
    @rules.predicate(name=f"has_role_{name}")
    def predicate(user):
        return user.is_authenticated and user.has_role(name)

    return predicate


is_beleid = _role(roles.BELEID)
is_financien = _role(roles.FINANCIEN)
is_partner = _role(roles.PARTNER)
is_controle = _role(roles.CONTROLE)
is_beheer = _role(roles.BEHEER)
is_landelijk_beheer = _role(roles.LANDELIJK_BEHEER)
is_staff_member = is_beleid | is_financien | is_controle | is_beheer


def gemeente_id_of(obj):
    """The gemeente an object belongs to: itself for a gemeente, else its `gemeente_id`."""
    if obj is None:
        return None
    if hasattr(obj, "soort") and getattr(obj, "soort", None) == "gemeente":
        return obj.pk
    return getattr(obj, "gemeente_id", None)


@rules.predicate
def in_own_gemeente(user, obj):
    return user.is_authenticated and gemeente_id_of(obj) in user.gemeente_ids


@rules.predicate
def of_own_organisatie(user, obj):
    """For objects with a partner organisation (`organisatie_id` or `partner_id`)."""
    if not user.is_authenticated or user.organisatie_id is None or obj is None:
        return False
    owner = getattr(obj, "partner_id", None) or getattr(obj, "organisatie_id", None)
    return owner == user.organisatie_id


def scope_to_gemeenten(queryset, user, field="gemeente"):
    """Rows of the gemeenten the user works for (staff); nothing for anyone else."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": user.gemeente_ids})


def scope_to_organisatie(queryset, user, field="partner"):
    """Rows that belong to the user's own organisation (partners)."""
    if not user.is_authenticated or user.organisatie_id is None:
        return queryset.none()
    return queryset.filter(**{field: user.organisatie_id})


# Which start page a person may open (a person may hold several roles).
for _name in roles.ROLES:
    rules.add_perm(f"core.start_{_name}", _role(_name))

# Generic page-level permissions used by the core pages.
rules.add_perm("core.view_staff_pages", is_staff_member)
rules.add_perm("core.view_partner_portal", is_partner)
rules.add_perm("core.view_gemeente", is_staff_member & in_own_gemeente)
rules.add_perm("core.manage_users", is_beheer)
# With the gemeente as object: its logo and colour (core/huisstijl.py).
rules.add_perm("core.beheer_huisstijl", is_beheer & in_own_gemeente)
rules.add_perm("core.view_meldingen", rules.is_authenticated)
# National data that is the same for every gemeente (core/landelijk.py and the regulation pages).
rules.add_perm("core.beheer_landelijk", is_landelijk_beheer)


@rules.predicate
def requested_it(user, rapport):
    return rapport is not None and rapport.aangevraagd_door_id == user.pk


@access.scope("core.Rapport")
def scope_rapporten(queryset, user):
    return queryset.filter(aangevraagd_door=user) if user.is_authenticated else queryset.none()


@access.scope("core.Gebeurtenis")
def scope_gebeurtenissen(queryset, user):
    """The timeline of the gemeenten a staff member works for."""
    return scope_to_gemeenten(queryset, user)


@access.scope("core.Organisatie")
def scope_gemeenten(queryset, user):
    """Organisations as gemeente: those the user works for (for the gemeente pages and switcher)."""
    return scope_to_gemeenten(queryset, user, field="pk")


rules.add_perm("core.view_rapport", requested_it)
rules.add_perm("core.opnieuw_rapport", requested_it)
rules.add_perm("core.view_kalender", is_staff_member)


# Dashboards (core/dashboard.py). The national one is for the landelijk role; until that role
# exists (issue 14 names it "landelijk_beheer") superusers have it.
@rules.predicate
def is_landelijk(user):
    return user.is_authenticated and (user.is_superuser or user.has_role("landelijk_beheer"))


rules.add_perm("core.view_dashboard", is_beleid | is_financien | is_controle)
rules.add_perm("core.view_landelijk_dashboard", is_landelijk)


# Application management (core/beheer.py): users of the administrator's own gemeenten ------------


def _gemeenten_van(target):
    ids = set(target.gemeenten.values_list("id", flat=True))
    if not ids and target.organisatie_id is not None and target.organisatie.is_gemeente:
        ids = {target.organisatie_id}
    return ids


@rules.predicate
def beheert_gebruiker(user, target):
    """Every gemeente of `target` is one of the administrator's own (never someone of elsewhere too)."""
    if target is None or not user.is_authenticated or target.is_superuser:
        return False
    ids = _gemeenten_van(target)
    return bool(ids) and ids <= set(user.gemeente_ids)


@rules.predicate
def is_zelf(user, target):
    return target is not None and getattr(target, "pk", None) == user.pk


@rules.predicate
def beslist_niet_over_eigen_verzoek(user, verzoek):
    """The second pair of eyes: not who asked, and not the person who would get the role."""
    return verzoek is not None and user.pk not in (verzoek.aangevraagd_door_id, verzoek.gebruiker_id)


# Nobody changes their own account here (roles, 2FA, active): another administrator does.
rules.add_perm("core.beheer_gebruiker", is_beheer & beheert_gebruiker & ~is_zelf)
rules.add_perm("core.beslis_rolverzoek", is_beheer & in_own_gemeente & beslist_niet_over_eigen_verzoek)


@access.scope("core.User")
def scope_gebruikers(queryset, user):
    """Administrators see the people of their own gemeenten; nobody else sees user lists."""
    if not user.has_role(roles.BEHEER):
        return queryset.none()
    ids = user.gemeente_ids
    return queryset.filter(
        models.Q(gemeenten__in=ids) | models.Q(gemeenten__isnull=True, organisatie__in=ids), is_superuser=False
    ).distinct()


@access.scope("core.RolVerzoek")
def scope_rolverzoeken(queryset, user):
    return scope_to_gemeenten(queryset, user) if user.has_role(roles.BEHEER) else queryset.none()


# Login through identity providers (core/oidc.py): beheer of the gemeente maintains its providers.
rules.add_perm("core.beheer_idp", is_beheer & in_own_gemeente)


@access.scope("core.IdentityProvider")
def scope_identity_providers(queryset, user):
    return scope_to_gemeenten(queryset, user) if user.has_role(roles.BEHEER) else queryset.none()
