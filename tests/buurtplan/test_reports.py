"""The buurtplan PDF as a background report (core.reports registry)."""

from core.models import Rapport
from tests.factories.buurtplan import BuurtFactory, klaar_voor_vaststelling


def test_policy_officer_gets_the_buurtplan_pdf_as_a_background_report(
    login, beleid, gemeente, partner_organisatie, django_capture_on_commit_callbacks
):
    buurt = BuurtFactory(gemeente=gemeente, naam="Zuidwijken")
    plan = klaar_voor_vaststelling(beleid, buurt, partner_organisatie)
    client = login(beleid)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/buurtplan/{buurt.pk}/plan/pdf/achtergrond/?versie={plan.versie}")
    rapport = Rapport.objects.get()
    assert response.url == f"/rapporten/{rapport.pk}/"
    rapport.refresh_from_db()
    assert rapport.status == Rapport.Status.GEREED, rapport.foutmelding
    assert rapport.bestand.read().startswith(b"%PDF")
    assert client.get(f"/rapporten/{rapport.pk}/download/").status_code == 200


def test_staff_of_another_gemeente_cannot_request_the_pdf(login, gemeente, andere_gemeente):
    from tests.factories.core import OrganisatieFactory, UserFactory

    buurt = BuurtFactory(gemeente=gemeente)
    klaar_voor_vaststelling(UserFactory(role="beleid", gemeenten=[gemeente]), buurt, OrganisatieFactory())
    vreemde = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    response = login(vreemde).post(f"/buurtplan/{buurt.pk}/plan/pdf/achtergrond/")
    assert response.status_code == 404
    assert not Rapport.objects.exists()
