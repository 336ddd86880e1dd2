"""A sentence as its Indonesian msgid and parameters, so whoever shows it can say it in the reader's language.

The engine speaks Indonesian and translates nothing (it never imports Flask): an error, a field error, a notice
or a deadline is a :class:`Phrase` whose ``str()`` is the Indonesian text (the CLI, logs, emails, exports) and
whose :meth:`Phrase.render` takes the web app's ``gettext``/``ngettext`` (pages and the API in English).
``N_`` marks a msgid for ``pybabel extract`` (one of its default keywords); ``ngettext`` marks a phrase with a
number. This module imports nothing of Alur's, so ``engine.errors`` and the models can use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeAlias


def N_(text: str) -> str:
    """Marks an Indonesian msgid for extraction; returns it unchanged (translation happens on the page)."""
    return text


def ngettext(singular: str, plural: str, count: int) -> Phrase:
    """A phrase with a number, marked for extraction under pybabel's plural keyword; translates nothing here.

    Indonesian has one form ("2 hari kerja"); the web picks the English singular or plural by ``count``.
    """
    return Phrase(singular, plural=plural, count=count)


@dataclass(frozen=True)
class When:
    """A day, or a moment already in the office's zone, as a phrase parameter. Plain text (the CLI, emails, exports,
    Indonesian everywhere) says ``03-12-2026 09.00``; a page says it the reader's way ("3 Desember 2026 09.00",
    "3 December 2026, 09:00") through the ``when`` formatter :meth:`Phrase.render` is given."""

    at: date | datetime

    def __str__(self) -> str:
        return f"{self.at:%d-%m-%Y %H.%M}" if isinstance(self.at, datetime) else f"{self.at:%d-%m-%Y}"

    def to_json(self) -> dict[str, str]:
        return {"when": self.at.isoformat()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> When:
        text = str(data["when"])
        return cls(datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text))


Param: TypeAlias = "str | int | float | When | Phrase"
#: How a page shows a :class:`When` in its language.
WhenFormatter: TypeAlias = Callable[[When], str]


@dataclass(frozen=True)
class Phrase:
    """A sentence as its Indonesian msgid and parameters, so whoever shows it can translate it.

    ``str(phrase)`` is the Indonesian text (notices, exports, the CLI). ``plural`` and ``count`` make a
    phrase with a number ("%(num)s hari kerja"): Indonesian has one form, English two. A parameter may
    itself be a phrase; it is rendered with the same translator. A msgid with parameters writes a literal
    percent sign as ``%%``.
    """

    key: str
    params: Mapping[str, Param] = field(default_factory=dict)
    plural: str | None = None
    count: int | None = None

    def render(self, gettext: Callable[[str], str] | None = None,
               ngettext: Callable[[str, str, int], str] | None = None, when: WhenFormatter = str) -> str:
        """The phrase in the language of ``gettext``/``ngettext`` and ``when`` (Indonesian when they are not
        given)."""
        if not self.key:
            return ""  # gettext("") is the catalog's header
        values = {name: _rendered(value, gettext, ngettext, when) for name, value in self.params.items()}
        if self.plural is not None and self.count is not None:
            template = ngettext(self.key, self.plural, self.count) if ngettext else self.key
            values.setdefault("num", self.count)
        else:
            template = gettext(self.key) if gettext else self.key
        try:
            return template % values if values else template
        except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder: say it in Indonesian
            return self.key % values if values else self.key

    def __str__(self) -> str:
        return self.render()

    def to_json(self) -> dict[str, Any]:
        """The phrase as plain JSON (a notice keeps it in its ``message`` column); see :meth:`from_json`."""
        data: dict[str, Any] = {"key": self.key}
        if self.params:
            data["params"] = {name: value.to_json() if isinstance(value, (Phrase, When)) else value
                              for name, value in self.params.items()}
        if self.plural is not None:
            data["plural"], data["count"] = self.plural, self.count
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Phrase:
        """A phrase saved by :meth:`to_json`; a parameter saved as an object is a phrase or a :class:`When` again."""
        params = {name: (When.from_json(value) if "when" in value else cls.from_json(value))
                  if isinstance(value, Mapping) else value for name, value in (data.get("params") or {}).items()}
        return cls(str(data["key"]), params, data.get("plural"), data.get("count"))


def _rendered(value: Param, gettext: Callable[[str], str] | None, ngettext: Callable[[str, str, int], str] | None,
              when: WhenFormatter) -> Any:
    if isinstance(value, Phrase):
        return value.render(gettext, ngettext, when)
    if isinstance(value, When):
        return when(value)
    return value


def phrase_of(message: str | Phrase, params: Mapping[str, Param] | None = None) -> Phrase:
    """``message`` as a phrase: a phrase stays itself; a msgid gets ``params`` (a plain sentence none)."""
    if isinstance(message, Phrase):
        return message
    return Phrase(message, dict(params or {}))
