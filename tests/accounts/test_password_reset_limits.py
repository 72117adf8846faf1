"""One e-mail address gets a handful of password-reset mails, not hundreds an hour."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.env import ConfigError, env_rates


@pytest.fixture
def reset_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": django_settings.PASSWORD_RESET_RATE_LIMIT}


def ask_for_reset(email) -> int:
    # A fresh client (and address) each time does not help: the count is per e-mail address.
    return (
        Client(REMOTE_ADDR=f"10.0.0.{len(mail.outbox) % 250 + 1}")
        .post(reverse("account_reset_password"), {"email": email})
        .status_code
    )


def test_the_default_caps_reset_mails_per_address_per_minute_hour_and_day():
    assert django_settings.PASSWORD_RESET_RATE_LIMIT == "20/m/ip,5/m/key,10/h/key,20/d/key"


def test_one_address_gets_at_most_ten_reset_mails_an_hour(reset_limits, resident_of_manggarai):
    email = resident_of_manggarai.email
    with time_machine.travel(timezone.now(), tick=False) as clock:
        statuses = []
        for _minute in range(3):  # under the per-minute cap each minute: 5 + 5 + …
            statuses += [ask_for_reset(email) for _ in range(5)]
            clock.shift(timedelta(seconds=61))
        assert statuses.count(302) == 10
        assert statuses[10:] == [429] * 5
        assert len(mail.outbox) == 10
        clock.shift(timedelta(hours=1))
        assert ask_for_reset(email) == 302  # an hour later, one more
        assert len(mail.outbox) == 11


def test_a_bad_limit_in_the_environment_stops_start_up():
    with pytest.raises(ConfigError, match="PASSWORD_RESET_RATE_LIMIT"):
        env_rates("PASSWORD_RESET_RATE_LIMIT", "", environ={"PASSWORD_RESET_RATE_LIMIT": "10 an hour"})
    assert env_rates("X", "", environ={"X": "3/m/key, 10/h/key"}) == "3/m/key,10/h/key"
