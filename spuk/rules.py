"""Who may see and do what in spuk.

- Reading (every page): beleid, financien and controle of the gemeente (controle reads only).
- beleid manages the aanvraag (create, edit, attach, submit, withdraw) and records the ministry's
  decision (verlenen / afwijzen); financien may record the decision too.
- financien registers termijnen, runs the jaarafsluiting, records terugbetalingen and the
  vaststelling, and makes a SiSa verantwoording definitief.
Partners never see spuk. Objects outside the user's gemeenten are 404 (scoped querysets).
"""

import rules

from core import access
from core.rules import (
    in_own_gemeente,
    is_beleid,
    is_controle,
    is_financien,
    is_landelijk_beheer,
    scope_to_gemeenten,
)

is_spuk_lezer = is_beleid | is_financien | is_controle

rules.add_perm("spuk.view_spuk", is_spuk_lezer)
rules.add_perm("spuk.view_obj", is_spuk_lezer & in_own_gemeente)
rules.add_perm("spuk.add_aanvraag", is_beleid)
rules.add_perm("spuk.beheer_aanvraag", is_beleid & in_own_gemeente)
rules.add_perm("spuk.besluit_vastleggen", (is_beleid | is_financien) & in_own_gemeente)
rules.add_perm("spuk.financieel", is_financien & in_own_gemeente)
# Whose task inbox shows which spuk work (page-level, no object).
rules.add_perm("spuk.werk_termijnen", is_financien)
rules.add_perm("spuk.werk_sisa", is_beleid | is_financien)


def _scope(queryset, user, field):
    if not is_spuk_lezer(user):
        return queryset.none()
    return scope_to_gemeenten(queryset, user, field)


@access.scope("spuk.Aanvraag")
def scope_aanvragen(queryset, user):
    return _scope(queryset, user, "gemeente")


@access.scope("spuk.AanvraagDocument")
def scope_documenten(queryset, user):
    return _scope(queryset, user, "aanvraag__gemeente")


@access.scope("spuk.Beschikking")
def scope_beschikkingen(queryset, user):
    return _scope(queryset, user, "gemeente")


@access.scope("spuk.Termijn")
def scope_termijnen(queryset, user):
    return _scope(queryset, user, "beschikking__gemeente")


@access.scope("spuk.Terugbetaling")
def scope_terugbetalingen(queryset, user):
    return _scope(queryset, user, "beschikking__gemeente")


@access.scope("spuk.SisaVerantwoording")
def scope_verantwoordingen(queryset, user):
    return _scope(queryset, user, "beschikking__gemeente")


# The regulation itself is national data: the landelijk beheer role keeps it (no gemeente's money).
rules.add_perm("spuk.beheer_regeling", is_landelijk_beheer)
