"""Reading an SOP folder's JSON files: sop.json and the forms, each read and checked once, every problem kept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from engine import forms
from engine.errors import DefinitionError
from engine.phrases import N_


def read_json(path: Path) -> dict[str, Any]:
    """A JSON file that must hold an object; a syntax error is named with its line."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DefinitionError(N_("JSON tidak valid (baris %(lineno)s): %(msg)s"), file=str(path),
                              lineno=error.lineno, msg=error.msg) from error
    if not isinstance(value, dict):
        raise DefinitionError(N_("isi berkas harus berupa objek JSON"), file=str(path))
    return value


class FolderForms:
    """The folder's forms, each read and checked once; every problem goes to ``problems``."""

    def __init__(self, folder: Path, problems: list[DefinitionError]) -> None:
        self.folder = folder
        self.problems = problems
        self.by_path: dict[str, dict[str, Any]] = {}
        self.failed: set[str] = set()

    def at(self, relative: str, file: str, element_id: str | None, line: int | None = None
           ) -> dict[str, Any] | None:
        """The checked schema at ``relative`` (None when missing or invalid); ``file``/``element_id``/``line``
        say where it was named, for a missing file."""
        if relative in self.by_path or relative in self.failed:
            return self.by_path.get(relative)
        path = (self.folder / relative).resolve()
        if self.folder.resolve() not in path.parents or not path.is_file():
            self.problems.append(DefinitionError(N_("berkas formulir '%(relative)s' tidak ditemukan"), file=file,
                                                 element_id=element_id, line=line, relative=relative))
            self.failed.add(relative)
            return None
        try:
            schema = read_json(path)
        except DefinitionError as problem:
            found = [problem]
        else:
            found = forms.form_schema_problems(schema, file=str(self.folder / relative))
        if found:
            self.problems.extend(found)
            self.failed.add(relative)
            return None
        self.by_path[relative] = schema
        return schema


def start_form(loaded: FolderForms, sop: dict[str, Any], sop_file: Path) -> tuple[str, dict[str, Any]] | None:
    """The start form named by sop.json (``case.start_form``) as ``(path, schema)``, and its subject field."""
    case = sop.get("case") if isinstance(sop.get("case"), dict) else {}
    relative = case.get("start_form")
    if not relative or not isinstance(relative, str):
        return None
    schema = loaded.at(relative, str(sop_file), None)
    if schema is None:
        return None
    subject_field = case.get("subject_field")
    if subject_field and subject_field not in schema.get("properties", {}):
        loaded.problems.append(DefinitionError(N_("subject_field '%(subject_field)s' tidak ada di formulir awal"),
                                               file=str(sop_file), subject_field=subject_field))
    return relative, schema
