from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import Area
from responses import actions, queries


class Command(BaseCommand):
    help = (
        "Set when an area's issues are owed an official answer: "
        "set_area_policy SLUG --threshold N --window-days D [--escalation-days E] [--working-days]. "
        "Sub-areas inherit what they do not set; --inherit clears the area's own values."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--threshold", type=int, help="supporters needed before an answer is owed")
        parser.add_argument("--window-days", type=int, help="days the agency has to answer")
        parser.add_argument("--escalation-days", type=int, help="days overdue before supervisors are alerted")
        kinds = parser.add_mutually_exclusive_group()
        kinds.add_argument("--working-days", action="store_true", help="count working days (hari kerja)")
        kinds.add_argument("--calendar-days", action="store_true", help="count calendar days (the default)")
        parser.add_argument("--inherit", action="store_true", help="clear this area's values (inherit its parent's)")

    def handle(
        self, *args, slug, threshold, window_days, escalation_days, working_days, calendar_days, inherit, **options
    ):
        area = Area.objects.filter(slug=slug).first()
        if area is None:
            raise CommandError(f"No area with slug {slug!r}.")
        kind = "working" if working_days else "calendar" if calendar_days else None
        if not inherit and threshold is None and window_days is None and escalation_days is None and kind is None:
            raise CommandError(
                "Give --threshold, --window-days, --escalation-days and/or --working-days/--calendar-days "
                "(or --inherit)."
            )
        current = area.response_policy if hasattr(area, "response_policy") else None

        def keep(given, field):
            return given if given is not None else getattr(current, field, None)

        try:
            actions.set_area_policy(
                area=area,
                threshold=None if inherit else keep(threshold, "support_threshold"),
                window_days=None if inherit else keep(window_days, "window_days"),
                escalation_days=None if inherit else keep(escalation_days, "escalation_days"),
                day_kind="" if inherit else (kind or getattr(current, "day_kind", "")),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        p = queries.policy_for(area)
        self.stdout.write(
            f"{area.name}: an answer is owed at {p.support_threshold} supporters, "
            f"within {p.window_days} {p.day_kind} days; escalated {p.escalation_days} {p.day_kind} days after that."
        )
