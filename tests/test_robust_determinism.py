"""Deterministic output: the same input gives byte-identical JSON in every run.

Two fresh processes with different ``PYTHONHASHSEED`` (so set and dict iteration of
strings differ) parse the same inputs; their stdout must be equal byte for byte.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_util import CORPUS, ROOT, WHOLE

INPUTS = [
    CORPUS / "kz/cc1997/art128/2010.ru.txt",
    CORPUS / "kz/cc1997/art128/2006-03-02.en.txt",
    Path(__file__).parent / "fixtures" / "robust" / "art128-pdf.ru.txt",
    WHOLE / "cc2014.ru.md",
]


def run(path: Path, seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    proc = subprocess.run(
        [sys.executable, "-m", "statuteparse", "parse", str(path)],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_same_bytes_with_different_hash_seeds(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"{path} not available")
    assert run(path, "1") == run(path, "4242")


def test_same_bytes_in_one_process() -> None:
    from statuteparse import parse_file
    from statuteparse.serialize import document_to_dict, dumps

    path = INPUTS[0]
    assert dumps(document_to_dict(parse_file(path))) == dumps(document_to_dict(parse_file(path)))
