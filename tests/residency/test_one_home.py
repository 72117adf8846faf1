"""Residency is one app: its model, pages and command are residency's, its table and addresses unchanged,
and accounts (below it) imports none of it."""

import ast
from pathlib import Path

from django.core.management import get_commands
from django.urls import reverse

from residency.models import ResidencyRequest

ROOT = Path(__file__).resolve().parents[2]
ABOVE_ACCOUNTS = {"residency", "votes", "issues", "comments", "responses", "moderation", "notifications", "pages"}


def test_the_model_moved_but_its_table_and_rows_stayed():
    assert ResidencyRequest._meta.app_label == "residency"
    assert ResidencyRequest._meta.db_table == "accounts_residencyrequest"


def test_the_pages_keep_their_names_and_addresses_and_the_command_is_residency_s():
    assert reverse("residency_request") == "/residency/request/"
    assert reverse("residency_queue") == "/residency/queue/"
    assert reverse("residency_decide", args=[7]) == "/residency/7/decide/"
    assert get_commands()["verify_resident"] == "residency"


def _imports(path: Path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module.split(".")[0], node
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node


def test_accounts_imports_no_app_above_it():
    found = []
    for path in sorted((ROOT / "accounts").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for top, _node in _imports(path):
            if top in ABOVE_ACCOUNTS:
                found.append((path.relative_to(ROOT).as_posix(), top))
    # Erasure forgets what each app holds through that app's action, composed in privacy/ above
    # them; residency's decisions notify from residency.actions, not from here.
    assert found == []
