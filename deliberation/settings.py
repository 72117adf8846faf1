"""Balai Warga settings: every knob comes from the environment (see README).

A bad value stops start-up with a message naming the variable (core.env).
"""

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from core.env import (
    ConfigError,
    database_from_url,
    email_from_url,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_origins,
    env_point,
    env_rates,
    env_str,
    env_tile_url,
    env_timezone,
    redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY", "", "set a long random value (it may only be omitted when DEBUG=1)")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS", "", "list the host names the site answers to, comma-separated")
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",  # its runserver serves HTTP and websockets from one process in development
    "django.contrib.admin",
    # Before django.contrib.auth so that its createsuperuser (which gives the account its profile) is the one run.
    "accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "django_htmx",
    "template_partials",
    "csp",
    "ninja",  # the read API's schema and documentation page (its Swagger UI is in its static files)
    "allauth",
    "allauth.account",
    "allauth.mfa",  # authenticator apps (TOTP) and recovery codes; required of staff (STAFF_REQUIRE_MFA)
    "core",
    "issues",
    "comments",
    "votes",
    "residency",
    "responses",
    "notifications",
    "privacy",
    "moderation",
    "maps",
    "reses",
    "facilitation",  # residents without an account: facilitators, assisted acts, claims
    "operations",  # the worker (run_worker) and /healthz, /readyz
    "pages",  # the pages several apps contribute to; above every domain app
    "api",  # the read API, Open311, feeds and the open-data dump; beside pages
]

MIDDLEWARE = [
    "core.observability.RequestLogMiddleware",  # first: every later line (and redirect) has the request's id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "deliberation.urls"
WSGI_APPLICATION = "deliberation.wsgi.application"
ASGI_APPLICATION = "deliberation.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "core.context_processors.site",
                "accounts.context_processors.viewer",
            ],
            "builtins": ["django.templatetags.i18n", "core.templatetags.balai"],
        },
    }
]

