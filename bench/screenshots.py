"""Screenshots of the main pages at a phone's and a laptop's size (``make screenshots``).

Sets up a throwaway SQLite database with the demo data (seed_demo), serves it with the
development server, and has Debian's chromium (through Playwright) photograph the first
screen of the home page, the issue list, an issue, the new-issue form (signed in as the demo
resident) and the accountability dashboard at 360 x 740 and 1280 x 800, into
docs/screenshots/<page>-<width>x<height>.png. ``--url`` photographs a site already running
(with the demo accounts) instead, ``--out`` puts the pictures elsewhere (the "before" pictures
of docs/screenshots/before/ were taken so, of the site before the new look).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZES = [(360, 740), (1280, 800)]
RESIDENT = "warga@demo.balaiwarga.id"
PASSWORD = "balai-warga-demo"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_site(workdir: Path) -> tuple[subprocess.Popen, str]:
    """A development server on a fresh demo database in ``workdir``."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "SQLITE_PATH": str(workdir / "db.sqlite3"),
        "MEDIA_ROOT": str(workdir / "media"),
        "RATE_LIMITS": "0",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput", "-v", "0"], ["seed_demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the demo server did not start")


def photograph(url: str, out: Path = OUT) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for width, height in SIZES:
            context = browser.new_context(viewport={"width": width, "height": height}, base_url=url)
            saved += photograph_pages(context.new_page(), f"{width}x{height}", out)
            context.close()
        browser.close()
    return saved


def photograph_pages(page, size: str, out: Path) -> list[Path]:
    saved = []

    def shot(name: str) -> None:
        page.wait_for_load_state("networkidle")
        path = out / f"{name}-{size}.png"
        page.screenshot(path=str(path))
        saved.append(path)

    page.goto("/")
    shot("home")
    page.goto("/issues/")
    shot("list")
    # The issue with the most support: the demo's story has a clock running there.
    page.locator(".issue-row-title").first.click()
    shot("issue")
    page.goto("/accountability/")
    shot("dashboard")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(RESIDENT)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(lambda address: "/accounts/login/" not in address)
    page.goto("/issues/new/")
    shot("new-issue")
    return saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running site with the demo data (default: start one)")
    parser.add_argument("--out", type=Path, default=OUT, help="where the pictures go (default: docs/screenshots)")
    args = parser.parse_args()
    if args.url:
        saved = photograph(args.url.rstrip("/"), args.out.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="balai-screens-") as workdir:
            server, url = demo_site(Path(workdir))
            try:
                saved = photograph(url, args.out.resolve())
            finally:
                server.terminate()
                server.wait(timeout=10)
    for path in saved:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
