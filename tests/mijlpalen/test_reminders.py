"""Milestone deadlines feed the reminder engine and the deadline calendar."""

import datetime

from core.models import HerinneringRegel, Melding
from core.reminders import send_due_reminders
from tests.factories.buurtplan import BuurtFactory
from tests.factories.mijlpalen import MijlpaalBedragFactory, MijlpaalFactory, MijlpaalStatusFactory

DEADLINE = datetime.date(2026, 12, 31)


def _setup(gemeente):
    HerinneringRegel.objects.all().delete()
    HerinneringRegel.objects.create(
        naam="Mijlpaal over 30 dagen", soort="mijlpaal_deadline", dagen_voor=30, rol="beleid"
    )
    mijlpaal = MijlpaalFactory(nummer=7, deadline=DEADLINE)
    open_buurt = BuurtFactory(gemeente=gemeente, naam="Zuidwijken")
    klaar_buurt = BuurtFactory(gemeente=gemeente, naam="Noordveen")
    for buurt in (open_buurt, klaar_buurt):
        MijlpaalBedragFactory(mijlpaal=mijlpaal, buurt=buurt)
    MijlpaalStatusFactory(mijlpaal=mijlpaal, buurt=klaar_buurt, status="behaald")
    return mijlpaal


def test_policy_officer_is_reminded_once_of_a_milestone_not_yet_behaald_in_a_buurt(
    beleid, financien, gemeente, django_capture_on_commit_callbacks
):
    _setup(gemeente)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(vandaag=DEADLINE - datetime.timedelta(days=31)) == 0
        assert send_due_reminders(vandaag=DEADLINE - datetime.timedelta(days=30)) == 1
        assert send_due_reminders(vandaag=DEADLINE - datetime.timedelta(days=29)) == 0
    meldingen = list(Melding.objects.values_list("ontvanger__email", "titel"))
    assert meldingen == [(beleid.email, "Mijlpaal 7 is in Zuidwijken nog niet behaald")]


def test_deadline_calendar_shows_the_milestone_only_to_its_own_gemeente(login, beleid, gemeente, andere_gemeente):
    from tests.factories.core import UserFactory

    mijlpaal = _setup(gemeente)
    mijlpaal.deadline = datetime.date.today() + datetime.timedelta(days=40)
    mijlpaal.save()
    page = login(beleid).get("/kalender/").content.decode()
    assert "Mijlpaal 7 is in Zuidwijken nog niet behaald" in page
    vreemde = UserFactory(role="beleid", gemeenten=[andere_gemeente])
    assert "Mijlpaal 7" not in login(vreemde).get("/kalender/").content.decode()
