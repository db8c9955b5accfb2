"""Who may see and do what in spuk.

- Reading (every page): beleid, financien and controle of the gemeente (controle reads only).
- beleid manages the aanvraag (create, edit, attach, submit, withdraw) and records the ministry's
  decision (verlenen / afwijzen); financien may record the decision too.
- financien registers termijnen, runs the jaarafsluiting, records terugbetalingen and the
  vaststelling, and makes a SiSa verantwoording definitief.
Partners never see spuk. Objects outside the user's gemeenten are 404 (scoped querysets).
"""
import rules

from core.rules import in_own_gemeente, is_beleid, is_controle, is_financien, scope_to_gemeenten

is_spuk_lezer = is_beleid | is_financien | is_controle

rules.add_perm("spuk.view_spuk", is_spuk_lezer)
rules.add_perm("spuk.view_obj", is_spuk_lezer & in_own_gemeente)
rules.add_perm("spuk.add_aanvraag", is_beleid)
rules.add_perm("spuk.beheer_aanvraag", is_beleid & in_own_gemeente)
rules.add_perm("spuk.besluit_vastleggen", (is_beleid | is_financien) & in_own_gemeente)
rules.add_perm("spuk.financieel", is_financien & in_own_gemeente)


def scope_aanvragen(queryset, user):
    if not is_spuk_lezer(user):
        return queryset.none()
    return scope_to_gemeenten(queryset, user, "gemeente")


def scope_beschikkingen(queryset, user):
    if not is_spuk_lezer(user):
        return queryset.none()
    return scope_to_gemeenten(queryset, user, "gemeente")
