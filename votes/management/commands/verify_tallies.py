from django.core.management.base import BaseCommand, CommandError

from votes import tallies


class Command(BaseCommand):
    help = "Recount every stored tally (issue support, round totals and turnout) from the vote rows; --fix mends differences."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix",
            action="store_true",
            help="set each differing count to what the rows say, keeping a TallyRepair row for each",
        )

    def handle(self, *args, fix=False, **options):
        found = tallies.differences()
        for diff in found:
            self.stdout.write(str(diff))
        if not found:
            self.stdout.write("All tallies match the vote rows.")
            return
        if not fix:
            raise CommandError(f"{len(found)} stored count(s) differ from the vote rows; run with --fix to mend them.")
        repairs = tallies.mend(found)
        left = tallies.differences()
        if left:
            raise CommandError(
                f"Mended {len(repairs)}, but {len(left)} still differ (votes arriving meanwhile?); run again."
            )
        self.stdout.write(f"Mended {len(repairs)} stored count(s), each on the record (votes.TallyRepair).")
