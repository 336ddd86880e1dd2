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


def _service_imports() -> dict[str, set[str]]:
    """Which ``engine/services`` modules each one imports (at any depth in the file). A package's ``__init__`` only
    re-exports, so importing a package counts as importing the modules it re-exports from, not as a level."""
    services = ROOT / "engine" / "services"
    modules = {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
               for path in services.rglob("*.py")}
    raw: dict[str, set[str]] = {}
    for name, path in modules.items():
        raw[name] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                raw[name].update(alias.name for alias in node.names if alias.name in modules)
            elif isinstance(node, ast.ImportFrom) and node.module in modules and node.level == 0:
                raw[name].add(node.module)
                raw[name].update(f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules)
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}

    def through_packages(name: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if name not in packages:
            return {name}
        return {m for target in raw[name] - seen for m in through_packages(target, seen | {name})}

    return {name: {m for target in targets for m in through_packages(target)} - {name}
            for name, targets in raw.items() if name not in packages}


def _longest_chain(graph: dict[str, set[str]]) -> list[str]:
    chains: dict[str, list[str]] = {}

    def chain(name: str, path: tuple[str, ...]) -> list[str]:
        assert name not in path, f"import loop: {' → '.join((*path, name))}"
        if name not in chains:
            chains[name] = max(([name, *chain(t, (*path, name))] for t in sorted(graph[name])), key=len,
                               default=[name])
        return chains[name]

    return max((chain(name, ()) for name in sorted(graph)), key=len, default=[])


def test_services_import_each_other_at_most_two_deep() -> None:
    """A use case may lean on a service that leans on one more (``tasks`` → ``progress`` → ``common``), no deeper:
    a longer chain means a rule is reached through modules that do not own it (issue 10)."""
    longest = _longest_chain(_service_imports())
    assert len(longest) - 1 <= 2, " → ".join(longest)


def test_the_chain_check_sees_a_deep_chain() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"d"}, "d": set()}
    assert _longest_chain(graph) == ["a", "b", "c", "d"]
    assert _longest_chain({**graph, "a": {"b", "d"}}) == ["a", "b", "c", "d"]
    graph = _service_imports()
    assert "engine.services.common" in graph["engine.services.tasks"]
    assert "engine.services" not in graph and "engine.services.reports" not in graph


def test_no_module_in_the_engine_or_the_web_app_grows_past_five_hundred_lines() -> None:
    """A module that long mixes concerns; split it into a package that re-exports (engine/models/, engine/forms/)."""
    long_modules = {
        str(path.relative_to(ROOT)): lines
        for path in [*_engine_modules(), *sorted((ROOT / "webapp").rglob("*.py"))]
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long_modules == {}


def test_the_engine_top_level_holds_shared_modules_and_one_folder_per_kind() -> None:
    """New concepts go into a folder that names their kind, so a newcomer finds them from the names."""
    modules = {path.stem for path in (ROOT / "engine").glob("*.py")} - {"__init__"}
    assert modules <= {"access", "config", "db", "demo", "errors", "expressions", "labels", "mailer", "migrate",
                       "passwords", "phrases", "runtime", "caches"}
