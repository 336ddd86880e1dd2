"""The tracking code an applicant gets on the receipt (Tanda terima), with the case's reference.

Random, unguessable and short enough to type from paper: 10 characters from an alphabet without the look-alikes
0/O, 1/I/L (31 symbols, about 49 bits). Typed codes are forgiving (lower case, spaces and dashes are ignored) and
compared in constant time, so the answer's timing says nothing about how much of a guess was right.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Final

from engine.models import ProcessDefinition

ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH: Final = 10
#: sop.json: the SOP serves an applicant (a public service): cases get a receipt, a status page and a survey.
PUBLIC_SERVICE_KEY: Final = "layanan_publik"
#: sop.json: the cost of the service as printed on the Standar Pelayanan; none stated means it is free.
COST_KEY: Final = "biaya"
DEFAULT_COST: Final = "Tidak dipungut biaya"


def new_tracking_code() -> str:
    """A fresh code from the operating system's random source."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(text: str) -> str:
    """What a person typed, as stored: upper case, without spaces or dashes (bounded, so nothing long is kept)."""
    return "".join(char for char in (text or "")[:64].upper() if char not in " -\t")


def codes_match(stored: str | None, typed: str) -> bool:
    """Whether ``typed`` is the case's code, in time that does not depend on where they differ."""
    given = normalize_code(typed).encode("ascii", "replace")
    expected = (stored or "").encode("ascii")
    # compare_digest runs over the whole input even when lengths differ; an unset code never matches.
    return hmac.compare_digest(given, expected) and bool(stored)


def display_code(code: str) -> str:
    """As printed: two groups of five, easier to read aloud and type (``ABCDE-FGHJK``)."""
    return f"{code[:5]}-{code[5:]}" if len(code) == LENGTH else code


def is_public_service(definition: ProcessDefinition) -> bool:
    """The SOP says it serves an applicant (``"layanan_publik": true`` in sop.json)."""
    return (definition.sop or {}).get(PUBLIC_SERVICE_KEY) is True


def service_cost(sop: dict[str, object]) -> str:
    """The cost as the Standar Pelayanan states it."""
    cost = sop.get(COST_KEY)
    return cost.strip() if isinstance(cost, str) and cost.strip() else DEFAULT_COST
