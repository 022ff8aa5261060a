"""``statuteparse crosscheck``: an original against its translation.

* The corpus's Russian/English pairs of the same article and wording, each compared with
  the expectations written in ``fixtures/crosscheck/corpus_pairs.json`` after reading both
  texts by hand (never copied from the tool's output).
* Every corpus file against itself: no finding, exit 0.
* A real translation edited by the test (an item deleted, a range changed, an add-on
  flipped, …): exactly the one finding that edit makes.
* The JSON is valid against ``schemas/crosscheck.schema.json``; exit status like diff(1).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from corpus_util import CORPUS, corpus_files, corpus_id

from statuteparse import Document, parse_file, parse_text
from statuteparse.cli import main
from statuteparse.crosscheck import FINDING_CODES, Crosscheck, crosscheck, format_text, label_ordinal
from statuteparse.schema import load_schema, validate

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "crosscheck"
PAIRS: list[dict[str, Any]] = json.loads((FIXTURES / "corpus_pairs.json").read_text(encoding="utf-8"))[
    "pairs"
]

ART128_RU = CORPUS / "kz/cc1997/art128/2006-03-02.ru.txt"
ART128_EN = CORPUS / "kz/cc1997/art128/2006-03-02.en.txt"


@cache
def _doc(rel: str) -> Document:
    return parse_file(CORPUS / rel)


def _squash(s: str) -> str:
    return " ".join(s.split())


def _span_text(doc: Document, span: list[int] | None) -> str:
    assert span is not None
    return _squash(doc.text[span[0] : span[1]])


def _check_valid(x: Crosscheck) -> dict[str, Any]:
    out = x.to_dict()
    assert validate(out, "crosscheck") == []
    return out


# ---------------------------------------------------------------------------- corpus pairs


@pytest.mark.parametrize(
    "pair", PAIRS, ids=[Path(p["original"]).parent.name + ":" + p["original"] for p in PAIRS]
)
def test_corpus_pair_hand_verified(pair: dict[str, Any]) -> None:
    orig, trans = _doc(pair["original"]), _doc(pair["translation"])
    x = crosscheck(orig, trans)
    out = _check_valid(x)
    got = [
        {
            "code": f["code"],
            "severity": f["severity"],
            "article": f["article"],
            "part": f["part"],
            "item": f["item"],
            "original": f["original"]["value"],
            "translation": f["translation"]["value"],
        }
        for f in out["findings"]
    ]
    want = [
        {
            "code": f["code"],
            "severity": f["severity"],
            "article": f["article"],
            "part": f["part"],
            "item": f["item"],
            "original": f["original"]["value"],
            "translation": f["translation"]["value"],
        }
        for f in pair["findings"]
    ]
    assert got == want
    # each finding points at the words that say it, in both texts
    for f, w in zip(out["findings"], pair["findings"], strict=True):
        assert w["original"]["quote"] in _span_text(orig, f["original"]["span"])
        assert w["translation"]["quote"] in _span_text(trans, f["translation"]["span"])
    assert out["agrees"] is (not want)
    assert all(a["original"] is not None and a["translation"] is not None for a in out["articles"])


def test_art133_part4_mandatory_confiscation_translated_as_optional() -> None:
    """The issue's case, spelled out: the finding, its severity, and both spans with line and column."""
    x = crosscheck(_doc("kz/cc1997/art133/2006-03-02.ru.txt"), _doc("kz/cc1997/art133/2006-03-02.en.txt"))
    (f,) = x.findings
    assert (f.code, f.severity, f.part) == ("addon-mode", "serious", "4")
    assert (f.original.value, f.translation.value) == ("mandatory", "optional")
    assert f.original.text == "с конфискацией имущества"
    assert f.translation.text is not None and "with or without confiscation of property" in f.translation.text
    # line 17 of the Russian file is item б) of part 4, which carries the sanction
    assert f.original.line == 17
    assert x.articles[0].status == "disagrees"
    assert [p.status for p in x.articles[0].parts] == ["agrees", "agrees", "agrees", "disagrees"]
    assert x.counts() == {"serious": 1, "structural": 0, "unverifiable": 0}


