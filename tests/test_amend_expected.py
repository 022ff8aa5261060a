"""The nine laws of ``corpus/amending-other`` against hand-made expected lists.

The lists (``fixtures/amend_expected/<stem>.json``) were written by people reading the laws,
never from the parser's output; where their convention differs from ours (not what the text
says), the copy here was adjusted and the change recorded in its ``notes``.  Every expected
instruction is one test case (kind, targets and words; matched by line).  A case where the
parser still disagrees is listed in ``KNOWN`` and marked ``xfail(strict=True)``, so that a
fix shows up as an unexpected pass.  The files that exist are used; a missing one is
reported by ``test_every_law_has_an_expected_list``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from amend_expected import (
    ROOT,
    Pair,
    expected_files,
    instructions,
    load,
    pairs,
    read_law,
    same_act,
)
from test_amend import _schema

LAWS = sorted((ROOT / "corpus" / "amending-other").glob("*.ru.md"))
FILES = expected_files()

#: Expected instructions the parser does not read as the list says: key -> reason.
KNOWN: dict[str, str] = {}

#: Laws that print neither their date nor their number (the Kazakh mirror texts): the
#: expected values come from the collector's identification (SOURCES.md), so a user
#: gives them with --date/--number.
NOT_PRINTED = {"kz-2002-12-21-363", "kz-2004-03-10-529", "kz-2007-01-08-210", "kz-2008-06-27-50-IV"}


def _cases() -> list[Any]:
    out = []
    for path in FILES:
        for p in pairs(path)[0]:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN[p.key])] if p.key in KNOWN else []
            out.append(pytest.param(p, id=p.key, marks=marks))
    return out


def test_every_law_has_an_expected_list() -> None:
    missing = sorted({p.name.removesuffix(".ru.md") for p in LAWS} - {f.stem for f in FILES})
    assert not missing, f"no expected list for {missing}"


@pytest.mark.parametrize("pair", _cases())
def test_instruction(pair: Pair) -> None:
    assert pair.ok, f"line {pair.line}: {pair.expected['kind']} {pair.expected['targets']}: {pair.problems}"


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_law(path: Path) -> None:
    exp = load(path)
    law = read_law(exp)
    ps, extra = pairs(path)
    # the count, and >= 98 % read with no diagnostic and their targets right
    assert len(list(instructions(law))) == len(ps), [f"line {line}: {i.kind}" for line, i in extra]
    right = sum(p.ok for p in ps)
    assert right >= 0.98 * len(ps), f"{right}/{len(ps)}"
    assert not extra
    # the law itself
    assert law.title == exp["law"]["title"]
    if path.stem in NOT_PRINTED:
        assert (law.date, law.number) == (None, None)  # not printed: never taken from a cited act
        given = read_law_given(exp)
        assert (given.date, given.number) == (exp["law"]["date"], exp["law"]["number"])
    else:
        assert (law.date, law.number) == (exp["law"]["date"], exp["law"]["number"])
    # every act named, in the law's order
    names = [a.name for a in law.acts if a.instructions]
    assert len(names) == len(exp["acts"]), names
    for e, got in zip(exp["acts"], names, strict=True):
        assert same_act(e["name"], got), (e["name"], got)
    # what amends nothing is kept as such (or, for a change to the Kazakh text only, a no_change)
    kept = [(o.span.start, o.span.end) for o in law.non_amending]
    no_change = {law.text.count("\n", 0, i.span.start) + 1 for a in law.acts for i in a.instructions
                 if i.kind == "no_change"}
    starts = [0, *(k + 1 for k, c in enumerate(law.text) if c == "\n")]
    for na in exp.get("non_amending", []):
        pos = starts[na["line"] - 1]
        assert na["line"] in no_change or any(s <= pos <= e for s, e in kept), na
    # every instruction inside its item, every named target inside its instruction
    for act in law.acts:
        for item in act.items:
            assert item.instructions
            for ins in item.instructions:
                assert item.span.start <= ins.span.start <= ins.span.end <= item.span.end
                for t in ins.targets:
                    assert t.span is None or ins.span.start <= t.span.start < t.span.end <= ins.span.end
    # every verb outside quotations is in an instruction (the law-level diagnostics say where not)
    assert not [d for d in law.diagnostics if d.code == "instruction-not-read"]
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(law.to_dict()), key=str)
    assert not errors, errors[0]


def read_law_given(exp: dict[str, Any]) -> Any:
    from statuteparse.amend import parse_amendments

    text = (ROOT / exp["source"]).read_text(encoding="utf-8")
    return parse_amendments(text, date=exp["law"]["date"], number=exp["law"]["number"])
