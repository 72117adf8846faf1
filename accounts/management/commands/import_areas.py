from django.core.management.base import BaseCommand, CommandError

from accounts import actions, kemendagri


class Command(BaseCommand):
    help = (
        "Load Indonesia's official areas (Kemendagri codes) at and below CODE: import_areas 31 (every city of "
        "DKI Jakarta), import_areas 31.74 (Kota Jakarta Selatan), import_areas 31.74.01 (Kecamatan Tebet). "
        "Areas already holding a code keep their slug; RT/RW units are added by hand. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("code")

    def handle(self, *args, code, **options):
        try:
            areas = kemendagri.areas_under(code.strip())
        except ValueError as problem:
            raise CommandError(str(problem)) from None
        created, updated = actions.import_official_areas(areas)
        self.stdout.write(f"{len(areas)} official areas under {code}: {created} added, {updated} updated.")
