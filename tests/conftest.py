"""Personas and factories shared by every test.

The people of the demo slice of Tebet: a resident of Manggarai and one of
Bukit Duri, an official of the water agency serving Tebet, a moderator of
Tebet, an admin. Tests read as sentences about them.
"""

from __future__ import annotations

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model

from accounts import actions as account_actions
from accounts.models import Agency, Area

_counter = itertools.count(1)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Personas are made with a password; the deliberately slow production hash would only slow tests down."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def redis_believed_up():
    """Each process remembers for a few seconds that Redis failed (core.breaker): a test that
    stopped or stalled one must not leave the next test counting its limits locally."""
    from core import breaker

    breaker.reset_all()
    yield
    breaker.reset_all()


@pytest.fixture(autouse=True)
def fresh_pages():
    """Visitors' pages are cached per process by version (core.pagecache); a new test's database
    reuses the ids and sequence numbers of the last one, so each test starts with none."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def fresh_counts():
    """Rate-limit counts live in the cache: a test that counts starts from zero (apps whose
    tests count make it autouse in their conftest)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def areas(db) -> dict[str, Area]:
    """South Jakarta → Tebet → Manggarai / Bukit Duri / Kebon Baru → one RW each."""
    tree = [
        ("jakarta-selatan", "Kota Jakarta Selatan", None),
        ("tebet", "Kecamatan Tebet", "jakarta-selatan"),
        ("manggarai", "Kelurahan Manggarai", "tebet"),
        ("bukit-duri", "Kelurahan Bukit Duri", "tebet"),
        ("kebon-baru", "Kelurahan Kebon Baru", "tebet"),
        ("manggarai-rw-04", "RW 04 Manggarai", "manggarai"),
        ("bukit-duri-rw-03", "RW 03 Bukit Duri", "bukit-duri"),
        ("menteng", "Kecamatan Menteng", None),
    ]
    made: dict[str, Area] = {}
    for slug, name, parent in tree:
        made[slug] = account_actions.save_area(name=name, slug=slug, parent=made.get(parent))
    return made


def make_user(*, name: str | None = None, home: Area | None = None, verified_email: bool = True, email=None):
    n = next(_counter)
    email = email or f"person{n}@example.org"
    user = get_user_model().objects.create_user(username=email, email=email, password=settings.DEMO_PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=verified_email, primary=True)
    account_actions.ensure_profile(user)
    account_actions.update_profile(actor=user, display_name=name or f"Person {n}", language="")
    account_actions.change_home(actor=user, home_area=home)  # a new account: no residency to end yet
    return user


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.fixture
def water_agency(db) -> Agency:
    return Agency.objects.create(name="Dinas Sumber Daya Air", short_name="Dinas SDA")


@pytest.fixture
def roads_agency(db) -> Agency:
    return Agency.objects.create(name="Dinas Bina Marga", short_name="Bina Marga")


@pytest.fixture
def resident_of_manggarai(areas):
    return make_user(name="Siti", home=areas["manggarai-rw-04"])


@pytest.fixture
def resident_of_bukit_duri(areas):
    return make_user(name="Budi", home=areas["bukit-duri-rw-03"])


@pytest.fixture
def unverified_user(areas):
    return make_user(name="Uli", home=areas["manggarai-rw-04"], verified_email=False)


@pytest.fixture
def official_of_water_agency(areas, water_agency):
    user = make_user(name="Rina", home=areas["bukit-duri-rw-03"])
    account_actions.grant_official(user=user, agency=water_agency, areas=[areas["tebet"]], by="test")
    return user


@pytest.fixture
def moderator_of_tebet(areas):
    user = make_user(name="Agus", home=areas["manggarai-rw-04"])
    account_actions.grant_moderator(user=user, areas=[areas["tebet"]], by="test")
    return user


@pytest.fixture
def moderator_of_menteng(areas):
    user = make_user(name="Mira")
    account_actions.grant_moderator(user=user, areas=[areas["menteng"]], by="test")
    return user


@pytest.fixture
def admin_user_(areas):
    user = make_user(name="Hendra Wijaya")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


@pytest.fixture
def client_of(client):
    """``client_of(user)`` → a test client signed in as that user."""
    from django.test import Client

    def signed_in(user):
        c = Client()
        c.force_login(user)
        return c

    return signed_in


@pytest.fixture
def issue_factory(areas):
    """``issue_factory(author, area=…, title=…)`` opens an issue through the real action."""
    from issues import actions as issue_actions

    def open_(author, *, area=None, title="Drainage blocked on Jalan Manggarai Utara", **extra):
        area = area or author.profile.home_area
        fields = {"description": "Water stands for days after rain.", "category": "flooding", **extra}
        return issue_actions.open_issue(actor=author, title=title, area=area, **fields)

    return open_


@pytest.fixture
def flooded_street(issue_factory, resident_of_manggarai, areas):
    """An open issue in Kelurahan Manggarai, raised by Siti."""
    return issue_factory(resident_of_manggarai, area=areas["manggarai"])


@pytest.fixture
def live_events():
    """Capture what actions publish to the channel layer: ``live_events.sent`` is [(group, message)]."""
    from unittest import mock

    from core import live

    class Capture:
        def __init__(self):
            self.sent = []

        def groups(self):
            return [group for group, _message in self.sent]

    capture = Capture()
    real_publish = live.publish

    def record(group, message):
        capture.sent.append((group, message))
        return real_publish(group, message)

    with mock.patch.object(live, "publish", side_effect=record):
        yield capture
