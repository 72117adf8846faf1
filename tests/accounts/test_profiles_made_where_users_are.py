"""Every account gets its profile where it is made (sign-up, the admin, createsuperuser);
pages only read it, and an account without one (made some other way) still shows, unwritten."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Profile


def _bare_user(email="bare@example.org"):
    return get_user_model().objects.create_user(username=email, email=email, password="x-long-enough-pw")


def test_the_profile_page_of_an_account_without_a_profile_shows_and_writes_nothing(client_of, db):
    bare = _bare_user()
    page = client_of(bare).get(reverse("profile"))
    assert page.status_code == 200
    assert b'id="residency"' in page.content and b'id="my-votes"' in page.content
    assert not Profile.objects.filter(user=bare).exists()


def test_saving_the_profile_page_makes_the_profile(client_of, areas):
    bare = _bare_user()
    client_of(bare).post(
        reverse("profile"), {"display_name": "Bare", "home_area": areas["manggarai"].pk, "language": ""}
    )
    assert Profile.objects.get(user=bare).display_name == "Bare"


def test_choosing_a_language_is_remembered_on_the_profile(client_of, resident_of_manggarai):
    client_of(resident_of_manggarai).post(reverse("set_language"), {"language": "id", "next": "/"})
    assert Profile.objects.get(user=resident_of_manggarai).language == "id"
    client_of(resident_of_manggarai).post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert Profile.objects.get(user=resident_of_manggarai).language == "id"  # an unknown code changes nothing


def test_createsuperuser_gives_the_new_account_its_profile(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-password-1")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "root@example.org", stdout=StringIO())
    root = get_user_model().objects.get(username="root")
    assert root.is_superuser and Profile.objects.get(user=root).display_name == "root"


def test_a_user_added_in_the_admin_gets_a_profile(client_of, admin_user_):
    response = client_of(admin_user_).post(
        "/admin/auth/user/add/",
        {
            "username": "added@example.org",
            "password1": "a-long-pass-word-2",
            "password2": "a-long-pass-word-2",
            "usable_password": "true",
        },
    )
    assert response.status_code in (200, 302), response.status_code
    added = get_user_model().objects.get(username="added@example.org")
    assert Profile.objects.filter(user=added).exists()
