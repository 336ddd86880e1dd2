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
from typing import Any, TypeAlias


def N_(text: str) -> str:
    """Marks an Indonesian msgid for extraction; returns it unchanged (translation happens on the page)."""
    return text


def ngettext(singular: str, plural: str, count: int) -> Phrase:
    """A phrase with a number, marked for extraction under pybabel's plural keyword; translates nothing here.

    Indonesian has one form ("2 hari kerja"); the web picks the English singular or plural by ``count``.
    """
    return Phrase(singular, plural=plural, count=count)


Param: TypeAlias = "str | int | float | Phrase"


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
               ngettext: Callable[[str, str, int], str] | None = None) -> str:
        """The phrase in the language of ``gettext``/``ngettext`` (Indonesian when they are not given)."""
        if not self.key:
            return ""  # gettext("") is the catalog's header
        values = {name: value.render(gettext, ngettext) if isinstance(value, Phrase) else value
                  for name, value in self.params.items()}
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
            data["params"] = {name: value.to_json() if isinstance(value, Phrase) else value
                              for name, value in self.params.items()}
        if self.plural is not None:
            data["plural"], data["count"] = self.plural, self.count
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Phrase:
        """A phrase saved by :meth:`to_json`; a parameter saved as an object is a phrase again."""
        params = {name: cls.from_json(value) if isinstance(value, Mapping) else value
                  for name, value in (data.get("params") or {}).items()}
        return cls(str(data["key"]), params, data.get("plural"), data.get("count"))


def phrase_of(message: str | Phrase, params: Mapping[str, Param] | None = None) -> Phrase:
    """``message`` as a phrase: a phrase stays itself; a msgid gets ``params`` (a plain sentence none)."""
    if isinstance(message, Phrase):
        return message
    return Phrase(message, dict(params or {}))
