"""The page cache and the public generation are core mechanisms: they know no content app."""

import ast
from pathlib import Path

import pytest

from pfp.core import generation

ROOT = Path(__file__).resolve().parents[2]
CONTENT_APPS = ("practices", "calls_for_action", "meetings")
MECHANISM = [
    "pfp/core/generation.py",
    "pfp/core/page_cache.py",
    "pfp/core/signals.py",
    "pfp/core/spreadsheets.py",
    "pfp/taxonomy/signals.py",
]


def imported_modules(path):
    tree = ast.parse((ROOT / path).read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


@pytest.mark.parametrize("path", MECHANISM)
def test_it_imports_no_content_app(path):
    assert [m for m in imported_modules(path) if m.split(".")[0] in CONTENT_APPS] == []


def test_each_bump_moves_the_generation_by_one(db):
    start = generation.current()
    generation.bump()
    generation.bump()
    assert generation.current() == start + 2


def test_moving_the_generation_records_when_it_moved(db):
    """The open API's Last-Modified is when the public generation last moved."""
    from django.utils import timezone

    assert generation.current_with_time() == (0, None)
    before = timezone.now()
    generation.bump()
    value, changed_at = generation.current_with_time()
    assert value == 1
    assert before <= changed_at <= timezone.now()
    generation.bump()
    assert generation.current_with_time()[1] >= changed_at
