"""The English catalogue is complete, not fuzzy, compiled from its .po, and holds every
string the code marks for translation (`make messages` adds new ones)."""

import gettext
import shutil
import subprocess
import sys

import pytest

from tests.cchc.catalogue import MO, ROOT, read_po


def sources():
    """What `make messages` scans (every Python package but the tests, the templates),
    copied to a scratch folder so the test never rewrites the committed catalogue."""
    packages = [
        entry.name
        for entry in ROOT.iterdir()
        if (entry / "__init__.py").exists() and entry.name != "tests"
    ]
    return [*packages, "templates", "manage.py"]


def entries():
    return [e for e in read_po() if e.msgid and not e.obsolete]


def test_the_english_catalogue_exists_with_entries():
    assert len(entries()) > 500


def test_every_english_entry_is_translated():
    missing = [e.msgid for e in entries() if not all(e.msgstr.values()) or not e.msgstr]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:10]}"


def test_no_english_entry_is_fuzzy():
    fuzzy = [e.msgid for e in entries() if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries (check, then remove the flag): {fuzzy[:10]}"


def test_no_obsolete_entries_are_kept():
    assert not [e.msgid for e in read_po() if e.obsolete]


def test_placeholders_survive_translation():
    """A translation keeps the msgid's %(name)s and {name} placeholders, or formatting fails
    at run time in English only."""
    import re

    holder = re.compile(r"%\(\w+\)[sdif]|%[sd]|\{\w*\}")
    wrong = [
        e.msgid
        for e in entries()
        for text in e.msgstr.values()
        if sorted(holder.findall(text)) != sorted(holder.findall(e.msgid))
    ]
    assert not wrong, wrong[:10]


def test_the_compiled_catalogue_is_up_to_date_with_the_po():
    assert MO.exists(), "no compiled catalogue: run `make install` (compilemessages)"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # noqa: SLF001
    for entry in entries():
        if entry.msgid_plural:
            for index, text in entry.msgstr.items():
                assert compiled.get((entry.key, index)) == text, entry.msgid
        else:
            assert compiled.get(entry.key) == entry.msgstr[0], (
                f"{entry.msgid!r} differs in django.mo: run `make install` (compilemessages)"
            )


@pytest.mark.skipif(not shutil.which("xgettext"), reason="gettext is not installed")
def test_every_marked_string_is_in_the_english_catalogue(tmp_path):
    """A string marked in the code but missing from the catalogue shows in Vietnamese on
    the English interface: `make messages` adds it, then it needs its translation."""
    for name in sources():
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    (tmp_path / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    marked = {e.key for e in read_po(tmp_path / "locale/en/LC_MESSAGES/django.po") if e.msgid}
    known = {e.key for e in entries()}
    assert not sorted(marked - known), (
        f"run `make messages` and translate: {sorted(marked - known)[:10]}"
    )
