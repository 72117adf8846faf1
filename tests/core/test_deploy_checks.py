"""With DEBUG off, `check --deploy` refuses, as errors, what would break the site on its first day."""

import subprocess
import sys
from pathlib import Path

import pytest

from core.checks import production_errors

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production(settings, tmp_path):
    """Settings a correct deployment has; each test breaks one thing."""
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    settings.DEBUG = False
    settings.SITE_URL = "https://warga.example.id"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.ALLOWED_HOSTS = ["warga.example.id"]
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


def ids() -> list[str]:
    return [problem.id for problem in production_errors()]


def test_a_correct_deployment_has_no_errors(production):
    assert ids() == []


@pytest.mark.parametrize("site_url", ["", "http://warga.example.id"])
def test_it_refuses_a_missing_or_plain_http_site_url(production, site_url):
    production.SITE_URL = site_url
    assert ids() == ["balai.E010"]


@pytest.mark.parametrize("backend", ["console", "locmem"])
def test_it_refuses_mail_that_goes_nowhere(production, backend):
    production.EMAIL_BACKEND = f"django.core.mail.backends.{backend}.EmailBackend"
    assert ids() == ["balai.E011"]


def test_it_refuses_any_host(production):
    production.ALLOWED_HOSTS = ["warga.example.id", "*"]
    assert ids() == ["balai.E012"]


def test_it_refuses_to_run_without_the_static_manifest(production):
    (production.STATIC_ROOT / "staticfiles.json").unlink()
    assert ids() == ["balai.E013"]


def test_it_refuses_a_forwarded_scheme_from_an_unknown_proxy(production):
    production.TRUSTED_PROXY_COUNT = 0
    assert ids() == ["balai.E014"]


def _settings_of(env: dict) -> dict:
    clean = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "SECRET_KEY": "s" * 64, "ALLOWED_HOSTS": "warga.example.id"}
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, repr(s.SITE_URL))"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='deliberation.settings'; {code}",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_forwarded_scheme_is_believed_only_behind_a_counted_proxy():
    assert _settings_of({}) == "None ''"
    assert _settings_of({"TRUSTED_PROXY_COUNT": "1"}).startswith("('HTTP_X_FORWARDED_PROTO', 'https')")


def test_check_deploy_fails_on_these_errors_with_the_default_settings():
    """What the test of the old recipe called clean (console mail, no SITE_URL) now stops a deployment."""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "0", "SECRET_KEY": "s" * 64, "ALLOWED_HOSTS": "warga.example.id"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "balai.E010" in result.stderr and "balai.E011" in result.stderr
