"""Background report kinds of grootboek (see core/reports.py): the ERP export of a long period."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from core.reports import registry
from core.xlsx import build_workbook

from . import erp


def generate_erp_xlsx(rapport, progress):
    van, tot = date.fromisoformat(rapport.parameters["van"]), date.fromisoformat(rapport.parameters["tot"])
    gemeente = rapport.gemeente
    headers, rows = erp.export_tabel(gemeente, van, tot)
    progress(5)
    content = build_workbook([(str(_("Grootboek")), headers, rows)])
    return f"grootboek-{gemeente.cbs_code or gemeente.pk}-{van:%Y%m%d}-{tot:%Y%m%d}.xlsx", content


def may_request_erp_export(user, parameters, gemeente):
    return gemeente is not None and user.has_perm("grootboek.view_grootboek") and gemeente.pk in user.gemeente_ids


registry.register("grootboek_erp_xlsx", _("Grootboek: ERP-export (XLSX)"), generate_erp_xlsx, may_request_erp_export)
