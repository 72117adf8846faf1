from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import actions


class Command(BaseCommand):
    help = "Take a role away: revoke_role EMAIL official|moderator|facilitator|council_member"

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("role", choices=list(actions.ROLE_MODELS))

    def handle(self, *args, email, role, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account with e-mail {email}.")
        if not actions.revoke_role(user=user, role=role, by="revoke_role"):
            raise CommandError(f"{email} is not a {role}.")
        self.stdout.write(f"{email} is no longer a {role}.")
