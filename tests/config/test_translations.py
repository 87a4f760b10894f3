"""The committed English catalogues are complete, compiled and keep every placeholder."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from performa.config.catalogues import CATALOGUE_DIRS, compile_po, po_path

# %(name)s, %d, %s, %%; {{ var }} in blocktranslate is already %(var)s in the .po file.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-#0+]*\d*(?:\.\d+)?[sdifr%]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _catalogue(folder: str) -> Catalog:
    with po_path(folder).open("rb") as handle:
        return read_po(handle, locale="en")


def _entries(folder: str) -> list[Message]:
    return [message for message in _catalogue(folder) if message.id]


def _pairs(message: Message) -> list[tuple[str, str]]:
    """(source, translation) for each form: singular to msgstr[0], plural to msgstr[1]."""
    sources = list(message.id) if isinstance(message.id, tuple | list) else [message.id]
    strings = message.string or ""
    translations = list(strings) if isinstance(strings, tuple | list) else [strings]
    return list(zip(sources, translations, strict=True))


@pytest.mark.parametrize("folder", CATALOGUE_DIRS)
def test_committed_mo_is_the_compiled_po(folder: str) -> None:
    mo = po_path(folder).with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run make messages"
    assert mo.read_bytes() == compile_po(po_path(folder)), f"{mo} is stale: run make messages"


@pytest.mark.parametrize("folder", CATALOGUE_DIRS)
def test_every_entry_is_translated_and_not_fuzzy(folder: str) -> None:
    catalogue = _catalogue(folder)
    assert not catalogue.fuzzy, f"{po_path(folder)}: the header is fuzzy"
    assert catalogue.plural_forms == "nplurals=2; plural=(n != 1);"
    untranslated = [
        message.id
        for message in _entries(folder)
        if message.fuzzy or not all(translation.strip() for _, translation in _pairs(message))
    ]
    assert untranslated == [], f"{po_path(folder)}: untranslated or fuzzy {untranslated}"


@pytest.mark.parametrize("folder", CATALOGUE_DIRS)
def test_placeholders_and_markup_survive_translation(folder: str) -> None:
    broken = []
    for message in _entries(folder):
        for source, translation in _pairs(message):
            # A bare "%" in a string that is not python-format ("Peso % nell'…") is only text.
            patterns = (PLACEHOLDER, HTML_TAG) if "python-format" in message.flags else (HTML_TAG,)
            for pattern in patterns:
                expected = Counter(pattern.findall(source))
                found = Counter(pattern.findall(translation))
                # A singular may spell "one" out ("un minuto") while the English keeps the number.
                if isinstance(message.id, tuple) and pattern is PLACEHOLDER:
                    expected, found = Counter(set(expected)), Counter(set(found))
                    if not expected:
                        continue
                if expected != found:
                    broken.append((source, translation))
    assert broken == [], f"{po_path(folder)}: placeholders or tags differ in {broken}"


def test_the_checks_catch_a_broken_entry(tmp_path: Path) -> None:
    """The placeholder pattern sees the slips a translator makes."""
    assert PLACEHOLDER.findall("%(count)d di %(total)s, 50%%") == ["%(count)d", "%(total)s", "%%"]
    assert Counter(PLACEHOLDER.findall("%(count)d of %(totale)s")) != Counter(
        PLACEHOLDER.findall("%(count)d di %(total)s")
    )
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#, fuzzy\nmsgid "Piano"\nmsgstr "Plan"\n',
        encoding="utf-8",
    )
    assert b"Plan" not in compile_po(po), "a fuzzy entry must not reach the .mo file"


def test_a_string_shared_by_two_apps_has_one_translation() -> None:
    """Django merges the catalogues into one, so the same Italian string must read the same.

    A context (pgettext, ``translate … context``) is a different entry for Django, so it is
    part of the key: "schema" of an appraisal and "schema" of an open dataset read apart.
    """
    translations: dict[tuple[str | None, str], dict[str, str]] = {}
    for folder in CATALOGUE_DIRS:
        for message in _entries(folder):
            source, translation = _pairs(message)[0]
            translations.setdefault((message.context, source), {})[folder] = translation
    conflicts = {
        source: by_folder
        for source, by_folder in translations.items()
        if len(set(by_folder.values())) > 1
    }
    assert conflicts == {}
