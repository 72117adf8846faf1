"""The production shape, for real: pages from two gunicorn processes (two workers each), websockets
from two daphne processes, all on PostgreSQL and Redis. A comment posted through either gunicorn
reaches viewers on both daphnes. Runs in CI's PostgreSQL + Redis pass."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI's second pass)"),
    pytest.mark.skipif(not settings.ON_POSTGRESQL, reason="needs PostgreSQL (CI's second pass)"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server on port {port} exited: {Path(process.args_log).read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}: {Path(process.args_log).read_text()[-2000:]}")


def database_url_of_tests() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def gunicorn_command(port: int, tmp_path: Path) -> list:
    """Pages as the gunicorn unit starts them (deploy/gunicorn.conf.py), two workers."""
    return [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "--workers", "2", "--bind", f"127.0.0.1:{port}"] + [
        "--control-socket",
        str(tmp_path / f"gunicorn-{port}.ctl"),
    ]


def daphne_command(port: int) -> list:
    return [BIN / "daphne", "-b", "127.0.0.1", "-p", str(port), "deliberation.asgi:application"]


@contextmanager
def servers(env: dict, tmp_path: Path):
    """Start processes with ``env`` (``start(command, port)``; each logs to a file of its own) and
    wait for their ports (``wait()``); all are stopped on the way out."""
    processes: list[tuple[int, subprocess.Popen]] = []

    def start(command, port: int, log: Path | None = None) -> subprocess.Popen:
        out = tmp_path / f"server-{port}.log"
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out.open("w"), stderr=subprocess.STDOUT)
        process.args_log = str(log or out)
        processes.append((port, process))
        return process

    def wait() -> None:
        for port, process in processes:
            wait_for_port(port, process)

    start.wait = wait
    try:
        yield start
    finally:
        for _port, process in processes:
            process.terminate()
        for _port, process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def production(transactional_db, tmp_path):
    """Two gunicorns and two daphnes with production settings on the test database."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,  # sessions and their auth hash are signed with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url_of_tests(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "RATE_LIMITS": "0",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    pages, sockets = [free_port(), free_port()], [free_port(), free_port()]
    with servers(env, tmp_path) as start:
        for port in pages:
            start(gunicorn_command(port, tmp_path), port)
        for port in sockets:
            start(daphne_command(port), port)
        start.wait()
        yield pages, sockets


def post_comment(port: int, session_key: str, issue_pk: int, body: str) -> int:
    csrf = secrets.token_hex(16)  # a 32-character CSRF secret, sent as cookie and header
    conn = HTTPConnection("127.0.0.1", port, timeout=20)
    conn.request(
        "POST",
        f"/issues/{issue_pk}/comments/",
        body=urlencode({"body": body}),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Host": "127.0.0.1",
        },
    )
    response = conn.getresponse()
    status, text = response.status, response.read().decode(errors="replace")
    conn.close()
    assert status == 302, text[:3000]
    return status


LIVE_WITHIN = 2.0  # seconds from a post's answer to its event on every socket: live delivery, not a sweep or replay


