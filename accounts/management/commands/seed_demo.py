from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Load the demo data (only with DEBUG on). Safe to run again: it adds only what is missing."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: demo accounts share a published password.")
        # Each app that has demo data keeps it in its own demo.py, seeded in INSTALLED_APPS order
        # (accounts before issues before votes), so this command imports no app above it by name.
        for config in apps.get_app_configs():
            if find_spec(f"{config.name}.demo"):
                import_module(f"{config.name}.demo").seed()
        from accounts.demo import PEOPLE

        self.stdout.write(f"Demo accounts (password: {settings.DEMO_PASSWORD}):")
        for email, name, _home, _role in PEOPLE:
            self.stdout.write(f"  {email:32} {name}")
