"""Who may see and book in the ledger.

- Reading (pages, exports): financien and controle of the gemeente. Partners never see the ledger.
- Booking (`grootboek.boeken`, object = the gemeente): financien or beleid of that gemeente. Beleid
  is allowed because SPUK termijnen and the year-end vrijval are registered as part of beleid's own
  status changes in the spuk app; every booking still records who made it.
- Reversing (`grootboek.tegenboeken`), closing a year and mapping accounts / the ERP profile:
  financien of the gemeente only.
"""

import rules

from core import access
from core.rules import in_own_gemeente, is_beleid, is_controle, is_financien, scope_to_gemeenten

# Page level (no object): the role decides; the data is then scoped to the user's gemeenten.
rules.add_perm("grootboek.view_grootboek", is_financien | is_controle)
rules.add_perm("grootboek.beheer_grootboek", is_financien)

# Object level: the object is a gemeente (Organisatie) or anything with `gemeente_id`.
rules.add_perm("grootboek.boeken", (is_financien | is_beleid) & in_own_gemeente)
rules.add_perm("grootboek.tegenboeken", is_financien & in_own_gemeente)
rules.add_perm("grootboek.sluit_boekjaar", is_financien & in_own_gemeente)
rules.add_perm("grootboek.wijzig_rekeningschema", is_financien & in_own_gemeente)


def scope_ledger(queryset, user, field="gemeente"):
    """Ledger rows the user may read: staff of those gemeenten with a ledger role; nothing else."""
    if not (user.is_authenticated and user.has_role("financien", "controle")):
        return queryset.none()
    return scope_to_gemeenten(queryset, user, field)


@access.scope("grootboek.Journaalpost")
def scope_journaalposten(queryset, user):
    return scope_ledger(queryset, user)


@access.scope("grootboek.Journaalregel")
def scope_journaalregels(queryset, user):
    return scope_ledger(queryset, user, "journaalpost__gemeente")


@access.scope("grootboek.Rekening")
def scope_rekeningen(queryset, user):
    return scope_ledger(queryset, user)


@access.scope("grootboek.Boekjaar")
def scope_boekjaren(queryset, user):
    return scope_ledger(queryset, user)
