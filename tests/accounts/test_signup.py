"""Sign up with e-mail and password; nobody takes part before confirming the address."""

import re

from django.core import mail
from django.urls import reverse

from accounts import permissions
from accounts.models import Profile


def sign_up(client, areas, email="new@example.org", **extra):
    data = {
        "email": email,
        "display_name": "Nur",
        "home_area": areas["manggarai-rw-04"].pk,
        "language": "id",
        "password1": "a-long-passphrase-77",
        "password2": "a-long-passphrase-77",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def test_sign_up_sends_a_link_that_confirms_and_signs_in(client, areas):
    response = sign_up(client, areas)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)

    # Before confirming, the new account is not signed in.
    assert "_auth_user_id" not in client.session

    page = client.get(link)
    assert page.status_code == 200
    confirmed = client.post(link, follow=True)
    assert confirmed.status_code == 200
    assert "_auth_user_id" in client.session
    assert "Nur" in confirmed.content.decode()

    profile = Profile.objects.get(user__email="new@example.org")
    assert profile.display_name == "Nur"
    assert profile.home_area == areas["manggarai-rw-04"]
    assert profile.language == "id"
    assert profile.residency == Profile.Residency.UNVERIFIED


def test_sign_up_keeps_what_was_typed_when_a_field_is_wrong(client, areas):
    response = sign_up(client, areas, display_name="   ", password2="something-else-88")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="new@example.org"' in page
    assert "This field is required." in page  # beside the display name
    assert "password" in page.lower()
    assert not Profile.objects.exists()


def test_an_unconfirmed_account_cannot_sign_in(client, unverified_user):
    response = client.post(reverse("account_login"), {"login": unverified_user.email, "password": "balai-warga-demo"})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "confirm-email" in response["Location"]


def test_take_part_rule_explains_why(rf, unverified_user, resident_of_manggarai):
    from django.contrib.auth.models import AnonymousUser

    assert permissions.why_not(AnonymousUser(), permissions.take_part) == "Sign in to take part."
    assert "Confirm your e-mail" in permissions.why_not(unverified_user, permissions.take_part)
    assert permissions.can(resident_of_manggarai, permissions.take_part)
    resident_of_manggarai.is_active = False
    assert permissions.why_not(resident_of_manggarai, permissions.take_part) == "This account is disabled."


def test_profile_page_changes_name_and_home_area(client_of, resident_of_manggarai, areas):
    c = client_of(resident_of_manggarai)
    response = c.post(
        reverse("profile"), {"display_name": "Siti R.", "home_area": areas["bukit-duri-rw-03"].pk, "language": "en"}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=resident_of_manggarai)
    assert (profile.display_name, profile.home_area.slug, profile.language) == ("Siti R.", "bukit-duri-rw-03", "en")


def test_profile_page_needs_sign_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
