"""Cut a normalised text into top-level pieces: articles, headings, contents, other text.

Guarantees to ``transform``:

* the pieces are in text order, their spans do not overlap, and every
  non-whitespace character of the text lies in exactly one piece (nothing dropped);
* an ``article`` piece starts at its heading line (``Статья 128.``, ``Article 128:``,
  ``#### Статья 275-1.``) and runs to the last non-blank line before the next article
  or structural heading;
* a table of contents is one ``toc`` piece and never yields articles: an article
  heading with no body whose number comes back later with a body is a contents line,
  and so is everything between the first and the last such line;
* text with no article heading but with the marks of a statute (numbered parts, items,
  a sanction) is one headless ``article`` piece (``number`` None): a fragment such as
  one note or one part.  Text with neither raises nothing here: the caller decides.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

import attrs

from .grammar import article_parser
from .lang import LANGUAGES
from .programs import lazy_re

PieceKind = Literal["article", "heading", "toc", "text"]


@attrs.frozen
class Piece:
    """A top-level piece of the text."""

    kind: PieceKind
    start: int
    end: int
    number: str | None = None
    level: str | None = None


class _Line(NamedTuple):
    start: int
    end: int  # end of the line's text (without the newline)
    kind: str  # "article" | "heading" | "blank" | "closing" | "body"
    number: str | None = None
    level: str | None = None


_heading_re: re.Pattern[str] | None = None


def _article_heading() -> re.Pattern[str]:
    """The grammar's own HEADING terminal, anchored at a line start: one definition for both."""
    global _heading_re
    if _heading_re is None:
        term = article_parser().get_terminal("HEADING")
        _heading_re = lazy_re(r"[ \t]*(?:<b>|\*\*)?(?:" + term.pattern.to_regexp() + ")")
    return _heading_re


_NUMBER = lazy_re(r"\d+(?:[-.]\d+)*[¹²³⁴⁵⁶⁷⁸⁹⁰]*")
_STATUTE_MARKS = lazy_re(
    r"(?m)^[ \t]*(?:\d{1,3}\.[ \t]|[а-яёa-z]\)[ \t]|\d{1,2}\)[ \t])"
    r"|наказыва(?:е|ю)тся|shall be punished|настоящей статьи|of this article|[Кк]одекс\w*|\bCode\b|[Зз]акон\w*|\bLaw\b"  # noqa: E501
)


def _classify(text: str, start: int, end: int) -> _Line:
    line = text[start:end]
    if not line.strip():
        return _Line(start, end, "blank")
    m = _article_heading().match(line)
    if m:
        num = _NUMBER.search(line, m.start(), m.end())
        return _Line(start, end, "article", number=num.group(0) if num else None)
    for data in LANGUAGES.values():
        h = data.heading.match(line)
        if h:
            return _Line(start, end, "heading", level=h.lastgroup)
        if data.closing.match(line):
            return _Line(start, end, "closing")
    if line.lstrip().startswith("#"):
        return _Line(start, end, "heading", level="title")
    return _Line(start, end, "body")


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        out.append(_classify(text, pos, end))
        if nl < 0:
            break
        pos = nl + 1
    return out


def segment(text: str) -> list[Piece]:
    """Cut ``text`` into top-level pieces (see the module docstring for the guarantees)."""
    lines = _lines(text)
    heads = [i for i, ln in enumerate(lines) if ln.kind in ("article", "heading", "closing")]
    if not any(lines[i].kind == "article" for i in heads):
        return _headless(text, lines)

    # Body of each heading line: the non-blank lines up to the next heading line.
    has_body: dict[int, bool] = {}
    for k, i in enumerate(heads):
        nxt = heads[k + 1] if k + 1 < len(heads) else len(lines)
        has_body[i] = any(lines[j].kind == "body" for j in range(i + 1, nxt))

    # Table of contents: bodiless article headings whose number returns later;
    # between two of them, a heading whose number also returns later is a contents line
    # too, even with a "body" (a contents line wrapped over two lines).
    last_with_body: dict[str, int] = {}
    for i in heads:
        ln = lines[i]
        if ln.kind == "article" and ln.number is not None:
            last_with_body[ln.number] = i
    toc_lines = [
        i
        for i in heads
        if lines[i].kind == "article"
        and not has_body[i]
        and last_with_body.get(lines[i].number or "", -1) > i
    ]
    toc_ranges: list[tuple[int, int]] = []
    if toc_lines:
        # Group contents lines that follow one another (only headings between them).
        first = toc_lines[0]
        prev = first
        candidates: list[int | None] = [*toc_lines[1:], None]
        size = 1
        for cand in candidates:
            if cand is not None and _contents_between(lines, prev, cand, last_with_body):
                prev = cand
                size += 1
                continue
            # extend backwards over a contents title and headings right before the first line
            s = first
            while s - 1 >= 0 and lines[s - 1].kind in ("heading", "blank"):
                s -= 1
            if size >= 2:
                toc_ranges.append((s, prev))
            if cand is not None:
                first = prev = cand
                size = 1

    pieces: list[Piece] = []
    in_toc: set[int] = set()
    for s, e in toc_ranges:
        a = next(j for j in range(s, e + 1) if lines[j].kind != "blank")
        pieces.append(Piece("toc", lines[a].start, lines[e].end))
        in_toc.update(range(s, e + 1))

    n = len(lines)
    i = 0
    while i < n:
        ln = lines[i]
        if i in in_toc or ln.kind == "blank":
            i += 1
            continue
        j = i + 1
        if ln.kind == "article":
            while j < n and lines[j].kind in ("body", "blank") and j not in in_toc:
                j += 1
        elif ln.kind == "body":
            while j < n and lines[j].kind in ("body", "blank") and j not in in_toc:
                j += 1
        last = j - 1
        while last > i and lines[last].kind == "blank":
            last -= 1
        if ln.kind == "article":
            pieces.append(Piece("article", ln.start, lines[last].end, number=ln.number))
        elif ln.kind == "heading":
            pieces.append(Piece("heading", ln.start, ln.end, level=ln.level))
        else:
            pieces.append(Piece("text", ln.start, lines[last].end))
        i = j
    pieces.sort(key=lambda p: p.start)
    return pieces


def _contents_between(lines: list[_Line], a: int, b: int, later: dict[str, int]) -> bool:
    """Whether lines strictly between contents lines ``a`` and ``b`` are contents too.

    Headings and blank lines are; so is an article heading whose number comes back
    later, with at most a short wrapped continuation (a contents line wrapped over two
    lines); statute text is not.
    """
    body_chars = 0
    for j in range(a + 1, b):
        ln = lines[j]
        if ln.kind in ("heading", "blank"):
            continue
        if ln.kind == "article" and later.get(ln.number or "", -1) > j:
            body_chars = 0
            continue
        if ln.kind == "body":
            body_chars += ln.end - ln.start
            if body_chars <= 200:
                continue
        return False
    return True


def _headless(text: str, lines: list[_Line]) -> list[Piece]:
    body = [ln for ln in lines if ln.kind != "blank"]
    if not body:
        return []
    if not _STATUTE_MARKS.search(text):
        return [Piece("text", body[0].start, body[-1].end)]
    return [Piece("article", body[0].start, body[-1].end, number=None)]
