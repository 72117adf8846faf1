from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the media folder into --to DIR (a timestamped folder), or, after a "
        "restore, --check FOLDER: the counts, the vote tallies and the media files are all there."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--to", type=Path, help="the folder that receives the timestamped backup")
        group.add_argument("--check", type=Path, help="a backup folder to compare this (restored) database with")

    def handle(self, *args, to=None, check=None, **options):
        if to is not None:
            try:
                folder = backups.back_up(into=to)
            except Exception as error:
                raise CommandError(f"backup failed: {error}") from error
            self.stdout.write(str(folder))
            return
        problems = backups.check_restored(check)
        for problem in problems:
            self.stdout.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} difference(s) from the backup")
        self.stdout.write("The restored copy holds everything the backup counted; every tally matches its votes.")
