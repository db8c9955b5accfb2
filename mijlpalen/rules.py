"""Who may see and change milestones, amounts, statuses, evidence and KPI measurements.

- beleid of the buurt's gemeente records statuses (the judgement of the coordinating insurer),
  edits the mijlpalenoverzicht and the KPI measurements;
- financien and controle read everything of their gemeente(n), including the exposure dashboard;
- partners read only the milestones of buurten where their organisation receives budget lines
  (of the geldende buurtbegroting); they change nothing.
Objects outside scope give 404 (`queries.buurten_voor(user)` and the scopes below, via
`get_or_deny`); a wrong role gives 403.
"""

import rules

from buurtplan.models import Begrotingsregel, Buurt
from buurtplan.queries import begrotingsregels_voor_partner
from core import access
from core.rules import is_beleid, is_controle, is_financien, is_landelijk_beheer, is_partner, is_staff_member


def _buurt_of(obj):
    if isinstance(obj, Buurt):
        return obj
    if hasattr(obj, "buurt"):
        return obj.buurt
    if hasattr(obj, "status") and hasattr(obj.status, "buurt"):
        return obj.status.buurt
    return None


def partner_buurt_ids(user):
    """Ids of the buurten where the partner's organisation receives budget lines."""
    if not user.is_authenticated or user.organisatie_id is None:
        return []
    regels = begrotingsregels_voor_partner(user.organisatie)
    return list(
        Begrotingsregel.objects.filter(pk__in=regels.values("pk"))
        .values_list("begroting__buurtplan__buurt_id", flat=True)
        .distinct()
    )


def mijlpalen_buurten(queryset, user):
    """Narrow buurten (already scoped by buurtplan) to those whose milestones the user reads: staff of
    the gemeente; partners only where they receive lines of the geldende begroting."""
    if not user.is_authenticated:
        return queryset.none()
    if user.gemeente_ids:
        return queryset
    if user.is_partner:
        return queryset.filter(pk__in=partner_buurt_ids(user))
    return queryset.none()


def _in_mijlpalen_buurten(field):
    def scope(queryset, user):
        buurten = mijlpalen_buurten(Buurt.objects.visible_to(user), user)
        return queryset.filter(**{f"{field}__in": buurten.values("pk")})

    return scope


access.scope("mijlpalen.MijlpaalStatus")(_in_mijlpalen_buurten("buurt"))
access.scope("mijlpalen.MijlpaalBedrag")(_in_mijlpalen_buurten("buurt"))
access.scope("mijlpalen.Meting")(_in_mijlpalen_buurten("buurt"))
access.scope("mijlpalen.Bewijsstuk")(_in_mijlpalen_buurten("status__buurt"))


@rules.predicate
def partner_ontvangt_in_buurt(user, obj):
    buurt = _buurt_of(obj)
    if buurt is None or not user.is_authenticated:
        return False
    return buurt.pk in partner_buurt_ids(user)


@rules.predicate
def buurt_in_eigen_gemeente(user, obj):
    buurt = _buurt_of(obj)
    return buurt is not None and user.is_authenticated and buurt.gemeente_id in user.gemeente_ids


@rules.predicate
def ziet_alle_mijlpalen(user):
    """Staff of a gemeente see every milestone; partners only those of their buurten."""
    return user.is_authenticated and bool(user.gemeente_ids)


staff_of_gemeente = is_staff_member & buurt_in_eigen_gemeente
beleid_of_gemeente = is_beleid & buurt_in_eigen_gemeente

rules.add_perm("mijlpalen.view_mijlpalen", is_staff_member | is_partner)
rules.add_perm("mijlpalen.werk_deadlines", is_beleid | is_financien)  # whose task inbox shows deadlines
rules.add_perm("mijlpalen.view_alle_mijlpalen", ziet_alle_mijlpalen)
rules.add_perm("mijlpalen.view_buurt", staff_of_gemeente | (is_partner & partner_ontvangt_in_buurt))
rules.add_perm("mijlpalen.change_status", beleid_of_gemeente)
rules.add_perm("mijlpalen.change_bedragen", beleid_of_gemeente)
rules.add_perm("mijlpalen.view_reconciliatie", staff_of_gemeente)
rules.add_perm("mijlpalen.view_blootstelling", is_beleid | is_financien | is_controle)
rules.add_perm("mijlpalen.view_kpi", staff_of_gemeente | (is_partner & partner_ontvangt_in_buurt))
rules.add_perm("mijlpalen.change_kpi", beleid_of_gemeente)
rules.add_perm("mijlpalen.view_bewijsstuk", staff_of_gemeente | (is_partner & partner_ontvangt_in_buurt))


@rules.predicate
def mijlpaal_in_eigen_gemeente(user, mijlpaal):
    """The milestone has an amount in a buurt of the user's gemeente(n)."""
    if mijlpaal is None or not user.is_authenticated or not user.gemeente_ids:
        return False
    return mijlpaal.bedragen.filter(buurt__gemeente_id__in=user.gemeente_ids).exists()


# The national judgement of the coordinating insurer is recorded by beleid of a gemeente whose
# buurten take part in the milestone; every staff member reads it and its evidence.
rules.add_perm("mijlpalen.leg_landelijk_oordeel_vast", is_beleid & mijlpaal_in_eigen_gemeente)
rules.add_perm("mijlpalen.view_landelijk_oordeel", is_staff_member)
access.scope("mijlpalen.ActiviteitMijlpaal")(_in_mijlpalen_buurten("activiteit__buurtplan__buurt"))
access.scope("mijlpalen.MijlpaalWijziging")(_in_mijlpalen_buurten("bedrag__buurt"))


# The milestones of the national plan are national data: the landelijk beheer role keeps them.
rules.add_perm("mijlpalen.beheer_mijlpalen", is_landelijk_beheer)
