from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Sum

from core.models import Organisatie
from grootboek.controles import aansluitverschillen, bevinding_checks
from grootboek.models import Journaalpost, Journaalregel
from grootboek.queries import controle_bevindingen


class Command(BaseCommand):
    help = (
        "Controleert het grootboek: elke journaalpost in balans, debet = credit per gemeente en boekjaar, "
        "aaneengesloten stuknummers. Eindigt met een foutcode bij elke afwijking."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="Alleen deze gemeente (naam of CBS-code).")

    def handle(self, *args, **options):
        gemeente = None
        if options.get("gemeente"):
            wanted = options["gemeente"]
            gemeente = (
                Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE, cbs_code=wanted).first()
                or Organisatie.objects.filter(soort=Organisatie.Soort.GEMEENTE, naam__iexact=wanted).first()
            )
            if gemeente is None:
                raise CommandError(f"Gemeente '{wanted}' bestaat niet.")
        posten = Journaalpost.objects.all()
        regels = Journaalregel.objects.all()
        if gemeente is not None:
            posten = posten.filter(gemeente=gemeente)
            regels = regels.filter(journaalpost__gemeente=gemeente)

        self.stdout.write("Grootboekcontrole")
        self.stdout.write("=================")
        for row in (
            regels.values("journaalpost__gemeente__naam", "journaalpost__boekjaar")
            .annotate(d=Sum("debet"), c=Sum("credit"), n=Count("journaalpost", distinct=True))
            .order_by("journaalpost__gemeente__naam", "journaalpost__boekjaar")
        ):
            status = "OK" if row["d"] == row["c"] else "AFWIJKING"
            self.stdout.write(
                f"{row['journaalpost__gemeente__naam']} {row['journaalpost__boekjaar']}: {row['n']} journaalposten, "
                f"debet {row['d']:.2f}, credit {row['c']:.2f} — {status}"
            )
        self.stdout.write(f"Totaal: {posten.count()} journaalposten, {regels.count()} regels.")

        bevindingen = controle_bevindingen(gemeente)
        # The subledgers against the ledger (spuk: Vooruitontvangen and verloopstaat, declaraties:
        # Lasten and Crediteuren per partner), through the apps' controles.py.
        verschillen = aansluitverschillen(gemeente)
        bevindingen += [("aansluiting", regel.tekst()) for regel in verschillen]
        bevindingen += [("subadministratie", tekst) for check in bevinding_checks() for tekst in check(gemeente)]
        if bevindingen:
            self.stderr.write(f"{len(bevindingen)} afwijking(en) gevonden:")
            for soort, tekst in bevindingen:
                self.stderr.write(f"  [{soort}] {tekst}")
            raise CommandError("Het grootboek klopt niet: zie de afwijkingen hierboven.", returncode=1)
        self.stdout.write(
            self.style.SUCCESS("Het grootboek is in balans en sluit aan op de subadministraties: geen afwijkingen.")
        )
