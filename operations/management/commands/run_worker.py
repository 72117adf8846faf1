import signal

from django.core.management.base import BaseCommand

from operations import worker


class Command(BaseCommand):
    help = (
        "Send the outbox's mail, run the response clock and close due rounds, prune old live events: "
        "the one background process (several may run at once). --once runs each job one time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every job one time, then exit")

    def handle(self, *args, once=False, **options):
        stopping = []
        # systemd stops with SIGTERM: finish the job in hand, then leave.
        signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
        worker.run_forever(once=once, should_stop=lambda: bool(stopping))
