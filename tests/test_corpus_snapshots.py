"""One reviewable JSON snapshot per corpus file, and each output valid against the published schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_util import CORPUS, corpus_files, corpus_id

from statuteparse import parse_file
from statuteparse.schema import validate
from statuteparse.serialize import document_to_dict, dumps

FILES = corpus_files()


def _parse(path: Path) -> dict[str, Any]:
    doc = parse_file(path)
    data = document_to_dict(doc)
    data["source"] = str(path.relative_to(CORPUS.parent))  # stable across checkouts
    return data


def test_corpus_is_not_empty() -> None:
    assert len(FILES) >= 50


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_snapshot(path: Path, json_snapshot: Any) -> None:
    assert dumps(_parse(path)) + "\n" == json_snapshot


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_output_matches_schema(path: Path) -> None:
    assert validate(_parse(path), "parse") == []


@pytest.mark.parametrize("path", FILES, ids=corpus_id)
def test_spans_point_at_their_text(path: Path) -> None:
    """Every node's span covers the words of its text, in the normalised input."""
    doc = parse_file(path)
    for art in doc.articles:
        for part in art.parts:
            assert art.span.start <= part.span.start <= part.span.end <= art.span.end
            chunk = " ".join(doc.text[part.span.start : part.span.end].split())
            if part.text:
                assert part.text.split()[0] in chunk
            for c in part.circumstances:
                assert part.span.start <= c.span.start <= c.span.end <= part.span.end
                if c.text:
                    assert c.text.split()[0] in doc.text[c.span.start : c.span.end]
            if part.sanction is not None:
                s = part.sanction
                assert part.span.start <= s.span.start <= s.span.end <= part.span.end
                assert s.text.split()[0] in doc.text[s.span.start : s.span.end]
