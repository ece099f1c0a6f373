from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Laad de demogemeente (idempotent): organisatie, gebruikers per rol en de voorbeeldinhoud van elke module."

    def handle(self, *args, **options) -> None:
        for config in apps.get_app_configs():
            if not config.name.startswith("kcc."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            for line in module.load():
                self.stdout.write(f"{config.verbose_name}: {line}")
        done = "Demogemeente geladen. Log in met bijvoorbeeld kcc / kcc-demo-wachtwoord."
        self.stdout.write(self.style.SUCCESS(done))
