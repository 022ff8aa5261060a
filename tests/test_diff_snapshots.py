"""One JSON snapshot of the diff of every version pair in the corpus (tests/fixtures/diff/pairs.tsv)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from statuteparse import parse_file
from statuteparse.diff import diff
from statuteparse.schema import validate

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
PAIRS_FILE = Path(__file__).parent / "fixtures" / "diff" / "pairs.tsv"


def _pairs() -> list[tuple[str, str, str | None, str | None]]:
    out = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            o, n, co, cn = line.split("\t")
            out.append((o, n, None if co == "-" else co, None if cn == "-" else cn))
    return out


PAIRS = _pairs()


@pytest.mark.parametrize(
    ("old", "new", "code_old", "code_new"), PAIRS, ids=[f"{o}->{n}" for o, n, _, _ in PAIRS]
)
def test_diff_snapshot(
    old: str, new: str, code_old: str | None, code_new: str | None, snapshot: SnapshotAssertion
) -> None:
    # sources relative to the corpus so the snapshot does not depend on the checkout's location
    a = parse_file(CORPUS / old)
    b = parse_file(CORPUS / new)
    d = diff(a, b, code_old=code_old, code_new=code_new).to_dict()
    d["old"]["source"], d["new"]["source"] = old, new
    assert validate(d, "diff") == []
    assert json.dumps(d, ensure_ascii=False, indent=2, sort_keys=False) == snapshot
