"""The JSON writer: the same bytes as the standard library's, and deterministic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_util import corpus_files, corpus_id

from statuteparse import parse_file
from statuteparse.serialize import document_to_dict, dumps


@pytest.mark.parametrize("path", corpus_files()[::7], ids=corpus_id)
def test_dumps_matches_the_standard_library(path: Path) -> None:
    data = document_to_dict(parse_file(path))
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2)
    assert dumps(data, compact=True) == json.dumps(data, ensure_ascii=False, separators=(",", ":"))
