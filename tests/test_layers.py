"""Layers run one way: every product module's imports, read from its source (not imported), go
only in the allowed directions, and no modules import each other in a circle.

    pfp.core      → nothing of ours but itself
    pfp.taxonomy  → pfp.core
    pfp.accounts  → pfp.core, pfp.taxonomy
    pfp.moderation → pfp.core, pfp.accounts
    practices     → pfp.*
    calls_for_action → pfp.*, practices
    meetings      → pfp.*, practices, calls_for_action
    portal        → anything; no app imports it
    devtools      → anything but portal; nothing of the product imports it

The project package's settings and URLconf are the top of the tree, beside the portal.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["pfp", "practices", "calls_for_action", "meetings", "portal", "devtools"]
PFP_APPS = ["pfp.core", "pfp.taxonomy", "pfp.accounts", "pfp.moderation"]
# The project-wide modules that include every app (INSTALLED_APPS, the URLconf).
PROJECT = {"pfp.settings", "pfp.urls", "pfp.wsgi", "pfp.asgi"}

ALLOWED = {
    "pfp.core": set(),
    "pfp.taxonomy": {"pfp.core"},
    "pfp.accounts": {"pfp.core", "pfp.taxonomy"},
    "pfp.moderation": {"pfp.core", "pfp.accounts"},
    "practices": set(PFP_APPS),
    "calls_for_action": {*PFP_APPS, "practices"},
    "meetings": {*PFP_APPS, "practices", "calls_for_action"},
    "portal": {*PFP_APPS, "practices", "calls_for_action", "meetings"},
    "devtools": {*PFP_APPS, "practices", "calls_for_action", "meetings"},
    "project": {*PFP_APPS, "practices", "calls_for_action", "meetings", "portal"},
}


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_modules():
    """{module name: path} of every product module, migrations aside."""
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[module_name(path)] = path
    return modules


def imported_names(module, path):
    """Every product module an import statement names, anywhere in the file (functions too).

    `from . import text` imports the submodule `text`, not its package's code: the package is
    counted only when a name is taken from it."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            submodules = [f"{target}.{alias.name}" for alias in node.names]
            yield from (name for name in submodules if name in MODULES)
            if not all(name in MODULES for name in submodules):
                yield target


def layer_of(module):
    if module in PROJECT:
        return "project"
    for app in PFP_APPS:
        if module == app or module.startswith(app + "."):
            return app
    top = module.split(".")[0]
    return top if top in ALLOWED and top != "pfp" else None


MODULES = product_modules()


def import_graph():
    """{module: {product modules it imports}}."""
    graph = {}
    for module, path in MODULES.items():
        graph[module] = {name for name in imported_names(module, path) if name in MODULES}
        graph[module].discard(module)
    return graph


GRAPH = import_graph()


def test_the_graph_sees_the_imports_of_every_app():
    """The parser is not blind: the known imports of each layer are found."""
    assert "pfp.core.text" in GRAPH["practices.selectors"]
    assert "practices.models" in GRAPH["meetings.selectors"]
    assert "calls_for_action.selectors" in GRAPH["portal.selectors"]
    assert {layer_of(module) for module in MODULES} >= set(ALLOWED) - {"pfp"}


def test_imports_go_only_in_the_allowed_directions():
    wrong = sorted(
        f"{module} imports {imported}"
        for module, imports in GRAPH.items()
        for imported in imports
        if (source := layer_of(module)) != (target := layer_of(imported))
        and target not in ALLOWED[source]
    )
    assert wrong == []


def test_models_import_no_services():
    """A model calls no write path: services use models, never the other way round."""
    wrong = sorted(
        f"{module} imports {imported}"
        for module, imports in GRAPH.items()
        if module.rsplit(".", 1)[-1] == "models"
        for imported in imports
        if imported.rsplit(".", 1)[-1] == "services"
    )
    assert wrong == []
    # The rule has something to look at: write paths exist beside the models.
    assert "practices.services" in MODULES and "practices.models" in MODULES


def find_circle(graph):
    """A list of modules importing each other in a circle, or None."""
    done, on_path = set(), []

    def visit(module):
        if module in on_path:
            return [*on_path[on_path.index(module) :], module]
        if module in done:
            return None
        on_path.append(module)
        for imported in sorted(graph[module]):
            circle = visit(imported)
            if circle:
                return circle
        on_path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        circle = visit(module)
        if circle:
            return circle
    return None


def test_no_modules_import_each_other_in_a_circle():
    assert find_circle(GRAPH) is None


@pytest.mark.parametrize(
    ("graph", "circle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": set(), "c": {"b"}}, None),
    ],
)
def test_the_circle_finder_finds_circles(graph, circle):
    assert find_circle(graph) == circle
