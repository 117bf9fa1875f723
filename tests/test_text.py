"""The text rule (README, "Teks untuk pengguna"): Bahasa Indonesia everywhere; the messages more than one door shows —
validation issues and the core's user errors — come from the one catalogue (gugus/i18n.py), with English beside them;
page copy lives where it is drawn."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from gugus.errors import UserError
from gugus.i18n import CATALOGUE, LANGUAGES
from tests.test_errors import NOT_SHOWN, _exceptions_defined_in_the_core

ROOT = Path(__file__).resolve().parents[1]
CORE = [p for package in ("gugus", "etl") for p in (ROOT / package).rglob("*.py")]


def _calls(paths) -> list[tuple[Path, ast.Call]]:
    return [(path, node) for path in paths for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


USER_ERRORS = {c.__name__ for c in _exceptions_defined_in_the_core() - NOT_SHOWN if issubclass(c, UserError)}


def test_every_user_error_the_core_raises_takes_its_message_from_the_catalogue():
    raised, inline = 0, []
    for path, node in (pair for source in CORE for pair in _raises(source)):
        raised += 1
        message = node.args[0] if node.args else None
        if not (isinstance(message, ast.Call) and _name(message) == "t"):
            inline.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert raised >= 15
    assert inline == []


def _raises(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _name(node.exc) in USER_ERRORS - {"DatabaseBusy"}:
            yield path, node.exc


def _keys_used() -> set[str]:
    paths = [*CORE, *(ROOT / "ui").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]
    return {
        call.args[0].value
        for _, call in _calls(paths)
        if _name(call) == "t" and call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)
    }


def test_every_key_used_is_in_the_catalogue_and_every_entry_is_used():
    used = _keys_used()
    assert used - set(CATALOGUE) == set()
    unused = {key for key in CATALOGUE if not key.startswith("issue.")} - used  # issue.<code> is read through ISSUE_TYPES
    assert unused == set()


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_say_the_same_with_the_same_values(key):
    texts = CATALOGUE[key]
    assert len(texts) == len(LANGUAGES)
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f} for text in texts]
    assert all(text.strip() for text in texts)
    assert fields[0] == fields[1]
