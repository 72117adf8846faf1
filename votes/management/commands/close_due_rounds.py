from django.core.management.base import BaseCommand

from votes import actions


class Command(BaseCommand):
    help = "Close every priority round past its closing date: freeze the ranking, publish the turnout (run from cron)."

    def handle(self, *args, **options):
        closed = actions.close_due_rounds()
        for round_ in closed:
            self.stdout.write(
                f"Closed round #{round_.pk} “{round_.title}” ({round_.area.slug}): {round_.voters_count} voter(s) of {round_.eligible_count}."
            )
        if not closed:
            self.stdout.write("No round is due.")
