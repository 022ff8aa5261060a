"""Compare what the parser reads from an amending law with a hand-made expected list.

The lists in ``fixtures/amend_expected/<stem>.json`` were written by people reading the laws in
``corpus/amending-other/`` (never from the parser's output).  Each expected instruction
has the line it is written on, its kind, its targets (``article:20/item:2``, outermost
first) and its words; also replacements, anchors, the start of the new text and the labels
of inserted or renumbered units, which are compared too.  Instructions are matched by
line; on one line, in order, an expected instruction takes the first unused instruction of
the same kind.

Used by ``tests/test_amend_expected.py``; ``python tests/amend_expected.py`` prints the
figures per law.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statuteparse.amend import AmendingLaw, Instruction, parse_amendments

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "fixtures" / "amend_expected"


def expected_files() -> list[Path]:
    return sorted(EXPECTED.glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


_LAWS: dict[str, AmendingLaw] = {}


def read_law(exp: dict[str, Any]) -> AmendingLaw:
    src = exp["source"]
    if src not in _LAWS:
        _LAWS[src] = parse_amendments((ROOT / src).read_text(encoding="utf-8"), source=src)
    return _LAWS[src]


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def target_str(ins: Instruction) -> list[str]:
    return sorted("/".join(f"{r.kind}:{r.label}" if r.label else r.kind for r in t.path) for t in ins.targets)


def act_key(name: str) -> str:
    """An act's name without its date and number, for matching names written differently."""
    s = _norm(name).replace("«", '"').replace("»", '"')
    s = re.sub(r"\bот \d{1,2} \w+ \d{4}(?: ?(?:года|г\.))?", "", s)
    s = re.sub(r"(?:№|N) ?[\w-]+", "", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


def same_act(expected: str, got: str) -> bool:
    a, b = act_key(expected), act_key(got)
    return a == b or a in b or b in a


@dataclass
class Pair:
    law: str
    line: int
    index: int
    """Index of the expected instruction on its line (0, 1, …)."""
    expected: dict[str, Any]
    got: Instruction | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def key(self) -> str:
        return f"{self.law}:{self.line}:{self.index}"


def _details(e: dict[str, Any], got: Instruction) -> list[str]:
    """The other fields the lists give: replacements, anchors, the new text's start, new labels."""
    out: list[str] = []
    for name, ours in (("replacements", got.replacements), ("anchor", got.anchor)):
        if [_norm(q.text) for q in ours] != [_norm(w) for w in e.get(name, [])]:
            out.append(f"{name} {[q.text for q in ours]} != {e.get(name)}")
    if e["kind"] == "insert_words" and got.anchor_position != e.get("position"):
        out.append(f"position {got.anchor_position} != {e.get('position')}")
    start = e.get("new_text_start")
    if (start is None) != (got.new_text is None) or (
            start is not None and got.new_text is not None
            and not _norm(got.new_text.text).startswith(_norm(start)[:25])):
        out.append(f"new text {got.new_text.text[:30] if got.new_text else None!r} != {start!r}")
    want = e.get("new_labels") if "new_labels" in e else e.get("labels") if e["kind"] == "insert" else None
    if want is not None and list(got.labels) != want:
        out.append(f"labels {list(got.labels)} != {want}")
    return out


def instructions(law: AmendingLaw) -> Iterator[tuple[int, Instruction]]:
    """(line, instruction) of every instruction of the law; ``no_change`` is not an instruction here."""
    for act in law.acts:
        for ins in act.instructions:
            if ins.kind != "no_change":
                yield law.text.count("\n", 0, ins.span.start) + 1, ins


def pairs(path: Path) -> tuple[list[Pair], list[tuple[int, Instruction]]]:
    """Every expected instruction with the instruction read for it, and instructions read but not expected."""
    exp = load(path)
    law = read_law(exp)
    by_line: dict[int, list[Instruction]] = {}
    for line, ins in instructions(law):
        by_line.setdefault(line, []).append(ins)
    used: set[int] = set()
    out: list[Pair] = []
    seen: dict[int, int] = {}
    for act in exp["acts"]:
        for e in act["instructions"]:
            line = e["line"]
            k = seen.get(line, 0)
            seen[line] = k + 1
            cands = [i for i in by_line.get(line, []) if id(i) not in used]
            got = next((i for i in cands if i.kind == e["kind"]), cands[0] if cands else None)
            p = Pair(path.stem, line, k, e, got)
            if got is None:
                p.problems.append("not read")
            else:
                used.add(id(got))
                if got.diagnostic is not None:
                    p.problems.append(f"diagnostic: {got.diagnostic.message[:80]}")
                if got.kind != e["kind"]:
                    p.problems.append(f"kind {got.kind} != {e['kind']}")
                if target_str(got) != sorted(e["targets"]):
                    p.problems.append(f"targets {target_str(got)} != {sorted(e['targets'])}")
                words = [_norm(q.text) for q in got.words]
                if words != [_norm(w) for w in e.get("words", [])]:
                    p.problems.append(f"words {words} != {e.get('words')}")
                p.problems.extend(_details(e, got))
            out.append(p)
    extra = [(line, i) for line, lst in by_line.items() for i in lst if id(i) not in used]
    return out, extra


def main() -> None:
    total = right = 0
    for path in expected_files():
        ps, extra = pairs(path)
        ok = sum(p.ok for p in ps)
        law = read_law(load(path))
        diag = sum(1 for _, i in instructions(law) if i.diagnostic is not None)
        print(f"{path.stem:28} expected {len(ps):4}  read {len(list(instructions(law))):4}  "
              f"with diagnostic {diag:3}  right {ok:4}  ({100 * ok / max(1, len(ps)):.1f}%)  "
              f"extra {len(extra)}")
        for p in ps:
            if not p.ok:
                print(f"   {p.key}: {p.expected['kind']} {p.expected['targets']}: {'; '.join(p.problems)}")
        for line, i in extra:
            print(f"   extra {path.stem}:{line}: {i.kind} {target_str(i)}")
        total += len(ps)
        right += ok
    print(f"all: {right}/{total} ({100 * right / max(1, total):.1f}%)")


if __name__ == "__main__":
    main()
