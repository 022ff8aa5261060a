"""Hostile input: patterns stay linear in their input (issue 14).

Each case times the parser on a crafted input against a benign input of the same length in
the same run, and bounds the ratio (never an absolute time, on a noisy machine).  The crafted
inputs are the ones that made a pattern backtrack: a backtracking pattern takes seconds to
forever on them, so a generous ratio still tells linear from not.  An alarm stops a run that
would hang, and fails the test.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from corpus_util import time_limit

from statuteparse import parse_text

RATIO = 25.0


def _deadline(seconds: int) -> AbstractContextManager[None]:
    return time_limit(seconds, "not linear")


def _best(run: Callable[[], object], times: int = 3) -> float:
    best = float("inf")
    for _ in range(times):
        t = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t)
    return best


def _ratio(hostile: str, benign: str, run: Callable[[str], object] = parse_text) -> float:
    """Time of ``run(hostile)`` over ``run(benign)`` (inputs of about the same length)."""
    assert abs(len(hostile) - len(benign)) < 0.05 * len(benign) + 8
    with _deadline(30):
        run(benign)  # build the parsers first
        slow = _best(lambda: run(hostile))
        base = _best(lambda: run(benign))
    return slow / base


RU_REF = (
    "Статья 5. Кража\n1. Кража -\nнаказывается лишением свободы на срок до двух лет.\n"
    "2. Деяния, предусмотренные частью {x} настоящей статьи, -\n"
    "наказываются лишением свободы на срок до трех лет.\n"
)
EN_REF = (
    "Article 5. Theft\n1. Theft -\nshall be punished by imprisonment for up to two years.\n"
    "2. The acts envisaged in part {x} of this article -\n"
    "shall be punished by imprisonment for up to three years.\n"
)


@pytest.mark.parametrize("template", [RU_REF, EN_REF], ids=["ru", "en"])
def test_part_reference_of_many_digits_is_linear(template: str) -> None:
    """``частью 1111…1x настоящей статьи`` made the reference pattern backtrack exponentially."""
    digits = "1" * 40 + "x"
    hostile = template.format(x=digits)
    benign = template.format(x="первой" + " " * (len(digits) - 6))
    assert _ratio(hostile, benign) < RATIO


def test_part_reference_finds_parts_after_the_fix() -> None:
    doc = parse_text(EN_REF.format(x="1"))
    assert doc.articles[0].parts[1].refers_to == (1,)
    doc = parse_text(
        "Article 5. Theft\n1. Theft -\nshall be punished by a fine.\n"
        "2. Robbery -\nshall be punished by a fine.\n"
        "3. The acts envisaged in the first or second part of this article -\nshall be punished by a fine.\n"
    )
    assert doc.articles[0].parts[2].refers_to == (1, 2)


def _sanction_doc(clause: str) -> dict[str, object]:
    from statuteparse.schema import validate

    doc = parse_text(f"Статья 5. Кража\nКража -\n{clause}\n").to_dict()
    assert validate(doc, "parse") == []
    return doc


@pytest.mark.parametrize("digits", [25, 400, 5000])
def test_numbers_of_any_length_are_reported_not_crashed(digits: int) -> None:
    """A 20+ digit number overflowed orjson; 309 digits the outline; 4,301 Python's int parser."""
    doc = _sanction_doc(f"наказывается штрафом в размере {'9' * digits} рублей.")
    sanction = doc["articles"][0]["parts"][0]["sanction"]  # type: ignore[index]
    assert sanction["complete"] is False
    assert [d["code"] for d in doc["diagnostics"]] == ["unparsed-number"]  # type: ignore[index]


def test_a_reversed_range_is_reported() -> None:
    doc = _sanction_doc("наказывается лишением свободы на срок от пятисот до одной лет.")
    assert [d["code"] for d in doc["diagnostics"]] == ["range-reversed"]  # type: ignore[index]
    assert doc["articles"][0]["parts"][0]["sanction"]["complete"] is False  # type: ignore[index]


def test_an_amount_without_a_unit_is_never_an_empty_unit() -> None:
    doc = _sanction_doc("наказывается штрафом в размере ста.")
    pen = doc["articles"][0]["parts"][0]["sanction"]["penalties"][0]  # type: ignore[index]
    assert pen["max"] == {"value": 100, "unit": "unspecified"}
    assert [d["code"] for d in doc["diagnostics"]] == ["unit-missing"]  # type: ignore[index]


def test_unclosed_hidden_html_tags_are_linear() -> None:
    """Each ``<title>`` without a closer rescanned up to 100k characters (980 kB: 158 s)."""
    from statuteparse.normalize import normalize

    head = "<p>Статья 5. Кража</p><p>Кража - наказывается штрафом.</p>"
    hostile = head + "<title>x " * 8000
    benign = head + "<b>x</b> " * 8000
    assert _ratio(hostile, benign, normalize) < RATIO


