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

import os
from pathlib import Path

import pytest
from corpus_util import corpus_files, corpus_id, whole_code
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
