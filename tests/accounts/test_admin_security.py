"""The administration: signed into through allauth (so wrong passwords are limited), and,
for staff, only with an authenticator app (STAFF_REQUIRE_MFA)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from core.checks import balai_deploy_checks

TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def limits_on(settings):
    settings.ACCOUNT_RATE_LIMITS = {}  # allauth's defaults: 5 wrong passwords per account in 5 minutes


@pytest.fixture
def mfa_required(settings):
    settings.STAFF_REQUIRE_MFA = True


def sign_in(client, user, password="balai-warga-demo"):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def authenticator_for(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def test_the_admin_sends_people_to_the_sites_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/issues/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fissues%2F"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_admins_own_password_form_no_longer_signs_anyone_in(client, admin_user_):
    response = client.post("/admin/login/", {"username": admin_user_.username, "password": "balai-warga-demo"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def admin_sign_in(client, user, password):
    """Sign in wherever the admin's sign-in page leads."""
    landing = client.get("/admin/login/?next=/admin/", follow=True)
    form_url = landing.request["PATH_INFO"] + "?" + landing.request["QUERY_STRING"]
    return client.post(form_url, {"login": user.email, "username": user.username, "password": password})


def test_wrong_admin_passwords_are_throttled(client, admin_user_, limits_on, settings):
    settings.STAFF_REQUIRE_MFA = False
    for _attempt in range(5):
        page = admin_sign_in(client, admin_user_, "guess").content.decode()
        assert TOO_MANY not in page
    assert TOO_MANY in admin_sign_in(client, admin_user_, "guess").content.decode()
    # Even the right password waits now: guessing on is pointless.
    assert TOO_MANY in admin_sign_in(client, admin_user_, "balai-warga-demo").content.decode()
    assert client.get("/admin/").status_code == 302


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client, admin_user_, mfa_required):
    assert sign_in(client, admin_user_).status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get("/admin/accounts/area/").status_code == 302  # every admin page, not only the index
    # allauth asks for the password once more before adding an authenticator; the reason is said first.
    page = client.get(response["Location"], follow=True)
    assert "Staff accounts need two-factor authentication" in page.content.decode()
    confirmed = client.post(page.redirect_chain[-1][0], {"password": "balai-warga-demo"}, follow=True)
    assert "data:image/svg+xml" in confirmed.content.decode()  # the QR code to scan


def test_staff_with_an_authenticator_open_the_admin(admin_user_, client_of, mfa_required):
    authenticator_for(admin_user_)
    assert client_of(admin_user_).get("/admin/").status_code == 200


def test_signing_in_to_the_admin_asks_for_the_code(client, admin_user_, mfa_required):
    secret = authenticator_for(admin_user_)
    response = sign_in(client, admin_user_)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get("/admin/").status_code == 302  # the password alone is not enough
    done = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_residents_are_not_asked_for_a_second_factor(client, resident_of_manggarai, mfa_required):
    sign_in(client, resident_of_manggarai)
    assert client.get("/").status_code == 200
    profile = client.get(reverse("profile")).content.decode()
    assert reverse("mfa_index") in profile  # but may turn it on
    assert client.get(reverse("mfa_index")).status_code == 200


def test_the_requirement_can_be_off_in_development(admin_user_, client_of, settings):
    settings.STAFF_REQUIRE_MFA = False
    assert not Authenticator.objects.filter(user=admin_user_).exists()
    assert client_of(admin_user_).get("/admin/").status_code == 200


def test_check_deploy_fails_when_staff_need_no_second_factor(settings):
    settings.STAFF_REQUIRE_MFA = False
    assert "balai.E006" in [problem.id for problem in balai_deploy_checks(None)]
    settings.STAFF_REQUIRE_MFA = True
    assert "balai.E006" not in [problem.id for problem in balai_deploy_checks(None)]
