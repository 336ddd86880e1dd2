"""One family of errors, each with a message a user can act on.

Messages are in Bahasa Indonesia (the users' language); the web app maps each
class to an HTTP status in one place.
"""

from __future__ import annotations


class AlurError(Exception):
    """Base of every error the engine raises on purpose."""

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


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
    """Submitted data is invalid; ``field_errors`` maps a field path to its message."""

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = dict(field_errors or {})


class DefinitionError(AlurError):
    """A process definition (BPMN, metadata or form) is invalid.

    ``file``, ``line`` and ``element_id`` say where, so an office can fix its SOP file.
    """

    def __init__(self, message: str, file: str | None = None, element_id: str | None = None,
                 line: int | None = None) -> None:
        place = file and (f"berkas {file} baris {line}" if line else f"berkas {file}")
        where = ", ".join(p for p in (place, element_id and f"elemen {element_id}") if p)
        super().__init__(f"{where}: {message}" if where else message)
        self.problem = message
        self.file = file
        self.element_id = element_id
        self.line = line


class ExpressionError(DefinitionError):
    """An expression in a process uses something outside the allowed subset, or fails to evaluate."""
