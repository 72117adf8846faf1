"""The demo data set: a realistic slice of South Jakarta, two agencies and demo accounts."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from accounts import actions
from accounts.models import Agency, Area

AREAS = [
    # (slug, name, parent slug, Kemendagri code: import_areas 31.74 adds the rest of the city around them)
    ("jakarta-selatan", "Kota Jakarta Selatan", None, "31.74"),
    ("tebet", "Kecamatan Tebet", "jakarta-selatan", "31.74.01"),
    ("manggarai", "Kelurahan Manggarai", "tebet", "31.74.01.1007"),
    ("bukit-duri", "Kelurahan Bukit Duri", "tebet", "31.74.01.1005"),
    ("kebon-baru", "Kelurahan Kebon Baru", "tebet", "31.74.01.1004"),
    ("manggarai-rw-01", "RW 01 Manggarai", "manggarai", ""),
    ("manggarai-rw-04", "RW 04 Manggarai", "manggarai", ""),
    ("manggarai-rw-10", "RW 10 Manggarai", "manggarai", ""),
    ("bukit-duri-rw-03", "RW 03 Bukit Duri", "bukit-duri", ""),
    ("bukit-duri-rw-12", "RW 12 Bukit Duri", "bukit-duri", ""),
    ("kebon-baru-rw-02", "RW 02 Kebon Baru", "kebon-baru", ""),
    ("kebon-baru-rw-07", "RW 07 Kebon Baru", "kebon-baru", ""),
]

AGENCIES = [
    ("Dinas Sumber Daya Air", "Dinas SDA"),
    ("Dinas Bina Marga", "Bina Marga"),
    ("Dinas Lingkungan Hidup", "Dinas LH"),
]

# email, display name, home area slug, role
PEOPLE = [
    ("warga@demo.balaiwarga.id", "Siti (Manggarai)", "manggarai-rw-04", None),
    ("warga2@demo.balaiwarga.id", "Budi (Bukit Duri)", "bukit-duri-rw-03", None),
    (
        "pejabat@demo.balaiwarga.id",
        "Rina Wulandari",
        "kebon-baru-rw-02",
        ("official", "Dinas Sumber Daya Air", ["tebet"]),
    ),
    ("moderator@demo.balaiwarga.id", "Agus Santoso", "manggarai-rw-10", ("moderator", None, ["tebet"])),
    ("admin@demo.balaiwarga.id", "Hendra Wijaya", None, ("admin", None, [])),
]


@transaction.atomic
def seed() -> None:
    """Create what is missing; running it again changes nothing."""
    for slug, name, parent, code in AREAS:
        if not Area.objects.filter(slug=slug).exists():
            actions.save_area(
                name=name, slug=slug, parent=Area.objects.get(slug=parent) if parent else None, official_code=code
            )
    for name, short in AGENCIES:
        Agency.objects.get_or_create(name=name, defaults={"short_name": short})

    User = get_user_model()
    for email, display_name, home, role in PEOPLE:
        if User.objects.filter(email=email).exists():
            continue
        user = make_person(email, display_name, home)
        if role is None:
            continue
        kind, agency, areas = role
        area_objs = list(Area.objects.filter(slug__in=areas))
        if kind == "official":
            actions.grant_official(user=user, agency=Agency.objects.get(name=agency), areas=area_objs, by="seed_demo")
        elif kind == "moderator":
            actions.grant_moderator(user=user, areas=area_objs, by="seed_demo")
        elif kind == "admin":
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])


def make_person(email: str, display_name: str, home: str | None, *, joined_days_ago: int = 120):
    """A demo account with a confirmed e-mail and the demo password. Seeded as an account that
    joined months ago: the demo's people are not throttled as brand-new accounts."""
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from django.utils import timezone

    user = get_user_model().objects.create_user(
        username=email,
        email=email,
        password=settings.DEMO_PASSWORD,
        date_joined=timezone.now() - timedelta(days=joined_days_ago),
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    actions.ensure_profile(user)
    actions.update_profile(actor=user, display_name=display_name, language="")
    actions.change_home(actor=user, home_area=Area.objects.get(slug=home) if home else None)
    return user
