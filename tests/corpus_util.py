"""Paths and helpers shared by the tests (imported as ``corpus_util``)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
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


class Hang(Exception):
    """Raised by :func:`time_limit` when the block runs past its limit."""


@contextmanager
def time_limit(seconds: int, what: str = "") -> Iterator[None]:
    """Stop the block with :class:`Hang` after ``seconds`` (a hang fails a test instead of stalling it)."""

    def stop(*_: object) -> None:
        raise Hang(f"still running after {seconds} s{': ' + what if what else ''}")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
