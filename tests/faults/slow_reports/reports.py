"""`traag_xlsx`: the audit timeline of a gemeente, produced in steps of `stap` seconds (fault tests)."""

import time

from core.reports import registry
from core.xlsx import build_workbook


def _traag_xlsx(rapport, progress):
    stappen = int(rapport.parameters.get("stappen", 8))
    pauze = float(rapport.parameters.get("stap", 0.5))
    rows = []
    for stap in range(1, stappen + 1):
        time.sleep(pauze)
        rows.append([stap, f"stap {stap} van {stappen}"])
        progress(stap * 100 // (stappen + 1))
    return f"traag-{rapport.pk}.xlsx", build_workbook([("Stappen", ["Stap", "Omschrijving"], rows)])


registry.register("traag_xlsx", "Traag rapport (storingstest)", _traag_xlsx, lambda user, parameters, gemeente: True)