def test_two_gunicorns_and_two_daphnes_share_live_updates(production, flooded_street, resident_of_bukit_duri):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from websockets.sync.client import connect

    from issues.consumers import LIVE_ON

    pages, sockets = production
    session = SessionStore()
    session[SESSION_KEY] = str(resident_of_bukit_duri.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = resident_of_bukit_duri.get_session_auth_hash()
    session.save()

    with ExitStack() as open_sockets:
        viewers = [
            open_sockets.enter_context(
                connect(
                    f"ws://127.0.0.1:{port}/ws/issues/{flooded_street.pk}/?after=0",
                    origin=f"http://127.0.0.1:{port}",
                    open_timeout=10,
                )
            )
            for port in sockets
        ]
        # Both are live (caught up, subscribed) before anything is posted: what follows cannot be a replay.
        for viewer in viewers:
            assert viewer.recv(timeout=10) == LIVE_ON
        for seq, (port, text) in enumerate(
            [(pages[0], "Posted through the first gunicorn"), (pages[1], "Posted through the second gunicorn")], start=1
        ):
            assert post_comment(port, session.session_key, flooded_street.pk, text) == 302
            deadline = time.monotonic() + LIVE_WITHIN
            for viewer in viewers:
                # recv raises TimeoutError if the event is not there by the deadline (a broken fan-out
                # would leave it to the heartbeat's sweep, many seconds later).
                message = viewer.recv(timeout=max(0.0, deadline - time.monotonic()))
                assert message.startswith(f"<!--seq:{seq}-->") and text in message


# --- The README's recipe, for real: nginx with TLS in front (deploy/nginx.conf) -------------------

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists() and os.environ.get("CI") != "true",  # under CI=true it runs (.ci/run installs it)
    reason="needs Debian's nginx (apt-get install -y nginx)",
)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def nginx_site(folder: Path, *, https: int, http: int, pages, sockets, cert, key, media: Path) -> Path:
    """deploy/nginx.conf with this test's ports, paths and certificate; the rest exactly as shipped."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = site.replace(
        "    server 127.0.0.1:8001;\n    server 127.0.0.1:8002;\n",
        "".join(f"    server 127.0.0.1:{port};\n" for port in pages),
    ).replace(
        "    server 127.0.0.1:9001;\n    server 127.0.0.1:9002;\n",
        "".join(f"    server 127.0.0.1:{port};\n" for port in sockets),
    )
    replacements = {
        "listen 443 ssl;": f"listen 127.0.0.1:{https} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "warga.example.go.id": "127.0.0.1",
        "/etc/letsencrypt/live/127.0.0.1/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/127.0.0.1/privkey.pem": str(key),
        "/srv/balai-warga/staticfiles/": f"{settings.STATIC_ROOT}/",
        "/srv/balai-warga/media/": f"{media}/",
        "/etc/nginx/balai-admin-networks.conf": str(folder / "admin-networks.conf"),
    }
    for old, new in replacements.items():
        assert old in site, old
        site = site.replace(old, new)
    # No network may open the administration in this test: nginx must refuse it.
    (folder / "admin-networks.conf").write_text("allow 192.0.2.1;\n")
    (folder / "site.conf").write_text(site)
    main = folder / "nginx.conf"
    temp = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main.write_text(
        f"user root;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        f"events {{}}\nhttp {{\n    include /etc/nginx/mime.types;\n    access_log {folder}/access.log;\n{temp}"
        f"    include {folder}/site.conf;\n}}\n"
    )
    return main


@pytest.fixture
def behind_nginx(transactional_db, tmp_path, fresh_counts):
    """The recipe: check --deploy, collectstatic, 2 gunicorn + 2 daphne on 127.0.0.1, nginx with TLS."""
    https, http = free_port(), free_port()
    origin = f"https://127.0.0.1:{https}"
    media = tmp_path / "media"
    (media / "issues").mkdir(parents=True)
    (media / "issues" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": origin,
        "SITE_URL": origin,
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        "TRUSTED_PROXY_COUNT": "1",
        "MEDIA_ROOT": str(media),
        "DATABASE_URL": database_url_of_tests(),
        "REDIS_URL": os.environ["REDIS_URL"],
        # Limits on, as in production; one comment per address a minute, to see which address counts.
        "RATE_LIMITS": "1",
        "COMMENT_RATE_PER_MINUTE_PER_ADDRESS": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("OUTBOX_SEND_ON_COMMIT", None)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    # What the systemd unit runs before gunicorn starts: the recipe's settings pass, as errors.
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    cert, key = self_signed_certificate(tmp_path)
    pages, sockets = [free_port(), free_port()], [free_port(), free_port()]
    config = nginx_site(tmp_path, https=https, http=http, pages=pages, sockets=sockets, cert=cert, key=key, media=media)
    with servers(env, tmp_path) as start:
        for port in pages:
            start(gunicorn_command(port, tmp_path), port)
        for port in sockets:
            start(daphne_command(port), port)
        start([NGINX, "-c", str(config), "-g", "daemon off;"], https, log=tmp_path / "error.log")
        start.wait()
        yield {"origin": origin, "https": https, "http": http, "cert": cert}


class Browser:
    """A person's browser over HTTPS: cookies (Secure ones included), the CSRF token, no redirects followed."""

    def __init__(self, origin: str, cert: Path):
        import ssl
        import urllib.request
        from http.cookiejar import CookieJar

        self.origin = origin
        self.cookies = CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=ssl.create_default_context(cafile=str(cert))),
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirect,
        )

    def cookie(self, name: str) -> str:
        return next((c.value for c in self.cookies if c.name == name), "")

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None):
        import urllib.error
        import urllib.request

        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.origin + path, data=body, method=method, headers=headers or {})
        if method == "POST":
            request.add_header("Referer", self.origin + path)
            request.add_header("X-CSRFToken", self.cookie("csrftoken"))
        try:
            response = self.opener.open(request, timeout=20)
        except urllib.error.HTTPError as error:
            response = error
        return response.status, dict(response.headers), response.read().decode(errors="replace")

    def comment(self, issue, body: str, *, claiming: str):
        """Post a comment with an X-Forwarded-For header that claims the address ``claiming``."""
        headers = {"X-Forwarded-For": claiming, "Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", f"/issues/{issue.pk}/comments/", {"body": body}, headers=headers)

    def sign_in(self, email: str, password: str) -> None:
        import re

        status, _headers, page = self.request("GET", "/accounts/login/")
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        status, headers, page = self.request(
            "POST", "/accounts/login/", {"login": email, "password": password, "csrfmiddlewaretoken": token}
        )
        assert status == 302, page[:2000]
        assert self.cookie(settings.SESSION_COOKIE_NAME), "no session cookie over https"
        assert all(c.secure for c in self.cookies if c.name == settings.SESSION_COOKIE_NAME)


