"""Amending laws read into instructions: fixtures, the corpus laws, the JSON schema, never-fail.

The English inputs in ``fixtures/amend/instructions.en.txt`` are constructed test inputs
(labelled so in the file), not corpus text.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuteparse.amend import AmendingLaw, Instruction, mask_quotes, parse_amendments
from statuteparse.parse import parse_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "amend"
AMENDING = ROOT / "corpus" / "kz" / "amending"
LAW_227 = AMENDING / "law-2009-12-10-227-IV-rus49440.ru.md"
LAW_131 = AMENDING / "law-2006-03-02-131-rus26746.ru.md"
LAWS = sorted(AMENDING.glob("law-*.md"))

HEADS = {
    "ru": "1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n\n",
    "en": "1. To the Criminal Code of the Republic of Kazakhstan of 16 July 1997:\n\n",
}


def _law(path: Path) -> AmendingLaw:
    return parse_amendments(path.read_text(encoding="utf-8"), source=str(path.relative_to(ROOT)))


def _schema() -> dict[str, Any]:
    text = (files("statuteparse") / "schemas" / "amendments.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _q(items: tuple[Any, ...]) -> str:
    return json.dumps([q.text for q in items], ensure_ascii=False)


def summary(ins: Instruction) -> str:
    """One line: kind, targets, and the fields that are set (the fixtures' expected format)."""
    out = [ins.kind]
    if ins.targets:
        out.append(" + ".join("/".join(f"{r.kind}:{r.label or '-'}" for r in t.path) for t in ins.targets))
    if ins.unit:
        out.append(f"unit={ins.unit}")
    if ins.labels:
        out.append(f"labels={json.dumps(list(ins.labels), ensure_ascii=False)}")
    if ins.words:
        out.append(f"words={_q(ins.words)}")
    if ins.replacements:
        out.append(f"replacements={_q(ins.replacements)}")
    if ins.anchor:
        out.append(f"anchor={_q(ins.anchor)} anchor_position={ins.anchor_position}")
    if ins.respectively:
        out.append("respectively")
    if ins.new_text is not None:
        out.append(f"new={json.dumps(ins.new_text.text, ensure_ascii=False)}")
    return " ".join(out)


def _cases(lang: str) -> list[tuple[str, list[str]]]:
    text = (FIXTURES / f"instructions.{lang}.txt").read_text(encoding="utf-8")
    lines = [ln for ln in text.split("\n") if not ln.startswith("#")]
    cases = []
    for block in "\n".join(lines).split("\n----\n"):
        src, expected = block.split("\n=>\n")
        cases.append((src.strip("\n") + "\n", [ln for ln in expected.strip("\n").split("\n") if ln]))
    return cases


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_fixtures(lang: str) -> None:
    for src, expected in _cases(lang):
        law = parse_amendments(HEADS[lang] + src, lang=lang)
        assert len(law.acts) == 1, src
        got = [summary(i) for i in law.acts[0].instructions]
        assert got == expected, src


def test_unparsed_keeps_position_and_the_rest() -> None:
    src = _cases("ru")[-1][0]
    law = parse_amendments(HEADS["ru"] + src)
    bad = law.acts[0].instructions[0]
    assert bad.kind == "unparsed" and bad.diagnostic is not None
    d = bad.diagnostic
    assert (d.line, d.column) == (3, 36)  # "сделать" in the third line of the law
    assert "expected one of" in d.message
    assert law.diagnostics == (d,)
    assert law.acts[0].instructions[1].kind == "repeal"


# ----------------------------------------------------------------------------- quotes


def test_quotes_nest_and_span_paragraphs() -> None:
    text = (
        '1) дополнить пунктом 4-1) следующего содержания:\n\n"4-1) "кассационная инстанция" - суд;\n\n'
        '2. Вторая часть «со "вложенной" цитатой».";\n\n2) слова "а" и «б» исключить;\n'
    )
    masked, quotes, problems = mask_quotes(text)
    assert len(masked) == len(text) and not problems
    assert [text[s:e] for s, e in quotes][1:] == ['"а"', "«б»"]
    s, e = quotes[0]
    assert text[s:e].startswith('"4-1) "кассационная') and text[s:e].endswith('цитатой»."')
    assert "2)" in masked and masked.count("4-1)") == 1  # only the item label outside the quotation


def test_unclosed_quote_is_reported_not_raised() -> None:
    law = parse_amendments(HEADS["ru"] + '1) слова "а исключить;\n')
    assert any(d.code == "unclosed-quote" for d in law.diagnostics)


# ----------------------------------------------------------------------------- Law 227-IV


@pytest.fixture(scope="module")
def law227() -> AmendingLaw:
    return _law(LAW_227)


def test_227_acts(law227: AmendingLaw) -> None:
    assert [(a.number, a.act_id) for a in law227.acts] == [
        (1, "kz-cc1997"), (2, "kz-cpc1997"), (3, "kz-civpc1999")]
    assert [len(a.items) for a in law227.acts] == [27, 101, 70]
    assert law227.in_force == "2010-01-01"
    assert not law227.diagnostics


def test_227_criminal_code_items(law227: AmendingLaw) -> None:
    cc = law227.act("kz-cc1997")
    assert cc is not None
    assert [it.number for it in cc.items] == [str(n) for n in range(1, 28)]
    assert all(it.instructions for it in cc.items)
    kinds = [i.kind for i in cc.instructions]
    assert len(kinds) == 32 and "unparsed" not in kinds
    assert sum(len(i.targets) for i in cc.instructions) == 36
    several = {it.number: len(it.instructions) for it in cc.items if len(it.instructions) > 1}
    assert several == {"1": 2, "4": 2, "5": 2, "7": 2, "15": 2}
    articles = sorted({t.article for i in cc.instructions for t in i.targets if t.article}, key=lambda a: [
        int(x) for x in a.split("-")])
    assert articles == ("11 58 59 63 64 72 77 96 103 104 117 120 121 170 175 176 177 178 179 181 183 190 191 "
                        "221 223 227-1 248 257 270 271").split()
    last = cc.items[-1].instructions[0]
    assert last.kind == "restate" and last.new_text is not None
    assert last.new_text.text.startswith("2. Те же деяния, совершенные организованной группой либо")
    # spans point into the law
    assert law227.text[last.span.start:last.span.start + 12] == "часть вторую"
    assert law227.text[last.new_text.span.start - 1] == '"'


def test_227_snapshot(law227: AmendingLaw, json_snapshot: Any) -> None:
    data = law227.to_dict()
    # the Criminal Code instructions in full; the other acts by their count of instructions per kind
    for act in data["acts"]:
        if act["id"] != "kz-cc1997":
            counts: dict[str, int] = {}
            for item in act["items"]:
                for ins in item["instructions"]:
                    counts[ins["kind"]] = counts.get(ins["kind"], 0) + 1
            act["items"] = {"count": len(act["items"]), "instructions_by_kind": dict(sorted(counts.items()))}
    assert json.dumps(data, ensure_ascii=False, indent=1) == json_snapshot


# ----------------------------------------------------------------------------- Law 131 (2006)


def test_2006_restated_articles_parse() -> None:
    law = _law(LAW_131)
    cc = law.act("kz-cc1997")
    assert cc is not None and not law.diagnostics
    new_articles = {}
    for ins in cc.instructions:
        if ins.kind == "restate" and [r.kind for r in ins.targets[0].path] == ["article"] or (
            ins.kind == "insert" and ins.unit == "article"
        ):
            assert ins.new_text is not None
            doc = parse_text(ins.new_text.text)
            assert len(doc.articles) == 1
            a = doc.articles[0]
            new_articles[a.number] = (len(a.parts), [len(p.circumstances) for p in a.parts],
                                      all(p.sanction and p.sanction.penalties for p in a.parts))
    assert new_articles == {
        "113": (3, [0, 10, 0], True),
        "128": (4, [0, 10, 0, 2], True),
        "133": (4, [0, 10, 0, 2], True),
        "275-1": (2, [0, 3], True),
    }


def test_2006_other_acts_kept_apart() -> None:
    law = _law(LAW_131)
    assert [(a.number, a.act_id) for a in law.acts] == [
        (1, "kz-cc1997"), (2, "kz-cpc1997"), (3, "kz-coao2001"), (4, None)]
    assert law.acts[3].name.startswith("Указ Президента Республики Казахстан")


# ----------------------------------------------------------------------------- every law


@pytest.mark.parametrize("path", LAWS, ids=[p.name for p in LAWS])
def test_every_law_reads_and_validates(path: Path) -> None:
    law = _law(path)
    data = law.to_dict()
    errors = sorted(jsonschema.Draft202012Validator(_schema()).iter_errors(data), key=str)
    assert not errors, errors[0]
    assert data["schema"] == "statuteparse/amendments/1"
    assert law.act("kz-cc1997") is not None
    for act in law.acts:
        for item in act.items:
            assert item.instructions
            for ins in item.instructions:
                assert item.span.start <= ins.span.start <= ins.span.end <= item.span.end
                for t in ins.targets:
                    assert t.span is None or ins.span.start <= t.span.start < t.span.end <= ins.span.end
    # no instruction of the corpus needs the fallback
    assert not [d for d in law.diagnostics if d.code == "unparsed-instruction"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_never_raises_on_damaged_text(data: st.DataObject) -> None:
    text = LAW_131.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(text) - 1))
    length = data.draw(st.integers(0, 3000))
    junk = data.draw(st.text(alphabet='"«»;:.,()-\n абвпункт1234', max_size=20))
    piece = text[start:start + length] + junk + text[: data.draw(st.integers(0, 2000))]
    law = parse_amendments(piece)
    for act in law.acts:
        for ins in act.instructions:
            assert ins.kind != "unparsed" or ins.diagnostic is not None
    jsonschema.validate(law.to_dict(), _schema())
