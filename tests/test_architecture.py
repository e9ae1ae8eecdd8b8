"""docs/architecture.md stays true: every top-level folder is on its map, every product package is
under the import contracts of `make lint`, and its ERD is the one the models give."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "architecture.md"
NOT_OURS = {
    "__pycache__",
    "node_modules",
    "mutants",
    "var",
    "media",
    "staticfiles",
}  # built or local, ignored


def top_level_folders() -> set[str]:
    return {
        path.name
        for path in ROOT.iterdir()
        if path.is_dir() and not path.name.startswith(".") and path.name not in NOT_OURS
    }


def mapped_folders() -> set[str]:
    section = DOC.read_text().split("## Top-level folders", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([^`/]+)/` \|", section, re.M))


def test_every_top_level_folder_is_on_the_map() -> None:
    assert mapped_folders() == top_level_folders()


def test_every_product_package_is_under_the_import_contracts() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    packages = {name for name in top_level_folders() if (ROOT / name / "__init__.py").is_file()} - {
        "tests"
    }

    assert set(config["root_packages"]) == packages


def test_the_erd_is_what_the_models_say() -> None:
    spec = importlib.util.spec_from_file_location("docs_erd", ROOT / "docs" / "erd.py")
    assert spec is not None and spec.loader is not None
    erd = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(erd)

    assert erd.document_erd(DOC.read_text()) == erd.mermaid_erd(), (
        "the models changed: run `.venv/bin/python docs/erd.py` to redraw the ERD"
    )
