from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateformat import format as format_date

from accounts.models import Area
from residency import actions


def describe(match) -> str:
    since = format_date(timezone.localtime(match.since), "j M Y")
    state = f"verified {since}" if match.state == "verified" else f"pending since {since}"
    address = f"RT {match.request.rt} / RW {match.request.rw}, {match.request.street}"
    return f"Same address as {match.name} ({match.user.email}), {state}: {address}"


class Command(BaseCommand):
    help = (
        "Verify a resident of an area for scripted onboarding (a census list, a neighbourhood meeting), on the record."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--area", required=True, help="slug of the area the person lives in (becomes their home area)"
        )
        parser.add_argument(
            "--by",
            default="verify_resident",
            help="who or what vouches, kept on the record (e.g. 'RW 04 meeting 2026-11-28')",
        )
        parser.add_argument(
            "--rt", default="", help="RT number (default: that of the person's pending request, if any)"
        )
        parser.add_argument(
            "--rw", default="", help="RW number (default: that of the person's pending request, if any)"
        )
        parser.add_argument(
            "--street", default="", help="street and house (default: that of the person's pending request, if any)"
        )
        parser.add_argument(
            "--despite-match",
            action="store_true",
            help="approve although others of the area are at the same address (after checking it is a different household or person)",
        )

    def handle(self, *args, email, area, by, rt, rw, street, despite_match, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with e-mail {email}.")
        found = Area.objects.filter(slug=area).first()
        if found is None:
            raise CommandError(f"No area with slug {area!r}.")
        try:
            record = actions.verify_resident(
                user=user, area=found, by=by, rt=rt, rw=rw, street=street, despite_match=despite_match
            )
        except actions.AddressMatchError as error:
            lines = "\n".join(f"  {describe(m)}" for m in error.matches)
            raise CommandError(
                f"Not verified: others of {found.name} are at the same address.\n{lines}\n"
                "Check this is a different household or person, then run again with --despite-match."
            ) from None
        for match in record.matches_shown:
            self.stderr.write(
                self.style.WARNING(
                    f"Warning: same address as {match['name']} ({match['state']}, request {match['request']}); verified despite the match."
                )
            )
        self.stdout.write(f"{email} is now a verified resident of {found.name} ({found.slug}).")
