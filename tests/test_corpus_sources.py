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