def with_real_password(user):
    """The servers hash with production's hashers, not the tests' fast one."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hashed = PBKDF2PasswordHasher().encode(settings.DEMO_PASSWORD, PBKDF2PasswordHasher().salt())
    type(user).objects.filter(pk=user.pk).update(password=hashed)
    return user


@needs_nginx
def test_the_recipe_behind_nginx_with_tls(behind_nginx, flooded_street, resident_of_bukit_duri, resident_of_manggarai):
    import ssl

    from websockets.sync.client import connect

    from issues.consumers import LIVE_ON

    origin, cert = behind_nginx["origin"], behind_nginx["cert"]
    first, second = Browser(origin, cert), Browser(origin, cert)
    first.sign_in(with_real_password(resident_of_bukit_duri).email, settings.DEMO_PASSWORD)
    second.sign_in(with_real_password(resident_of_manggarai).email, settings.DEMO_PASSWORD)

    context = ssl.create_default_context(cafile=str(cert))
    with connect(
        f"wss://127.0.0.1:{behind_nginx['https']}/ws/issues/{flooded_street.pk}/?after=0",
        origin=origin,
        ssl=context,
        open_timeout=10,
    ) as viewer:
        assert viewer.recv(timeout=10) == LIVE_ON
        # A client claiming another address: nginx replaces it with the one it sees.
        status, headers, page = first.comment(flooded_street, "Through nginx, over TLS", claiming="203.0.113.1")
        assert status == 302, page[:2000]
        assert headers.get("X-Request-ID")
        message = viewer.recv(timeout=LIVE_WITHIN)
        assert "Through nginx, over TLS" in message

    # One comment a minute per address: a second person claiming yet another address is still
    # counted as the address nginx saw (127.0.0.1 here), so the spoofing buys nothing.
    status, _headers, page = second.comment(flooded_street, "A second comment, same address", claiming="198.51.100.7")
    assert status == 429, page[:2000]

    # Plain http is sent to https; the health answers; the administration is not for this network.
    plain = HTTPConnection("127.0.0.1", behind_nginx["http"], timeout=10)
    plain.request("GET", "/issues/", headers={"Host": "127.0.0.1"})
    redirect = plain.getresponse()
    assert redirect.status == 301 and redirect.getheader("Location").startswith("https://127.0.0.1")
    status, _headers, body = first.request("GET", "/healthz")
    assert status == 200 and '"ok"' in body
    status, _headers, _body = first.request("GET", "/admin/")
    assert status == 403

    # Uploads: shown as images at most, never sniffed into a page.
    status, headers, _body = first.request("GET", "/media/issues/photo.jpg")
    assert status == 200
    assert headers["Content-Security-Policy"] == "default-src 'none'; img-src 'self'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Hashed static files are cached for a year; the page links to them by their hashed name.
    _status, _headers, page = first.request("GET", "/issues/")
    import re

    hashed = re.search(r'(/static/[^"\']+\.[0-9a-f]{12}\.css)', page).group(1)
    status, headers, _body = first.request("GET", hashed)
    assert status == 200 and "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
