"""Django's ``createsuperuser``, and the new account gets its profile as one signing up does."""

from django.contrib.auth import get_user_model
from django.contrib.auth.management.commands import createsuperuser
from django.utils import timezone

from accounts import actions


class Command(createsuperuser.Command):
    def handle(self, *args, **options):
        started = timezone.now()
        super().handle(*args, **options)
        # The parent does not say whom it made: the accounts without a profile joined since it began.
        database = options.get("database") or "default"
        made = (
            get_user_model()
            ._default_manager.db_manager(database)
            .filter(profile__isnull=True, date_joined__gte=started)
        )
        for user in made:
            actions.ensure_profile(user)
