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
from core.models import Organisatie
from core.rules import in_own_gemeente, is_beheer, is_beleid, is_partner, is_staff_member

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
    (one of its alliance partners, executing an activity or receiving a budget line in any version)."""
    if user.gemeente_ids:
        return queryset.filter(gemeente_id__in=user.gemeente_ids)
    if user.is_partner and user.organisatie_id:
        org = user.organisatie_id
        # A subquery, not joins: lists annotate sums over buurten and must not count a buurt twice.
        betrokken = Buurt.objects.filter(
            Q(alliantiepartners=org)
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


# Partner organisations (beheer) ---------------------------------------------------------------


def organisaties_in_buurten(buurten):
    """The organisations that work in any of `buurten` (a queryset): as partner of the buurt.
    A subquery, so an organisation in several buurten is one row."""
    koppelingen = Buurt.partners.through.objects.filter(buurt__in=buurten.values("pk"))
    return Organisatie.objects.filter(pk__in=koppelingen.values("organisatie_id")).exclude(
        soort=Organisatie.Soort.GEMEENTE
    )


def organisaties_van_gemeenten(gemeente_ids):
    """The organisations working in the buurten of these gemeenten."""
    return organisaties_in_buurten(Buurt.objects.filter(gemeente_id__in=gemeente_ids))


def gemeenten_van_organisatie(organisatie):
    """The gemeenten in whose buurten `organisatie` works."""
    return set(
        Buurt.partners.through.objects.filter(organisatie_id=organisatie.pk).values_list(
            "buurt__gemeente_id", flat=True
        )
    )


@rules.predicate
def werkt_in_eigen_gemeente(user, organisatie):
    """The organisation works in a buurt of one of the user's gemeenten."""
    if organisatie is None or not user.is_authenticated or organisatie.soort == Organisatie.Soort.GEMEENTE:
        return False
    return bool(gemeenten_van_organisatie(organisatie) & set(user.gemeente_ids))


@rules.predicate
def werkt_alleen_in_eigen_gemeenten(user, organisatie):
    """Every gemeente the organisation works in is one of the user's: nobody changes the name or
    status of an organisation that another gemeente relies on as well."""
    if organisatie is None or not user.is_authenticated or organisatie.soort == Organisatie.Soort.GEMEENTE:
        return False
    ids = gemeenten_van_organisatie(organisatie)
    return bool(ids) and ids <= set(user.gemeente_ids)


rules.add_perm("buurtplan.beheer_organisaties", is_beheer)
rules.add_perm("buurtplan.view_organisatie", is_beheer & werkt_in_eigen_gemeente)
# Linking to and unlinking from the administrator's own buurten.
rules.add_perm("buurtplan.koppel_organisatie", is_beheer & werkt_in_eigen_gemeente)
rules.add_perm("buurtplan.change_organisatie", is_beheer & werkt_alleen_in_eigen_gemeenten)
