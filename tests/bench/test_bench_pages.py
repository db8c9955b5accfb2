"""`make bench` itself is not run in CI; this keeps it working: every page it measures answers 200 for
its role mix on the schaal data set, and compare.py reads two result files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from bench import pages

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
@pytest.mark.django_db
def test_every_bench_page_answers_200_for_its_role(client):
    if connection.vendor != "postgresql":
        pytest.skip("schaal_data needs PostgreSQL")
    call_command("schaal_data", "--schaal", "0.002", stdout=open("/dev/null", "w"))
    paginas = pages.paginas()
    assert {p.mix for p in paginas} == {"finance", "beleid", "partner"}
    for mix in ("finance", "beleid", "partner"):
        client.force_login(pages.gebruiker(mix))
        for pagina in (p for p in paginas if p.mix == mix):
            assert client.get(pagina.url).status_code == 200, pagina


def _resultaat(commit, single):
    return {
        "commit": commit,
        "schaal": 0.1,
        "datum": "2026-11-29T21:00:00+00:00",
        "paginas": {"werkvoorraad": {"queries": 12, "single_ms": single, "ratio_healthz": 1.5, "html_kb": 40.0}},
        "doelen": {"elke pagina single ≤ 50 ms": single <= 50},
    }


def test_compare_shows_both_runs_and_the_targets_that_changed(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(_resultaat("aaa", 100.0)), encoding="utf-8")
    b.write_text(json.dumps(_resultaat("bbb", 40.0)), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "bench/compare.py", str(a), str(b)], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "werkvoorraad" in out and "0.40×" in out
    assert "FAIL → PASS  elke pagina single ≤ 50 ms   <- gewijzigd" in out
