"""Paths and helpers shared by the tests (imported as ``corpus_util``)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus-sources" / "kz"


def corpus_files() -> list[Path]:
    """Every statute text in the corpus, sorted."""
    return sorted(CORPUS.rglob("*.txt"))


def corpus_id(path: Path) -> str:
    """A readable test id: ``kz/cc1997/art128/2010.ru``."""
    return str(path.relative_to(CORPUS)).removesuffix(".txt")


def whole_code(name: str) -> Path:
    """A whole code from ../shared, or skip when the shared folder is not beside the checkout."""
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"{path} not available (../shared is laid beside the checkout in CI)")
    return path