def _same_label_pairs() -> set[tuple[str, str]]:
    found = set()
    for ru in (CORPUS / "kz").rglob("*.ru.txt"):
        en = ru.with_name(ru.name.removesuffix(".ru.txt") + ".en.txt")
        if en.is_file():
            found.add((str(ru.relative_to(CORPUS)), str(en.relative_to(CORPUS))))
    return found


def test_every_same_label_pair_is_verified() -> None:
    """A new Russian/English pair in the corpus needs its hand-verified expectation here."""
    listed = {(p["original"], p["translation"]) for p in PAIRS}
    same = _same_label_pairs()
    assert (
        len(same) >= 6
    )  # art. 113, 128, 133, 275-1 of the 1997 code; art. 56 admin code; art. 4 foreigners law
    assert same <= listed


# ---------------------------------------------------------------------------- self-check


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_self_check_cli_exit_0(path: Path) -> None:
    result = CliRunner().invoke(main, ["crosscheck", "--compact", str(path), str(path)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["agrees"] is True and out["findings"] == []
    assert validate(out, "crosscheck") == []


@pytest.mark.parametrize("name", sorted(p.name for p in (CORPUS / "by").glob("*.ru.txt")))
def test_self_check_whole_codes(name: str) -> None:
    """The Belarus codes (the administrative ones hold incomplete sanctions): the same words agree."""
    doc = parse_file(CORPUS / "by" / name)
    if name.startswith("coao"):
        assert any(p.sanction is not None and not p.sanction.complete for a in doc.articles for p in a.parts)
    x = crosscheck(doc, doc)
    assert x.agrees, format_text(x)
    assert len(x.articles) == len(doc.articles)


# ---------------------------------------------------------------------------- edited translations

# (name, text of the English art. 128, its replacement,
#  the finding: (code, severity, part, item, original value, translation value))
EDITS: list[tuple[str, str, str, tuple[Any, ...]]] = [
    (
        "item-deleted",
        "<p>f) concerning two and more persons;</p> ",
        "",
        (
            "circumstance-count",
            "structural",
            "2",
            "е",
            ["а", "б", "в", "г", "д", "е", "ж", "з", "и", "к"],
            ["a", "b", "c", "d", "e", "g", "h", "i", "j"],
        ),
    ),
    (
        "range-changed",
        "five to seven years",
        "five to eight years",
        (
            "penalty-range",
            "serious",
            "2",
            None,
            {
                "kind": "imprisonment",
                "min": {"value": 5, "unit": "year"},
                "max": {"value": 7, "unit": "year"},
                "subject": None,
                "conditional": False,
            },
            {
                "kind": "imprisonment",
                "min": {"value": 5, "unit": "year"},
                "max": {"value": 8, "unit": "year"},
                "subject": None,
                "conditional": False,
            },
        ),
    ),
    (
        "add-on-flipped-to-mandatory",
        "up to five years with or without confiscation of property",
        "up to five years with confiscation of property",
        ("addon-mode", "serious", "1", None, "optional", "mandatory"),
    ),
    (
        "add-on-flipped-to-optional",
        "with property confiscation",
        "with or without property confiscation",
        ("addon-mode", "serious", "4", None, "mandatory", "optional"),
    ),
    (
        "add-on-dropped",
        "seven to fifteen years with property confiscation",
        "seven to fifteen years",
        (
            "addon-missing",
            "serious",
            "4",
            None,
            {"kind": "confiscation", "mode": "mandatory", "min": None, "max": None, "life": False},
            None,
        ),
    ),
    (
        "unit-changed",
        "term of up to five years",
        "term of up to five months",
        (
            "penalty-range",
            "serious",
            "1",
            None,
            {
                "kind": "imprisonment",
                "min": None,
                "max": {"value": 5, "unit": "year"},
                "subject": None,
                "conditional": False,
            },
            {
                "kind": "imprisonment",
                "min": None,
                "max": {"value": 5, "unit": "month"},
                "subject": None,
                "conditional": False,
            },
        ),
    ),
    (
        "reference-dropped",
        "envisaged in the first, second or third part",
        "envisaged in the first or second part",
        ("refers-to", "structural", "4", None, [1, 2, 3], [1, 2]),
    ),
    (
        "items-relettered",
        "<p>b) entailed causing",
        "<p>c) entailed causing",
        ("circumstance-order", "structural", "4", None, ["а", "б"], ["a", "c"]),
    ),
]


def _edited(old: str, new: str) -> Document:
    text = ART128_EN.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return parse_text(text.replace(old, new), source="edited.en.txt")


@pytest.mark.parametrize("edit", EDITS, ids=[e[0] for e in EDITS])
def test_edited_translation_gives_exactly_that_finding(edit: tuple[str, str, str, tuple[Any, ...]]) -> None:
    _, old, new, want = edit
    assert crosscheck(parse_file(ART128_RU), parse_file(ART128_EN)).agrees  # the real pair agrees
    x = crosscheck(parse_file(ART128_RU), _edited(old, new))
    out = _check_valid(x)
    got = [
        (f["code"], f["severity"], f["part"], f["item"], f["original"]["value"], f["translation"]["value"])
        for f in out["findings"]
    ]
    assert got == [want]
    assert FINDING_CODES[want[0]] == want[1]


def test_deleted_item_points_at_the_item() -> None:
    ru = parse_file(ART128_RU)
    x = crosscheck(ru, _edited("<p>f) concerning two and more persons;</p> ", ""))
    (f,) = x.findings
    assert f.original.text == "е) в отношении двух и более лиц;"
    assert "not in the translation: е)" in f.message


def test_unreadable_sanction_is_unverifiable_not_a_disagreement() -> None:
    # "lashes" is no unit the parser knows: the translation's part 3 sanction is read incompletely
    x = crosscheck(
        parse_file(ART128_RU),
        _edited(
            "seven to ten years with or without confiscation of",
            "seven to ten lashes with or without confiscation of",
        ),
    )
    (f,) = x.findings
    assert (f.code, f.severity, f.part) == ("sanction-unverifiable", "unverifiable", "3")
    assert f.translation.value["complete"] is False
    assert x.articles[0].status == "unverifiable"
    assert not any(g.severity == "serious" for g in x.findings)


def test_same_language_same_unreadable_words_agree() -> None:
    text = "Статья 5. Кража\n1. Кража -\nнаказывается лишением свободы на срок до многих лет.\n"
    a, b = parse_text(text), parse_text(text)
    assert a.articles[0].parts[0].sanction is not None and not a.articles[0].parts[0].sanction.complete
    assert crosscheck(a, b).agrees
    other = parse_text(text.replace("многих", "очень многих"))
    (f,) = crosscheck(a, other).findings
    assert f.code == "sanction-unverifiable"


def test_whole_codes_articles_by_number() -> None:
    """Several articles: aligned by number; one missing from the translation is one finding."""
    ru = "\n".join(
        (CORPUS / p).read_text(encoding="utf-8")
        for p in ("kz/cc1997/art128/2006-03-02.ru.txt", "kz/cc1997/art133/2006-03-02.ru.txt")
    )
    en_128 = ART128_EN.read_text(encoding="utf-8")
    x = crosscheck(parse_text(ru), parse_text(en_128))
    out = _check_valid(x)
    assert [(f["code"], f["article"], f["severity"]) for f in out["findings"]] == [
        ("article-missing", "133", "structural")
    ]
    assert [a["status"] for a in out["articles"]] == ["agrees", "only_original"]
    # and the other way round
    y = crosscheck(parse_text(en_128), parse_text(ru))
    assert [(f.code, f.article) for f in y.findings] == [("article-extra", "133")]


def test_part_missing_and_notes() -> None:
    ru = ART128_RU.read_text(encoding="utf-8")
    ru_notes = ru + "Примечание. Лицо освобождается от уголовной ответственности.\n"
    x = crosscheck(parse_text(ru_notes), parse_file(ART128_EN))
    assert [(f.code, f.part, f.original.value, f.translation.value) for f in x.findings] == [
        ("notes-count", None, 1, 0)
    ]
    en = ART128_EN.read_text(encoding="utf-8")
    cut = en.index("<p>4. The acts")
    y = crosscheck(parse_file(ART128_RU), parse_text(en[:cut]))
    assert [(f.code, f.part, f.severity) for f in y.findings] == [("part-missing", "4", "structural")]


@pytest.mark.parametrize(
    ("label", "ordinal"),
    [
        ("а", (1, "")),
        ("a", (1, "")),
        ("к", (10, "")),
        ("j", (10, "")),
        ("л", (11, "")),
        ("k", (11, "")),
        ("12", (12, "")),
        ("е.1", (6, ".1")),
        ("e.1", (5, ".1")),  # Latin e is the fifth letter, Cyrillic е the sixth
        ("Б", (2, "")),
        ("ё", None),
        ("?", None),
    ],
)
def test_label_ordinal(label: str, ordinal: tuple[int, str] | None) -> None:
    assert label_ordinal(label) == ordinal


# ---------------------------------------------------------------------------- CLI and schema


def test_cli_exit_status_and_text_view() -> None:
    ru, en = (
        str(CORPUS / "kz/cc1997/art133/2006-03-02.ru.txt"),
        str(CORPUS / "kz/cc1997/art133/2006-03-02.en.txt"),
    )
    runner = CliRunner()
    r = runner.invoke(main, ["crosscheck", "--format", "text", "--no-color", ru, en])
    assert r.exit_code == 1
    assert "[serious] addon-mode: Art. 133, part 4:" in r.output
    assert re.search(r"original +line 17, column \d+: с конфискацией имущества", r.output)
    assert "1 finding(s): 1 serious, 0 structural, 0 unverifiable" in r.output
    r = runner.invoke(main, ["crosscheck", "--format", "text", "--no-color", str(ART128_RU), str(ART128_EN)])
    assert r.exit_code == 0 and "the translation agrees" in r.output
    r = runner.invoke(main, ["crosscheck", ru, str(CORPUS / "missing.en.txt")])
    assert r.exit_code == 2
    r = runner.invoke(main, ["crosscheck", "-", en], input=Path(ru).read_bytes())
    assert r.exit_code == 1 and json.loads(r.output)["original"]["source"] == "<stdin>"
    r = runner.invoke(main, ["crosscheck", "-", "-"])
    assert r.exit_code == 2


def test_cli_languages_can_be_given() -> None:
    r = CliRunner().invoke(
        main,
        ["crosscheck", "--original-lang", "ru", "--translation-lang", "en", str(ART128_RU), str(ART128_EN)],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert (out["original"]["language"], out["translation"]["language"]) == ("ru", "en")


def test_schema_command_and_codes() -> None:
    r = CliRunner().invoke(main, ["schema", "crosscheck"])
    assert r.exit_code == 0
    schema = json.loads(r.output)
    assert schema == load_schema("crosscheck")
    assert schema["properties"]["schema"]["const"] == "statuteparse/crosscheck/1"
    assert sorted(schema["$defs"]["Finding"]["properties"]["code"]["enum"]) == sorted(FINDING_CODES)


def test_schema_rejects_a_bad_severity() -> None:
    x = crosscheck(_doc("kz/cc1997/art133/2006-03-02.ru.txt"), _doc("kz/cc1997/art133/2006-03-02.en.txt"))
    out = x.to_dict()
    out["findings"][0]["severity"] = "minor"
    assert validate(out, "crosscheck") == [
        "$.findings[0].severity: 'minor' is not one of ['serious', 'structural', 'unverifiable']"
    ]


def test_repealed_item_and_article() -> None:
    en = parse_file(ART128_EN)
    ru = ART128_RU.read_text(encoding="utf-8")
    item = "г) с применением оружия или предметов, используемых в качестве оружия;"
    x = crosscheck(parse_text(ru.replace(item, "г) (исключен);")), en)
    assert [
        (f.code, f.severity, f.part, f.item, f.original.value, f.translation.value) for f in x.findings
    ] == [("repealed", "structural", "2", "г", True, False)]
    assert x.findings[0].translation.text == "d) with the use of weapons or objects used as weapons;"
    # a repealed article: that is the one finding, not one per part it no longer has
    y = crosscheck(parse_text("Статья 128. (исключена)\n"), en)
    assert [(f.code, f.part, f.original.value, f.translation.value) for f in y.findings] == [
        ("repealed", None, True, False)
    ]


def test_report_crosscheck_html_hooks_without_a_browser(tmp_path: Path) -> None:
    ru, en = CORPUS / "kz/cc1997/art133/2006-03-02.ru.txt", CORPUS / "kz/cc1997/art133/2006-03-02.en.txt"
    out = tmp_path / "check.html"
    r = CliRunner().invoke(main, ["report", "--crosscheck", str(ru), str(en), "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text(encoding="utf-8")
    assert '<section id="crosscheck" class="crosscheck summary" data-agrees="false">' in html
    assert html.count('class="xc-finding"') == 1
    assert re.search(
        r'<mark class="xc sev-serious" id="xc-f1-o" data-side="original"[^>]*>с конфискацией', html
    )
    assert re.search(
        r'<mark class="xc sev-serious" id="xc-f1-t" data-side="translation"[^>]*>with or without', html
    )
    # self-contained: no script, nothing fetched
    assert "<script" not in html and "src=" not in html and "@import" not in html and "<link" not in html
    r = CliRunner().invoke(main, ["report", "--crosscheck", "--format", "md", str(ru), str(en)])
    assert r.exit_code == 2 and "HTML only" in r.output


ART113 = ("kz/cc1997/art113/2006-03-02.ru.txt", "kz/cc1997/art113/2006-03-02.en.txt")
ART396_EN = "kz/coao2001/art396/part1-2006-03-02.en.txt"


def _fine(lo: int, hi: int, unit: str = "mci", subject: str | None = None) -> dict[str, Any]:
    return {
        "kind": "fine",
        "min": {"value": lo, "unit": unit},
        "max": {"value": hi, "unit": unit},
        "subject": subject,
        "conditional": False,
    }


# (name, (original, translation), text of the translation, its replacement, the one finding:
#  (code, severity, part, original value, translation value))
MORE_EDITS: list[tuple[str, tuple[str, str], str, str, tuple[Any, ...]]] = [
    (
        "add-on-term-changed",
        ART113,
        "engage in certain activity for a period of up to three years.</p>",
        "engage in certain activity for a period of up to two years.</p>",
        (
            "addon-term",
            "serious",
            "1",
            {
                "kind": "deprivation_of_right",
                "mode": "optional",
                "min": None,
                "max": {"value": 3, "unit": "year"},
                "life": False,
            },
            {
                "kind": "deprivation_of_right",
                "mode": "optional",
                "min": None,
                "max": {"value": 2, "unit": "year"},
                "life": False,
            },
        ),
    ),
    (
        "sanction-dropped",
        (str(ART128_RU.relative_to(CORPUS)), str(ART128_EN.relative_to(CORPUS))),
        "objective of exploitation shall be punished by imprisonment for a term of up to five years with or "
        "without confiscation of property.",
        "objective of exploitation.",
        (
            "sanction-missing",
            "serious",
            "1",
            {
                "complete": True,
                "penalties": [
                    {
                        "kind": "imprisonment",
                        "min": None,
                        "max": {"value": 5, "unit": "year"},
                        "subject": None,
                        "conditional": False,
                    }
                ],
            },
            None,
        ),
    ),
    (
        "alternative-added",
        (str(ART128_RU.relative_to(CORPUS)), str(ART128_EN.relative_to(CORPUS))),
        "seven to ten years with or without confiscation of",
        "seven to ten years with or without confiscation of property, or by a fine in the amount of "
        "five hundred monthly assessment indicators, with or without confiscation of",
        ("penalty-extra", "serious", "3", None, _fine(500, 500)),
    ),
    (
        "subject-changed",
        (ART396_EN, ART396_EN),
        "and in the case of officials, in the amount",
        "and in the case of legal persons, in the amount",
        (
            "penalty-subject",
            "serious",
            "1",
            _fine(20, 25, subject="officials"),
            _fine(20, 25, subject="legal_entities"),
        ),
    ),
    (
        "unit-of-fine-changed",
        (ART396_EN, ART396_EN),
        "in the amount of ten to twenty monthly assessment indicators",
        "in the amount of ten to twenty monthly wages",
        ("penalty-unit", "serious", "1", _fine(10, 20), _fine(10, 20, "income_month")),
    ),
    (
        "alternative-dropped",
        (ART396_EN, ART396_EN),
        ", and in the case of legal persons in the amount of three hundred to five hundred "
        "monthly assessment indicators",
        "",
        ("penalty-missing", "serious", "1", _fine(300, 500, subject="legal_entities"), None),
    ),
]


@pytest.mark.parametrize("edit", MORE_EDITS, ids=[e[0] for e in MORE_EDITS])
def test_more_edits_give_exactly_that_finding(
    edit: tuple[str, tuple[str, str], str, str, tuple[Any, ...]],
) -> None:
    _, (orig, trans), old, new, want = edit
    text = (CORPUS / trans).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    assert crosscheck(_doc(orig), _doc(trans)).agrees
    x = crosscheck(_doc(orig), parse_text(text.replace(old, new), source="edited.en.txt"))
    out = _check_valid(x)
    got = [
        (f["code"], f["severity"], f["part"], f["original"]["value"], f["translation"]["value"])
        for f in out["findings"]
    ]
    assert got == [want]


def test_condition_clause_compared_by_presence_not_words() -> None:
    head = "Статья 7. Неповиновение\n1. Неповиновение -\n"
    wartime = parse_text(
        head + "наказывается лишением свободы на срок от трех до семи лет, а в военное время или в боевой "
        "обстановке - лишением свободы на срок от пяти до десяти лет.\n"
    )
    plain = parse_text(
        head + "наказывается лишением свободы на срок от трех до семи лет либо лишением свободы на срок "
        "от пяти до десяти лет.\n"
    )
    (f,) = crosscheck(wartime, plain).findings
    assert (f.code, f.severity, f.original.value["conditional"], f.translation.value["conditional"]) == (
        "penalty-condition",
        "serious",
        True,
        False,
    )
    other_words = parse_text(
        wartime.text.replace("в военное время или в боевой обстановке", "в боевой обстановке")
    )
    assert crosscheck(wartime, other_words).agrees


_MIRROR = {
    "article-missing": "article-extra",
    "part-missing": "part-extra",
    "sanction-missing": "sanction-extra",
    "penalty-missing": "penalty-extra",
    "addon-missing": "addon-extra",
}
_MIRROR.update({v: k for k, v in list(_MIRROR.items())})


@pytest.mark.parametrize("edit", EDITS, ids=[e[0] for e in EDITS])
def test_swapping_the_sides_mirrors_the_findings(edit: tuple[str, str, str, tuple[Any, ...]]) -> None:
    _, old, new, _ = edit
    a, b = parse_file(ART128_RU), _edited(old, new)

    def keys(x: Crosscheck, swap: bool) -> list[tuple[Any, ...]]:
        out = []
        for f in x.findings:
            o, t = f.original.value, f.translation.value
            code = _MIRROR.get(f.code, f.code) if swap else f.code
            out.append((code, f.severity, f.part, json.dumps(t if swap else o), json.dumps(o if swap else t)))
        return sorted(out)

    assert keys(crosscheck(b, a), swap=True) == keys(crosscheck(a, b), swap=False)
