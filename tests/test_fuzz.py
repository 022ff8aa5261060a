"""The never-fail contract, held by fuzzing: mutated statute text parses or fails on purpose.

For any input text, ``parse_text`` either returns a :class:`Document` or raises a
:class:`StatuteParseError` (``InputError`` when no statute article is found); it never
raises anything else.  And every Document satisfies the **span invariant**:

1. every span lies inside the text: ``0 <= start <= end <= len(Document.text)``;
2. the top-level nodes, ``Document.articles`` and ``Document.blocks`` taken together and
   sorted by start, are in order and pairwise disjoint: ``a.end <= b.start`` for each
   node ``a`` followed by ``b`` (``Document.articles`` alone is in text order too);
3. nothing is dropped: every non-whitespace character of ``Document.text`` lies inside
   the span of exactly one top-level node;
4. nesting: every part span lies inside its article span, every circumstance span
   inside its part span, and every note span inside its article span.

Mutations of real corpus articles: lines deleted, duplicated, swapped; markers inserted
(``а)``, ``1.``, ``наказывается``, ``Примечание.``, number words, editorial notes,
headings, HTML and entities); truncation anywhere.

Examples: 200 per test by default; ``pytest -m fuzz`` runs the long variants
(``STATUTEPARSE_FUZZ_EXAMPLES``, default 5000); the variable also sets the default run.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from corpus_util import CORPUS, Hang, corpus_files, corpus_id, time_limit, whole_code
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuteparse import Document, StatuteParseError, parse_bytes, parse_text

_ENV = os.environ.get("STATUTEPARSE_FUZZ_EXAMPLES")
DEFAULT_EXAMPLES = int(_ENV) if _ENV else 200
LONG_EXAMPLES = int(_ENV) if _ENV else 5000

settings.register_profile(
    "statuteparse-fuzz",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=False,
)

CORPUS_TEXTS = [p.read_text(encoding="utf-8") for p in corpus_files()]

MARKERS = [
    "а)",
    "б) ",
    "к)",
    "е¹)",
    "a) ",
    "12)",
    "1.",
    "2. ",
    "4-1.",
    "Part 1:",
    "Часть 2.",
    "наказывается",
    "наказываются",
    " - наказывается лишением свободы на срок до",
    "shall be punished",
    "влечет",
    "Примечание.",
    "Примечания.",
    "Notes:",
    "пяти",
    "двадцати",
    "ста",
    "двух тысяч",
    "пятидесятисуток",
    "(В редакции Закона РК от 10.12.2009 № 227-IV)",
    "(исключен",
    "Сноска. Статья изменена",
    "Статья 5.",
    "Статья 275-1.",
    "Article 3:",
    "#### Статья 9.",
    "Глава 2.",
    "РАЗДЕЛ I",
    "лишением свободы",
    "либо",
    "или",
    "с конфискацией имущества или без таковой",
    "на тот же срок",
    "в размере",
    "МРП",
    "от",
    "до",
    ";",
    ":",
    "-",
    "–",
    "(",
    ")",
    "\n",
    "\n\n",
    "<p>",
    "</p>",
    "<b>",
    "&nbsp;",
    "&laquo;",
    "\u00ad",
    "\t",
    "  ",
    "**",
    "<*>",
    "12\n",
    "\n- 12 -\n",
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A corpus article with random line-level and character-level damage."""
    lines = draw(st.sampled_from(CORPUS_TEXTS)).splitlines(keepends=True)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "insert-line", "cut"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(MARKERS)) + lines[i][at:]
        elif op == "insert-line":
            lines.insert(i, draw(st.sampled_from(MARKERS)) + " " + draw(st.sampled_from(MARKERS)) + "\n")
        else:
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at]
    text = "".join(lines)
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def check_invariant(doc: Document) -> None:
    """Assert the span invariant of the module docstring on ``doc``."""
    text = doc.text
    n = len(text)
    tops = sorted(
        [(a.span.start, a.span.end, "article") for a in doc.articles]
        + [(b.span.start, b.span.end, b.kind) for b in doc.blocks]
    )
    starts = [a.span.start for a in doc.articles]
    assert starts == sorted(starts), "articles out of order"
    for s, e, kind in tops:
        assert 0 <= s <= e <= n, (kind, s, e, n)
    for (s1, e1, k1), (s2, e2, k2) in zip(tops, tops[1:], strict=False):
        assert e1 <= s2, f"{k1} [{s1},{e1}) overlaps {k2} [{s2},{e2})"
    covered = 0
    for s, e, _ in tops:
        gap = text[covered:s]
        assert not gap.strip(), f"dropped text at {covered}: {gap.strip()[:60]!r}"
        covered = max(covered, e)
    assert not text[covered:].strip(), f"dropped text at the end: {text[covered:].strip()[:60]!r}"
    for a in doc.articles:
        for p in a.parts:
            assert a.span.start <= p.span.start <= p.span.end <= a.span.end, ("part", a.number, p.number)
            for c in p.circumstances:
                assert p.span.start <= c.span.start <= c.span.end <= p.span.end, ("item", a.number, c.label)
        for note in a.notes:
            assert a.span.start <= note.span.start <= note.span.end <= a.span.end, ("note", a.number)


