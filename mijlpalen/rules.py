"""Who may see and change milestones, amounts, statuses, evidence and KPI measurements.

- beleid of the buurt's gemeente records statuses (the judgement of the coordinating insurer),
  edits the mijlpalenoverzicht and the KPI measurements;
- financien and controle read everything of their gemeente(n), including the exposure dashboard;
- partners read only the milestones of buurten where their organisation receives budget lines
  (of the geldende buurtbegroting); they change nothing.
Objects outside scope give 404 (views take them from `buurten_voor(user)`); wrong role gives 403.
"""
import rules

from core.rules import is_beleid, is_controle, is_financien, is_partner, is_staff_member


def _buurt_of(obj):
    from buurtplan.models import Buurt

    if isinstance(obj, Buurt):
        return obj
    if hasattr(obj, "buurt"):
        return obj.buurt
    if hasattr(obj, "status") and hasattr(obj.status, "buurt"):
        return obj.status.buurt
    return None


def partner_buurt_ids(user):
    """Ids of the buurten where the partner's organisation receives budget lines."""
    from buurtplan.models import Begrotingsregel
    from buurtplan.queries import begrotingsregels_voor_partner

    if not user.is_authenticated or user.organisatie_id is None:
        return []
    regels = begrotingsregels_voor_partner(user.organisatie)
    return list(
        Begrotingsregel.objects.filter(pk__in=regels.values("pk"))
        .values_list("begroting__buurtplan__buurt_id", flat=True)
        .distinct()
    )


def buurten_voor(user):
    """Buurten whose milestones the user may read: staff of the gemeente; partners receiving lines."""
    from buurtplan.models import Buurt

    if not user.is_authenticated:
        return Buurt.objects.none()
    if user.gemeente_ids:
        return Buurt.objects.filter(gemeente_id__in=user.gemeente_ids)
    if user.is_partner:
        return Buurt.objects.filter(pk__in=partner_buurt_ids(user))
    return Buurt.objects.none()


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


staff_of_gemeente = is_staff_member & buurt_in_eigen_gemeente
beleid_of_gemeente = is_beleid & buurt_in_eigen_gemeente

rules.add_perm("mijlpalen.view_mijlpalen", is_staff_member | is_partner)
rules.add_perm("mijlpalen.view_buurt", staff_of_gemeente | (is_partner & partner_ontvangt_in_buurt))
rules.add_perm("mijlpalen.change_status", beleid_of_gemeente)
rules.add_perm("mijlpalen.change_bedragen", beleid_of_gemeente)
rules.add_perm("mijlpalen.view_reconciliatie", staff_of_gemeente)
rules.add_perm("mijlpalen.view_blootstelling", is_beleid | is_financien | is_controle)
rules.add_perm("mijlpalen.view_kpi", staff_of_gemeente | (is_partner & partner_ontvangt_in_buurt))
rules.add_perm("mijlpalen.change_kpi", beleid_of_gemeente)
rules.add_perm("mijlpalen.view_bewijsstuk", staff_of_gemeente | (is_partner & partner_ontvangt_in_buurt))
