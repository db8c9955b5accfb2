"""Quick check while fixing a page: only the in-process pass of `make bench` (queries, single-request
server time, HTML size, slowest query), on the data set `make bench` already loaded. No load, no
files, nothing saved. Usage: `BENCH_DB=spuk_bench_run .venv/bin/python bench/enkel.py [naam-filter]`."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402


def main() -> None:
    os.environ.update(run.bench_env())
    import django

    django.setup()
    from bench import pages

    filter_ = sys.argv[1] if len(sys.argv) > 1 else ""
    paginas = [p for p in pages.paginas() if filter_ in p.naam]
    gebruikers = {mix: pages.gebruiker(mix) for mix in run.MIXEN}
    resultaten, _ = run.meet_paginas(paginas, gebruikers)
    print()
    print(f"CPU-referentie: {run.cpu_referentie_ms()} ms")
    print(f"{'pagina':<28} {'queries':>7} {'single ms':>9} {'sql ms':>8} {'html KB':>8}")
    for naam, p in resultaten.items():
        sql = f"{p['sql_ms']:.2f}" if p["sql_ms"] is not None else "–"
        teken = "" if p["single_ms"] <= run.DOELEN["single_ms"] else "  > 50 ms"
        print(f"{naam[:28]:<28} {p['queries']:>7} {p['single_ms']:>9.1f} {sql:>8} {p['html_kb']:>8.1f}{teken}")


if __name__ == "__main__":
    main()
