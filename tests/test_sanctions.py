"""Sanction clauses from fixtures (tests/fixtures/sanctions.txt) read into penalties."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from statuteparse.model import Penalty, Quantity
from statuteparse.transform import SanctionReader

FIXTURE = Path(__file__).parent / "fixtures" / "sanctions.txt"


def _cases() -> list[tuple[str, str, list[str]]]:
    blocks = FIXTURE.read_text(encoding="utf-8").split("\n\n")
    cases = []
    for block in blocks:
        lines = [ln for ln in block.strip().splitlines() if ln and not ln.startswith("#")]
        if len(lines) < 3:
            continue
        cases.append((lines[0], lines[1], lines[2:]))
    return cases


def _qty(tokens: list[str]) -> tuple[Quantity | None, list[str]]:
    if tokens[0] == "-":
        return None, tokens[1:]
    return Quantity(float(tokens[0]), tokens[1]), tokens[2:]


def _expected(line: str) -> dict[str, Any]:
    head, _, cond = line.partition("!")
    tokens = head.split()
    kind = tokens.pop(0)
    lo, tokens = _qty(tokens)
    assert tokens.pop(0) == ".."
    hi, tokens = _qty(tokens)
    subject = None
    addons = []
    rest = " ".join(tokens)
    for piece in rest.split("+"):
        piece = piece.strip()
        if piece.startswith("@"):
            subject = piece[1:]
        elif piece:
            parts = piece.split(":")
            amax = None
            if len(parts) > 2:
                v, u = parts[2].split()
                amax = Quantity(float(v), u)
            addons.append((parts[0], parts[1], amax))
    return {
        "kind": kind,
        "min": lo,
        "max": hi,
        "subject": subject,
        "additional": addons,
        "condition": cond.strip() or None,
    }


def _actual(p: Penalty) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "min": p.min,
        "max": p.max,
        "subject": p.subject,
        "additional": [(a.kind, a.mode, a.max) for a in p.additional],
        "condition": p.condition,
    }


CASES = _cases()


def test_fixture_has_cases() -> None:
    assert len(CASES) >= 20


@pytest.mark.parametrize("lang, text, lines", CASES, ids=[c[1][:50] for c in CASES])
def test_sanction(lang: str, text: str, lines: list[str]) -> None:
    diagnostics: list[tuple[Any, ...]] = []
    penalties = SanctionReader(text, 0, lang, lambda *d: diagnostics.append(d)).read()
    assert diagnostics == []
    assert penalties is not None
    assert [_actual(p) for p in penalties] == [_expected(ln) for ln in lines]


def test_unreadable_alternative_is_reported_and_the_rest_kept() -> None:
    diagnostics: list[tuple[Any, ...]] = []
    text = "наказывается лишением свободы на срок до двух лет, либо чем-то совсем непонятным."
    penalties = SanctionReader(text, 100, "ru", lambda *d: diagnostics.append(d)).read()
    assert penalties is not None and [p.kind for p in penalties] == ["imprisonment"]
    assert len(diagnostics) == 1
    severity, code, start, end, message = diagnostics[0]
    assert code == "unparsed-sanction" and start >= 100 + text.index("чем-то") - 1
