from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from spuk.models import Beschikking
from spuk.services import sisa_bestand


class Command(BaseCommand):
    help = "Schrijft de SiSa-verantwoording van een beschikking en jaar naar een XLSX- of PDF-bestand."

    def add_arguments(self, parser):
        parser.add_argument("--beschikking", required=True, help="Het beschikkingsnummer.")
        parser.add_argument("--jaar", required=True, type=int, help="Het verantwoordingsjaar T.")
        parser.add_argument("--out", required=True, help="Doelbestand; .xlsx of .pdf bepaalt het formaat.")
        parser.add_argument(
            "--versie",
            type=int,
            default=None,
            help="Een definitieve versie; zonder deze optie het concept (actueel uit het grootboek).",
        )

    def handle(self, *args, **options):
        out = Path(options["out"])
        formaat = out.suffix.lower().lstrip(".")
        if formaat not in ("xlsx", "pdf"):
            raise CommandError("Het doelbestand moet eindigen op .xlsx of .pdf.")
        try:
            beschikking = Beschikking.objects.select_related("aanvraag__regeling", "gemeente").get(
                nummer=options["beschikking"]
            )
        except Beschikking.DoesNotExist as exc:
            raise CommandError(f"Beschikking {options['beschikking']} bestaat niet.") from exc
        try:
            _naam, inhoud, _ct = sisa_bestand(beschikking, options["jaar"], formaat, versie=options["versie"])
        except Beschikking.verantwoordingen.rel.related_model.DoesNotExist as exc:
            raise CommandError(f"Versie {options['versie']} van {options['jaar']} bestaat niet.") from exc
        out.write_bytes(inhoud)
        self.stdout.write(f"{out} geschreven ({len(inhoud)} bytes).")
