"""Who may see and do what with declarations.

- Partners see and edit only their own organisation's declarations; they edit and submit while
  the declaration is a concept or a change was asked.
- Finance (financien) of the buurt's gemeente reviews, approves (four-eyes, checked in services)
  and registers payments. Controle reads. Beleid reads (for the budget follow-up).
- Staff never see partners' concepts.
List views use `scope_declaraties(qs, user)`; detail views get the object from that queryset
(404 outside it) and then check the predicate (403 for the wrong role).
"""
import rules

from core.rules import in_own_gemeente, is_beleid, is_controle, is_financien, is_partner, of_own_organisatie


@rules.predicate
def is_bewerkbaar(user, declaratie):
    return declaratie is not None and declaratie.is_bewerkbaar


@rules.predicate
def is_ingediend(user, declaratie):
    return declaratie is not None and declaratie.status != "concept"


lezer = is_financien | is_controle | is_beleid

rules.add_perm("declaraties.view_portaal", is_partner)
rules.add_perm("declaraties.view_werkvoorraad", lezer)
rules.add_perm("declaraties.view_betalingen", is_financien | is_controle)
rules.add_perm("declaraties.view_toekenningen", lezer)
rules.add_perm("declaraties.beheer_toekenningen_pagina", is_financien | is_beleid)

rules.add_perm(
    "declaraties.view_declaratie",
    (is_partner & of_own_organisatie) | (lezer & in_own_gemeente & is_ingediend),
)
rules.add_perm("declaraties.change_declaratie", is_partner & of_own_organisatie & is_bewerkbaar)
rules.add_perm("declaraties.dien_in", is_partner & of_own_organisatie & is_bewerkbaar)
rules.add_perm("declaraties.beoordeel", is_financien & in_own_gemeente)
rules.add_perm("declaraties.betaal", is_financien & in_own_gemeente)
rules.add_perm("declaraties.beheer_toekenningen", (is_financien | is_beleid) & in_own_gemeente)
rules.add_perm("declaraties.stel_drempel_in", is_financien & in_own_gemeente)


def scope_declaraties(queryset, user):
    """Declarations the user may see: own organisation (partners), own gemeenten without concepts
    (staff with a reading role); nothing for anyone else."""
    if not user.is_authenticated:
        return queryset.none()
    if user.has_role("financien", "controle", "beleid") and user.gemeente_ids:
        return queryset.filter(gemeente_id__in=user.gemeente_ids).exclude(status="concept")
    if user.is_partner and user.organisatie_id:
        return queryset.filter(partner_id=user.organisatie_id)
    return queryset.none()


def scope_toekenningen(queryset, user):
    if not user.is_authenticated:
        return queryset.none()
    if user.gemeente_ids:
        return queryset.filter(buurt__gemeente_id__in=user.gemeente_ids)
    if user.is_partner and user.organisatie_id:
        return queryset.filter(partner_id=user.organisatie_id)
    return queryset.none()
