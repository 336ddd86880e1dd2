"""The layers stay where STYLE.md puts them: checked on the source, so a shortcut fails the build."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _engine_modules() -> list[Path]:
    return sorted((ROOT / "engine").rglob("*.py"))


def test_engine_never_imports_flask_or_the_web_app() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _imports(path) if n.split(".")[0] in {"flask", "flask_login",
                                                                                             "flask_wtf", "webapp"})
        for path in _engine_modules()
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_only_the_runtime_module_knows_spiffworkflow() -> None:
    users = {
        str(path.relative_to(ROOT))
        for path in [*_engine_modules(), *sorted((ROOT / "webapp").rglob("*.py"))]
        if any(n.split(".")[0] == "SpiffWorkflow" for n in _imports(path))
    }
    assert users == {"engine/runtime.py"}


def test_nothing_reads_the_environment_at_import_time() -> None:
    """``os.environ`` may be read inside functions only (STYLE.md habit 9)."""
    for path in _engine_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module_level = [n for n in tree.body if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                   ast.ClassDef))]
        for statement in module_level:
            for node in ast.walk(statement):
                reads = (isinstance(node, ast.Attribute) and node.attr in {"environ", "getenv"}) or (
                    isinstance(node, ast.Name) and node.id in {"environ", "getenv"})
                assert not reads, f"{path}: reads the environment at import time"


def test_authoring_tools_stay_out_of_what_runs() -> None:
    """``engine.authoring`` writes BPMN files for authors (and for the SOP workbook import, ``engine.sop_table``);
    nothing that runs cases or draws them imports it."""
    authoring_tools = {"authoring", "sop_table"}
    runs = [path for path in _engine_modules() if not authoring_tools & set(path.parts)]
    offenders = sorted(str(path.relative_to(ROOT)) for path in runs
                       if any(n == "engine.authoring" or n.startswith("engine.authoring.") for n in _imports(path)))
    assert offenders == []