# --- Data --------------------------------------------------------------------
if env_str("DATABASE_URL"):
    DATABASES = {
        "default": database_from_url(
            "DATABASE_URL", env_str("DATABASE_URL"), conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # A busy timeout keeps concurrent writers (two runservers, benchmarks) from failing at once.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
# Channels' live-server test case mis-derives the test database name on PostgreSQL;
# naming it also lets two test runs share one server without colliding.
DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("TEST_DATABASE_NAME") or None
if DATABASES["default"]["TEST"]["NAME"] is None:
    del DATABASES["default"]["TEST"]["NAME"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ON_POSTGRESQL = DATABASES["default"]["ENGINE"].endswith("postgresql")
# PostgreSQL's JIT compiles a query whose estimated cost is high, which a misjudged join
# estimate (tables not yet analysed, after a bulk load) can make of a 3 ms page query:
# compiling then took over a second. Our queries are small; DATABASE_JIT=1 turns it back on.
if ON_POSTGRESQL and not env_bool("DATABASE_JIT", False):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (_options.get("options", "") + " -c jit=off").strip()

REDIS_URL = redis_url("REDIS_URL", env_str("REDIS_URL")) if env_str("REDIS_URL") else ""
# Redis is a helper, never a single point of failure: every call to it gives up after
# REDIS_TIMEOUT_MS (connecting or waiting for an answer), and after a failure each process
# skips it for REDIS_RETRY_SECONDS (core.breaker): the cache answers from a local
# fallback (limits hold per process), live updates pause, sign-in and writes go on.
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT_MS", 300, minimum=10) / 1000
REDIS_RETRY_SECONDS = env_int("REDIS_RETRY_SECONDS", 5, minimum=1)
if REDIS_URL:
    from urllib.parse import urlsplit as _urlsplit

    # Redis pub/sub ignores database numbers: name the channels after the database so that two
    # deployments (or test runs) sharing one Redis on different databases do not hear each other.
    _redis_db = _urlsplit(REDIS_URL).path.strip("/") or "0"
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "core.live.RedisChannelLayer",
            "CONFIG": {
                # Short timeouts (redis.asyncio pool options): an unreachable or stalled Redis must fail
                # fast, not hang a request. Subscriptions poll with their own timeout, so idle is fine.
                "hosts": [
                    {"address": REDIS_URL, "socket_connect_timeout": REDIS_TIMEOUT, "socket_timeout": REDIS_TIMEOUT}
                ],
                "prefix": env_str("CHANNEL_PREFIX", f"balai{_redis_db}"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Passed to redis-py's connection pool.
            "OPTIONS": {"socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Visitors' pages rendered once per version (core.pagecache): in each process's memory, never
# over the network, whatever the default cache is. PAGE_CACHE_SECONDS bounds how long what
# changes without a live event (relative times, a renamed author) may lag; 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60, minimum=0)
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_ENTRIES", 2000, minimum=10)},
}

# --- E-mail ------------------------------------------------------------------
if env_str("EMAIL_URL"):
    globals().update(email_from_url("EMAIL_URL", env_str("EMAIL_URL")))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Balai Warga <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) ---------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # mail scanners follow links; a button press confirms
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupProfileForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Balai Warga] "
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS", True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Two-factor authentication (allauth.mfa): anyone may turn it on from their profile; staff
# (who can open the administration) must, unless STAFF_REQUIRE_MFA=0 (off by default only
# with DEBUG; `check --deploy` fails without it). The admin signs in through allauth's
# sign-in page (deliberation/urls.py), so its rate limits and the second factor apply there too.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Balai Warga"
STAFF_REQUIRE_MFA = env_bool("STAFF_REQUIRE_MFA", not DEBUG)

# --- Language and time -------------------------------------------------------
LANGUAGES = [("en", _("English")), ("id", _("Bahasa Indonesia"))]
LANGUAGE_CODE = env_choice("LANGUAGE_CODE", "en", [code for code, _name in LANGUAGES])
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["core.formats"]  # one date format per language, as the templates write them
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_timezone("TIME_ZONE", "Asia/Jakarta")

# Names of the levels of the area tree, from the top down (depth 0, 1, …).
AREA_LEVELS = [
    ("city", _("City")),
    ("district", _("District")),
    ("subdistrict", _("Sub-district")),
    ("rw", _("Neighbourhood unit (RW)")),
    ("rt", _("Neighbourhood association (RT)")),
]

# --- Static files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
# Share of the assisted supports of their areas that reviewers are asked to call back.
FACILITATION_CALLBACK_PERCENT = env_int("FACILITATION_CALLBACK_PERCENT", 5, minimum=1)
# Uploaded files no public URL serves (attendance sheets, consent forms): outside MEDIA_ROOT,
# read only through rule-checked, logged views.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security ----------------------------------------------------------------
SECURE = not DEBUG and env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a decision for the operator, not the code
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # the site's refusal page, not Django's bare one
# --- Maps (Leaflet from npm, see Makefile) -------------------------------------
# Tiles come from this server ({s} becomes a subdomain letter); the CSP allows its images.
MAP_TILE_URL, MAP_TILE_ORIGIN = env_tile_url("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
MAP_CENTER = env_point("MAP_CENTER", (-6.2265, 106.8530))  # Kecamatan Tebet
MAP_ZOOM = env_int("MAP_ZOOM", 14, minimum=1)
MAP_MAX_ISSUES = env_int("MAP_MAX_ISSUES", 500, minimum=1)
MAP_NEAR_METRES = env_int("MAP_NEAR_METRES", 150, minimum=10)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", MAP_TILE_ORIGIN],
        "connect-src": [SELF],  # same-origin websockets included (CSP Level 3)
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Balai Warga -------------------------------------------------------------
SITE_NAME = "Balai Warga"
DEMO_PASSWORD = "balai-warga-demo"

# Logs (core.observability): time, level, logger, request id, user and path on every line;
# LOG_FORMAT=json writes one JSON object per line for a log collector.
LOG_FORMAT = env_choice("LOG_FORMAT", "text", ["text", "json"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.observability.ContextFilter"}},
    "formatters": {
        "text": {"()": "core.observability.text_formatter"},
        "json": {"()": "core.observability.json_formatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["context"], "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])},
    # Django's default config gives "django" a console handler of its own (under DEBUG): with the
    # root's, every line of django.request and the development server's was printed twice.
    "loggers": {"django": {"handlers": [], "propagate": True}},
}
# Server errors are mailed to ADMINS ("Name <a@b>, c@d"; Django's own handler, DEBUG off), or sent
# to Sentry when SENTRY_DSN is set (without personal data: no cookies, no bodies, no user e-mail).
ADMINS = [("", address) for address in env_list("ADMINS", [])]
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,
        traces_sample_rate=env_int("SENTRY_TRACES_PERCENT", 0, minimum=0) / 100,
    )

# --- issues ------------------------------------------------------------------
# Photos attached to issues: how many, how big, how many pixels (a guard against image bombs),
# and the longest side they are scaled down to when stored.
ISSUE_PHOTO_MAX_COUNT = 4
ISSUE_PHOTO_MAX_BYTES = env_int("ISSUE_PHOTO_MAX_MB", 5, minimum=1) * 1024 * 1024
ISSUE_PHOTO_MAX_PIXELS = env_int("ISSUE_PHOTO_MAX_MEGAPIXELS", 40, minimum=1) * 1_000_000
ISSUE_PHOTO_MAX_SIDE = env_int("ISSUE_PHOTO_MAX_SIDE", 2560, minimum=320)
ISSUES_PER_PAGE = env_int("ISSUES_PER_PAGE", 20, minimum=5)

# --- comments ----------------------------------------------------------------
# Deliberation threads: the edit window, page sizes, and per-user rate limits
# (comments a minute; fewer for accounts younger than COMMENT_NEW_ACCOUNT_HOURS).
# RATE_LIMITS=0 turns these off along with allauth's.
COMMENT_EDIT_MINUTES = env_int("COMMENT_EDIT_MINUTES", 15, minimum=0)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 20, minimum=5)
COMMENT_REPLIES_SHOWN = env_int("COMMENT_REPLIES_SHOWN", 3, minimum=1)  # the latest few; the rest on request
COMMENT_RATE_LIMITS_ENABLED = ACCOUNT_RATE_LIMITS_ENABLED
COMMENT_RATE_PER_MINUTE = env_int("COMMENT_RATE_PER_MINUTE", 5, minimum=1)
COMMENT_RATE_PER_MINUTE_NEW_ACCOUNT = env_int("COMMENT_RATE_PER_MINUTE_NEW_ACCOUNT", 2, minimum=1)
COMMENT_NEW_ACCOUNT_HOURS = env_int("COMMENT_NEW_ACCOUNT_HOURS", 24, minimum=0)

# --- live updates ------------------------------------------------------------
# Each server process checks every LIVE_HEARTBEAT_SECONDS that the channel layer
# delivers (a round trip through Redis); viewers see "live updates paused" while
# it does not, and catch up when it does again. 0 turns the check off (the
# in-memory layer cannot fail).
LIVE_HEARTBEAT_SECONDS = env_int("LIVE_HEARTBEAT_SECONDS", 2 if REDIS_URL else 0, minimum=0)
# How many recent live events each issue keeps for reconnecting viewers; a viewer
# further behind than that reloads the page instead of replaying.
LIVE_EVENTS_KEPT = env_int("LIVE_EVENTS_KEPT", 500, minimum=50)
# Open websockets one client address, and one signed-in account, may hold in each server
# process (core.sockets); beyond, a socket is closed with 4429 and live.js waits long.
# The address cap is generous: a kampung or a mobile carrier's NAT may share one address,
# and each open issue page holds two sockets (its updates and the notification badge).
LIVE_MAX_SOCKETS_PER_ADDRESS = env_int("LIVE_MAX_SOCKETS_PER_ADDRESS", 40, minimum=1)
LIVE_MAX_SOCKETS_PER_ACCOUNT = env_int("LIVE_MAX_SOCKETS_PER_ACCOUNT", 10, minimum=1)

# --- responses / notifications ---------------------------------------------
# The site's public address, for links in e-mails (no trailing slash).
# In development the default follows PORT, the port `make run` serves on, so e-mailed links work.
# Without DEBUG there is no default: `check --deploy` refuses an empty or plain-http one (balai.E010).
_site_urls = env_origins("SITE_URL", [f"http://127.0.0.1:{env_int('PORT', 8000, minimum=1)}"] if DEBUG else [])
if len(_site_urls) > 1:
    raise ConfigError("SITE_URL", env_str("SITE_URL"), "give one address, e.g. https://warga.example.go.id")
SITE_URL = _site_urls[0].rstrip("/") if _site_urls else ""

# E-mail goes through an outbox (notifications.outbox), sent by `manage.py run_worker`: a batch
# at a time; a failed message is tried again after OUTBOX_RETRY_SECONDS, doubling each time up to
# OUTBOX_RETRY_MAX_SECONDS, OUTBOX_MAX_ATTEMPTS times in all (the defaults span about 7 hours of
# mail-server outage); a worker holds what it claimed for OUTBOX_LEASE_SECONDS. Sent mail is kept
# OUTBOX_KEEP_DAYS. OUTBOX_SEND_ON_COMMIT=1 sends right after the act's commit in its own process
# (the tests; never in production: the request would wait for the mail server again).
OUTBOX_BATCH = env_int("OUTBOX_BATCH", 100, minimum=1)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 30, minimum=0)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600, minimum=1)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 12, minimum=1)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300, minimum=10)
OUTBOX_KEEP_DAYS = env_int("OUTBOX_KEEP_DAYS", 14, minimum=1)
OUTBOX_SEND_ON_COMMIT = env_bool("OUTBOX_SEND_ON_COMMIT", False)
# The worker (operations.worker): how often it looks for mail and runs the response clock and due
# rounds; /readyz warns when mail waits longer than OUTBOX_ALERT_SECONDS or the clock has not run
# for WORKER_ALERT_SECONDS. Live events older than LIVE_EVENTS_MAX_DAYS are pruned (a viewer that
# far behind reloads the page anyway).
OUTBOX_POLL_SECONDS = env_int("OUTBOX_POLL_SECONDS", 2, minimum=1)
WORKER_CLOCK_SECONDS = env_int("WORKER_CLOCK_SECONDS", 300, minimum=5)
OUTBOX_ALERT_SECONDS = env_int("OUTBOX_ALERT_SECONDS", 900, minimum=60)
WORKER_ALERT_SECONDS = env_int("WORKER_ALERT_SECONDS", 1800, minimum=60)
LIVE_EVENTS_MAX_DAYS = env_int("LIVE_EVENTS_MAX_DAYS", 30, minimum=1)

