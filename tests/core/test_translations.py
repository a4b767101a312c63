"""Every interface string is translated into French and Spanish: the catalogues are extracted
again from the code, as a translator would before a release, and no message may come out
untranslated or fuzzy. The extraction runs into a copy of pfp/locale; the committed
catalogues are never touched."""

import ast
import re
import shutil
from contextlib import chdir
from pathlib import Path

import django
import pytest
from django.core.management import call_command
from django.test.utils import override_settings

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "pfp" / "locale"
DOMAINS = ["django", "djangojs"]
# The same ignores as the makemessages and compilemessages commands in the README and the
# Makefile; pfp/locale itself is left out so that makemessages writes into the copy only.
IGNORE = ["pfp/locale", ".venv/*", "test-artifacts/*", "tests/*", "staticfiles/*", "build/*"]

LANGUAGES = ["fr", "es"]


def _unquote(lines):
    """The text of a msgid or msgstr spread over quoted lines."""
    return "".join(ast.literal_eval(line) for line in lines)


def _entries(text):
    """(msgctxt, msgid, [msgstr…], fuzzy) for every live entry of a .po file, header excluded."""
    entries = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        if not lines:
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")$', line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif line.startswith('"') and current:
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        msgid = _unquote(fields["msgid"])
        if msgid == "":
            continue
        context = _unquote(fields["msgctxt"]) if "msgctxt" in fields else None
        strings = [_unquote(value) for key, value in fields.items() if key.startswith("msgstr")]
        entries.append((context, msgid, strings, fuzzy))
    return entries


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """The catalogues as makemessages leaves them, extracted again into a temporary copy."""
    copy = tmp_path_factory.mktemp("i18n") / "locale"
    if LOCALE.exists():
        shutil.copytree(LOCALE, copy)
    else:
        copy.mkdir()
    # makemessages walks the current directory: it runs from the project root.
    with override_settings(LOCALE_PATHS=[str(copy)]), chdir(ROOT):
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=["fr", "es"],
                domain=domain,
                ignore_patterns=IGNORE,
                no_obsolete=True,
                verbosity=0,
            )
    return copy


def _problems(catalogue):
    problems = []
    for context, msgid, strings, fuzzy in _entries(catalogue.read_text(encoding="utf-8")):
        label = f"{context}|{msgid}" if context else msgid
        if fuzzy:
            problems.append(f"fuzzy: {label!r}")
        elif not strings or any(not string for string in strings):
            problems.append(f"untranslated: {label!r}")
    return problems


def test_extraction_leaves_the_committed_catalogues_alone(extracted):
    """Extracting again writes into the copy, never into pfp/locale."""
    assert extracted != LOCALE
    assert (extracted / "fr" / "LC_MESSAGES" / "django.po").exists()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_message_is_translated(extracted, language, domain):
    """No interface string is left untranslated or fuzzy in French or Spanish."""
    catalogue = extracted / language / "LC_MESSAGES" / f"{domain}.po"
    if not catalogue.exists():
        # makemessages writes no catalogue for a domain with no message: nothing to translate.
        assert domain == "djangojs", f"makemessages wrote no {catalogue}"
        return
    problems = _problems(catalogue)
    assert not problems, f"{len(problems)} messages in {language}/{domain}.po:\n" + "\n".join(
        problems
    )


def _header(path):
    """The fields of a .po file's header (the msgstr of its empty msgid)."""
    block = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    lines = [line for line in block.splitlines() if line.startswith('"')]
    fields = {}
    for field in _unquote(lines).split("\n"):
        name, _, value = field.partition(":")
        if value:
            fields[name.strip()] = value.strip()
    return fields, block


@pytest.mark.parametrize("language", ["fr", "es"])
def test_header_names_the_language_and_its_plural_rule(language):
    """A committed catalogue says which language it is, is not fuzzy as a whole, and counts
    as Django's own catalogue of that language does, so that plurals agree on every page."""
    catalogue = LOCALE / language / "LC_MESSAGES" / "django.po"
    fields, block = _header(catalogue)
    assert fields.get("Language") == language
    assert "#, fuzzy" not in block
    django_catalogue = Path(django.__file__).parent / "conf" / "locale" / language / "LC_MESSAGES"
    django_fields, _ = _header(django_catalogue / "django.po")
    assert fields.get("Plural-Forms") == django_fields["Plural-Forms"]
    if language == "fr":
        assert fields["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_a_fuzzy_or_empty_message_is_reported(tmp_path):
    """The check itself catches what it is for: an empty msgstr, an empty plural form and a
    fuzzy entry are all listed."""
    catalogue = tmp_path / "django.po"
    catalogue.write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Done"\nmsgstr "Fait"\n\n'
        'msgid "Empty"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Devinette"\n\n'
        'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] ""\n\n'
        'msgctxt "menu"\nmsgid "Change"\nmsgstr ""\n',
        encoding="utf-8",
    )
    assert _problems(catalogue) == [
        "untranslated: 'Empty'",
        "fuzzy: 'Guess'",
        "untranslated: 'one'",
        "untranslated: 'menu|Change'",
    ]
