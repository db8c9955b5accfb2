"""Declaraties and the background machinery: broker outages, review and accountability reminders."""

import datetime

from django.core import mail

from core.models import HerinneringRegel, Melding
from core.reminders import send_due_reminders
from core.services import sweep_unqueued
from core.werkdagen import plus_werkdagen
from declaraties import services
from declaraties.models import Declaratie
from tests.factories.declaraties import ingediend, reload


def test_broker_down_at_submit_saves_the_declaratie_and_the_sweeper_later_notifies_finance(
    partner, financien, regels, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaratie = ingediend(partner, regels[2025], bedrag="1500.00")
    assert reload(declaratie).status == Declaratie.Status.INGEDIEND
    melding = Melding.objects.get(ontvanger=financien)
    assert melding.email_verstuurd_op is None and mail.outbox == []

    from config.celery import app

    app.conf.task_always_eager = True  # the broker is back
    sweep_unqueued()
    melding.refresh_from_db()
    assert melding.email_verstuurd_op is not None
    assert financien.email in [address for message in mail.outbox for address in message.to]


def test_finance_is_reminded_once_when_a_declaratie_waits_longer_than_the_review_period(
    partner, financien, regels, settings, django_capture_on_commit_callbacks
):
    settings.DECLARATIE_BEOORDELING_WERKDAGEN = 5
    HerinneringRegel.objects.all().delete()
    HerinneringRegel.objects.create(
        naam="Wacht te lang", soort="declaratie_wacht_op_beoordeling", dagen_voor=0, rol="financien"
    )
    declaratie = ingediend(partner, regels[2025], bedrag="800.00")
    Melding.objects.all().delete()
    deadline = plus_werkdagen(declaratie.ingediend_op.date(), 5)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(vandaag=deadline - datetime.timedelta(days=1)) == 0
        assert send_due_reminders(vandaag=deadline) == 1
        assert send_due_reminders(vandaag=deadline + datetime.timedelta(days=1)) == 0
    titels = list(Melding.objects.filter(ontvanger=financien).values_list("titel", flat=True))
    assert titels == [
        f"Declaratie {reload(declaratie).nummer} wacht sinds {declaratie.ingediend_op.date():%d-%m-%Y} op beoordeling"
    ]


def test_reviewed_declaratie_triggers_no_waiting_reminder(partner, financien, regels, beschikking, settings):
    HerinneringRegel.objects.all().delete()
    HerinneringRegel.objects.create(
        naam="Wacht te lang", soort="declaratie_wacht_op_beoordeling", dagen_voor=0, rol="financien"
    )
    declaratie = ingediend(partner, regels[2025], bedrag="800.00")
    services.keur_goed(financien, declaratie)
    deadline = plus_werkdagen(declaratie.ingediend_op.date(), settings.DECLARATIE_BEOORDELING_WERKDAGEN)
    assert send_due_reminders(vandaag=deadline) == 0


def test_partner_is_reminded_of_its_accountability_date(
    partner, beleid, buurt, partner_organisatie, regels, django_capture_on_commit_callbacks
):
    HerinneringRegel.objects.all().delete()
    HerinneringRegel.objects.create(naam="Verantwoording", soort="verantwoording_partner", dagen_voor=30, rol="partner")
    services.leg_toekenning_vast(
        beleid,
        partner=partner_organisatie,
        buurt=buurt,
        jaar=2025,
        plafond=regels[2025].bedrag,
        verantwoording_uiterlijk=datetime.date(2026, 3, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(vandaag=datetime.date(2026, 1, 30)) == 1
    melding = Melding.objects.get()
    assert melding.ontvanger == partner
    assert melding.titel == "Verantwoording 2025 voor Zuidwijken (Stichting Perspectief) uiterlijk 01-03-2026"
