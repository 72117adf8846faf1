"""Settings come from the environment and a bad value stops start-up, naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.env import (
    ConfigError,
    database_from_url,
    email_from_url,
    env_bool,
    env_int,
    env_origins,
    env_timezone,
    redis_url,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("raw, expected", [("1", True), ("true", True), ("ON", True), ("0", False), ("no", False)])
def test_booleans_accept_the_usual_spellings(raw, expected):
    assert env_bool("DEBUG", not expected, {"DEBUG": raw}) is expected


def test_a_misspelt_boolean_is_refused_with_its_name():
    with pytest.raises(ConfigError, match="DEBUG='flase'"):
        env_bool("DEBUG", False, {"DEBUG": "flase"})


def test_integers_and_their_minimum():
    assert env_int("PORT", 8000, {"PORT": "9000"}) == 9000
    with pytest.raises(ConfigError, match="PORT"):
        env_int("PORT", 8000, {"PORT": "eighty"})
    with pytest.raises(ConfigError, match="at least 0"):
        env_int("SECURE_HSTS_SECONDS", 0, {"SECURE_HSTS_SECONDS": "-1"}, minimum=0)


def test_time_zone_must_be_real():
    assert env_timezone("TIME_ZONE", "UTC", {"TIME_ZONE": "Asia/Makassar"}) == "Asia/Makassar"
    with pytest.raises(ConfigError, match="TIME_ZONE"):
        env_timezone("TIME_ZONE", "UTC", {"TIME_ZONE": "Asia/Atlantis"})


def test_origins_need_a_scheme():
    assert env_origins("CSRF_TRUSTED_ORIGINS", [], {"CSRF_TRUSTED_ORIGINS": "https://a.id, http://b.id:8080"}) == [
        "https://a.id",
        "http://b.id:8080",
    ]
    with pytest.raises(ConfigError, match="CSRF_TRUSTED_ORIGINS"):
        env_origins("CSRF_TRUSTED_ORIGINS", [], {"CSRF_TRUSTED_ORIGINS": "warga.example.id"})


def test_database_url():
    conf = database_from_url("DATABASE_URL", "postgres://warga:secret@db.local:5433/balai")
    assert conf["ENGINE"].endswith("postgresql")
    assert (conf["NAME"], conf["HOST"], conf["PORT"], conf["USER"]) == ("balai", "db.local", 5433, "warga")
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        database_from_url("DATABASE_URL", "mysql://root@localhost/balai")
    with pytest.raises(ConfigError, match="names no database"):
        database_from_url("DATABASE_URL", "postgres://localhost")


def test_redis_url():
    assert redis_url("REDIS_URL", "redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    with pytest.raises(ConfigError, match="REDIS_URL"):
        redis_url("REDIS_URL", "127.0.0.1:6379")


def test_email_url():
    conf = email_from_url("EMAIL_URL", "smtp://mailer:p%40ss@mail.local:587?tls=1")
    assert conf["EMAIL_HOST"] == "mail.local" and conf["EMAIL_PORT"] == 587
    assert conf["EMAIL_HOST_PASSWORD"] == "p@ss" and conf["EMAIL_USE_TLS"] is True
    assert email_from_url("EMAIL_URL", "console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ConfigError, match="EMAIL_URL"):
        email_from_url("EMAIL_URL", "pigeon://coop")


def _start(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_start_up_stops_on_a_bad_value_and_names_it():
    result = _start({"DEBUG": "1", "TIME_ZONE": "Mars/Olympus"})
    assert result.returncode != 0
    assert "TIME_ZONE='Mars/Olympus' is invalid" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _start({"DEBUG": "0", "ALLOWED_HOSTS": "warga.example.id"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # What collectstatic with DEBUG=0 leaves: the manifest the pages' {% static %} reads.
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "production-like-secret-key-value",
        "ALLOWED_HOSTS": "warga.example.id",
        "SECURE_SSL_REDIRECT": "1",
        "DATABASE_URL": "postgres://localhost/balai",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "SITE_URL": "https://warga.example.id",
        "EMAIL_URL": "smtp://mailer:secret@smtp.example.id:587?tls=1",
        "STATIC_ROOT": str(tmp_path),
        "TRUSTED_PROXY_COUNT": "1",
    }
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_our_own_deploy_checks_flag_a_single_process_setup():
    result = _start({"DEBUG": "0", "SECRET_KEY": "y" * 64, "ALLOWED_HOSTS": "warga.example.id"})
    assert result.returncode == 0  # plain check passes…
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    deploy = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={
            **clean,
            "DEBUG": "0",
            "SECRET_KEY": "y" * 64,
            "ALLOWED_HOSTS": "warga.example.id",
            "SECURE_SSL_REDIRECT": "1",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    # …but --deploy names what would break with several processes.
    assert "balai.W002" in deploy.stderr and "balai.W003" in deploy.stderr and "balai.W005" in deploy.stderr
