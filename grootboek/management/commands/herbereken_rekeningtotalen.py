from django.core.management.base import BaseCommand, CommandError

from core.models import Organisatie
from grootboek.services import herbereken_rekeningtotalen


class Command(BaseCommand):
    help = (
        "Bouwt de rekeningtotalen (proefbalans, saldo per jaar) opnieuw op uit de journaalregels. Nodig na het "
        "laden van regels buiten boek() om (COPY, SQL); boek() houdt de totalen zelf bij."
    )

    def add_arguments(self, parser):
        parser.add_argument("--gemeente", help="Alleen deze gemeente (CBS-code).")

    def handle(self, *args, **options):
        gemeente = None
        if options.get("gemeente"):
            gemeente = Organisatie.objects.filter(
                soort=Organisatie.Soort.GEMEENTE, cbs_code=options["gemeente"]
            ).first()
            if gemeente is None:
                raise CommandError(f"Gemeente '{options['gemeente']}' bestaat niet.")
        aantal = herbereken_rekeningtotalen(gemeente)
        self.stdout.write(self.style.SUCCESS(f"{aantal} rekeningtotalen opgebouwd."))
