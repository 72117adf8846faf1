from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from responses.actions import import_agencies


class Command(BaseCommand):
    help = "Create or update agencies from a CSV (name, short_name, categories); idempotent, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path)

    def handle(self, *args, csv: Path, **options):
        try:
            with csv.open(newline="", encoding="utf-8-sig") as lines:
                done = import_agencies(lines=lines)
        except (OSError, ValidationError) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        self.stdout.write(f"{len(done.created)} agency(ies) created, {len(done.updated)} updated.")
