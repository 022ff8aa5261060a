"""The installed package finds its grammars and schemas (they ship inside the wheel)."""

from __future__ import annotations

from pathlib import Path

import statuteparse
from statuteparse.grammar import grammar_dir
from statuteparse.schema import load_schema


def test_grammars_are_found() -> None:
    folder = grammar_dir()
    for name in ("article.lark", "sanction.lark", "sanction.ru.lark", "sanction.en.lark"):
        assert (folder / name).is_file(), folder


def test_installed_wheel_carries_its_grammars() -> None:
    """When the package is installed (not run from the checkout), the grammars come from inside it."""
    package = Path(statuteparse.__file__).resolve().parent
    checkout = Path(__file__).resolve().parent.parent
    if package.parent == checkout:
        # editable install or checkout: the top-level grammars/ folder is used
        assert grammar_dir() == checkout / "grammars"
    else:
        assert grammar_dir() == package / "grammars"


def test_schemas_are_packaged() -> None:
    assert load_schema("parse")["$id"].endswith("document-1.json")
