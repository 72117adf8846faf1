from django.core.management.base import BaseCommand

from responses import actions


class Command(BaseCommand):
    help = (
        "Mark overdue and escalated answers and late commitments, and apply the residents' reopen rule. "
        "Idempotent: safe to run every few minutes from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        run = actions.run_deadlines()
        self.stdout.write(
            f"overdue: {run.overdue}, escalated: {run.escalated}, late commitments: {run.late}, "
            f"verdicts counted: {run.judged}, reopened: {run.reopened}"
        )
