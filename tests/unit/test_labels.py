"""One label table: every status and every event kind the engine records has words."""

from __future__ import annotations

import ast
import enum
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from engine import labels, models
from engine.labels import Phrase, When, event_label, ngettext, role_label, status_label

ENGINE = Path(__file__).resolve().parents[2] / "engine"


def recorded_event_kinds() -> set[str]:
    """Every kind written by a ``record_event(..., kind=...)`` call anywhere in the engine."""
    kinds: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "record_event(" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name != "record_event":
                continue
            for keyword in node.keywords:
                if keyword.arg == "kind":
                    kinds |= {value.value for value in ast.walk(keyword.value)
                              if isinstance(value, ast.Constant) and isinstance(value.value, str)}
                    kinds |= {value.attr.lower() for value in ast.walk(keyword.value)  # EventKind.TASK_CREATED
                              if isinstance(value, ast.Attribute) and value.attr.isupper()}
    return kinds


def test_every_recorded_event_kind_has_a_label() -> None:
    kinds = recorded_event_kinds()
    assert {"case_started", "task_reminded", "task_escalated"} <= kinds  # the scan finds the calls
    assert sorted(kinds - set(labels.EVENT_LABELS)) == []


def test_an_event_kind_enum_and_its_string_find_the_same_label() -> None:
    event_kind = getattr(models, "EventKind", None)
    members = list(event_kind) if isinstance(event_kind, type) and issubclass(event_kind, enum.Enum) else []
    for member in members:
        assert event_label(member) == labels.EVENT_LABELS[member.value]
    assert event_label("task_reminded") == "Pengingat dikirim"  # the timeline once showed "task reminded"
    assert event_label("something_new") == "something new"


@pytest.mark.parametrize("status", [*models.CaseStatus, *models.TaskStatus])
def test_every_status_has_a_label(status: enum.StrEnum) -> None:
    assert status_label(status) not in ("", status.value)
    assert status_label(status.value) == status_label(status)


def test_status_words() -> None:
    assert (status_label("active"), status_label("open"), status_label("completed")) == ("Berjalan", "Terbuka",
                                                                                         "Selesai")
    assert status_label(None) == "" and status_label("unknown") == "unknown"


def test_role_names_come_from_the_table_given() -> None:
    names = {"kepala_bidang": "Kepala Bidang", "kabag": "Kepala Bagian Umum"}
    assert role_label("kabag", names) == "Kepala Bagian Umum"
    assert role_label("tenaga_ahli", names) == "Tenaga Ahli"  # a code the table does not know yet
    assert role_label(None, names) == ""


def test_a_phrase_with_a_number() -> None:
    days = ngettext("%(num)s hari kerja", "%(num)s hari kerja", 3)
    assert str(days) == "3 hari kerja"
    assert days.render(ngettext=lambda s, p, n: "%(num)s working days" if n != 1 else "%(num)s working day") \
        == "3 working days"
    nested = Phrase("terlambat %(span)s", {"span": days})
    assert nested.render(gettext=lambda key: key.replace("terlambat", "late by")) == "late by 3 hari kerja"


def test_a_phrase_s_date_is_plain_in_text_and_the_reader_s_on_a_page() -> None:
    makassar = ZoneInfo("Asia/Makassar")
    moment = When(datetime(2026, 11, 23, 9, 30, tzinfo=makassar))
    late = Phrase("sejak %(due)s", {"due": moment})
    notice = Phrase("%(what)s, terdaftar %(day)s", {"what": late, "day": When(date(2026, 11, 2))})
    assert str(notice) == "sejak 23-11-2026 09.30, terdaftar 02-11-2026"  # emails, the CLI, exports
    said = notice.render(when=lambda w: w.at.strftime("%B %d" if isinstance(w.at, datetime) else "%d %B"))
    assert said == "sejak November 23, terdaftar 02 November"  # the formatter reaches nested phrases too
    stored = Phrase.from_json(json.loads(json.dumps(notice.to_json())))
    assert stored == notice and stored.params["what"].params["due"].at.tzinfo is not None  # type: ignore[union-attr]
    # A notice stored before dates were typed keeps its text.
    assert str(Phrase.from_json({"key": "sejak %(due)s", "params": {"due": "23-11-2026 09.30"}})) \
        == "sejak 23-11-2026 09.30"
