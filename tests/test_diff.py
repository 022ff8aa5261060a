"""Tests of statuteparse.diff on the real corpus: the issue's must-show cases and invariants."""

from __future__ import annotations

import json
import re
import textwrap
import time
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from corpus_util import corpus_files

from statuteparse import Circumstance, Part, Penalty, Quantity, Sanction, Span, parse_file, parse_text
from statuteparse.diff import ArticleDiff, Diff, PartDiff, diff, format_text, item_similarity, normalize_text
from statuteparse.gravity import categorize
from statuteparse.model import Document
from statuteparse.schema import validate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
CODES = CORPUS / "kz" / "whole"
PAIRS_FILE = Path(__file__).parent / "fixtures" / "diff" / "pairs.tsv"
CORPUS_FILES = sorted(str(p.relative_to(CORPUS)) for p in corpus_files())


def read_pairs() -> list[tuple[str, str, str | None, str | None]]:
    """The version pairs of the corpus (fixture file): old, new, code_old, code_new."""
    out = []
    for line in PAIRS_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        o, n, co, cn = line.split("\t")
        out.append((o, n, None if co == "-" else co, None if cn == "-" else cn))
    return out


PAIRS = read_pairs()


@cache
def doc(rel: str) -> Document:
    return parse_file(CORPUS / rel)


def pair_diff(
    old: str, new: str, code: str | None = "kz-cc1997", code_new: str | None = None, **kw: Any
) -> Diff:
    return diff(doc(old), doc(new), code_old=code, code_new=code_new or code, **kw)


def part(d: Diff | ArticleDiff, old: int | None, new: int | None) -> PartDiff:
    art = d.articles[0] if isinstance(d, Diff) else d
    for p in art.parts:
        if (p.old.number if p.old else None) == old and (p.new.number if p.new else None) == new:
            return p
    raise AssertionError(f"no part pair {old}->{new} in {[(p.old, p.new) for p in art.parts]}")


def pen(p: PartDiff, kind: str) -> list[dict[str, Any]]:
    return [c.to_dict() for c in p.penalties if c.kind == kind]


def q(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit}


# -- 1. art. 128, English, before/after 2 March 2006 ---------------------------------------------


def test_art128_en_2006() -> None:
    d = pair_diff("kz/cc1997/art128/2006-03-02-pre.en.txt", "kz/cc1997/art128/2006-03-02.en.txt")
    assert validate(d.to_dict(), "diff") == []
    art = d.articles[0]
    assert art.status == "changed" and art.title_changed
    p1 = part(d, 1, 1)
    assert pen(p1, "imprisonment") == [
        {
            "kind": "imprisonment",
            "change": "changed",
            "old": {"min": None, "max": q(1, "year")},
            "new": {"min": None, "max": q(5, "year")},
            "direction": "harsher",
            "subject": None,
            "condition": None,
        }
    ]
    removed = sorted(c.kind for c in p1.penalties if c.change == "removed")
    assert removed == ["arrest", "correctional_labor", "fine", "fine", "restriction_of_liberty"]
    assert not [c for c in p1.penalties if c.change == "added"]
    assert [(a.kind, a.old, a.new) for a in p1.additional] == [("confiscation", None, "optional")]
    assert p1.gravity is not None and p1.gravity.to_dict()["old"] == "small"
    assert p1.gravity.to_dict()["new"] == "medium"

    p2 = part(d, 2, 2)
    added = [c.text for c in p2.circumstances.added]
    assert len(added) == 9
    for word in (
        "repeatedly",
        "violence",
        "weapons",
        "pregnant woman",
        "two and more persons",
        "organs",
        "deceit",
        "abuse of power",
        "dependence",
    ):
        assert sum(word in t for t in added) == 1, word
    assert [c.text for c in p2.circumstances.removed] == [
        "with regard to a minor, if the guilty part was aware of this fact"
    ]
    assert not p2.circumstances.changed  # "group of persons upon prior agreement" kept as is
    assert pen(p2, "imprisonment")[0]["old"] == {"min": None, "max": q(5, "year")}
    assert pen(p2, "imprisonment")[0]["new"] == {"min": q(5, "year"), "max": q(7, "year")}

    p3 = part(d, 3, 3)
    assert pen(p3, "imprisonment")[0]["old"] == {"min": q(3, "year"), "max": q(8, "year")}
    assert pen(p3, "imprisonment")[0]["new"] == {"min": q(7, "year"), "max": q(10, "year")}
    # old part 3 names "an organized group" in running text, not as an item: nothing moves
    assert not p3.circumstances.moved_out
    p4 = part(d, None, 4)
    assert p4.status == "added" and len(p4.circumstances.added) == 2
    assert "Art. 128, part 1: imprisonment up to 1 year → up to 5 years (harsher)" in d.summary
    assert 'Art. 128, part 2: aggravating circumstance added: "repeatedly"' in d.summary


