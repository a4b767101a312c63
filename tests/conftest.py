"""Fixtures shared by the whole suite.

Tests hit a real database: SQLite by default, PostgreSQL when DATABASE_URL points at one
(`make test` runs the suite on both).
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Every test hashes with MD5: PBKDF2's deliberate slowness made the suite slow for nothing.

    Production keeps Django's default (PBKDF2); no test depends on which hasher is used.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """Each test starts in English: a request to a /fr/ or /es/ page leaves its language
    active in the thread (LocaleMiddleware activates it and nothing resets it), and the
    next test's `reverse()` would otherwise build French addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def reference_data(db):
    """The reference data (SDGs, targets, GCM, themes, partner types, countries, summits)."""
    call_command("load_pfp_data", "--reference-only", verbosity=0)


@pytest.fixture
def report_practices(db):
    """Reference data plus the 32 published practices of the GFMD report."""
    call_command("load_pfp_data", verbosity=0)


@pytest.fixture(autouse=True)
def fresh_facet_index():
    """Each test starts with no facet index in memory, as a new process would.

    Tests roll their data back, which a running process never sees happen.
    """
    from practices.search.index import holder

    holder.reset()
    yield
    holder.reset()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rate-limit counts and cached pages never carry
    over from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_search_variants():
    """Each test starts with no search variants in memory, as a new process would: tests roll
    back the generation along with the variants, which a running process never sees."""
    from pfp.taxonomy import variants

    variants.reset()
    yield
    variants.reset()
