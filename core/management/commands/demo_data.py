from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Laadt de demogegevens (idempotent): elke app met een demo.py, in afhankelijkheidsvolgorde."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Ook buiten demo-modus laden.")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE and not options["force"]:
            raise CommandError("Demogegevens horen niet in productie. Gebruik --force als u het zeker weet.")
        # INSTALLED_APPS lists our apps in dependency order: core → grootboek → … → declaraties.
        for config in apps.get_app_configs():
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demogegevens geladen."))
