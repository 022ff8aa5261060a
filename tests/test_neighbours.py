"""Issue 10: the neighbours' codes, one phenomenon per fixture (``tests/fixtures/neighbours``).

The fixtures are short articles in the standard wording of the genre (not statute text);
each test says what the text means, read from it, and checks that the parser says the same.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from statuteparse import parse_file, parse_text
from statuteparse.diff import diff
from statuteparse.model import Quantity
from statuteparse.schema import validate
from statuteparse.serialize import document_outline
from statuteparse.transform import SANCTION_DIAGNOSTICS

FIXTURES = Path(__file__).parent / "fixtures" / "neighbours"


@cache
def _doc(name: str) -> Any:
    return parse_file(FIXTURES / name)


def _pens(name: str, article: str, part: int | None) -> list[tuple[Any, ...]]:
    art = [a for a in _doc(name).articles if a.number == article][-1]
    p = [p for p in art.parts if p.number == part][0]
    assert p.sanction is not None
    return [
        (
            x.kind,
            x.min,
            x.max,
            x.subject,
            tuple((a.kind, a.mode) for a in x.additional),
        )
        for x in p.sanction.penalties
    ]


def Q(value: float, unit: str, of: str | None = None) -> Quantity:  # noqa: N802
    return Quantity(value, unit, of)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_every_fixture_is_valid_and_complete_unless_meant_otherwise(path: Path) -> None:
    doc = _doc(path.name)
    assert validate(doc.to_dict(), "parse") == []
    sanctions = [p.sanction for a in doc.articles for p in a.parts if p.sanction]
    assert sanctions
    if path.name != "recovery.ru.txt":
        assert doc.diagnostics == (), [d.message for d in doc.diagnostics]
        assert all(s.complete for s in sanctions)


def test_administrative_sanctions_of_the_belarus_2021_layout() -> None:
    name = "by2021-admin.ru.txt"
    assert _pens(name, "10.1", 1) == [
        ("fine", Q(10, "base_amount"), Q(30, "base_amount"), None, ()),
        ("community_service", None, None, None, ()),
        ("arrest", None, None, None, ()),
    ]
    assert _pens(name, "10.1", 2) == [
        ("warning", None, None, None, ()),
        ("fine", None, Q(20, "base_amount"), None, ()),
        ("fine", Q(20, "base_amount"), Q(50, "base_amount"), "individual_entrepreneurs", ()),
        (
            "fine",
            Q(30, "base_amount"),
            Q(100, "base_amount"),
            "legal_entities",
            (("confiscation", "optional"),),
        ),
    ]
    assert _pens(name, "10.1", 3) == [
        ("fine", None, Q(50, "base_amount"), None, (("deportation", "optional"),)),
    ]
    # two subjects named together get one penalty each; a later alternative is theirs too
    assert _pens(name, "10.1", 4) == [
        ("fine", None, Q(30, "base_amount"), None, ()),
        ("fine", None, Q(200, "base_amount"), "individual_entrepreneurs", ()),
        ("fine", None, Q(200, "base_amount"), "legal_entities", ()),
        ("deprivation_of_right", None, None, "individual_entrepreneurs", ()),
        ("deprivation_of_right", None, None, "legal_entities", ()),
    ]


@pytest.mark.parametrize(
    "article,unit,low,high",
    [
        ("1", "mci", 100, 200),  # расчетных показателей (Kyrgyzstan)
        ("2", "mci", 50, 100),  # показателей для расчетов (Tajikistan)
        ("3", "rub", None, 200_000),
        ("4", "amd", 500_000, 1_000_000),
        ("6", "min_wage", 300, 500),  # минимальных размеров заработной платы (Uzbekistan)
    ],
)
def test_units_and_currencies_come_from_the_tables(article: str, unit: str, low: Any, high: int) -> None:
    first = _pens("currencies.ru.txt", article, None)[0]
    assert first[:3] == ("fine", None if low is None else Q(low, unit), Q(high, unit))


def test_the_regions_currencies() -> None:
    assert [p[2] for p in _pens("currencies.ru.txt", "5", None)] == [
        Q(10_000, "kgs"),
        Q(5_000, "tjs"),
        Q(2_000_000, "uzs"),
    ]
    assert [p[2].unit for p in _pens("currencies.ru.txt", "7", None)] == ["kzt", "uah", "mdl", "azn", "gel"]


def test_multiples_of_a_bribe_and_of_damage() -> None:
    name = "multiples.ru.txt"
    assert _pens(name, "290", 1) == [
        (
            "fine",
            Q(10, "multiple", "bribe"),
            Q(50, "multiple", "bribe"),
            None,
            (("deprivation_of_right", "optional"),),
        ),
        ("imprisonment", None, Q(3, "year"), None, (("fine", "mandatory"),)),
    ]
    add = _doc(name).article("290").parts[0].sanction.penalties[1].additional[0]  # type: ignore[union-attr]
    assert (add.min, add.max) == (Q(20, "multiple", "bribe"), Q(20, "multiple", "bribe"))
    assert _pens(name, "290", 2)[0][:3] == ("fine", Q(5, "multiple", "damage"), Q(5, "multiple", "damage"))
    # a multiple of a unit is that many units
    assert _pens(name, "290", 3) == [("fine", Q(10, "base_amount"), Q(50, "base_amount"), None, ())]
    out = _doc(name).to_dict()["articles"][0]["parts"][0]["sanction"]["penalties"][0]["min"]
    assert out == {"value": 10, "unit": "multiple", "of": "bribe"}


def _fine_article(amount: str) -> Any:
    return parse_text(f"Статья 1. А\nДеяние –\nнаказывается штрафом в размере {amount}.\n")


def test_multiples_compare_only_with_multiples_of_the_same_thing() -> None:
    bribe = _fine_article("от десятикратной до пятидесятикратной суммы взятки")
    damage = _fine_article("от двадцатикратной до пятидесятикратной суммы ущерба")
    more = _fine_article("от двадцатикратной до пятидесятикратной суммы взятки")
    a, b = bribe.articles[0].parts[0].sanction.penalties[0], damage.articles[0].parts[0].sanction.penalties[0]  # type: ignore[union-attr]
    assert a.min.dimension() != b.min.dimension()  # type: ignore[union-attr]
    changes = diff(bribe, more).to_dict()["articles"][0]["parts"][0]["penalties"]
    assert changes and changes[0]["change"] == "changed" and changes[0].get("direction") in ("harsher", None)
    text = json.dumps(diff(bribe, damage).to_dict(), ensure_ascii=False)
    assert "harsher" not in text and "milder" not in text


def test_optional_add_ons_in_every_form_and_a_term_before_its_kind() -> None:
    name = "addons.ru.txt"
    assert _pens(name, "211", 1) == [
        ("restriction_of_liberty", None, Q(4, "year"), None, (("fine", "optional"),)),
        (
            "imprisonment",
            None,
            Q(4, "year"),
            None,
            (("fine", "optional"), ("deprivation_of_right", "optional")),
        ),
    ]
    assert _pens(name, "211", 2) == [
        ("imprisonment", Q(7, "year"), Q(10, "year"), None, (("fine", "mandatory"),))
    ]
    assert _pens(name, "211", 3) == [
        ("imprisonment", Q(3, "year"), Q(5, "year"), None, (("confiscation", "optional"),))
    ]


def test_references_to_points_of_parts() -> None:
    art = _doc("points.ru.txt").article("205")
    assert art is not None
    five, six = art.parts[4], art.parts[5]
    assert five.refers_to == (3, 4) and five.refers_to_points == ((3, "а"), (4, "б"))
    assert six.refers_to == (1, 3, 5) and six.refers_to_points == ((5, "а"), (5, "б"))
    assert art.parts[0].refers_to_points == ()
    part = _doc("points.ru.txt").to_dict()["articles"][0]["parts"][4]
    assert part["refers_to_points"] == [{"part": 3, "point": "а"}, {"part": 4, "point": "б"}]


def test_heading_shapes_and_a_title_on_its_own_line() -> None:
    arts = _doc("heading-shapes.ru.txt").articles
    assert [(a.number, a.title) for a in arts] == [
        ("127.1", "Торговля людьми"),
        ("127.1", "Использование рабского труда"),
        ("290-4", "Посредничество"),
    ]
    assert [p.number for p in arts[0].parts] == [1]  # the title did not become a part


def test_an_unreadable_phrase_loses_no_later_alternative_and_says_so() -> None:
    doc = _doc("recovery.ru.txt")
    sanction = doc.articles[0].parts[0].sanction
    assert sanction is not None and not sanction.complete
    assert [p.kind for p in sanction.penalties] == ["correctional_labor", "imprisonment"]
    [d] = doc.diagnostics
    assert d.code == "unparsed-sanction" and "непонятно" in d.message and d.line == 3
    assert "! sanction read only in part" in document_outline(doc, "en")
    assert "! санкция прочитана не полностью" in document_outline(doc)
    assert doc.to_dict()["articles"][0]["parts"][0]["sanction"]["complete"] is False


@pytest.mark.parametrize(
    "name", ["editorial-portal.ru.txt", "editorial-consultant.ru.txt", "editorial-by.ru.txt"]
)
def test_publishers_editorial_notes_stay_out_of_the_text(name: str) -> None:
    art = _doc(name).articles[0]
    assert art.title == "Использование рабского труда"
    for part in art.parts:
        assert "в ред" not in part.text and "редакции" not in part.text
        assert "Федеральн" not in part.text and "Закона" not in part.text and "Пленума" not in part.text
        assert part.sanction is not None and part.sanction.complete
        for c in part.circumstances:
            assert "в ред" not in c.text and "редакции" not in c.text
    notes = (
        [e for e in art.editorial]
        + [e for p in art.parts for e in p.editorial]
        + [e for p in art.parts for c in p.circumstances for e in c.editorial]
    )
    assert notes and all(e.laws or e.kind == "footnote" for e in notes)
    assert {e.kind for e in notes} <= {"amended", "added", "footnote"}


def test_editorial_kinds_and_laws() -> None:
    art = _doc("editorial-consultant.ru.txt").articles[0]
    [head] = art.editorial[:1]
    assert head.kind == "amended" and [(x.date, x.number) for x in head.laws] == [("2011-12-07", "420-ФЗ")]
    kinds = {e.text[:12]: e.kind for p in art.parts for e in p.editorial}
    assert "added" in kinds.values()  # (статья 127.2 введена …)
    assert "footnote" in kinds.values()  # О судебной практике … см. Постановление Пленума …


@pytest.mark.parametrize(
    "a,b",
    [
        ("editorial-portal.ru.txt", "editorial-consultant.ru.txt"),
        ("editorial-consultant.ru.txt", "editorial-by.ru.txt"),
        ("editorial-portal.ru.txt", "editorial-by.ru.txt"),
    ],
)
def test_two_publishers_copies_of_one_article_diff_as_unchanged(a: str, b: str) -> None:
    result = diff(_doc(a), _doc(b)).to_dict()
    assert [x["status"] for x in result["articles"]] == ["unchanged"], result["summary"]
    assert result["summary"] == []


def test_stats_command(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "statuteparse",
            "stats",
            "--format",
            "json",
            str(FIXTURES / "recovery.ru.txt"),
            str(FIXTURES / "multiples.ru.txt"),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    rec, mult = data["files"]
    assert (rec["with_sanction"], rec["complete"], rec["diagnostics"]) == (1, 0, {"unparsed-sanction": 1})
    assert (mult["with_sanction"], mult["complete"], mult["sanction_verbs"]) == (3, 3, 3)
    table = subprocess.run(
        [sys.executable, "-m", "statuteparse", "stats", str(FIXTURES / "recovery.ru.txt")],
        capture_output=True,
        text=True,
    ).stdout
    assert "complete" in table.splitlines()[0] and "unparsed-sanction 1" in table


def _corpus_and_fixtures() -> list[Path]:
    from corpus_util import corpus_files

    return [*corpus_files(), *sorted(FIXTURES.glob("*.txt"))]


@pytest.mark.parametrize("path", _corpus_and_fixtures(), ids=lambda p: p.name)
def test_no_silent_partial_read(path: Path) -> None:
    """Every sanction marked incomplete has a diagnostic inside it, and every sanction with a
    diagnostic inside it is marked incomplete (the Belarus codes: tests/test_by_corpus.py)."""
    doc = parse_file(path)
    sanctions = [p.sanction for a in doc.articles for p in a.parts if p.sanction is not None]
    diags = [d for d in doc.diagnostics if d.code in SANCTION_DIAGNOSTICS]
    for s in sanctions:
        inside = [d for d in diags if s.span.start <= d.span.start <= s.span.end]
        assert s.complete == (not inside), (s.text[:200], [d.message for d in inside])


def test_vocabulary_patterns_are_tries_of_the_forms() -> None:
    """A table's forms become one trie-shaped pattern that matches each form and nothing shorter."""
    import re

    from statuteparse.vocab import trie_pattern, vocabulary

    forms = vocabulary("ru").forms("kind")
    pattern = re.compile("(?:" + trie_pattern(forms) + r")(?!\w)")
    for form in forms:
        assert pattern.fullmatch(form), form
        assert pattern.fullmatch(form.replace(" ", " \t ")), form
    assert not pattern.fullmatch("штрафовать")
    # the grammar's kind look-aheads use first words only, and stay small
    assert len(trie_pattern({f.split()[0] for f in forms})) < len(trie_pattern(forms)) / 2
