"""Whatever an office does to its SOP files, loading ends in a valid bundle or a DefinitionError naming
the file: never a crash, never a half-checked process."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.authoring import build_bpmn
from engine.definitions.loader import ProcessLoadFailed, load_folder
from engine.errors import DefinitionError

from support import decision_sketch, write_process

ROLES = {"pelaksana": "pelaksana", "kepala bidang": "kepala_bidang", "kepala_bidang": "kepala_bidang"}
BASE_BPMN = build_bpmn(decision_sketch("uji_acak"))


def _load(mutate_bpmn=None, mutate_sop=None, mutate_form=None) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_process(Path(tmp), decision_sketch("uji_acak"),
                               bpmn=mutate_bpmn(BASE_BPMN) if mutate_bpmn else BASE_BPMN)
        if mutate_sop:
            sop = json.loads((folder / "sop.json").read_text())
            (folder / "sop.json").write_text(mutate_sop(sop))
        if mutate_form:
            form = json.loads((folder / "forms" / "periksa.json").read_text())
            (folder / "forms" / "periksa.json").write_text(mutate_form(form))
        try:
            bundle = load_folder(folder, ROLES)
        except (DefinitionError, ProcessLoadFailed) as error:
            assert str(folder) in str(error) or "uji_acak" in str(error)
            return
        assert bundle.key == "uji_acak" and bundle.steps


def test_the_unchanged_folder_loads() -> None:
    _load()


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.integers(0, len(BASE_BPMN) - 1), length=st.integers(1, 200), junk=st.text(max_size=40))
def test_a_damaged_bpmn_is_refused_cleanly(start: int, length: int, junk: str) -> None:
    _load(mutate_bpmn=lambda text: text[:start] + junk + text[start + length:])


@settings(deadline=None)
@given(key=st.sampled_from(["nama", "office", "unit", "starter_roles", "jenis", "recurrence", "case", "key",
                            "dasar_hukum"]),
       value=st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.text(max_size=5), max_size=3),
                       st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2)))
def test_a_wrong_sop_field_is_refused_cleanly(key: str, value: object) -> None:
    _load(mutate_sop=lambda sop: json.dumps({**sop, key: value}))


@settings(deadline=None)
@given(path=st.sampled_from(["type", "properties", "required", "title"]),
       value=st.one_of(st.none(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3)))
def test_a_broken_form_is_refused_cleanly(path: str, value: object) -> None:
    _load(mutate_form=lambda form: json.dumps({**form, path: value}))


@settings(deadline=None)
@given(condition=st.text(max_size=60))
def test_any_condition_text_is_checked_before_anything_runs(condition: str) -> None:
    from xml.sax.saxutils import escape

    _load(mutate_bpmn=lambda text: text.replace("lengkap == True", escape(condition)))