# --- moderation --------------------------------------------------------------
# Distinct reports that hide an item until a moderator reviews it; an area (and
# everything below it) can set its own in the admin (Moderation policies).
MODERATION_REPORT_THRESHOLD = env_int("MODERATION_REPORT_THRESHOLD", 3, minimum=1)
# The longest suspension a moderator may give (administrators: any length).
MODERATION_MAX_SUSPENSION_DAYS = env_int("MODERATION_MAX_SUSPENSION_DAYS", 90, minimum=1)
MODERATION_LOG_PER_PAGE = env_int("MODERATION_LOG_PER_PAGE", 50, minimum=5)
MODERATION_QUEUE_PER_PAGE = env_int("MODERATION_QUEUE_PER_PAGE", 20, minimum=5)

# --- abuse limits (core.ratelimit) -------------------------------------------
# Per action: (window in seconds, per account, per account younger than
# RATE_NEW_ACCOUNT_HOURS, per client address). Addresses get generous limits:
# a whole kampung or a mobile carrier's NAT may share one. RATE_LIMITS=0 turns
# all of them off (and allauth's). Counted in the cache (Redis in production);
# while Redis is down each process counts on its own (core.cache).
RATE_LIMITS_ENABLED = ACCOUNT_RATE_LIMITS_ENABLED
RATE_NEW_ACCOUNT_HOURS = env_int("RATE_NEW_ACCOUNT_HOURS", COMMENT_NEW_ACCOUNT_HOURS, minimum=0)
RATE_LIMIT_RULES = {
    "comment": (
        60,
        COMMENT_RATE_PER_MINUTE,
        COMMENT_RATE_PER_MINUTE_NEW_ACCOUNT,
        env_int("COMMENT_RATE_PER_MINUTE_PER_ADDRESS", 30, minimum=1),
    ),
    "issue": (
        3600,
        env_int("ISSUE_RATE_PER_HOUR", 10, minimum=1),
        env_int("ISSUE_RATE_PER_HOUR_NEW_ACCOUNT", 3, minimum=1),
        env_int("ISSUE_RATE_PER_HOUR_PER_ADDRESS", 60, minimum=1),
    ),
    "report": (
        3600,
        env_int("REPORT_RATE_PER_HOUR", 20, minimum=1),
        env_int("REPORT_RATE_PER_HOUR_NEW_ACCOUNT", 5, minimum=1),
        env_int("REPORT_RATE_PER_HOUR_PER_ADDRESS", 100, minimum=1),
    ),
    "vote": (
        60,
        env_int("VOTE_RATE_PER_MINUTE", 30, minimum=1),
        env_int("VOTE_RATE_PER_MINUTE_NEW_ACCOUNT", 10, minimum=1),
        env_int("VOTE_RATE_PER_MINUTE_PER_ADDRESS", 300, minimum=1),
    ),
    # Acts a facilitator records for residents without an account (a stack of paper forms goes fast,
    # a fabricated stack should not go unnoticed: the counts are public too).
    "assisted": (
        3600,
        env_int("ASSISTED_RATE_PER_HOUR", 300, minimum=1),
        env_int("ASSISTED_RATE_PER_HOUR_NEW_ACCOUNT", 60, minimum=1),
        env_int("ASSISTED_RATE_PER_HOUR_PER_ADDRESS", 600, minimum=1),
    ),
}
# How many reverse proxies (nginx: 1) put the client's address in X-Forwarded-For;
# 0 means REMOTE_ADDR is the client. allauth's sign-up limit reads the same.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# X-Forwarded-Proto is believed only from a proxy we were told about: without one, any client
# could claim https (and a direct hit on gunicorn would pass for a secure request).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
# Sign-ups per client address, in allauth's syntax ("10/h/ip" = ten an hour).
SIGNUP_RATE_LIMIT = env_rates("SIGNUP_RATE_LIMIT", "10/h/ip")
# Password-reset mails: per client address and per e-mail address ("key"), each window
# counted on its own; without the hourly cap one address could be sent 300 an hour.
PASSWORD_RESET_RATE_LIMIT = env_rates("PASSWORD_RESET_RATE_LIMIT", "20/m/ip,5/m/key,10/h/key,20/d/key")
if ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = {"signup": SIGNUP_RATE_LIMIT, "reset_password": PASSWORD_RESET_RATE_LIMIT}
MIDDLEWARE.append("core.ratelimit.ClientAddressMiddleware")
# The read API, Open311 and feeds: CORS for reading, ETag/304, a limit per client address.
MIDDLEWARE.append("api.http.OpenDataMiddleware")
API_RATE_PER_MINUTE_PER_ADDRESS = env_int("API_RATE_PER_MINUTE_PER_ADDRESS", 300, minimum=1)
# Scope "api": only addresses are counted (the API has no accounts; Open311 clients have their own).
RATE_LIMIT_RULES["api"] = (60, *(API_RATE_PER_MINUTE_PER_ADDRESS,) * 3)
API_PAGE_SIZE = env_int("API_PAGE_SIZE", 50, minimum=1)
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 200, minimum=1)
# Open311 GeoReport v2 (api/open311.py): what its discovery document says.
OPEN311_CONTACT = env_str("OPEN311_CONTACT", "Balai Warga administrators, via the site's contact page")
OPEN311_KEY_SERVICE = env_str(
    "OPEN311_KEY_SERVICE", "Ask the city's Balai Warga administrators for a key (issued in /admin/)."
)
# Stated in the open-data dump, on /open-data/ and in the API's documentation.
OPEN_DATA_LICENCE = env_str("OPEN_DATA_LICENCE", "CC BY 4.0")
# Where export_open_data writes the dump that /open-data/ serves (its folder "current").
OPEN_DATA_ROOT = env_str("OPEN_DATA_ROOT", str(BASE_DIR / "open-data"))
OPEN_DATA_LICENCE_URL = env_str("OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/")
