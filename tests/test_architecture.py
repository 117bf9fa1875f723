"""House rules that keep the structure: the core never imports streamlit; every CLI command has help."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from etl.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("package", ["etl", "gugus"])
def test_core_never_imports_streamlit(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("streamlit", "ui")]
    assert offenders == []


def test_pages_do_not_touch_the_database():
    for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        assert "import duckdb" not in source and "SELECT " not in source, path
        assert "gugus.db" not in source and "import db" not in source, path  # through ui.data, never directly


def test_every_cli_command_has_help():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    helps = {a.dest: a.help for a in subparsers._choices_actions}
    assert set(helps) == {"template", "sample", "validate", "load", "demo", "status", "rollback", "users", "boundaries", "plan", "backup", "restore"}
    for name, sub in subparsers.choices.items():
        assert helps[name] and sub.description, name
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest}"


def test_readme_documents_every_cli_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = (
        "template",
        "sample",
        "validate",
        "load",
        "demo",
        "status",
        "rollback",
        "users add",
        "users list",
        "users disable",
        "users reset",
        "boundaries",
        "plan",
        "template plan",
        "backup",
        "restore",
    )
    for command in commands:
        assert f"python -m etl {command}" in readme, command
