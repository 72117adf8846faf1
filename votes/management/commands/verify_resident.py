from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import actions
from accounts.models import Area


class Command(BaseCommand):
    help = "Verify a resident of an area for scripted onboarding (a census list, a neighbourhood meeting), on the record."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--area", required=True, help="slug of the area the person lives in (becomes their home area)")
        parser.add_argument("--by", default="verify_resident", help="who or what vouches, kept on the record (e.g. 'RW 04 meeting 2026-11-28')")

    def handle(self, *args, email, area, by, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with e-mail {email}.")
        found = Area.objects.filter(slug=area).first()
        if found is None:
            raise CommandError(f"No area with slug {area!r}.")
        actions.verify_resident(user=user, area=found, by=by)
        self.stdout.write(f"{email} is now a verified resident of {found.name} ({found.slug}).")
