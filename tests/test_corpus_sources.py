"""The corpus is verbatim: every file matches its recorded source (corpus/verify.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from corpus_util import CORPUS, SHARED


def test_corpus_matches_its_sources() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus-sources is not beside the checkout")
    proc = subprocess.run([sys.executable, str(CORPUS / "verify.py")], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _whole_table() -> dict[str, str]:
    import re

    text = (CORPUS / "kz" / "whole" / "SOURCES.md").read_text(encoding="utf-8")
    return dict(re.findall(r"\| `([^`]+\.ru\.md)` \| `([0-9a-f]{64})` \|", text))


def test_whole_codes_are_listed_with_their_checksums() -> None:
    import hashlib

    table = _whole_table()
    files = sorted(p.name for p in (CORPUS / "kz" / "whole").glob("*.ru.md"))
    assert sorted(table) == files and len(files) == 3
    for name in files:
        assert hashlib.sha256((CORPUS / "kz" / "whole" / name).read_bytes()).hexdigest() == table[name]


@pytest.mark.parametrize("name", sorted(_whole_table()))
def test_whole_code_is_byte_identical_to_the_shared_source(name: str) -> None:
    src = SHARED / name
    if not src.is_file():
        pytest.skip("../shared/corpus-sources/kz is not beside the checkout")
    assert (CORPUS / "kz" / "whole" / name).read_bytes() == src.read_bytes()