# -- 2. arts. 113, 126, 125 (English) and 270 (Russian) -------------------------------------------


def test_art113_en_2006() -> None:
    d = pair_diff("kz/cc1997/art113/2006-03-02-pre.en.txt", "kz/cc1997/art113/2006-03-02.en.txt")
    p2 = part(d, 2, 2)
    assert len(p2.circumstances.added) == 7
    assert not p2.circumstances.removed
    assert len(p2.circumstances.changed) == 1  # "helpless state ..." reworded
    imp = pen(p2, "imprisonment")[0]
    assert imp["old"]["min"] == q(3, "year") and imp["new"]["min"] == q(5, "year")
    p3 = part(d, 3, 3)
    assert [(a.kind, a.old, a.new) for a in p3.additional] == [("deprivation_of_right", None, "optional")]


def test_art126_en_2006() -> None:
    d = pair_diff("kz/cc1997/art126/2006-03-02-pre.en.txt", "kz/cc1997/art126/2006-03-02.en.txt")
    added = [c for p in d.articles[0].parts for c in p.circumstances.added]
    assert len(added) == 1 and "dependence" in added[0].text
    assert all(not p.penalties and not p.additional for p in d.articles[0].parts)
    assert not any(p.circumstances.removed for p in d.articles[0].parts)


def test_art125_en_2006() -> None:
    d = pair_diff("kz/cc1997/art125/2006-03-02-pre.en.txt", "kz/cc1997/art125/2006-03-02.en.txt")
    art = d.articles[0]
    assert all(not p.penalties and not p.additional for p in art.parts)
    assert len(art.notes.added) == 1 and not art.notes.removed and not art.notes.changed
    assert art.notes.added[0].text.startswith("In the present article")
    # "other grave consequences" -> "other serious consequences": the same item reworded
    p3 = part(d, 3, 3)
    assert any("serious consequences" in n.text for _, n in p3.circumstances.changed)
    assert not p3.circumstances.added and not p3.circumstances.removed


def test_art270_ru_2010() -> None:
    d = pair_diff("kz/cc1997/art270/2009.ru.txt", "kz/cc1997/art270/2010.ru.txt")
    assert part(d, 1, 1).status == "unchanged"
    p2 = part(d, 2, 2)
    assert p2.status == "changed" and p2.text_changed and not p2.penalties and not p2.additional
    assert {
        "op": "replace",
        "old": "группой, а равно лицом, ранее судимым за вовлечение в занятие проституцией",
        "new": "группой",
    } in [w.to_dict() for w in p2.words]
    assert d.summary == ("Art. 270, part 2: wording changed",)


# -- 3. art. 128 of the 1997 code against art. 128 of the 2014 code --------------------------------