def parse_or_error(text: str) -> Document | None:
    """Parse; our own errors are allowed (None), any other exception fails the test."""
    try:
        return parse_text(text)
    except StatuteParseError:
        return None


@settings(settings.get_profile("statuteparse-fuzz"), max_examples=DEFAULT_EXAMPLES)
@given(mutated())
def test_mutated_articles_never_fail(text: str) -> None:
    doc = parse_or_error(text)
    if doc is not None:
        check_invariant(doc)


@settings(settings.get_profile("statuteparse-fuzz"), max_examples=DEFAULT_EXAMPLES)
@given(st.lists(st.sampled_from(MARKERS), max_size=30).map("".join))
def test_marker_soup_never_fails(text: str) -> None:
    doc = parse_or_error(text)
    if doc is not None:
        check_invariant(doc)


@settings(settings.get_profile("statuteparse-fuzz"), max_examples=DEFAULT_EXAMPLES // 2)
@given(st.binary(max_size=400))
def test_random_bytes_never_fail(data: bytes) -> None:
    try:
        doc = parse_bytes(data)
    except StatuteParseError:
        return
    check_invariant(doc)


@pytest.mark.fuzz
@settings(settings.get_profile("statuteparse-fuzz"), max_examples=LONG_EXAMPLES)
@given(mutated())
def test_mutated_articles_never_fail_long(text: str) -> None:
    doc = parse_or_error(text)
    if doc is not None:
        check_invariant(doc)


@pytest.mark.fuzz
@settings(settings.get_profile("statuteparse-fuzz"), max_examples=LONG_EXAMPLES)
@given(st.lists(st.one_of(st.sampled_from(MARKERS), st.text(max_size=8)), max_size=60).map("".join))
def test_marker_soup_never_fails_long(text: str) -> None:
    doc = parse_or_error(text)
    if doc is not None:
        check_invariant(doc)


@pytest.mark.parametrize("path", corpus_files(), ids=corpus_id)
def test_invariant_on_every_corpus_file(path: Path) -> None:
    check_invariant(parse_text(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["cc1997-2010.ru.md", "cc1997-2009.ru.md", "cc2014.ru.md"])
def test_invariant_on_whole_codes(name: str) -> None:
    doc = parse_text(whole_code(name).read_text(encoding="utf-8"))
    assert len(doc.articles) > 300
    check_invariant(doc)


# --------------------------------------------------------------------------------------
# The campaign (issue 14): all five commands, a fixed seed, outputs held to their schemas
# --------------------------------------------------------------------------------------
#
# Each case is built from its own ``random.Random(f"{seed}/{command}/{k}")``, so any case
# can be replayed alone (``_case(command, k)``).  A case passes when the command returns
# (or raises the library's own error) within ``CASE_SECONDS``, its JSON is valid against
# the published schema, and every penalty range with min > max (after unit conversion)
# has a ``range-reversed`` diagnostic.  Findings are collected, not stopped at: the
# test prints the figures, writes them to ``$STATUTEPARSE_FUZZ_REPORT`` when set, and
# fails when any is not zero.
#
#   pytest tests/test_fuzz.py -k campaign                       # 10 cases per command
#   STATUTEPARSE_FUZZ_EXAMPLES=50000 pytest -m fuzz -k campaign  # split over the five

COMMANDS = ("parse", "diff", "report", "amendments", "apply")
SEED = int(os.environ.get("STATUTEPARSE_FUZZ_SEED", "14"))
CASE_SECONDS = 10
SHORT_CASES = 10  # per command in the normal run: 50 in all

LAW_TEXTS = [
    p.read_text(encoding="utf-8")
    for p in sorted((CORPUS / "amending-other").glob("*.md"))
    + sorted((CORPUS / "kz" / "amending").glob("*.md"))
    if p.name not in ("README.md", "SOURCES.md")
]
LAW_HEAD = "1. В Уголовный кодекс Республики Казахстан от 16 июля 1997 года:\n\n"
KZ_ARTICLES = [
    t for p, t in zip(corpus_files(), CORPUS_TEXTS, strict=True) if "cc1997" in p.parts and ".ru." in p.name
]

HOSTILE = [
    "1" * 25,
    "9" * 400,
    "частью 11111111111111111111x настоящей статьи",
    "part 11111111111111x of this article",
    "от пятисот до одной",
    "от десяти до двух лет",
    "штрафом в размере ста",
    "0. ",
    "\n0. Кража -\n",
    "«",
    "»",
    '"',
    '"строка\n',
    "<title>",
    "<script>",
    "</title>",
    "\x1b]0;x\x07",
    "\x00",
    "\ud800",
    " " * 16,
    " " * 40,
    "¹",
    "²⁰",
]
AMEND_MARKERS = [
    "1)",
    "2) ",
    "а) ",
    "1.",
    "Статья 1.",
    "Статья 2\n",
    "в статье 5:",
    "в части второй:",
    "часть 0 ",
    "пункт 0) ",
    "абзац второй ",
    'слова "',
    'словами "',
    "слова «",
    "»",
    "заменить",
    "исключить;",
    "изложить в следующей редакции:\n",
    "дополнить частью 4-1 следующего содержания:\n",
    "дополнить статьей 9¹ следующего содержания:\n",
    "после слов",
    "соответственно",
    "считать соответственно частями",
    "признать утратившими силу",
    "Внести в Уголовный кодекс Республики Казахстан следующие изменения:\n",
    "следующие изменения:\n",
    "Москва, Кремль\n23 мая 2025 года\n№ 124-ФЗ\n",
    "#### Статья 5. Пример\n",
    "\n",
    ";\n",
]


def _mutate(rng: random.Random, text: str, markers: list[str]) -> str:
    """Line-level and character-level damage, as :func:`mutated` does, from ``rng``."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(0, 8)):
        if not lines:
            break
        op = rng.choice(["delete", "duplicate", "swap", "insert", "insert-line", "cut", "hostile", "repeat"])
        i = rng.randrange(len(lines))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("insert", "hostile"):
            at = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:at] + rng.choice(markers if op == "insert" else HOSTILE) + lines[i][at:]
        elif op == "insert-line":
            lines.insert(i, rng.choice(markers) + " " + rng.choice(markers) + "\n")
        elif op == "repeat":  # a unit many times: what makes a backtracking pattern show
            at = rng.randint(0, len(lines[i]))
            unit = rng.choice(markers + HOSTILE)
            lines[i] = lines[i][:at] + unit * rng.randint(2, 400) + lines[i][at:]
        else:
            lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
    out = "".join(lines)
    if rng.random() < 0.2:
        out = out[: rng.randint(0, len(out))]
    return out


def _statute(rng: random.Random) -> str:
    return _mutate(rng, rng.choice(CORPUS_TEXTS), MARKERS)


def _law(rng: random.Random) -> str:
    lines = rng.choice(LAW_TEXTS).splitlines(keepends=True)
    start = rng.randrange(len(lines))
    excerpt = "".join(lines[start : start + rng.randint(1, 60)])
    head = LAW_HEAD if rng.random() < 0.5 else ""
    return _mutate(rng, head + excerpt, AMEND_MARKERS)


def _law_for_base(rng: random.Random, base: str) -> str:
    """A law whose items name articles of ``base``, so that some instructions apply."""
    numbers = re.findall(r"Статья (\d+)", base) or ["5"]
    items = []
    for k in range(1, rng.randint(1, 6) + 1):
        num = rng.choice(numbers)
        words = re.findall(r"[а-яё]{4,}", base)
        word = rng.choice(words) if words else "деяние"
        items.append(
            rng.choice(
                [
                    f'{k}) в части {rng.choice(["первой", "второй", "0"])} статьи {num} слово "{word}" '
                    f'заменить словом "{word[::-1]}";\n',
                    f"{k}) часть {rng.choice(['вторую', 'третью', 'первую'])} статьи {num} исключить;\n",
                    f"{k}) статью {num} изложить в следующей редакции:\n"
                    f'"Статья {num}. Новая\n1. Кража - наказывается штрафом.";\n',
                    f"{k}) дополнить статьей {num}-1 следующего содержания:\n"
                    f'"Статья {num}-1. Новая\nТекст.";\n',
                    f'{k}) в статье {num} слова "{word}" исключить;\n',
                ]
            )
        )
    return _mutate(rng, LAW_HEAD + "".join(items), AMEND_MARKERS)


def _case(command: str, k: int) -> tuple[str, ...]:
    """The inputs of case ``k`` of ``command`` (deterministic)."""
    rng = random.Random(f"{SEED}/{command}/{k}")
    if command == "parse":
        return (_statute(rng),)
    if command in ("diff", "report"):
        a = _statute(rng)
        b = _mutate(rng, a, MARKERS) if rng.random() < 0.7 else _statute(rng)
        return (a, b)
    if command == "amendments":
        return (_law(rng),)
    base = "".join(rng.sample(KZ_ARTICLES, rng.randint(1, 3)))
    law = _law_for_base(rng, base) if rng.random() < 0.7 else _law(rng)
    return (law, _mutate(rng, base, MARKERS) if rng.random() < 0.3 else base)


@functools.cache
def _validator(kind: str) -> Any:
    import jsonschema

    from statuteparse.schema import load_schema

    return jsonschema.Draft202012Validator(load_schema(kind))  # type: ignore[arg-type]


def _schema_problems(doc: dict[str, Any], kind: str) -> list[str]:
    return [
        f"$.{'.'.join(str(p) for p in e.absolute_path)}: {e.message[:200]}"
        for e in _validator(kind).iter_errors(doc)
    ]


def _reversed_without_diagnostic(doc: Document) -> list[str]:
    """Penalty ranges whose min is above max (in base units) in a document with no ``range-reversed``."""
    from statuteparse.diff import base_value

    if any(d.code == "range-reversed" for d in doc.diagnostics):
        return []
    found = []
    for a in doc.articles:
        for p in a.parts:
            if p.sanction is None:
                continue
            ranges = [(pen.min, pen.max) for pen in p.sanction.penalties]
            ranges += [(ad.min, ad.max) for pen in p.sanction.penalties for ad in pen.additional]
            for lo, hi in ranges:
                if (
                    lo is not None
                    and hi is not None
                    and lo.unit == hi.unit
                    and base_value(lo) > base_value(hi)
                ):
                    found.append(
                        f"art. {a.number} part {p.number}: {lo.value} {lo.unit} > {hi.value} {hi.unit}"
                    )
    return found


def _run(command: str, inputs: tuple[str, ...]) -> list[tuple[str, str]]:
    """Run one case the way the command does; ``(category, detail)`` for each finding."""
    from statuteparse.amend import parse_amendments
    from statuteparse.apply import apply_law
    from statuteparse.diff import diff, format_text
    from statuteparse.report import render_html, render_markdown
    from statuteparse.serialize import document_outline, document_to_dict, dumps

    findings: list[tuple[str, str]] = []
    if command == "parse":
        doc = parse_text(inputs[0])
        out = document_to_dict(doc)
        dumps(out)
        document_outline(doc)
        findings += [("schema", p) for p in _schema_problems(out, "parse")]
        findings += [("min>max", p) for p in _reversed_without_diagnostic(doc)]
    elif command in ("diff", "report"):
        a, b = parse_text(inputs[0]), parse_text(inputs[1])
        d = diff(a, b)
        if command == "diff":
            out = d.to_dict()
            dumps(out)
            format_text(d, color=True)
            findings += [("schema", p) for p in _schema_problems(out, "diff")]
        else:
            render_html(d, ui_lang=b.language)
            render_markdown(d, ui_lang=b.language)
        for doc in (a, b):
            findings += [("min>max", p) for p in _reversed_without_diagnostic(doc)]
    elif command == "amendments":
        out = parse_amendments(inputs[0]).to_dict()
        dumps(out)
        findings += [("schema", p) for p in _schema_problems(out, "amendments")]
    else:
        result = apply_law(parse_amendments(inputs[0]), inputs[1], act="kz-cc1997")
        out = result.to_dict()
        dumps(out)
        findings += [("schema", p) for p in _schema_problems(out, "amendments")]
    return findings


_Hang = Hang
_limit = time_limit


@functools.cache
def _warm_up() -> None:
    """Build every parser once, so that no case is timed with a grammar being built."""
    from statuteparse.amend import parse_amendments

    for text in (CORPUS_TEXTS[0], EN_WARM_UP):
        parse_text(text)
    for law in LAW_TEXTS[:2]:
        parse_amendments(law)
    parse_amendments("1. To the Criminal Code:\n1) in article 5 the word \"a\" shall be replaced by \"b\";\n")


EN_WARM_UP = "Article 5. Theft\n1. Theft - shall be punished by a fine of up to two hundred indicators.\n"


def campaign(
    command: str, cases: range, on_case: Callable[[int, float], None] | None = None
) -> dict[str, Any]:
    """Run ``cases`` of ``command``; the figures and the first findings of each category."""
    _warm_up()
    counts = {"cases": 0, "own_errors": 0, "exceptions": 0, "hangs": 0, "schema": 0, "min>max": 0}
    examples: dict[str, list[str]] = {}
    slowest = (0.0, -1)
    for k in cases:
        inputs = _case(command, k)
        t = time.perf_counter()
        found: list[tuple[str, str]] = []
        try:
            with _limit(CASE_SECONDS):
                found = _run(command, inputs)
        except StatuteParseError:
            counts["own_errors"] += 1
        except _Hang as exc:
            found = [("hangs", str(exc))]
        except Exception as exc:  # noqa: BLE001 - the finding this campaign is for
            found = [
                (
                    "exceptions",
                    f"{type(exc).__name__}: {exc!s:.200} | {traceback.format_exc(limit=-2)!s:.600}",
                )
            ]
        spent = time.perf_counter() - t
        slowest = max(slowest, (spent, k))
        counts["cases"] += 1
        for category in sorted({c for c, _ in found}):
            counts[category] += 1  # cases with at least one finding of the category
        for category, detail in found:
            if len(examples.setdefault(category, [])) < 5:
                examples[category].append(f"case {k}: {detail}")
        if on_case is not None:
            on_case(k, spent)
    return {
        "command": command,
        "seed": SEED,
        **counts,
        "slowest_s": round(slowest[0], 3),
        "slowest_case": slowest[1],
        "examples": examples,
    }


def _report(figures: dict[str, Any]) -> None:
    path = os.environ.get("STATUTEPARSE_FUZZ_REPORT")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(figures, ensure_ascii=False) + "\n")
    print(json.dumps(figures, ensure_ascii=False, indent=1))


def _assert_clean(figures: dict[str, Any]) -> None:
    bad = {c: figures[c] for c in ("exceptions", "hangs", "schema", "min>max") if figures[c]}
    assert not bad, json.dumps(
        {"findings": bad, "examples": figures["examples"]}, ensure_ascii=False, indent=1
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_campaign_short(command: str) -> None:
    """The normal run's campaign: ``SHORT_CASES`` cases per command (50 in all)."""
    figures = campaign(command, range(SHORT_CASES))
    _assert_clean(figures)


@pytest.mark.fuzz
@pytest.mark.parametrize("command", COMMANDS)
def test_campaign_long(command: str) -> None:
    """``STATUTEPARSE_FUZZ_EXAMPLES`` cases (default 5000) split over the five commands."""
    per_command = max(1, LONG_EXAMPLES // len(COMMANDS))
    figures = campaign(command, range(per_command))
    _report(figures)
    _assert_clean(figures)
