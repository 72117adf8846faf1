"""Development defaults agree with `make run` and print each log line once (issue 13, item 7)."""

import logging
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_e_mailed_site_address_follows_the_port_make_run_serves_on():
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env={**env, "DEBUG": "1", "PORT": "8123"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8123", result.stderr


def test_make_run_passes_its_port_to_the_site():
    run = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "PORT=$(PORT)" in run


def test_a_development_server_line_reaches_one_handler(settings):
    settings.DEBUG = True
    record = logging.LogRecord("django.channels.server", logging.INFO, __file__, 1, "HTTP GET / 200", None, None)
    logger, handlers = logging.getLogger("django.channels.server"), []
    while logger is not None:
        handlers += [
            h
            for h in logger.handlers
            if h.level <= record.levelno and h.filter(record) and not type(h).__module__.startswith("_pytest")
        ]
        logger = logger.parent if logger.propagate else None
    assert len(handlers) == 1
