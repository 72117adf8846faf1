"""Browser tests: a real daphne server (HTTP + websockets) in a forked process,
driven by Playwright in Debian's chromium.

Run in a pytest process of their own (``make test-e2e``): Playwright's sync API
and pytest-asyncio clash in one process.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from functools import partial
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The server process must see the test database: on SQLite that means a file, not memory."""
    from django.conf import settings
    from django.db import connections

    conf = settings.DATABASES["default"]
    if conf["ENGINE"].endswith("sqlite3") and not conf.get("TEST", {}).get("NAME"):
        path = os.path.join(tempfile.gettempdir(), f"balai-e2e-{os.getpid()}.sqlite3")
        conf.setdefault("TEST", {})["NAME"] = path
        connections["default"].settings_dict.setdefault("TEST", {})["NAME"] = path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests must run in CI, but {CHROMIUM} is missing (apt-get install chromium).")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def _make_application():
    from channels.routing import get_default_application
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    return ASGIStaticFilesHandler(get_default_application())


def _use_test_database():
    from channels.testing.live import set_database_connection

    set_database_connection()


class LiveSite:
    def __init__(self, url: str, mail_dir: Path):
        self.url = url
        self.ws_url = url.replace("http", "ws", 1)
        self.mail_dir = mail_dir

    def sign_in(self, page, email: str, password: str = "balai-warga-demo") -> None:
        """Sign in through the real form and wait until the page says so."""
        from playwright.sync_api import expect

        page.goto(self.url + "/accounts/login/")
        page.get_by_label("Email").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign In").click()
        # Signed in: the header's account menu (whose summary is the person's name) replaces "Sign in".
        expect(page.locator(".account-menu summary")).to_be_visible()

    def mails(self) -> list[str]:
        return [p.read_text() for p in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime)]


def point_map_tiles_at(settings, origin: str) -> None:
    """Map tiles from ``origin`` (set before the server process forks, so the pages and their CSP use it)."""
    settings.MAP_TILE_URL = origin + "/{z}/{x}/{y}.png"
    settings.MAP_TILE_ORIGIN = origin
    directives = {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]}
    directives["img-src"] = [*directives["img-src"][:2], origin]
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "DIRECTIVES": directives}


@pytest.fixture(autouse=True)
def map_tiles_on_loopback(settings):
    """Browser tests never ask the real tile server for anything: by default tiles come from a
    loopback port where nothing listens (the maps then show markers on a blank canvas);
    tests/e2e/test_maps_browser.py serves them from a stub."""
    point_map_tiles_at(settings, "http://127.0.0.1:9")


@pytest.fixture
def live_site(transactional_db, settings, tmp_path):
    """A daphne server on the test database, with e-mails written to files we can read."""
    from asgiref.sync import SyncToAsync
    from concurrent.futures import ThreadPoolExecutor
    from daphne.testing import DaphneProcess

    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(mail_dir)
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    # Async code earlier in this process would leave asgiref's executor without its thread in the fork.
    SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
    process = DaphneProcess("127.0.0.1", partial(_make_application), setup=_use_test_database)
    process.start()
    if not process.ready.wait(timeout=20):
        process.terminate()
        raise RuntimeError("the test server did not start")
    try:
        yield LiveSite(f"http://127.0.0.1:{process.port.value}", mail_dir)
    finally:
        process.terminate()
        process.join(timeout=10)


@pytest.fixture
def open_as(browser, live_site):
    """``open_as(user_or_None, path, javascript=True, live=True, viewport=None)`` → a page in a browser context of its own,
    signed in as ``user`` (through a session cookie: the sign-in form has its own test); with ``live``
    and JavaScript it waits until the page's live channel is connected."""
    from django.conf import settings
    from django.test import Client
    from playwright.sync_api import expect

    contexts = []

    def open_(user, path, javascript=True, live=True, viewport=None):
        options = {"viewport": viewport} if viewport else {}
        context = browser.new_context(java_script_enabled=javascript, base_url=live_site.url, **options)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            value = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": live_site.url}])
        page = context.new_page()
        page.goto(path)
        if javascript and live:
            expect(page.locator("#live")).to_have_attribute("data-live-state", "connected")
        return page

    yield open_
    for context in contexts:
        context.close()
