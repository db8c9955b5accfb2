"""Discover per-app modules (`nav.py`, `reports.py`, `reminders.py`) in app order, once."""

from importlib import import_module

from django.apps import apps


def autodiscover(module_name):
    loaded = []
    for config in apps.get_app_configs():
        try:
            loaded.append(import_module(f"{config.name}.{module_name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.{module_name}":
                raise
    return loaded
