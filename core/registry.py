"""Discover per-app modules (`nav.py`, `reports.py`, `reminders.py`, `inbox.py`, `search.py`) in app order, once."""

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


class ProviderRegistry:
    """Functions the apps register in their `<module_name>.py` with `@registry.provider(order=…)`,
    handed out in order; the apps' modules are imported the first time they are asked for."""

    def __init__(self, module_name):
        self.module_name = module_name
        self._providers = []
        self._discovered = False

    def provider(self, order=100):
        def decorator(func):
            self._providers.append((order, func))
            return func

        return decorator

    def providers(self):
        if not self._discovered:
            self._discovered = True
            autodiscover(self.module_name)
        return [func for _order, func in sorted(self._providers, key=lambda item: item[0])]