def test_hidden_html_elements_still_vanish() -> None:
    from statuteparse.normalize import normalize

    text = normalize(
        "<html><head><title>T</title></head><body><p>Статья 1. <script>x<y</script>A"
        "<TITLE>q</title >z <style>s</style><title>open</p>"
    ).text
    assert text == "\n\n\nСтатья 1. Az <title>open\n"


def _articles(numbers: list[int], wording: int = 0) -> str:
    art = (
        "Статья {n}. Кража\n1. Кража чужого имущества {i} -\n"
        "наказывается лишением свободы на срок до {y} лет.\n"
    )
    return "".join(art.format(n=n, i=i, y=2 + wording) for i, n in enumerate(numbers))


def test_diff_and_report_of_articles_sharing_a_number_are_linear() -> None:
    """Thousands of articles with one number: a scan per unpaired article, a suffix search per anchor
    (20k articles: 46 s).  The benign pair has the same changes with distinct numbers."""
    from statuteparse.diff import diff
    from statuteparse.report import render_html

    k = 6000
    docs = {
        "hostile": (parse_text(_articles([5] * k)), parse_text(_articles([5] * (k // 2), wording=1))),
        "benign": (
            parse_text(_articles(list(range(1, k + 1)))),
            parse_text(_articles(list(range(1, k // 2 + 1)), wording=1)),
        ),
    }

    def run(which: str) -> object:
        old, new = docs[which]
        return render_html(diff(old, new))

    with _deadline(60):
        run("benign")
        slow = _best(lambda: run("hostile"), times=2)
        base = _best(lambda: run("benign"), times=2)
    assert slow / base < 3  # linear: about 1; the old code: 4.5 at this size, growing with k


# ------------------------------------------------------------------ outputs valid against our own schemas


def test_a_part_numbered_zero_is_valid_output() -> None:
    """The text's ``0.`` part and note were written as number 0, which the schema refused."""
    from statuteparse.diff import diff
    from statuteparse.schema import validate

    text = "Статья 5. Кража\n0. Кража - наказывается штрафом.\nПримечания.\n0. Первое.\n1. Второе.\n"
    doc = parse_text(text)
    assert doc.articles[0].parts[0].number == 0
    assert validate(doc.to_dict(), "parse") == []
    other = parse_text(text.replace("штрафом", "арестом"))
    assert validate(diff(doc, other).to_dict(), "diff") == []


def test_a_circumstance_moved_to_an_unnumbered_part_is_valid_output() -> None:
    """A move into a part without a number had target ``null``, which the schema refused."""
    from statuteparse.diff import diff
    from statuteparse.schema import validate

    old = parse_text(
        "Статья 5. Кража\n1. Кража, совершенная:\nа) группой лиц по предварительному сговору;\n"
        "б) с незаконным проникновением в жилище, -\nнаказывается штрафом.\n"
        "2. Кража, совершенная:\nа) в крупном размере, -\nнаказывается арестом.\n"
    )
    new = parse_text(
        "Статья 5. Кража\nКража, совершенная:\nа) группой лиц по предварительному сговору;\n"
        "б) в крупном размере;\nв) с незаконным проникновением в жилище, -\nнаказывается штрафом.\n"
    )
    out = diff(old, new).to_dict()
    moves = [
        m for a in out["articles"] for p in a["parts"] for m in p["circumstances"]["moved_out"]
    ]
    assert any(m["to_part"] is None for m in moves), moves
    assert validate(out, "diff") == []


def test_an_item_with_no_instruction_read_is_valid_output() -> None:
    """``18) в статье 184:`` twice: the first item has zero instructions."""
    from statuteparse.amend import parse_amendments
    from statuteparse.schema import validate

    out = parse_amendments(
        "1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n"
        "18) в статье 184:\n18) в статье 184:\nпункт 2 исключить;\n"
    ).to_dict()
    assert [len(it["instructions"]) for act in out["acts"] for it in act["items"]] == [0, 1]
    assert validate(out, "amendments") == []


@pytest.mark.parametrize("digits", [25, 5000])
def test_numbers_of_any_length_in_an_amending_law(digits: int) -> None:
    """An act numbered ``9999…`` overflowed orjson (20+ digits) and Python's int parser (4,301)."""
    from statuteparse.amend import parse_amendments
    from statuteparse.schema import validate
    from statuteparse.serialize import dumps

    law = parse_amendments(
        f"{'9' * digits}. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n"
        f"1) в части {'1' * digits} - {'2' * digits} статьи 5 слово \"деяние\" исключить;\n"
    )
    out = law.to_dict()
    dumps(out)
    assert validate(out, "amendments") == []


def test_a_lone_surrogate_never_reaches_the_json() -> None:
    """A ``str`` can hold a lone surrogate (``\\ud800``); orjson refused to write it."""
    from statuteparse.amend import parse_amendments
    from statuteparse.serialize import dumps

    doc = parse_text("Статья 1. Кража\ud800\n1. Кража - наказывается штрафом.\n")
    assert "\ud800" not in dumps(doc.to_dict()) and "\ufffd" in doc.text
    dumps(parse_amendments('1. В Уголовный кодекс:\n1) слова "\ud800" исключить;\n').to_dict())


@pytest.mark.parametrize(
    "clause",
    [
        "наказывается штрафом в размере от двухсот до пяти месячных заработных плат.",
        "наказывается штрафом в размере от двухсот до пяти.",
    ],
    ids=["unconvertible-unit", "no-unit"],
)
def test_a_reversed_range_in_units_without_conversion_is_reported(clause: str) -> None:
    """``200 income_month > 5 income_month`` and ``200 > 5`` (no unit) went without a diagnostic."""
    doc = _sanction_doc(clause)
    assert "range-reversed" in [d["code"] for d in doc["diagnostics"]]  # type: ignore[index]


# ------------------------------------------------------------------ amending laws: quotes stay linear


def _amend_ratio(body: str, benign: str) -> float:
    from statuteparse.amend import parse_amendments

    head = "Внести в Уголовный кодекс Республики Казахстан следующие изменения:\n1) статью 5 исключить;\n"
    return _ratio(head + body, head + benign, parse_amendments)


def test_unclosed_guillemets_are_linear() -> None:
    """``«`` × 16k (32 kB) took 46 s."""
    assert _amend_ratio("«" * 16_000, "«а» " * 4_000) < RATIO


def test_lines_of_unclosed_quotes_are_linear() -> None:
    """8k lines of ``"строка`` (112 kB) took 168 s."""
    assert _amend_ratio('"строка\n' * 8_000, "строка \n" * 8_000) < RATIO


# ------------------------------------------------------------------ found by the fuzz campaign


@pytest.mark.parametrize(
    "template",
    [
        "Статья 5. Кража\n1. Кража -\n"
        "наказывается лишением свободы на тот же срок, с конфискацией имуще{x}ства.\n",
        "Статья 5. Кража\n1. Кража -\n"
        "наказывается штрафом в размере пятикратной суммы взятки{x} или арестом.\n",
        "Article 5. Theft\n1. Theft -\n"
        "shall be punished by a fine of ten times the amount of the bribe{x} or arrest.\n",
    ],
    ids=["ru-confiscation", "ru-multiple", "en-multiple"],
)
def test_editorial_notes_cut_out_of_a_sanction_are_linear(template: str) -> None:
    """Editorial notes inside a sanction are cut out as spaces; a terminal's lazy scan with a
    ``[ \\t]*,?[ \\t]*`` lookahead then cost n³ in their length (2,000 characters: 106 s)."""
    note = "(В редакции Закона РК от 10.12.2009 № 227-IV)"
    hostile = template.format(x=note * 30)
    benign = template.format(x=" слово" * (len(note) * 30 // 6))
    assert _ratio(hostile, benign) < RATIO


def test_an_unreadable_sanction_with_cut_out_notes_is_linear() -> None:
    """Recovery splits an unreadable clause at ``или``/``or`` before a penalty kind; the split
    pattern tried ``[ \t]+`` from every blank of a cut-out run: quadratic (12k blanks: 3 s)."""
    from statuteparse.transform import read_clause

    def run(clause: str) -> object:
        return read_clause(clause + str(time.perf_counter()), 0, "ru")  # a new clause: no cache

    template = (
        "наказывается штрафом в размере до трех тысяч месячных расчетных показателей либо "
        "исправительными раб{x}отами."
    )
    hostile = template.format(x=" " * 12_000)
    benign = template.format(x=" слово" * 2_000)
    assert _ratio(hostile, benign, run) < RATIO


def test_long_blank_runs_in_an_amending_law_are_linear() -> None:
    """A line of an amending law with a long run of blanks: the act-heading pattern (a lazy name,
    then blanks) and the 'дополнить Кодекс' look-back scanned the run from each blank (14 kB: 2.8 s)."""
    head = "1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n1) статью 5 исключить;\n"
    line = "Внести в Кодекс (о правах) дополнить {x} следующие:\n"
    hostile = head + line.format(x=" " * 20_000)
    benign = head + line.format(x=" слово" * (20_000 // 6))

    def run(text: str) -> object:
        from statuteparse.amend import parse_amendments

        return parse_amendments(text)

    assert _ratio(hostile, benign, run) < RATIO
