import contextlib
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.factories.grootboek import boek_simpel

pytestmark = pytest.mark.django_db


def test_controle_passes_on_a_balanced_ledger(financien, gemeente, rekeningen, capsys):
    boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "34851.00")
    boek_simpel(
        financien,
        gemeente,
        rekeningen["bank"],
        rekeningen["vooruitontvangen"],
        "1000.00",
        boekdatum=datetime.date(2026, 2, 1),
    )
    call_command("grootboek_controle")
    out = capsys.readouterr().out
    assert "Gemeente Zutphen 2025: 1 journaalposten, debet 34851.00, credit 34851.00 — OK" in out
    assert "geen afwijkingen" in out


def test_controle_fails_on_lasten_without_a_booked_declaration(financien, gemeente, rekeningen, capsys):
    boek_simpel(
        financien,
        gemeente,
        rekeningen["lasten"],
        rekeningen["crediteuren"],
        "1000.00",
        bestedingsjaar=2024,
        boekdatum=datetime.date(2026, 2, 1),
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("grootboek_controle")
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "Lasten SPUK = geboekte declaraties: grootboek 1000.00, subadministratie 0.00" in err
    assert "Crediteuren per partner = geboekt − betaald: grootboek 1000.00, subadministratie 0.00" in err


@contextlib.contextmanager
def tampering():
    """Changes behind the application's back, undone afterwards. (On PostgreSQL the deferred
    balance trigger would refuse them at commit; rolling back the savepoint discards them.)"""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _raw_insert_line(post, rekening, debet, credit):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO grootboek_journaalregel (journaalpost_id, rekening_id, debet, credit, omschrijving) VALUES (%s, %s, %s, %s, '')",
            [post.pk, rekening.pk, debet, credit],
        )


def test_controle_fails_on_an_unbalanced_entry(financien, gemeente, rekeningen, capsys):
    post = boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "100.00")
    with tampering():
        _raw_insert_line(post, rekeningen["bank"], 5, 0)
        with pytest.raises(CommandError) as excinfo:
            call_command("grootboek_controle")
    assert excinfo.value.returncode == 1
    err = capsys.readouterr().err
    assert "[onbalans] Gemeente Zutphen 2025-000001" in err
    assert "[jaar] Gemeente Zutphen 2025" in err


def test_controle_fails_on_a_line_of_another_gemeentes_account(
    financien, gemeente, rekeningen, andere_rekeningen, capsys
):
    post = boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "100.00")
    with tampering():
        _raw_insert_line(post, andere_rekeningen["bank"], 5, 0)
        _raw_insert_line(post, rekeningen["bank"], 0, 5)
        with pytest.raises(CommandError):
            call_command("grootboek_controle")
    assert "[gemeente]" in capsys.readouterr().err


def test_controle_reports_a_gap_in_stuknummers(financien, gemeente, rekeningen, capsys):
    boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "100.00")
    with tampering():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE grootboek_boekjaar SET laatste_volgnummer = 3")
        with pytest.raises(CommandError):
            call_command("grootboek_controle")
    assert "[stuknummers]" in capsys.readouterr().err


def test_controle_runs_for_one_gemeente(financien, gemeente, rekeningen, capsys):
    boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "1.00")
    call_command("grootboek_controle", gemeente="0301")
    assert "geen afwijkingen" in capsys.readouterr().out
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("grootboek_controle", gemeente="Atlantis")
