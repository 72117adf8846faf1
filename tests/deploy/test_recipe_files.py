"""The files of deploy/ say everything production needs."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Read by the settings but not for production: the tests' and the development database's.
NOT_FOR_PRODUCTION = {"TEST_DATABASE_NAME", "SQLITE_PATH"}


def test_the_env_file_template_names_every_setting_production_reads():
    sources = (ROOT / "deliberation" / "settings.py").read_text() + (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]+)"', sources))
    read |= set(re.findall(r'os\.environ\.get\("([A-Z][A-Z0-9_]+)"', sources))
    template = (ROOT / "deploy" / "balai-warga.env.example").read_text()
    listed = set(re.findall(r"^#?([A-Z][A-Z0-9_]+)=", template, flags=re.MULTILINE))
    assert read - NOT_FOR_PRODUCTION - listed == set()


def test_each_unit_reads_the_env_file_and_gunicorn_refuses_a_broken_deployment():
    units = {path.name: path.read_text() for path in (ROOT / "deploy" / "systemd").glob("*.service")}
    assert set(units) == {"balai-gunicorn@.service", "balai-daphne@.service", "balai-worker.service"}
    assert all("EnvironmentFile=/etc/balai-warga/env" in text for text in units.values())
    assert "check --deploy --fail-level ERROR" in units["balai-gunicorn@.service"]
    assert "run_worker" in units["balai-worker.service"]
