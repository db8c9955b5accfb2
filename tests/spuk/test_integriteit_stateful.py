"""Stateful property test (issue 12): random sequences of instalment receipts and their storno,
declarations approved through declaraties' services (first and second approval), payments by an
officer who did not approve, declaration and payment storno, year-end releases, repayments, the
vaststelling and ledger-year closes on one gemeente. After every step:

- the ledger balances (grootboek.queries.controle_bevindingen is empty);
- the reconciliation has no differences (grootboek.controles.aansluitverschillen);
- Vooruitontvangen is never a debit balance at a released year end, and a debit balance now has a
  booked *nog te ontvangen*;
- every declaration's status matches its entries;
- SiSa indicators 3–5 equal sums recomputed independently from the declarations.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from declaraties import services as declaraties
from declaraties.models import Betaling, Declaratie
from grootboek import api as grootboek
from grootboek.controles import aansluitverschillen
from grootboek.queries import controle_bevindingen
from grootboek.services import sluit_boekjaar
from spuk import services, sisa
from spuk.models import NogTeOntvangen, Termijn
from tests.factories.buurtplan import BuurtFactory, ZorgaanbiederFactory
from tests.factories.core import OrganisatieFactory, UserFactory
from tests.factories.declaraties import begroting_met_regels, beschikking_voor, ingediend

pytestmark = pytest.mark.django_db
D = Decimal
VANDAAG = datetime.date(2026, 11, 29)
bedragen = st.integers(min_value=100, max_value=300_000).map(lambda c: (D(c) / 100).quantize(D("0.01")))


class Integriteit(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.gemeente = OrganisatieFactory(naam="Gemeente Zutphen", soort="gemeente", cbs_code="0301")
        self.beleid = UserFactory(role="beleid", organisatie=self.gemeente)
        self.financien = UserFactory(role="financien", organisatie=self.gemeente, gemeenten=[self.gemeente])
        # A second approver for four eyes, and a third officer who pays (who approves may not pay).
        self.financien2 = UserFactory(role="financien", organisatie=self.gemeente, gemeenten=[self.gemeente])
        self.betaler = UserFactory(role="financien", organisatie=self.gemeente, gemeenten=[self.gemeente])
        self.partner_org = OrganisatieFactory(naam="Stichting Perspectief")
        self.partner = UserFactory(role="partner", organisatie=self.partner_org)
        buurt = BuurtFactory(naam="Zuidwijken", gemeente=self.gemeente, alliantiepartners=[ZorgaanbiederFactory()])
        self.regels = begroting_met_regels(self.beleid, buurt, self.partner_org)
        self.besch = beschikking_voor(buurt)
        grootboek.ensure_standaard_rekeningschema(self.gemeente, self.besch.nummer)
        for jaar in (2024, 2025, 2026, 2027):
            Termijn.objects.create(beschikking=self.besch, jaar=jaar, verwacht_bedrag=D("50000.00"))

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _probeer(self, functie, *args, **kwargs):
        """Run one service in a savepoint; a refusal (Dutch ValidationError) leaves nothing behind."""
        try:
            with transaction.atomic():
                return functie(*args, **kwargs)
        except (ValidationError, PermissionDenied):
            return None

    # --- rules -------------------------------------------------------------------------------------

    @rule(jaar=st.sampled_from([2024, 2025, 2026]), bedrag=bedragen)
    def ontvang_termijn(self, jaar, bedrag):
        termijn = self.besch.termijnen.get(jaar=jaar)
        self._probeer(services.registreer_termijn, self.financien, termijn, ontvangen_op=VANDAAG, bedrag=bedrag)

    @rule(jaar=st.sampled_from([2024, 2025, 2026]))
    def storneer_termijn(self, jaar):
        termijn = self.besch.termijnen.get(jaar=jaar)
        self._probeer(services.storneer_termijn, self.financien, termijn, reden="Storno", boekdatum=VANDAAG)

    @rule(jaar=st.sampled_from([2024, 2025]), bedrag=st.integers(min_value=1, max_value=4000))
    def declareer_en_keur_goed(self, jaar, bedrag):
        d = self._probeer(ingediend, self.partner, self.regels[jaar], bedrag=f"{bedrag}.00")
        if d is not None:
            self._probeer(declaraties.keur_goed, self.financien, d)

    @rule()
    def tweede_goedkeuring(self):
        d = Declaratie.objects.filter(status=Declaratie.Status.GOEDGEKEURD).first()
        if d is not None:
            self._probeer(declaraties.keur_goed, self.financien2, d)

    @rule()
    def betaal(self):
        geboekt = list(Declaratie.objects.filter(status=Declaratie.Status.GEBOEKT)[:2])
        if geboekt:
            self._probeer(declaraties.registreer_betaling, self.betaler, geboekt, VANDAAG, "RUN")

    @rule(betaald=st.booleans())
    def storneer_declaratie(self, betaald):
        status = Declaratie.Status.BETAALD if betaald else Declaratie.Status.GEBOEKT
        d = Declaratie.objects.filter(status=status).first()
        if d is not None:
            self._probeer(declaraties.storneer, self.financien, d, reden="Dubbel gedeclareerd", boekdatum=VANDAAG)

    @rule()
    def storneer_betaling(self):
        b = Betaling.objects.filter(status=Betaling.Status.GEREGISTREERD).first()
        if b is not None:
            self._probeer(declaraties.storneer_betaling, self.betaler, b, reden="Retour bank", boekdatum=VANDAAG)

    @rule(jaar=st.sampled_from([2024, 2025]))
    def jaarafsluiting(self, jaar):
        self._probeer(services.jaarafsluiting, self.financien, self.besch, jaar, vandaag=VANDAAG)

    @rule(bedrag=bedragen)
    def terugbetaling(self, bedrag):
        self._probeer(
            services.registreer_terugbetaling,
            self.financien,
            self.besch,
            reden="anders",
            bedrag=bedrag,
            boekdatum=VANDAAG,
        )

    @rule(bedrag=bedragen)
    def vaststelling(self, bedrag):
        self._probeer(services.leg_vaststelling_vast, self.financien, self.besch, datum=VANDAAG, bedrag=bedrag)

    @rule(jaar=st.sampled_from([2024, 2025]))
    def sluit_jaar(self, jaar):
        self._probeer(sluit_boekjaar, self.financien, self.gemeente, jaar)

    # --- invariants --------------------------------------------------------------------------------

    @invariant()
    def grootboek_in_balans(self):
        assert controle_bevindingen(self.gemeente) == []

    @invariant()
    def aansluiting_zonder_verschillen(self):
        assert [r.tekst() for r in aansluitverschillen(self.gemeente)] == []

    @invariant()
    def vooruitontvangen_nooit_negatief_zonder_nog_te_ontvangen(self):
        nr = self.besch.nummer
        for jaar in self.besch.jaarafsluitingen.values_list("jaar", flat=True):
            assert grootboek.saldo_op(self.gemeente, "vooruitontvangen", nr, datetime.date(jaar, 12, 31)) <= 0
        if grootboek.saldo_op(self.gemeente, "vooruitontvangen", nr, datetime.date.max) > 0:
            assert NogTeOntvangen.objects.filter(beschikking=self.besch).exists()

    @invariant()
    def status_volgt_boekingen(self):
        per_bron = grootboek.netto_per_bron(self.gemeente, "lasten", Declaratie)
        for d in Declaratie.objects.all():
            netto = per_bron.get((self.besch.nummer, str(d.pk)), D("0.00"))
            verwacht = d.bedrag if d.status in Declaratie.GOEDGEKEURDE_STATUSSEN else D("0.00")
            assert netto == verwacht, (d.nummer, d.status)
        for t in self.besch.termijnen.all():
            assert (t.status == Termijn.Status.ONTVANGEN) == (t.journaalpost_id is not None)

    @invariant()
    def betaling_volgt_boekingen(self):
        for d in Declaratie.objects.filter(status=Declaratie.Status.BETAALD):
            assert d.betaling is not None and d.betaling.status == Betaling.Status.GEREGISTREERD
        for d in Declaratie.objects.filter(status=Declaratie.Status.GEBOEKT):
            assert d.betaling_id is None

    @invariant()
    def sisa_3_tot_5_uit_de_declaraties(self):
        # Independently of the ledger sums: each booked declaration counts +bedrag in the boekjaar of
        # its entry; a storno counts −bedrag in the boekjaar of its reversal (a correction there).
        bijdragen = []
        for d in Declaratie.objects.exclude(journaalpost=None).select_related("journaalpost", "storno_journaalpost"):
            bijdragen.append((d.bestedingsjaar, d.journaalpost.boekjaar, d.bedrag))
            if d.status == Declaratie.Status.GESTORNEERD:
                bijdragen.append((d.bestedingsjaar, d.storno_journaalpost.boekjaar, -d.bedrag))
        for jaar in (2024, 2025, 2026):
            bedragen = sisa.indicator_bedragen(self.besch, jaar)
            i3 = sum((b for bj, boekjaar, b in bijdragen if bj == jaar and boekjaar == jaar), D(0))
            i4 = sum((b for bj, boekjaar, b in bijdragen if bj == jaar - 1 and boekjaar == jaar), D(0))
            assert (bedragen["i3"], bedragen["i4"], bedragen["i5"]) == (i3, i4, D("0.00"))


Integriteit.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def test_ledger_subledgers_and_sisa_stay_in_step_over_random_sequences(db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT = str(tmp_path / "private")
    Integriteit.TestCase().runTest()
