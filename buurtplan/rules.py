"""Who may see and change buurten, plans, budgets and signatures.

- beleid edits the buurten of its own gemeente(n) and records the begrotingscommissie's decision;
- controle and financien read their own gemeente; beheer reads too;
- partners read the plan and only the budget lines assigned to their organisation, for buurten
  they take part in;
- the national overview shows public facts of every buurt to all staff; the detail (and drafts)
  only to staff of that gemeente (scope: `queries.buurten_zichtbaar_voor`).
"""
import rules

from core.rules import in_own_gemeente, is_beleid, is_partner, is_staff_member


def _buurt_of(obj):
    from .models import Buurt

    if isinstance(obj, Buurt):
        return obj
    for attr in ("buurt",):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    if hasattr(obj, "buurtplan"):
        return obj.buurtplan.buurt
    return None


@rules.predicate
def partner_betrokken(user, obj):
    """The user's organisation is the alliance partner, executes an activity or receives a line."""
    from .queries import buurten_zichtbaar_voor

    buurt = _buurt_of(obj)
    if buurt is None or not user.is_authenticated or user.organisatie_id is None:
        return False
    return buurten_zichtbaar_voor(user).filter(pk=buurt.pk).exists()


staff_of_gemeente = is_staff_member & in_own_gemeente
beleid_of_gemeente = is_beleid & in_own_gemeente

rules.add_perm("buurtplan.view_overzicht", is_staff_member)
rules.add_perm("buurtplan.add_buurt", is_beleid)
rules.add_perm("buurtplan.view_buurt", staff_of_gemeente | (is_partner & partner_betrokken))
rules.add_perm("buurtplan.view_netwerk", staff_of_gemeente)
rules.add_perm("buurtplan.view_ondertekeningen", staff_of_gemeente)
rules.add_perm("buurtplan.view_volledige_begroting", staff_of_gemeente)
rules.add_perm("buurtplan.change_buurt", beleid_of_gemeente)
rules.add_perm("buurtplan.beoordeel_begroting", beleid_of_gemeente)
rules.add_perm("buurtplan.view_partnerregels", is_partner)


def scope_buurten_detail(queryset, user):
    """Buurten whose detail pages the user may open (others give 404)."""
    from .queries import buurten_zichtbaar_voor

    return queryset.filter(pk__in=buurten_zichtbaar_voor(user).values("pk"))


def scope_regels_voor(user, queryset):
    """Budget lines a user may see: all for staff of the gemeente, own lines for partners."""
    if not user.is_authenticated:
        return queryset.none()
    if user.gemeente_ids:
        return queryset.filter(begroting__buurtplan__buurt__gemeente_id__in=user.gemeente_ids)
    if user.is_partner and user.organisatie_id:
        return queryset.filter(ontvangende_partner_id=user.organisatie_id)
    return queryset.none()
