from django.core.management.base import BaseCommand

from api import opendata


class Command(BaseCommand):
    help = "Write the open-data dump (CSV, JSON, data dictionary, licence, checksums) that /open-data/ serves. Nightly."

    def handle(self, *args, **options):
        folder = opendata.export()
        files = opendata.current_files()
        self.stdout.write(f"Wrote {len(files)} files to {folder}")
