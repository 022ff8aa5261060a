"""The amending laws in corpus/ are verbatim copies of ../shared (see the SOURCES.md / README.md there).

Two folders: ``corpus/kz/amending`` (Kazakh laws, table in its SOURCES.md) and
``corpus/amending-other`` (Russian federal and more Kazakh laws, table in its README.md,
the collector's SOURCES.md copied as is; ``X.ru.md`` is the copy of the source's
``X.ru.txt``).  Each copy's SHA-256 is checked always; its
bytes against ``../shared`` only when that folder is beside the checkout (else skipped,
never a traceback).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AMENDING = ROOT / "corpus" / "kz" / "amending"
OTHER = ROOT / "corpus" / "amending-other"
SHARED = ROOT.parent / "shared" / "corpus-sources"
_ROW = r"^\| `({}[^`]+)` \|.*\| `([0-9a-f]{{64}})` \|$"
ROWS = [(AMENDING, SHARED / "kz" / "amending", n, s) for n, s in re.findall(
    _ROW.format("law-"), (AMENDING / "SOURCES.md").read_text(encoding="utf-8"), flags=re.M)]
OTHER_ROWS = [(OTHER, SHARED / "amending-other", n, s) for n, s in re.findall(
    _ROW.format(""), (OTHER / "README.md").read_text(encoding="utf-8"), flags=re.M)]


def test_every_copy_is_listed() -> None:
    assert sorted(name for _, _, name, _ in ROWS) == sorted(p.name for p in AMENDING.glob("law-*"))
    assert len(ROWS) == 7
    listed = sorted(name for _, _, name, _ in OTHER_ROWS)
    assert not list(OTHER.glob("*.txt"))  # never read as statute articles by the corpus tests
    assert listed == sorted(p.name for p in OTHER.iterdir() if p.name != "README.md")
    assert len(OTHER_ROWS) == 10  # nine laws and SOURCES.md


@pytest.mark.parametrize(("folder", "shared", "name", "sha256"), ROWS + OTHER_ROWS,
                         ids=[n for _, _, n, _ in ROWS + OTHER_ROWS])
def test_copy_is_verbatim(folder: Path, shared: Path, name: str, sha256: str) -> None:
    data = (folder / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == sha256
    source = shared / name.replace(".ru.md", ".ru.txt") if folder == OTHER else shared / name
    if not source.is_file():
        pytest.skip(f"{source} not available")
    assert data == source.read_bytes()
