"""The amending laws in corpus/kz/amending are verbatim copies of ../shared (see SOURCES.md there)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AMENDING = ROOT / "corpus" / "kz" / "amending"
SHARED = ROOT.parent / "shared" / "corpus-sources" / "kz" / "amending"
ROWS = re.findall(r"^\| `(law-[^`]+)` \|.*\| `([0-9a-f]{64})` \|$", (AMENDING / "SOURCES.md").read_text(
    encoding="utf-8"), flags=re.M)


def test_every_copy_is_listed() -> None:
    assert sorted(name for name, _ in ROWS) == sorted(p.name for p in AMENDING.glob("law-*"))
    assert len(ROWS) == 7


@pytest.mark.parametrize(("name", "sha256"), ROWS, ids=[n for n, _ in ROWS])
def test_copy_is_verbatim(name: str, sha256: str) -> None:
    data = (AMENDING / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha256
    source = SHARED / name
    if not source.is_file():
        pytest.skip(f"{source} not available")
    assert data == source.read_bytes()
