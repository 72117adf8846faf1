"""Read settings from the environment and fail loudly, naming the variable.

A city deployment is configured by people who did not write this code: a
typo in ``DEBUG=flase`` must stop start-up with a message, not silently
mean something else.
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(Exception):
    """A setting from the environment has a value we cannot use."""

    def __init__(self, name: str, value: str, expected: str):
        self.name = name
        super().__init__(f"Environment variable {name}={value!r} is invalid: {expected}.")


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "", environ=None) -> str:
    environ = os.environ if environ is None else environ
    return environ.get(name, default)


def env_bool(name: str, default: bool, environ=None) -> bool:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return default
    raw = environ[name].strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ConfigError(name, environ[name], "use one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, environ=None, minimum: int | None = None) -> int:
    environ = os.environ if environ is None else environ
    if name not in environ or environ[name].strip() == "":
        return default
    try:
        value = int(environ[name])
    except ValueError:
        raise ConfigError(name, environ[name], "expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ConfigError(name, environ[name], f"expected at least {minimum}")
    return value


def env_list(name: str, default: list[str], environ=None) -> list[str]:
    environ = os.environ if environ is None else environ
    if name not in environ:
        return list(default)
    return [item.strip() for item in environ[name].split(",") if item.strip()]


def env_origins(name: str, default: list[str], environ=None) -> list[str]:
    origins = env_list(name, default, environ)
    for origin in origins:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(name, origin, "each origin needs a scheme and host, e.g. https://warga.example.go.id")
    return origins


def env_timezone(name: str, default: str, environ=None) -> str:
    value = env_str(name, default, environ)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(name, value, "expected an IANA time zone such as Asia/Jakarta") from None
    return value


def env_choice(name: str, default: str, choices: list[str], environ=None) -> str:
    value = env_str(name, default, environ)
    if value not in choices:
        raise ConfigError(name, value, f"expected one of {', '.join(choices)}")
    return value


_RATE = re.compile(r"^\d+/\d*(\.\d+)?[smhd]/(ip|key|user)$")


def env_rates(name: str, default: str, environ=None) -> str:
    """allauth's rate-limit syntax: comma-separated ``amount/period/per``, e.g. ``5/m/key,20/h/key``.

    A period is a number (optional) and s, m, h or d; per is ip, key (the e-mail address) or user.
    """
    value = env_str(name, default, environ).strip()
    parts = [part.strip() for part in value.split(",")]
    if not value or not all(_RATE.match(part) for part in parts):
        raise ConfigError(name, value, 'use allauth\'s syntax, e.g. "10/h/ip" or "5/m/key,20/h/key"')
    return ",".join(parts)


def database_from_url(name: str, url: str, conn_max_age: int = 60) -> dict:
    """Parse DATABASE_URL; only PostgreSQL is supported besides the SQLite default."""
    import dj_database_url

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        raise ConfigError(name, url, "expected postgres://user:password@host:port/name or sqlite:///path")
    if parts.scheme != "sqlite" and not parts.path.strip("/"):
        raise ConfigError(name, url, "the URL names no database")
    try:
        return dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several types
        raise ConfigError(name, url, str(exc)) from None


def redis_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or (parts.scheme != "unix" and not parts.hostname):
        raise ConfigError(name, url, "expected redis://host:port/db")
    return url


def email_from_url(name: str, url: str) -> dict:
    """EMAIL_URL → Django e-mail settings.

    ``smtp://user:pass@host:port`` (STARTTLS with ``?tls=1``, implicit TLS with
    ``smtps://``), ``console:`` or ``locmem:``.
    """
    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ConfigError(name, url, "expected smtp://host:port, smtps://host:port, console: or locmem:")
    conf = {"EMAIL_BACKEND": backends[parts.scheme]}
    if parts.scheme.startswith("smtp"):
        if not parts.hostname:
            raise ConfigError(name, url, "the SMTP URL names no host")
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(name, url, "the port is not a number") from None
        query = parse_qs(parts.query)
        conf.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or (465 if parts.scheme == "smtps" else 25),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_SSL=parts.scheme == "smtps",
            EMAIL_USE_TLS=query.get("tls", ["0"])[0].lower() in _TRUE,
        )
    return conf


def env_tile_url(name: str, default: str, environ=None) -> tuple[str, str]:
    """A map tile URL template (``https://host/{z}/{x}/{y}.png``) and its origin, for the CSP."""
    value = env_str(name, default, environ)
    # Leaflet's {s} is a subdomain letter: the CSP source becomes a wildcard host.
    parts = urlsplit(value.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc or not all(k in value for k in ("{z}", "{x}", "{y}")):
        raise ConfigError(name, value, "an http(s) URL with {z}, {x} and {y}")
    return value, f"{parts.scheme}://{parts.netloc}"


def env_point(name: str, default: tuple[float, float], environ=None) -> tuple[float, float]:
    """A "latitude,longitude" pair."""
    raw = env_str(name, f"{default[0]},{default[1]}", environ)
    try:
        lat, lon = (float(v) for v in raw.split(","))
    except ValueError:
        raise ConfigError(name, raw, "latitude,longitude") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ConfigError(name, raw, "latitude,longitude within -90..90 and -180..180")
    return lat, lon
