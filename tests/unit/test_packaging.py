"""The package ships its templates, static files and translations, and setuptools finds every folder it ships as
a package (a data folder it does not know of is what printed ~600 lines of "Package would be ignored")."""

from __future__ import annotations

import configparser
import fnmatch
from pathlib import Path

from setuptools import find_namespace_packages

ROOT = Path(__file__).resolve().parents[2]


def _setup_cfg() -> configparser.ConfigParser:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    return config


def _listed(config: configparser.ConfigParser, section: str, key: str) -> list[str]:
    return [line.strip() for line in config[section][key].splitlines() if line.strip()]


def _packages() -> set[str]:
    config = _setup_cfg()
    assert config["options"]["packages"].strip() == "find_namespace:"
    return set(find_namespace_packages(str(ROOT), include=_listed(config, "options.packages.find", "include"),
                                       exclude=_listed(config, "options.packages.find", "exclude")))


def _shipped_folders() -> list[Path]:
    """Every folder under the three top packages that holds a file the app reads at run time."""
    folders = set()
    for top in ("engine", "webapp", "migrations"):
        for path in (ROOT / top).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                folders.add(path.parent)
    return sorted(folders)


def test_every_folder_that_holds_files_is_a_package_setuptools_finds() -> None:
    packages = _packages()
    missing = [str(folder.relative_to(ROOT)) for folder in _shipped_folders()
               if ".".join(folder.relative_to(ROOT).parts) not in packages]
    assert missing == []
    assert {"webapp.templates.admin", "webapp.static", "webapp.translations.en.LC_MESSAGES",
            "engine.reports.templates"} <= packages
    assert not any("__pycache__" in package for package in packages)


def test_every_data_file_matches_a_package_data_pattern() -> None:
    patterns = [pattern.strip() for pattern in _setup_cfg()["options.package_data"]["*"].split(",")]
    unshipped = [str(path.relative_to(ROOT)) for folder in _shipped_folders() for path in folder.iterdir()
                 if path.is_file() and path.suffix not in (".py", ".pyc")
                 and not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)]
    assert unshipped == []
