"""A backup is proven by restoring it: into a fresh database and a fresh media folder, where every
count comes back and every tally matches its votes (README "Backups")."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from comments import actions as comments
from moderation import actions as moderation
from operations import backups
from tests.responses.conftest import owed_issue, respond  # noqa: F401 (a fixture)
from tests.votes.conftest import verified_siti  # noqa: F401 (a fixture)
from votes import actions as votes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(not settings.ON_POSTGRESQL, reason="pg_dump and pg_restore need PostgreSQL")


def _psql(*args: str, env: dict) -> None:
    subprocess.run(args, env=env, check=True, capture_output=True)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_elsewhere_holds_everything(
    owed_issue,  # noqa: F811
    verified_siti,  # noqa: F811
    resident_of_bukit_duri,
    official_of_water_agency,
    moderator_of_tebet,
    tmp_path,
    settings,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "issues").mkdir(parents=True)
    (settings.MEDIA_ROOT / "issues" / "drain.jpg").write_bytes(b"photo of the drain")
    votes.cast_vote(actor=verified_siti, issue=owed_issue)
    rude = comments.post_comment(actor=resident_of_bukit_duri, issue=owed_issue, body="Rude words here")
    comments.post_comment(actor=verified_siti, issue=owed_issue, body="The drain overflows at night")
    respond(official_of_water_agency, owed_issue, body="Crews go on Monday.")
    moderation.hide_item(actor=moderator_of_tebet, item=rude, reason="abuse")

    call_command("backup", to=tmp_path / "backups")
    (folder,) = (tmp_path / "backups").iterdir()
    counts = json.loads((folder / "counts.json").read_text())
    assert counts == {"issues": 1, "comments": 2, "votes": 1, "responses": 1, "moderation_acts": 1}

    # The restore, as the README says, into a database and a media folder that never saw the data.
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432)}
    env["PGUSER"] = db["USER"] or "postgres"
    fresh = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    _psql("createdb", fresh, env=env)
    try:
        _psql("pg_restore", "--no-owner", "-d", fresh, str(folder / "database.dump"), env=env)
        subprocess.run(["tar", "-xzf", str(folder / "media.tar.gz"), "-C", str(restored_media)], check=True)
        there = {
            **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}},
            "DATABASE_URL": f"postgres://{env['PGUSER']}@{env['PGHOST']}:{env['PGPORT']}/{fresh}",
            "MEDIA_ROOT": str(restored_media),
        }
        drill = subprocess.run(
            [sys.executable, "manage.py", "backup", "--check", str(folder)],
            cwd=ROOT,
            env=there,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert drill.returncode == 0, drill.stdout + drill.stderr
        tallies = subprocess.run(
            [sys.executable, "manage.py", "verify_tallies"], cwd=ROOT, env=there, capture_output=True, text=True
        )
        assert "All tallies match the vote rows." in tallies.stdout, tallies.stdout + tallies.stderr
        assert (restored_media / "issues" / "drain.jpg").read_bytes() == b"photo of the drain"
    finally:
        _psql("dropdb", "--if-exists", fresh, env=env)


@pytest.mark.django_db(transaction=True)
def test_the_drill_names_what_a_restore_lost(flooded_street, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    (settings.MEDIA_ROOT / "issues").mkdir(parents=True)
    (settings.MEDIA_ROOT / "issues" / "a.jpg").write_bytes(b"x")
    (settings.PRIVATE_MEDIA_ROOT / "consent").mkdir(parents=True)
    (settings.PRIVATE_MEDIA_ROOT / "consent" / "form.jpg").write_bytes(b"signed")
    folder = backups.back_up(into=tmp_path)
    (settings.MEDIA_ROOT / "issues" / "a.jpg").unlink()
    (settings.PRIVATE_MEDIA_ROOT / "consent" / "form.jpg").unlink()
    flooded_street.__class__.objects.all().delete()
    problems = backups.check_restored(folder)
    assert "issues: 0 here, 1 in the backup" in problems
    assert "media file missing: ./issues/a.jpg" in problems or "media file missing: issues/a.jpg" in problems
    # The consent forms and attendance sheets no URL serves are backed up too.
    assert any(p.startswith("private-media file missing:") and p.endswith("consent/form.jpg") for p in problems)