def test_art128_1997_to_2014() -> None:
    d = pair_diff("kz/cc1997/art128/2010.ru.txt", "kz/cc2014/art128/2020.ru.txt", "kz-cc1997", "kz-cc2014")
    assert validate(d.to_dict(), "diff") == []
    p2 = part(d, 2, 2)
    assert len(p2.circumstances.added) == 2  # а)…к) align with 1)…10); 11) and 12) are new
    assert not p2.circumstances.removed and not p2.circumstances.changed
    p1 = part(d, 1, 1)
    imp = pen(p1, "imprisonment")[0]
    assert imp["old"] == {"min": None, "max": q(5, "year")}
    assert imp["new"] == {"min": q(4, "year"), "max": q(7, "year")}
    assert [(a.kind, a.old, a.new) for a in p1.additional] == [("confiscation", "optional", "mandatory")]
    ru = pair_diff(
        "kz/cc1997/art128/2010.ru.txt",
        "kz/cc2014/art128/2020.ru.txt",
        "kz-cc1997",
        "kz-cc2014",
        summary_lang="ru",
    )
    assert "Ст. 128, ч. 1: лишение свободы до 5 лет → от 4 до 7 лет (строже)" in ru.summary


# -- 4. self-diffs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_self_diff_is_empty(rel: str) -> None:
    d = diff(doc(rel), doc(rel), code_old="kz-cc1997", code_new="kz-cc1997")
    assert not d.has_changes and d.summary == ()
    assert all(a.status == "unchanged" for a in d.articles)
    assert all(p.status == "unchanged" and not p.text_changed for a in d.articles for p in a.parts)
    assert validate(d.to_dict(), "diff") == []


# -- 5. whole codes ----------------------------------------------------------------------------


def test_whole_code_2009_to_2010(capsys: pytest.CaptureFixture[str]) -> None:
    old = parse_file(CODES / "cc1997-2009.ru.md")
    new = parse_file(CODES / "cc1997-2010.ru.md")
    assert old.code == new.code == "kz-cc1997"
    t0 = time.perf_counter()
    d = diff(old, new)
    elapsed = time.perf_counter() - t0
    with capsys.disabled():
        print(f"\nwhole-code diff cc1997-2009 -> cc1997-2010: {elapsed:.3f} s")
    assert elapsed < 0.5
    changed = {a.new.number for a in d.changed_articles() if a.new is not None}
    assert {"270", "271"} <= changed
    assert validate(d.to_dict(), "diff") == []
    statuses = {a.status for a in d.articles}
    assert "unchanged" in statuses and "added" in statuses
    # every article of either side appears exactly once
    assert sorted(a.old.number for a in d.articles if a.old) == sorted(a.number for a in old.articles)
    assert sorted(a.new.number for a in d.articles if a.new) == sorted(a.number for a in new.articles)


# -- invariants ------------------------------------------------------------------------------------

_MIRROR_STATUS = {"added": "removed", "removed": "added", "repealed": "changed"}
_MIRROR_OP = {"insert": "delete", "delete": "insert"}
_MIRROR_DIR = {"harsher": "milder", "milder": "harsher"}


