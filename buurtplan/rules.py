"""Who may see and change buurten, plans, budgets and signatures.

- beleid edits the buurten of its own gemeente(n) and records the begrotingscommissie's decision;
- controle and financien read their own gemeente; beheer reads too;
- partners read the plan and only the budget lines assigned to their organisation, for buurten
  they take part in;
- the national overview shows public facts of every buurt to all staff; the detail (and drafts)
  only to staff of that gemeente (scope: `scope_buurten`, so `Buurt.objects.visible_to(user)`).
"""

import rules
from django.db.models import Q

from core import access
from core.rules import in_own_gemeente, is_beleid, is_partner, is_staff_member

from .models import Buurt, Buurtplan


def _buurt_of(obj):
    if isinstance(obj, Buurt):
        return obj
    if hasattr(obj, "buurt"):
        return obj.buurt
    if hasattr(obj, "buurtplan"):
        return obj.buurtplan.buurt
    return None


@access.scope("buurtplan.Buurt")
def scope_buurten(queryset, user):
    """Buurten whose detail (and drafts) the user may open: staff of the gemeente; partners involved
    (alliance partner, executing an activity or receiving a budget line in any version)."""
    if user.gemeente_ids:
        return queryset.filter(gemeente_id__in=user.gemeente_ids)
    if user.is_partner and user.organisatie_id:
        org = user.organisatie_id
        # A subquery, not joins: lists annotate sums over buurten and must not count a buurt twice.
        betrokken = Buurt.objects.filter(
            Q(alliantiepartner_id=org)
            | Q(buurtplannen__activiteiten__uitvoerende_partner_id=org)
            | Q(buurtplannen__begroting__regels__ontvangende_partner_id=org)
        )
        return queryset.filter(pk__in=betrokken.values("pk"))
    return queryset.none()


@access.scope("buurtplan.Buurtplan")
def scope_buurtplannen(queryset, user):
    return queryset.filter(buurt__in=scope_buurten(Buurt.objects.all(), user).values("pk"))


@access.scope("buurtplan.PlanThema")
@access.scope("buurtplan.Activiteit")
@access.scope("buurtplan.Buurtbegroting")
def scope_plan_onderdelen(queryset, user):
    """Themes, activities and budgets: visible with the plan version they belong to."""
    return queryset.filter(buurtplan__in=scope_buurtplannen(Buurtplan.objects.all(), user).values("pk"))


@access.scope("buurtplan.Begrotingsregel")
def scope_begrotingsregels(queryset, user):
    """Budget lines a user may see: all for staff of the gemeente, own lines for partners."""
    if user.gemeente_ids:
        return queryset.filter(begroting__buurtplan__buurt__gemeente_id__in=user.gemeente_ids)
    if user.is_partner and user.organisatie_id:
        return queryset.filter(ontvangende_partner_id=user.organisatie_id)
    return queryset.none()


@access.scope("buurtplan.Ondertekening")
def scope_ondertekeningen(queryset, user):
    """Scanned signatures: staff of the buurt's gemeente only."""
    return queryset.filter(buurtplan__buurt__gemeente_id__in=user.gemeente_ids)


@rules.predicate
def partner_betrokken(user, obj):
    """The user's organisation is the alliance partner, executes an activity or receives a line."""
    buurt = _buurt_of(obj)
    if buurt is None or not user.is_authenticated or user.organisatie_id is None:
        return False
    return Buurt.objects.visible_to(user).filter(pk=buurt.pk).exists()


staff_of_gemeente = is_staff_member & in_own_gemeente
beleid_of_gemeente = is_beleid & in_own_gemeente

rules.add_perm("buurtplan.view_overzicht", is_staff_member)
rules.add_perm("buurtplan.add_buurt", is_beleid)
# With the gemeente (an Organisatie) as object: a buurt may be created in / moved to it.
rules.add_perm("buurtplan.add_buurt_in_gemeente", is_beleid & in_own_gemeente)
rules.add_perm("buurtplan.view_buurt", staff_of_gemeente | (is_partner & partner_betrokken))
# From the national overview, staff open the buurten of their own gemeente.
rules.add_perm("buurtplan.open_vanuit_overzicht", staff_of_gemeente)
rules.add_perm("buurtplan.view_netwerk", staff_of_gemeente)
rules.add_perm("buurtplan.view_ondertekeningen", staff_of_gemeente)
rules.add_perm("buurtplan.view_volledige_begroting", staff_of_gemeente)
rules.add_perm("buurtplan.change_buurt", beleid_of_gemeente)
rules.add_perm("buurtplan.beoordeel_begroting", beleid_of_gemeente)
rules.add_perm("buurtplan.werk_plannen", is_beleid)  # whose task inbox shows plans and budgets
rules.add_perm("buurtplan.view_partnerregels", is_partner)
