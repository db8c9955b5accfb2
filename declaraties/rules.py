"""Who may see and do what with declarations.

- Partners see and edit only their own organisation's declarations; they edit and submit while
  the declaration is a concept or a change was asked.
- Finance (financien) of the buurt's gemeente reviews, approves (four-eyes, checked in services)
  and registers payments. Controle reads. Beleid reads (for the budget follow-up).
- Staff never see partners' concepts.

Lists call `Model.objects.visible_to(user)` (the scopes registered below); detail and action views
call `get_or_deny` (404 outside the scope, 403 without the permission). No view checks a role.
"""

import rules

from core import access
from core.rules import in_own_gemeente, is_beleid, is_controle, is_financien, is_partner, of_own_organisatie

from .models import Declaratie


@rules.predicate
def is_bewerkbaar(user, declaratie):
    return declaratie is not None and declaratie.is_bewerkbaar


@rules.predicate
def is_ingediend(user, declaratie):
    return declaratie is not None and declaratie.status != "concept"


@rules.predicate
def may_view_its_declaratie(user, bijlage):
    return bijlage is not None and user.has_perm("declaraties.view_declaratie", bijlage.declaratie)


@rules.predicate
def wacht_op_beoordeling(user, declaratie):
    return declaratie is not None and declaratie.status in Declaratie.IN_BEHANDELING


@rules.predicate
def is_mij_toegewezen(user, declaratie):
    return declaratie is not None and declaratie.in_behandeling_bij_id == user.pk


@rules.predicate
def niet_eigen_voorstel(user, wijziging):
    """Four eyes on settings: whoever proposed a change cannot confirm it."""
    return wijziging is not None and wijziging.voorgesteld_door_id != user.pk


lezer = is_financien | is_controle | is_beleid

# Pages and page-level actions.
rules.add_perm("declaraties.view_portaal", is_partner)
rules.add_perm("declaraties.view_werkvoorraad", lezer)
rules.add_perm("declaraties.view_betalingen", is_financien | is_controle)
rules.add_perm("declaraties.view_toekenningen", lezer)
rules.add_perm("declaraties.beheer_toekenningen_pagina", is_financien | is_beleid)
# Selecting declarations on the work list to approve them together; each is still checked by
# `declaraties.beoordeel` in the service.
rules.add_perm("declaraties.beoordeel_lijst", is_financien)
# Selecting booked declarations on the payments page; each is still checked by `declaraties.betaal`.
rules.add_perm("declaraties.registreer_betaling", is_financien)
rules.add_perm("declaraties.stel_drempel_in_pagina", is_financien)

# One declaration.
rules.add_perm(
    "declaraties.view_declaratie",
    (is_partner & of_own_organisatie) | (lezer & in_own_gemeente & is_ingediend),
)
# The partner's own view of a declaration: plainer statuses, no ledger.
rules.add_perm("declaraties.view_als_partner", is_partner & of_own_organisatie)
# Remaining budget, ceiling and approvals so far, shown beside a declaration.
rules.add_perm("declaraties.view_budgetcontrole", (is_financien & in_own_gemeente) | is_controle | is_beleid)
rules.add_perm("declaraties.view_bijlage", may_view_its_declaratie)
rules.add_perm("declaraties.change_declaratie", is_partner & of_own_organisatie & is_bewerkbaar)
rules.add_perm("declaraties.dien_in", is_partner & of_own_organisatie & is_bewerkbaar)
rules.add_perm("declaraties.beoordeel", is_financien & in_own_gemeente)
rules.add_perm("declaraties.betaal", is_financien & in_own_gemeente)
rules.add_perm("declaraties.beheer_toekenningen", (is_financien | is_beleid) & in_own_gemeente)
rules.add_perm("declaraties.stel_drempel_in", is_financien & in_own_gemeente)
# Settings changes: proposed by one finance officer, confirmed by another (see InstellingWijziging).
rules.add_perm("declaraties.view_instellingen", is_financien | is_controle)
rules.add_perm("declaraties.bevestig_instelling", is_financien & in_own_gemeente & niet_eigen_voorstel)
rules.add_perm("declaraties.beoordeel_instelling", is_financien & in_own_gemeente)
# Corrections through the source: a declaration storno (credit note) and a payment storno.
rules.add_perm("declaraties.storneer", is_financien & in_own_gemeente)
rules.add_perm("declaraties.storneer_betaling", is_financien & in_own_gemeente)
# The conversation on a submitted declaration: its partner and finance of its gemeente write;
# everyone who sees the declaration reads along.
rules.add_perm(
    "declaraties.plaats_bericht",
    is_ingediend & ((is_partner & of_own_organisatie) | (is_financien & in_own_gemeente)),
)
# "Ik pak dit op": a finance officer of the gemeente marks a declaration awaiting review as theirs
# (taking it over from a colleague included); only the one who holds it releases it.
rules.add_perm("declaraties.pak_op", is_financien & in_own_gemeente & wacht_op_beoordeling)
rules.add_perm("declaraties.geef_vrij", is_financien & in_own_gemeente & is_mij_toegewezen)
rules.add_perm("declaraties.view_betaling", (is_financien | is_controle) & in_own_gemeente)


@access.scope("declaraties.Declaratie")
def scope_declaraties(queryset, user):
    """Declarations the user may see: own organisation (partners), own gemeenten without concepts
    (staff with a reading role); nothing for anyone else."""
    if not user.is_authenticated:
        return queryset.none()
    if lezer(user) and user.gemeente_ids:
        return queryset.filter(gemeente_id__in=user.gemeente_ids).exclude(status="concept")
    if is_partner(user) and user.organisatie_id:
        return queryset.filter(partner_id=user.organisatie_id)
    return queryset.none()


@access.scope("declaraties.Bijlage")
def scope_bijlagen(queryset, user):
    """Attachments of the declarations the user may see."""
    return queryset.filter(declaratie__in=scope_declaraties(Declaratie.objects.all(), user))


@access.scope("declaraties.Bericht")
def scope_berichten(queryset, user):
    """Messages on the declarations the user may see."""
    return queryset.filter(declaratie__in=scope_declaraties(Declaratie.objects.all(), user))


@access.scope("declaraties.Toekenning")
def scope_toekenningen(queryset, user):
    if not user.is_authenticated:
        return queryset.none()
    if user.gemeente_ids:
        return queryset.filter(buurt__gemeente_id__in=user.gemeente_ids)
    if is_partner(user) and user.organisatie_id:
        return queryset.filter(partner_id=user.organisatie_id)
    return queryset.none()


@access.scope("declaraties.Betaling")
def scope_betalingen(queryset, user):
    """Payments of the gemeenten whose ledger they were booked in (finance and controle)."""
    if not user.is_authenticated or not (is_financien(user) or is_controle(user)):
        return queryset.none()
    return queryset.filter(gemeente_id__in=user.gemeente_ids)


@access.scope("declaraties.InstellingWijziging")
def scope_instelling_wijzigingen(queryset, user):
    if not user.is_authenticated or not (is_financien(user) or is_controle(user)):
        return queryset.none()
    return queryset.filter(gemeente_id__in=user.gemeente_ids)
