"""Demo residents (accounts.demo.PEOPLE without a role) are verified, so that supporting issues
works out of the box. Run by ``seed_demo`` after accounts' demo; running it again changes nothing."""

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.demo import PEOPLE
from accounts.models import Area
from residency import actions
from residency.models import ResidencyRequest


@transaction.atomic
def seed() -> None:
    User = get_user_model()
    for email, _name, home, role in PEOPLE:
        if not home or role is not None:
            continue
        user = User.objects.filter(email=email).first()
        if user is None or ResidencyRequest.objects.filter(user=user, state=ResidencyRequest.State.APPROVED).exists():
            continue
        actions.verify_resident(user=user, area=Area.objects.get(slug=home), by="seed_demo")
