"""Headings, labels, references, notes, repealed items and editorial notes, from fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from statuteparse import parse_text

CASES: list[dict[str, Any]] = json.loads(
    (Path(__file__).parent / "fixtures" / "structure.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_structure(case: dict[str, Any]) -> None:
    doc = parse_text(case["text"])
    if "articles" in case:
        got = [
            {k: getattr(a, k) for k in exp} for a, exp in zip(doc.articles, case["articles"], strict=False)
        ]
        assert got == case["articles"]
        assert len(doc.articles) == len(case["articles"])
    if "blocks" in case:
        assert [b.kind for b in doc.blocks] == case["blocks"]
    art = doc.articles[case.get("article", 0)]
    if "number" in case:
        assert art.number == case["number"]
    for exp, part in zip(case.get("parts", []), art.parts, strict=False):
        assert part.number == exp["number"]
        if "refers_to" in exp:
            assert list(part.refers_to) == exp["refers_to"], part.text
        if "labels" in exp:
            assert [c.label for c in part.circumstances] == exp["labels"]
        if "repealed" in exp:
            assert part.repealed == exp["repealed"]
        if "repealed_items" in exp:
            assert [c.label for c in part.circumstances if c.repealed] == exp["repealed_items"]
    if "parts" in case:
        assert len(art.parts) == len(case["parts"])
    if "notes" in case:
        assert [n.number for n in art.notes] == case["notes"]
    if "editorial_laws" in case:
        laws = [{"date": law.date, "number": law.number} for e in art.editorial for law in e.laws]
        assert laws == case["editorial_laws"]
        for part in art.parts:
            assert "редакции" not in part.text and "Сноска" not in part.text and "<*>" not in part.text
