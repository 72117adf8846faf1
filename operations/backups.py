"""Backups: the PostgreSQL database (pg_dump's custom format) and the media folder, with the counts
they hold, in one timestamped folder; and the drill that proves a restored copy is whole.

Restore (README "Backups"): ``createdb NEW && pg_restore --no-owner -d NEW database.dump``,
``tar -xzf media.tar.gz -C NEW_MEDIA_ROOT`` and ``tar -xzf private-media.tar.gz -C NEW_PRIVATE_MEDIA_ROOT``
(consent forms and attendance sheets, which no URL serves), then, with DATABASE_URL pointing at NEW,
``manage.py backup --check FOLDER``: every count as in counts.json and every tally matches its votes.
"""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from comments.models import Comment
from issues.models import Issue
from moderation.models import ModerationAction
from responses.models import OfficialResponse
from votes import tallies
from votes.models import Vote


def census() -> dict[str, int]:
    """What a restore must bring back, counted (every row, hidden or not)."""
    return {
        "issues": Issue.objects.count(),
        "comments": Comment.objects.count(),
        "votes": Vote.objects.count(),
        "responses": OfficialResponse.objects.count(),
        "moderation_acts": ModerationAction.objects.count(),
    }


def _pg_env_and_args() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    return env, args


def back_up(*, into: Path) -> Path:
    """Write ``into``/balai-<UTC time>/ with database.dump, media.tar.gz and counts.json; its path."""
    if not settings.ON_POSTGRESQL:
        raise RuntimeError("backups need PostgreSQL (DATABASE_URL); copy db.sqlite3 in development")
    folder = into / f"balai-{timezone.now():%Y%m%dT%H%M%SZ}"
    folder.mkdir(parents=True)
    counts = census()  # before the dump: rows written meanwhile only make the dump larger
    env, args = _pg_env_and_args()
    dump = subprocess.run(
        [
            "pg_dump",
            *args,
            "--format=custom",
            "--file",
            str(folder / "database.dump"),
            connection.settings_dict["NAME"],
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if dump.returncode != 0:
        raise RuntimeError(f"pg_dump failed: {dump.stderr.strip()}")
    for name, root in ARCHIVES.items():
        with tarfile.open(folder / name, "w:gz") as archive:
            if Path(root()).exists():
                archive.add(Path(root()), arcname=".")
    (folder / "counts.json").write_text(json.dumps(counts, indent=2))
    return folder


def check_restored(folder: Path) -> list[str]:
    """What differs between this database and the backup in ``folder``: counts, tallies, media files."""
    problems = []
    expected = json.loads((folder / "counts.json").read_text())
    for name, count in census().items():
        if count < expected.get(name, 0):
            problems.append(f"{name}: {count} here, {expected[name]} in the backup")
    problems += [str(diff) for diff in tallies.differences()]
    for name, root in ARCHIVES.items():
        if not (folder / name).exists():  # a backup made before private files were archived
            continue
        with tarfile.open(folder / name) as archive:
            files = [member.name for member in archive.getmembers() if member.isfile()]
        kind = name.removesuffix(".tar.gz")
        problems += [f"{kind} file missing: {f}" for f in files if not (Path(root()) / f).is_file()]
    return problems


# The folders a backup archives, each read when it runs (tests point them elsewhere).
ARCHIVES = {
    "media.tar.gz": lambda: settings.MEDIA_ROOT,
    "private-media.tar.gz": lambda: settings.PRIVATE_MEDIA_ROOT,
}
