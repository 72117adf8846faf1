"""The import graph tells the truth: wiring on top, domain apps in the middle, core at the bottom.

    deliberation/ → pages/, privacy/ → the domain apps → accounts/ → core/

Read from the source with ``ast`` (every .py file outside tests/, bench/ and migrations),
imports inside functions included: a lazy import is still a dependency. Between domain apps
a dependency is an explicit import, never a string lookup (``apps.get_model``,
``getattr(module, name)``).
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {"tests", "bench", "migrations", "node_modules", "static", "templates", "locale"}

WIRING = {"deliberation"}
# Composed at the top from several domain apps: the shared pages, leaving (erasure, export), the API.
PAGES = {"pages", "privacy", "api"}
BOTTOM = {"accounts", "core"}


def _project_apps() -> set[str]:
    return {
        p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists() and p.name not in SKIPPED_DIRS
    }


APPS = _project_apps()
DOMAIN = APPS - WIRING - PAGES - BOTTOM


def _sources() -> list[Path]:
    found = []
    for app in sorted(APPS):
        for path in (ROOT / app).rglob("*.py"):
            if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts[1:]):
                found.append(path)
    return found


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _app_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def _imported_modules(tree: ast.Module) -> list[tuple[int, str]]:
    """(line, dotted module) of every import in the file; ``from a import b`` also yields ``a.b``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
            found.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
    return found


def _edges() -> dict[tuple[str, str], list[str]]:
    """(importing app, imported project app) → where ("path:line")."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in _sources():
        source = _app_of(path)
        for line, module in _imported_modules(_tree(path)):
            target = module.split(".")[0]
            if target in APPS and target != source:
                edges.setdefault((source, target), []).append(f"{path.relative_to(ROOT)}:{line}")
    return edges


def _violations(allowed) -> list[str]:
    return [
        f"{source} imports {target} ({', '.join(sorted(set(where)))})"
        for (source, target), where in sorted(_edges().items())
        if not allowed(source, target)
    ]


def test_the_apps_are_where_the_layering_test_expects_them():
    assert {"deliberation", "pages", "privacy", "accounts", "core", "issues", "comments", "votes", "responses"} <= APPS


def test_no_domain_app_imports_the_pages_or_the_wiring():
    assert _violations(lambda source, target: not (source in DOMAIN | BOTTOM and target in WIRING | PAGES)) == []


def test_only_the_wiring_imports_pages():
    assert _violations(lambda source, target: target not in PAGES or source in WIRING) == []


def test_core_imports_no_project_app():
    assert _violations(lambda source, target: source != "core") == []


def test_accounts_imports_only_core_among_the_project_apps():
    # residency sits above accounts (it may import accounts), never the reverse.
    assert _violations(lambda source, target: source != "accounts" or target == "core") == []


def test_no_app_looks_a_model_up_by_name():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _sources()
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "apps.get_model(" in line
    ]
    assert found == []


def _module_names(tree: ast.Module, path: Path) -> set[str]:
    """Names bound to a project module in this file (``import votes.queries``, ``from responses import actions``)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in APPS:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.split(".")[0] in APPS:
            base = ROOT.joinpath(*node.module.split("."))
            for alias in node.names:
                if (base / f"{alias.name}.py").exists() or (base / alias.name / "__init__.py").exists():
                    names.add(alias.asname or alias.name)
    return names


def _lookups_by_name(tree: ast.Module, path: Path) -> list[int]:
    """Lines of ``getattr(<project module>, <anything but a literal>)``."""
    modules = _module_names(tree, path)
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "getattr"
        and len(node.args) >= 2
        and isinstance(node.args[0], ast.Name)
        and node.args[0].id in modules
        and not isinstance(node.args[1], ast.Constant)
    ]


def test_no_app_calls_into_another_module_by_a_name_held_in_a_variable():
    found = [f"{path.relative_to(ROOT)}:{line}" for path in _sources() for line in _lookups_by_name(_tree(path), path)]
    assert found == []


def test_the_lookup_check_sees_the_shape_it_forbids():
    """Not vacuous: the hook votes once used to reach responses is found, a literal name is not."""
    hidden = "from responses import actions as responses_actions\n\ndef tell(hook):\n    getattr(responses_actions, hook)()\n"
    plain = "from responses import actions as responses_actions\n\ngetattr(responses_actions, 'support_changed')\n"
    path = ROOT / "votes" / "actions.py"
    assert _lookups_by_name(ast.parse(hidden), path) == [4]
    assert _lookups_by_name(ast.parse(plain), path) == []


def test_no_domain_app_renders_a_template_of_pages():
    """The parts a domain app renders (and pushes live) are its own; pages' templates are pages' alone."""
    outside = [p for p in _sources() if _app_of(p) not in PAGES | WIRING]
    outside += [
        p for p in (ROOT / "templates").rglob("*.html") if p.relative_to(ROOT / "templates").parts[0] != "pages"
    ]
    found = [str(p.relative_to(ROOT)) for p in outside if '"pages/' in p.read_text() or "'pages/" in p.read_text()]
    assert found == []
