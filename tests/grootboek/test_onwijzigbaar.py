"""Booked entries and lines can never be edited or deleted: not via the ORM, a form, the admin or SQL."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.db import IntegrityError, connection, transaction

from core.frozen import FrozenError
from grootboek.models import Journaalpost, Journaalregel
from tests.factories.grootboek import boek_simpel

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(financien, gemeente, rekeningen):
    return boek_simpel(financien, gemeente, rekeningen["bank"], rekeningen["vooruitontvangen"], "100.00")


def _unchanged(post):
    fresh = Journaalpost.objects.get(pk=post.pk)
    assert fresh.omschrijving == "Testboeking"
    assert sorted((r.debet, r.credit) for r in fresh.regels.all()) == [(0, Decimal("100.00")), (Decimal("100.00"), 0)]


def test_saving_a_changed_entry_fails(post):
    post.omschrijving = "Anders"
    with pytest.raises(FrozenError):
        post.save()
    _unchanged(post)


def test_saving_a_changed_line_fails(post):
    regel = post.regels.first()
    regel.debet = Decimal("1.00")
    with pytest.raises(FrozenError):
        regel.save(update_fields=["debet"])
    _unchanged(post)


def test_deleting_an_entry_or_line_fails(post):
    with pytest.raises(FrozenError):
        post.delete()
    with pytest.raises(FrozenError):
        post.regels.first().delete()
    _unchanged(post)


def test_queryset_update_and_delete_fail(post):
    with pytest.raises(FrozenError):
        Journaalpost.objects.filter(pk=post.pk).update(omschrijving="Anders")
    with pytest.raises(FrozenError):
        Journaalregel.objects.filter(journaalpost=post).update(debet=Decimal("1.00"))
    with pytest.raises(FrozenError):
        Journaalregel.objects.filter(journaalpost=post).delete()
    with pytest.raises(FrozenError):
        Journaalpost.objects.all().delete()
    regels = list(post.regels.all())
    with pytest.raises(FrozenError):
        Journaalregel.objects.bulk_update(regels, ["omschrijving"])
    _unchanged(post)


def test_entries_cannot_be_created_around_the_booking_service(post, rekeningen):
    with pytest.raises(FrozenError):
        Journaalregel.objects.create(journaalpost=post, rekening=rekeningen["bank"], debet=Decimal("5.00"))
    with pytest.raises(FrozenError):
        Journaalregel.objects.bulk_create(
            [Journaalregel(journaalpost=post, rekening=rekeningen["bank"], debet=Decimal("5.00"))]
        )
    with pytest.raises(FrozenError):
        Journaalpost.objects.create(
            gemeente=post.gemeente, boekjaar=2025, volgnummer=99, boekdatum=datetime.date(2025, 1, 1), omschrijving="x"
        )
    _unchanged(post)


def test_a_model_form_cannot_change_an_entry(post):
    class PostForm(forms.ModelForm):
        class Meta:
            model = Journaalpost
            fields = ["omschrijving", "boekdatum"]

    form = PostForm({"omschrijving": "Via formulier", "boekdatum": "2025-03-15"}, instance=post)
    assert form.is_valid()
    with pytest.raises(FrozenError):
        form.save()
    _unchanged(post)


def test_admin_offers_no_add_change_or_delete(post, client, django_user_model):
    from django.contrib import admin

    superuser = django_user_model.objects.create_superuser("super@test.nl", "Wachtwoord-123-x")
    client.force_login(superuser)
    for model in (Journaalpost, Journaalregel):
        model_admin = admin.site._registry[model]
        request = type("R", (), {"user": superuser})()
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, post)
        assert not model_admin.has_delete_permission(request, post)
    url = f"/beheer/admin/grootboek/journaalpost/{post.pk}/change/"
    response = client.post(url, {"omschrijving": "Via admin"})
    assert response.status_code in (302, 403)
    response = client.post(f"/beheer/admin/grootboek/journaalpost/{post.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = client.get("/beheer/admin/grootboek/journaalpost/add/")
    assert response.status_code == 403
    _unchanged(post)


@pytest.mark.postgres
def test_database_trigger_refuses_raw_sql_update_and_delete(post, is_postgres):
    if not is_postgres:
        pytest.skip("database triggers exist on PostgreSQL only")
    statements = [
        ("UPDATE grootboek_journaalregel SET debet = debet + 1 WHERE journaalpost_id = %s", [post.pk]),
        ("DELETE FROM grootboek_journaalregel WHERE journaalpost_id = %s", [post.pk]),
        ("UPDATE grootboek_journaalpost SET omschrijving = 'x' WHERE id = %s", [post.pk]),
        ("DELETE FROM grootboek_journaalpost WHERE id = %s", [post.pk]),
    ]
    for sql, params in statements:
        with pytest.raises(IntegrityError, match="onwijzigbaar"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql, params)
    _unchanged(post)


@pytest.mark.postgres
def test_database_refuses_an_unbalanced_entry_at_commit(post, rekeningen, is_postgres):
    if not is_postgres:
        pytest.skip("database triggers exist on PostgreSQL only")
    with pytest.raises(IntegrityError, match="niet in balans"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO grootboek_journaalregel (journaalpost_id, rekening_id, debet, credit, omschrijving) "
                "VALUES (%s, %s, 5, 0, '')",
                [post.pk, rekeningen["bank"].pk],
            )
            # What COMMIT would do: run the deferred balance check now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _unchanged(post)


def test_line_constraints_hold_in_the_database(post, rekeningen):
    for debet, credit in [(5, 5), (0, 0), (-5, 0)]:
        with pytest.raises(IntegrityError):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO grootboek_journaalregel (journaalpost_id, rekening_id, debet, credit, omschrijving) "
                    "VALUES (%s, %s, %s, %s, '')",
                    [post.pk, rekeningen["bank"].pk, debet, credit],
                )
