"""Every UI string has its English, with the same placeholders, and the compiled catalogue matches."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "webapp" / "translations"
PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _ui_strings() -> set[str]:
    """What ``pybabel extract`` finds with the project's mapping (templates, views and the engine's N_ phrases:
    labels, deadlines, errors, field errors, notices, charts; the JSON API's parsing words)."""
    method_map = [("webapp/**.py", "python"), ("webapp/templates/**.html", "jinja2"),
                  ("engine/**.py", "python")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "N_": None}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=method_map, keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as handle:
        return read_po(handle, locale="en")


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def _translated(string: str | tuple[str, ...]) -> bool:
    return bool(string) and (isinstance(string, str) or all(string))


def test_every_ui_string_has_english() -> None:
    translated = {_key(m.id) for m in _catalog() if m.id and _translated(m.string) and not m.fuzzy}
    missing = sorted(_ui_strings() - translated)
    assert missing == [], "add English to webapp/translations/en/LC_MESSAGES/messages.po (see README there)"


def test_placeholders_are_kept() -> None:
    for message in _catalog():
        if message.id and _translated(message.string):
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strings = [message.string] if isinstance(message.string, str) else list(message.string)
            expected = set(PLACEHOLDER.findall(ids[0]))
            for string in strings:
                assert set(PLACEHOLDER.findall(string)) == expected, message.id


def _plain(string: str | tuple[str, ...] | list[str]) -> str | tuple[str, ...]:
    return string if isinstance(string, str) else tuple(string)


def test_the_compiled_catalogue_matches_the_po_file() -> None:
    with MO.open("rb") as handle:
        compiled = {_key(m.id): _plain(m.string) for m in read_mo(handle) if m.id}
    expected = {_key(m.id): _plain(m.string) for m in _catalog() if m.id and _translated(m.string) and not m.fuzzy}
    assert compiled == expected, "run: .venv/bin/pybabel compile -d webapp/translations"
