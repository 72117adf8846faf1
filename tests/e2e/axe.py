"""axe-core in the browser tests: ``assert_accessible(page)`` runs the WCAG 2.1 A and AA rules
on the page as it is now and fails with every violation found. The engine is a pinned copy from
the npm registry (package.json's dev dependency, installed by ``make vendor`` into node_modules/;
no page of the site loads it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _engine() -> Path:
    if not ENGINE.exists():
        message = "axe-core is missing: run `make vendor` (the browser tests' accessibility engine)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return ENGINE


def violations(page) -> list[str]:
    """Each WCAG 2.1 AA violation on ``page``, as "rule: what failed (where)". The page must have
    JavaScript on (in a context without it, evaluating axe never returns)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's debugging protocol, which the site's CSP (no inline
        # script) does not govern, so the pages are tested with their real policy.
        page.evaluate(_engine().read_text() + "\n;true")
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        f"{v['id']}: {v['help']} ({', '.join(' '.join(node['target']) for node in v['nodes'][:5])})"
        for v in results["violations"]
    ]


def assert_accessible(page, where: str = "") -> None:
    found = violations(page)
    assert not found, f"axe-core found WCAG 2.1 AA violations on {where or page.url}:\n" + "\n".join(found)