def _canon(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: _canon(v) for k, v in x.items()}
    if isinstance(x, list):
        return sorted((_canon(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return x


def mirror(d: dict[str, Any]) -> dict[str, Any]:
    """What diff(b, a) should be, given diff(a, b) (summaries left out)."""

    def part_m(p: dict[str, Any]) -> dict[str, Any]:
        c = p["circumstances"]
        g = p["gravity"]
        return {
            "old": p["new"],
            "new": p["old"],
            "status": _MIRROR_STATUS.get(p["status"], p["status"]),
            "circumstances": {
                "added": c["removed"],
                "removed": c["added"],
                "changed": [{"old": x["new"], "new": x["old"]} for x in c["changed"]],
                "moved_in": [
                    {**{k: v for k, v in m.items() if k != "to_part"}, "from_part": m["to_part"]}
                    for m in c["moved_out"]
                ],
                "moved_out": [
                    {**{k: v for k, v in m.items() if k != "from_part"}, "to_part": m["from_part"]}
                    for m in c["moved_in"]
                ],
            },
            "penalties": [
                {
                    **x,
                    "old": x["new"],
                    "new": x["old"],
                    "change": _MIRROR_STATUS.get(x["change"], x["change"]),
                    "direction": _MIRROR_DIR.get(x["direction"], x["direction"]),
                }
                for x in p["penalties"]
            ],
            "additional": [
                {**x, "old": x["new"], "new": x["old"], "old_max": x["new_max"], "new_max": x["old_max"]}
                for x in p["additional"]
            ],
            "text_changed": p["text_changed"],
            "words": [
                {"op": _MIRROR_OP.get(w["op"], w["op"]), "old": w["new"], "new": w["old"]} for w in p["words"]
            ],
            "gravity": None
            if g is None
            else {"old": g["new"], "new": g["old"], "old_kind": g["new_kind"], "new_kind": g["old_kind"]},
            "repealed": {"old": p["repealed"]["new"], "new": p["repealed"]["old"]},
        }

    arts = []
    for a in d["articles"]:
        arts.append(
            {
                "old": a["new"],
                "new": a["old"],
                "status": _MIRROR_STATUS.get(a["status"], a["status"]),
                "title_changed": a["title_changed"],
                "parts": [part_m(p) for p in a["parts"]],
                "notes": {
                    "added": a["notes"]["removed"],
                    "removed": a["notes"]["added"],
                    "changed": [{"old": x["new"], "new": x["old"]} for x in a["notes"]["changed"]],
                },
            }
        )
    return {"old": d["new"], "new": d["old"], "articles": arts}


def _strip(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "old": d["old"],
        "new": d["new"],
        "articles": [{k: v for k, v in a.items() if k != "summary"} for a in d["articles"]],
    }


@pytest.mark.parametrize(
    ("old", "new", "code_old", "code_new"), PAIRS, ids=[f"{o}->{n}" for o, n, _, _ in PAIRS]
)
def test_diff_is_symmetric(old: str, new: str, code_old: str | None, code_new: str | None) -> None:
    ab = pair_diff(old, new, code_old, code_new).to_dict()
    ba = pair_diff(new, old, code_new, code_old).to_dict()
    assert _canon(mirror(ab)) == _canon(_strip(ba))
    assert bool(ab["summary"]) == bool(ba["summary"])


_EDITORIAL = " (В редакции Закона РК от 10.12.2009 № 227-IV)"


def reformat(text: str) -> str:
    """The same statute, formatted differently: lines re-wrapped at 60 columns, ` - ` as ` – `,
    an editorial annotation after the first part's text."""
    lines = text.split("\n")
    out = [lines[0]]
    noted = False
    for line in lines[1:]:
        line = line.replace(" - ", " – ")
        pieces = textwrap.wrap(line, 60, break_long_words=False, break_on_hyphens=False) or [line]
        if line.strip() and not noted:
            pieces[-1] += _EDITORIAL
            noted = True
        out.append("\n".join(pieces))
    return "\n".join(out)


_FORMAT_XFAIL: dict[str, str] = {}


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_formatting_only_changes_are_unchanged(rel: str) -> None:
    if rel in _FORMAT_XFAIL:
        pytest.xfail(_FORMAT_XFAIL[rel])
    text = (CORPUS / rel).read_text(encoding="utf-8")
    other = parse_text(reformat(text), source="reformatted")
    d = diff(doc(rel), other, code_old="kz-cc1997", code_new="kz-cc1997")
    assert d.summary == ()
    assert not d.has_changes


def test_normalize_text() -> None:
    assert normalize_text("ст. 127¹ № 5 «a» —  b -\n c;") == normalize_text('ст. 127.1 N5 "a" - b - c')
    assert normalize_text("срок (В редакции Закона РК от 10.12.2009 № 227-IV) лет") == "срок лет"


def test_item_similarity_tells_circumstances_apart() -> None:
    minor = "with regard to a minor if the guilty party was aware of this fact"
    pregnant = "with regard to a pregnant woman if the guilty party was aware of her condition"
    grave = "entailed causing the death of the victim by negligence or other grave consequences"
    serious = "entailed causing the death of the victim by negligence or other serious consequences"
    assert item_similarity(minor, pregnant) < 65 <= item_similarity(grave, serious)
    assert item_similarity(minor, pregnant) == item_similarity(pregnant, minor)


def test_circumstance_moves_between_parts() -> None:
    old = (
        "Статья 1. Тест\n1. Кража чужого имущества - наказывается лишением свободы на срок до двух лет.\n"
        "2. То же деяние, совершенное: а) группой лиц по предварительному сговору; "
        "б) организованной группой, - наказывается лишением свободы на срок до пяти лет.\n"
    )
    new = (
        "Статья 1. Тест\n1. Кража чужого имущества - наказывается лишением свободы на срок до двух лет.\n"
        "2. То же деяние, совершенное: а) группой лиц по предварительному сговору; б) неоднократно, - "
        "наказывается лишением свободы на срок до пяти лет.\n"
        "3. Деяния, предусмотренные частями первой или второй настоящей статьи, совершенные: "
        "а) организованной группой; б) в отношении несовершеннолетнего, - "
        "наказываются лишением свободы на срок от пяти до десяти лет.\n"
    )
    d = diff(parse_text(old), parse_text(new), code_old="kz-cc1997", code_new="kz-cc1997")
    p2, p3 = part(d, 2, 2), part(d, None, 3)
    assert [(m.circumstance.text, m.part) for m in p2.circumstances.moved_out] == [
        ("организованной группой", 3)
    ]
    assert [(m.circumstance.text, m.part) for m in p3.circumstances.moved_in] == [
        ("организованной группой", 2)
    ]
    assert [c.text for c in p2.circumstances.added] == ["неоднократно"]
    assert not p2.circumstances.removed
    assert [c.text for c in p3.circumstances.added] == ["в отношении несовершеннолетнего"]
    back = diff(parse_text(new), parse_text(old))
    assert [(m.circumstance.text, m.part) for m in part(back, 3, None).circumstances.moved_out] == [
        ("организованной группой", 2)
    ]
    assert validate(d.to_dict(), "diff") == []


def test_units_compare_after_conversion() -> None:
    old = (
        "Статья 1. Тест\n1. Деяние - наказывается штрафом в размере заработной платы или иного дохода "
        "осужденного за период от пяти месяцев до одного года либо лишением свободы на срок до одного года.\n"
    )
    new = (
        "Статья 1. Тест\n1. Деяние - наказывается штрафом в размере заработной платы или иного дохода "
        "осужденного за период от пяти до двенадцати месяцев либо лишением свободы на срок до двенадцати "
        "месяцев.\n"
    )
    d = diff(parse_text(old), parse_text(new))
    p1 = part(d, 1, 1)
    assert p1.text_changed and p1.penalties == ()


def _part(penalties: tuple[Penalty, ...]) -> Part:
    s = Span(0, 0)
    return Part(number=1, text="", span=s, sanction=Sanction(text="", penalties=penalties, span=s))


@pytest.mark.parametrize(
    ("code", "years", "expected"),
    [
        ("kz-cc1997", 1, "small"),
        ("kz-cc1997", 2, "small"),
        ("kz-cc1997", 3, "medium"),
        ("kz-cc1997", 5, "medium"),
        ("kz-cc1997", 7, "grave"),
        ("kz-cc1997", 12, "grave"),
        ("kz-cc1997", 15, "especially_grave"),
        ("kz-cc2014", 2, "small"),
        ("kz-cc2014", 12, "grave"),
        ("kz-cc2014", 13, "especially_grave"),
    ],
)
def test_gravity_thresholds(code: str, years: int, expected: str) -> None:
    g = categorize(_part((Penalty("imprisonment", None, Quantity(years, "year")),)), code)
    assert g is not None and g.category == expected and g.kind == "crime"


def test_gravity_special_cases() -> None:
    death = _part(
        (
            Penalty("imprisonment", Quantity(10, "year"), Quantity(12, "year")),
            Penalty("death_penalty", None, None),
        )
    )
    assert categorize(death, "kz-cc1997").category == "especially_grave"  # type: ignore[union-attr]
    months = _part((Penalty("imprisonment", None, Quantity(30, "month")),))
    assert categorize(months, "kz-cc1997").category == "medium"  # type: ignore[union-attr]
    offence = _part(
        (Penalty("fine", None, Quantity(100, "mci")), Penalty("arrest", None, Quantity(40, "day")))
    )
    g = categorize(offence, "kz-cc2014")
    assert g is not None and g.kind == "criminal_offence" and g.category is None
    assert categorize(offence, "kz-cc1997").category == "small"  # type: ignore[union-attr]
    assert categorize(offence, None) is None and categorize(offence, "xx-unknown") is None
    assert (
        categorize(
            _part((Penalty("imprisonment", None, Quantity(3, "year")),)), "kz-cc1997", negligent=True
        ).category
        == "small"
    )  # type: ignore[union-attr]


def test_gravity_null_without_code() -> None:
    d = pair_diff("kz/cc1997/art128/2006-03-02-pre.en.txt", "kz/cc1997/art128/2006-03-02.en.txt", None)
    assert all(p.gravity is None for p in d.articles[0].parts)
    assert not [s for s in d.summary if "gravity" in s]


def test_single_articles_align_whatever_their_numbers() -> None:
    d = pair_diff("kz/cc1997/art133/2013.ru.txt", "kz/cc2014/art135/2020.ru.txt", "kz-cc1997", "kz-cc2014")
    assert len(d.articles) == 1
    a = d.articles[0]
    assert a.old is not None and a.new is not None and (a.old.number, a.new.number) == ("133", "135")


def test_format_text() -> None:
    d = pair_diff("kz/cc1997/art270/2009.ru.txt", "kz/cc1997/art270/2010.ru.txt")
    plain = format_text(d, color=False)
    assert "Art. 270, part 2: wording changed" in plain and "{+неоднократно,+}" in plain
    assert "\x1b[" not in plain
    assert "\x1b[32m" in format_text(d, color=True)
    same = diff(doc("kz/cc1997/art270/2009.ru.txt"), doc("kz/cc1997/art270/2009.ru.txt"))
    assert "no changes" in format_text(same)


def test_summary_language_is_checked() -> None:
    with pytest.raises(ValueError):
        diff(doc("kz/cc1997/art270/2009.ru.txt"), doc("kz/cc1997/art270/2010.ru.txt"), summary_lang="de")


def test_diff_of_articles() -> None:
    a = doc("kz/cc1997/art270/2009.ru.txt").articles[0]
    b = doc("kz/cc1997/art270/2010.ru.txt").articles[0]
    d = diff(a, b)
    assert d.old_source is None and d.has_changes
    assert re.fullmatch(r"statuteparse/diff/1", d.to_dict()["schema"])
    assert isinstance(Circumstance, type)


def test_annotation_line_before_part_one() -> None:
    text = (
        "Статья 1. Тест\n(В редакции Закона РК от 10.12.2009 № 227-IV)\n"
        "1. Кража - наказывается лишением свободы на срок до двух лет.\n"
    )
    assert [p.number for p in parse_text(text).articles[0].parts] == [1]


def test_repealed_item_is_reported_as_repealed_not_as_a_new_empty_item() -> None:
    head = "Статья 5. Пример\n1. То же деяние, совершенное:\nа) группой лиц;\n"
    tail = "в) с применением оружия, -\nнаказывается лишением свободы на срок до пяти лет.\n"
    old = parse_text(head + "б) неоднократно;\n" + tail)
    new = parse_text(head + "б) исключен Законом РК от 10.12.2009 № 227-IV;\n" + tail)
    forward = diff(old, new).to_dict()
    circ = forward["articles"][0]["parts"][0]["circumstances"]
    assert circ["added"] == [] and circ["removed"] == []
    assert [c["old"]["label"] for c in circ["changed"]] == ["б"]
    assert forward["summary"] == ['Art. 5, part 1: item repealed: б) "неоднократно"']
    assert diff(new, old).to_dict()["summary"] == ['Art. 5, part 1: item restored: б) "неоднократно"']
