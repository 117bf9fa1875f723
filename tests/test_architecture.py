"""House rules that keep the structure: the core never imports streamlit; every CLI command has help."""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from etl.cli import build_parser, main
from gugus import settings

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


def _commands(parser=None, prefix=""):
    """Every command the CLI offers, from its parser: "load", "users add", "template plan"…"""
    parser = parser or build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, child in sub.choices.items():
        nested = [a for a in child._actions if isinstance(a, argparse._SubParsersAction)]
        if nested:
            yield from _commands(child, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"
        yield from (f"{prefix}{name} {c}" for a in child._actions if a.dest == "pillar" for c in a.choices or () if c == "plan")


def test_the_command_list_is_read_from_the_parser():
    commands = set(_commands())
    assert {"load", "validate", "users add", "users reset", "template plan"} <= commands
    assert "users" not in commands  # a group is not a command of its own


def test_every_cli_command_has_help():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    helps = {a.dest: a.help for a in subparsers._choices_actions}
    assert set(helps) == set(subparsers.choices)
    # DESIGN.md's contract: tools outside the project call these exactly as written there
    assert {"template", "sample", "validate", "load", "demo", "status", "rollback", "plan", "boundaries", "users"} <= set(helps)
    for name, sub in subparsers.choices.items():
        assert helps[name], name
        assert sub.description, name
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, f"{name} {action.dest}"


@pytest.mark.parametrize("command", sorted(_commands()))
def test_readme_documents_every_cli_command(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"python -m etl {command}" in readme


@pytest.mark.parametrize("setting", sorted(settings.SETTINGS))
def test_readme_documents_every_setting(setting):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`{settings.SETTINGS[setting].env}`" in readme


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["briefing", "--for", "walikota"], "pilihan 'walikota' tidak dikenal; pilih salah satu: 'ketua', 'pimpinan'"),
        (["sample", "pencegahan", "-o", "x.xlsx"], "argumen wajib belum diisi: --week"),
        (["status", "--bogus"], "argumen tidak dikenal: --bogus"),
        (["sample", "pencegahan", "--week", "2026-W40", "--seed", "abc", "-o", "x.xlsx"], "argumen --seed: 'abc' bukan bilangan bulat"),
        ([], "argumen wajib belum diisi: PERINTAH"),
    ],
)
def test_the_cli_refuses_a_bad_call_in_bahasa_indonesia(argv, said, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2 and said in err and "Cara pakai: python -m etl" in err and "--help" in err
    assert not re.search(r"\b(usage|error|invalid|required|unrecognized|choose from)\b", err)


def test_the_cli_help_is_in_bahasa_indonesia(capsys):
    with pytest.raises(SystemExit):
        main(["briefing", "--help"])
    out = capsys.readouterr().out
    assert "Cara pakai:" in out and "pilihan:" in out and "tampilkan bantuan ini lalu keluar" in out
    assert not re.search(r"\b(usage|options|show this help)\b", out)
