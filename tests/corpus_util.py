"""Paths and helpers shared by the tests (imported as ``corpus_util``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared" / "corpus-sources" / "kz"


def corpus_files() -> list[Path]:
    """Every article text of the corpus (``corpus/kz``), sorted.

    Whole codes (``corpus/by``) and whole amending laws (``corpus/amending-other``,
    ``corpus/kz/amending``) have tests of their own: they are too large for one snapshot
    each, and are not articles.
    """
    return sorted(p for p in (CORPUS / "kz").rglob("*.txt") if "amending" not in p.parts)


def corpus_id(path: Path) -> str:
    """A readable test id: ``kz/cc1997/art128/2010.ru``."""
    return str(path.relative_to(CORPUS)).removesuffix(".txt")


WHOLE = CORPUS / "kz" / "whole"


def whole_code(name: str) -> Path:
    """A whole Kazakh code, from the corpus (``corpus/kz/whole``, verbatim copies of ../shared)."""
    path = WHOLE / name
    assert path.is_file(), f"{path} missing from the corpus"
    return path
