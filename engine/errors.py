"""One family of errors, each with a message a user can act on.

A message is a :class:`~engine.phrases.Phrase`: its Indonesian msgid (marked ``N_``) and its parameters, so
``str(error)`` and ``error.message`` are the Indonesian sentence (CLI, logs) while the web app and the API say
``error.phrase`` in the reader's language. ``raise NotFound(N_("Langkah %(task)s tidak ditemukan."), task=7)``
passes the parameters as keywords. The web app maps each class to an HTTP status in one place.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine.phrases import N_, Phrase, phrase_of


class AlurError(Exception):
    """Base of every error the engine raises on purpose."""

    def __init__(self, message: str | Phrase, **params: str | int | float | Phrase) -> None:
        self.phrase = phrase_of(message, params)
        self.message = str(self.phrase)
        super().__init__(self.message)


class NotFound(AlurError):
    """The thing asked for does not exist (or is hidden from this user)."""


class NotAuthenticated(AlurError):
    """No valid user is attached to the request."""


class NotAuthorized(AlurError):
    """The user may not do this: wrong role or wrong unit."""


class Conflict(AlurError):
    """The action clashes with the current state (already completed, held by someone else)."""


class IllegalTransition(Conflict):
    """A status change the current status does not allow (completing a closed step, finishing a cancelled case)."""


class ConcurrentUpdate(Conflict):
    """Someone else changed the same case at the same moment; nothing was saved."""


class TooManyAttempts(AlurError):
    """Too many failed sign-ins from this name or address; wait before trying again."""


class ValidationFailed(AlurError):
    """Submitted data is invalid; ``field_errors`` maps a field path to its message.

    ``field_errors`` holds the Indonesian text, ``field_phrases`` the same messages as phrases for the web app.
    """

    def __init__(self, message: str | Phrase, field_errors: Mapping[str, str | Phrase] | None = None,
                 **params: str | int | float | Phrase) -> None:
        super().__init__(message, **params)
        self.field_phrases = {path: phrase_of(text) for path, text in (field_errors or {}).items()}
        self.field_errors = {path: str(phrase) for path, phrase in self.field_phrases.items()}


def where_in_file(file: str | None, element_id: str | None = None, line: int | None = None) -> Phrase | None:
    """ "berkas sop.bpmn baris 12, elemen Task_1": where a problem of an SOP folder is, or ``None``."""
    place = None
    if file:
        place = (Phrase(N_("berkas %(file)s baris %(line)s"), {"file": file, "line": line}) if line
                 else Phrase(N_("berkas %(file)s"), {"file": file}))
    element = Phrase(N_("elemen %(element)s"), {"element": element_id}) if element_id else None
    if place and element:
        return Phrase("%(place)s, %(element)s", {"place": place, "element": element})
    return place or element


class DefinitionError(AlurError):
    """A process definition (BPMN, metadata or form) is invalid.

    ``file``, ``line`` and ``element_id`` say where, so an office can fix its SOP file.
    """

    def __init__(self, message: str | Phrase, file: str | None = None, element_id: str | None = None,
                 line: int | None = None, **params: str | int | float | Phrase) -> None:
        problem = phrase_of(message, params)
        where = where_in_file(file, element_id, line)
        super().__init__(Phrase("%(where)s: %(problem)s", {"where": where, "problem": problem}) if where
                         else problem)
        self.problem = str(problem)
        self.problem_phrase = problem
        self.file = file
        self.element_id = element_id
        self.line = line


class ExpressionError(DefinitionError):
    """An expression in a process uses something outside the allowed subset, or fails to evaluate."""
