"""Normalise raw input text into the clean text every later stage reads.

Guarantees to ``segment`` and the grammar:

* line breaks are ``\\n`` only; no byte-order mark; no NUL;
* HTML (as legal portals serve it, or as table cells in a briefing paper) is read as
  the text it shows: block tags (``<p>``, ``<br>``, ``<div>``, ``<tr>``, ``<li>``,
  headings) become line breaks, other tags vanish, entities are decoded, and
  ``<sup>1</sup>`` becomes ``¹``;
* non-breaking and other exotic spaces and tabs become plain spaces, and a run of more
  than 16 of them becomes one space (layout filler, not text; it also keeps the
  grammar's lookaheads over spaces short, so lexing stays linear); soft hyphens and
  zero-width characters are dropped; a lone surrogate (which a ``str`` can hold, but no
  output can encode) becomes U+FFFD; a word hyphenated across a line break
  (``конфиска-\\nцией``) is joined;
* PDF page furniture is dropped where that is safe: a line holding only a page number
  (``12``, ``- 12 -``), together with a running head repeated next to page numbers
  (``Уголовный кодекс РК``), is removed when it interrupts a sentence (the line before
  does not end in ``.;:!?`` and the line after starts in lower case); a page number in
  the dashed form ``- 12 -`` is removed wherever it stands.  A word hyphenated across
  such a page break is joined;
* nothing else changes: words, punctuation, typos and line structure stay as they are.

Every character of the normalised text remembers where it came from: the offset map
(:class:`OffsetMap`) turns an offset in the normalised text back into an offset in the
input, so spans can always be shown against the original.  For every character
copied unchanged, ``offsets(i)`` is the position of that same character in the input;
a character that replaces something (``\n`` for ``<p>``, ``«`` for ``&laquo;``) maps to
the start of what it replaced.
"""

from __future__ import annotations

import bisect
import html
import re

import attrs

from .programs import lazy_re, shared_cache

# An HTML tag that we know; anything else in angle brackets is kept as text.
_BLOCK_TAGS = (
    "p|br|div|tr|li|ul|ol|table|tbody|thead|tfoot|h[1-6]|blockquote|section|article|hr|dt|dd|dl"
    "|html|body|header|footer|main|nav|aside|pre|caption|form"
)
_INLINE_TAGS = (
    "b|i|u|em|strong|span|font|a|td|th|small|big|sub|s|strike|code|tt|abbr|label|center|ins|del|mark|q"
    "|cite|dfn|img|col|colgroup|meta|link|o:p"
)
_HTML_HINT = rf"</?(?:{_BLOCK_TAGS}|{_INLINE_TAGS}|sup)\b[^<>]{{0,400}}>"

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# One pattern finds every place that normalisation rewrites.  Alternatives are
# exclusive by their first characters and every repetition is bounded, so a scan
# is linear in the length of the text.  ``hidden`` matches only the opening tag of an
# element whose content is not shown: its closing tag is found by :func:`_html_edits`,
# which searches each tag's closers once, left to right (a lazy ``.*?</title>`` in the
# pattern rescanned the rest of the text for every unclosed ``<title>``: quadratic).
_HIDDEN_SPAN = 100_000  # the content of a hidden element, at most; a closer further away is not its own
_HTML_EDITS = (
    rf"""
    (?P<hidden><(?P<hiddentag>head|script|style|title)\b[^<>]{{0,400}}>)
  | (?P<sup><sup\b[^<>]{{0,200}}>(?P<supdigits>[0-9]{{1,3}})</sup\s*>)
  | (?P<block></?(?:{_BLOCK_TAGS})\b[^<>]{{0,400}}>)
  | (?P<inline></?(?:{_INLINE_TAGS}|sup)\b[^<>]{{0,400}}>)
  | (?P<comment><!--.{{0,2000}}?-->)
  | (?P<decl><[!?][A-Za-z][^<>]{{0,400}}>)
  | (?P<entity>&(?:\#[0-9]{{1,7}}|\#[xX][0-9a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{1,31}});)
    """
)

# ``hyphen`` comes before ``drop`` so that a soft hyphen at the end of a line joins the
# word (``конфиска\u00ad\ncией``) instead of being dropped on its own.
#
# The leading lookahead lists every character an edit can start with: most characters
# fail it at once, so the scan of a whole code takes 5x less time than trying each
# alternative at each position.  (The hyphen's lookbehind comes after the hyphen for the
# same reason.)
_TEXT_EDITS = lazy_re(
    r"""
    (?=[-\u00ad \t\u00a0\u2007\u202f\u2000-\u200a\u3000\r\u000b\u000c]
      |[\u200b\u200c\u200d\u2060\ufeff\x00\u2028\u2029\x85\ud800-\udfff])
    (?:
    (?P<hyphen>[-\u00ad](?<=[^\W\d_][-\u00ad])(?:[ \t\u00a0]*\r?\n[ \t\u00a0]*)(?=[а-яёa-z]))
  | (?P<spacerun>[ \t\u00a0\u2007\u202f\u2000-\u200a\u3000]{17,})
  | (?P<crlf>\r\n?)
  | (?P<space>[\t\u00a0\u2007\u202f\u2000-\u200a\u3000\u000b\u000c])
  | (?P<drop>[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00])
  | (?P<linesep>[\u2028\u2029\x85])
  | (?P<surrogate>[\ud800-\udfff])
    )
    """,
    re.X,
)

# A line that holds only a page number: ``12``, ``- 12 -``, ``— 12 —``.
_PAGE_NUMBER_LINE = lazy_re(
    r"(?m)^[ ]{0,40}(?:(?P<dash>[-–—])[ ]{0,4})?\d{1,4}(?(dash)[ ]{0,4}[-–—])[ ]{0,40}$"
)
_SENTENCE_END = ".;:!?"
_STRUCTURAL = (
    r"[ ]*(?:\d{1,3}(?:-\d{1,3})?[.:)]|[а-яёa-z]\)"
    r"|Статья|СТАТЬЯ|Article|ARTICLE|Глава|ГЛАВА|Раздел|РАЗДЕЛ|Chapter|Section|#)"
)


def _compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile on first use (plain text never needs the HTML patterns), through the program cache."""
    return shared_cache().compile(pattern, flags)


@attrs.frozen
class OffsetMap:
    """Maps offsets in a normalised text back to the text it was made from.

    ``points`` holds ``(normalised_offset, original_offset)`` pairs, sorted by both
    coordinates; from one point to the next the two texts run in step (offset ``n``
    maps to ``orig + (n - norm)`` of the last point at or before ``n``).  Offsets
    before the first point map to themselves; the map is the identity when empty.
    """

    points: tuple[tuple[int, int], ...] = ()

    def __call__(self, offset: int) -> int:
        """The original offset of normalised ``offset``."""
        if not self.points:
            return offset
        i = bisect.bisect_right(self.points, (offset, float("inf"))) - 1
        if i < 0:
            return offset
        norm, orig = self.points[i]
        return orig + (offset - norm)

    def then(self, inner: OffsetMap) -> OffsetMap:
        """Compose: ``self`` maps stage-2 to stage-1 offsets, ``inner`` stage-1 to the input.

        The result maps stage-2 offsets straight to the input: ``self.then(inner)(n) ==
        inner(self(n))`` for every ``n >= 0``.  Its breakpoints are those of ``self`` and
        the stage-2 offsets at which ``self`` reaches a breakpoint of ``inner``; the
        work is linear in the number of points.
        """
        if not inner.points:
            return self
        if not self.points:
            return inner
        # Segments of ``self``: [n0, n1) maps in step onto [o0, o0 + n1 - n0).  The
        # first segment, before any point, is the identity.
        segs: list[tuple[int, int]] = []
        if self.points[0][0] > 0:
            segs.append((0, 0))
        segs.extend(self.points)
        inner_norms = [n for n, _ in inner.points]
        out: list[tuple[int, int]] = []
        for k, (n0, o0) in enumerate(segs):
            n1 = segs[k + 1][0] if k + 1 < len(segs) else None
            out.append((n0, inner(o0)))
            if n1 is None:
                hi = len(inner_norms)
            else:
                hi = bisect.bisect_left(inner_norms, o0 + (n1 - n0))
            for j in range(bisect.bisect_right(inner_norms, o0), hi):
                b = inner_norms[j]
                out.append((n0 + (b - o0), inner.points[j][1]))
        return OffsetMap(_compact(out))


def _compact(points: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Drop points that change nothing (the running difference stays the same)."""
    compact: list[tuple[int, int]] = []
    for n, o in points:
        if compact and compact[-1][0] == n:
            compact[-1] = (n, o)
            if len(compact) > 1 and (o - n) == (compact[-2][1] - compact[-2][0]):
                compact.pop()
            continue
        if compact and (o - n) == (compact[-1][1] - compact[-1][0]):
            continue
        if not compact and o == n:
            continue
        compact.append((n, o))
    return tuple(compact)


@attrs.frozen
class Normalized:
    """The normalised text, its offset map back to the input, and what was detected."""

    text: str
    offsets: OffsetMap
    html: bool


def looks_like_html(text: str) -> bool:
    """Whether ``text`` holds HTML markup that should be read as the text it shows."""
    if "<" not in text:
        return False
    return _compiled(_HTML_HINT, re.I).search(text, endpos=min(len(text), 200_000)) is not None


Edit = tuple[int, int, str]
"""``(start, end, replacement)``: replace ``text[start:end]`` by ``replacement``."""


def apply_edits(text: str, edits: list[Edit]) -> tuple[str, OffsetMap]:
    """Apply sorted, non-overlapping ``edits`` to ``text``; return the new text and its map back.

    Each character of a replacement maps to the start of what it replaced; the text
    after an edit maps in step to the text after the replaced range.
    """
    if not edits:
        return text, OffsetMap()
    out: list[str] = []
    points: list[tuple[int, int]] = []
    pos = 0
    npos = 0
    for start, end, new in edits:
        out.append(text[pos:start])
        npos += start - pos
        out.append(new)
        for k in range(len(new)):
            points.append((npos + k, start))
        npos += len(new)
        points.append((npos, end))
        pos = end
    out.append(text[pos:])
    return "".join(out), OffsetMap(_compact(points))


def _rewrite(text: str, pattern: re.Pattern[str], replace: dict[str, object]) -> tuple[str, OffsetMap]:
    """Apply the edits ``pattern`` finds; ``replace`` maps group name to a string or a function."""
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        name = m.lastgroup
        if name is None:  # pragma: no cover - every alternative is named
            continue
        rep = replace[name]
        new = rep(m) if callable(rep) else str(rep)
        if new == m.group(0):
            continue
        edits.append((m.start(), m.end(), new))
    return apply_edits(text, edits)


def _html_edits(text: str) -> tuple[str, OffsetMap]:
    """Apply the HTML edits of :data:`_HTML_EDITS`; a hidden element vanishes with its content.

    Linear: the pattern's alternatives are bounded, and the closing tags of each hidden
    element kind are searched for left to right only (the last closer found, or the
    knowledge that there is none after some offset, answers every later opener).
    """
    pattern = _compiled(_HTML_EDITS, re.X | re.I | re.S)
    closers: dict[str, tuple[int, re.Match[str] | None]] = {}  # tag: (searched from, next closer)
    edits: list[Edit] = []
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        name = m.lastgroup
        if name == "hiddentag" or name == "hidden":
            tag = m.group("hiddentag").lower()
            searched, closer = closers.get(tag, (-1, None))
            if searched < 0 or (closer is not None and closer.start() < m.end()):
                closer = _compiled(rf"</{tag}\s*>", re.I).search(text, m.end())
                closers[tag] = (m.end(), closer)
            if closer is None or closer.start() - m.end() > _HIDDEN_SPAN:
                pos = m.start() + 1  # not closed: the opener is kept as text
                continue
            edits.append((m.start(), closer.end(), ""))
            pos = closer.end()
            continue
        if name == "supdigits":
            name = "sup"
        rep = _HTML_REPLACE[name or ""]
        new = rep(m) if callable(rep) else str(rep)
        if new != m.group(0):
            edits.append((m.start(), m.end(), new))
        pos = m.end() if m.end() > m.start() else m.start() + 1
    return apply_edits(text, edits)


def _entity(m: re.Match[str]) -> str:
    decoded = html.unescape(m.group(0))
    return decoded.replace("\u00a0", " ")


_HTML_REPLACE: dict[str, object] = {
    "hidden": "",
    "sup": lambda m: m.group("supdigits").translate(_SUPERSCRIPT),
    "block": "\n",
    "inline": "",
    "comment": "",
    "decl": "",
    "entity": _entity,
}

_TEXT_REPLACE: dict[str, object] = {
    "spacerun": " ",
    "crlf": "\n",
    "space": " ",
    "drop": "",
    "hyphen": "",
    "linesep": "\n",
    "surrogate": "\ufffd",
}

_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (not a character; no UTF-8 for it) as U+FFFD, offsets unchanged."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def _line_at(text: str, pos: int) -> tuple[int, int]:
    """``(start, end)`` of the line holding ``pos`` (end without the newline)."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _page_breaks(text: str) -> list[Edit]:
    """Edits that remove page numbers and running heads (see the module docstring)."""
    numbers = list(_PAGE_NUMBER_LINE.finditer(text))
    if not numbers:
        return []

    def neighbour(start: int, end: int, step: int) -> tuple[int, int] | None:
        # The nearest non-blank line above (step -1) or below (step 1) of line [start, end).
        while True:
            if step < 0:
                if start == 0:
                    return None
                start, end = _line_at(text, start - 1)
            else:
                if end >= len(text):
                    return None
                start, end = _line_at(text, end + 1)
            if text[start:end].strip():
                return start, end

    # Running heads: a line next to a page number whose text comes back next to another.
    beside: dict[str, int] = {}
    for m in numbers:
        for step in (-1, 1):
            nb = neighbour(m.start(), m.end(), step)
            if nb is not None:
                line = text[nb[0] : nb[1]].strip()
                if len(line) <= 120 and not _PAGE_NUMBER_LINE.fullmatch(text, nb[0], nb[1]):
                    beside[line] = beside.get(line, 0) + 1
    heads = {
        line for line, count in beside.items()
        if count >= 2 and not _compiled(_STRUCTURAL).match(line) and line[-1:] not in _SENTENCE_END + ",-–—"
    }

    def furniture(start: int, end: int) -> bool:
        return (
            _PAGE_NUMBER_LINE.fullmatch(text, start, end) is not None
            or text[start:end].strip() in heads
        )

    edits: list[Edit] = []
    done = -1
    for m in numbers:
        if m.start() < done:
            continue
        # Grow the cluster of furniture lines around this page number.
        first = (m.start(), m.end())
        while (nb := neighbour(*first, -1)) is not None and furniture(*nb):
            first = nb
        last = (m.start(), m.end())
        while (nb := neighbour(*last, 1)) is not None and furniture(*nb):
            last = nb
        before = neighbour(*first, -1)
        after = neighbour(*last, 1)
        done = last[1]
        if before is None or after is None:
            continue
        prev_line = text[before[0] : before[1]].rstrip()
        next_start = after[0] + (len(text[after[0] : after[1]]) - len(text[after[0] : after[1]].lstrip()))
        mid_sentence = (
            prev_line[-1:] not in _SENTENCE_END
            and text[next_start : next_start + 1].islower()
        )
        prev_end = before[0] + len(prev_line)
        if mid_sentence:
            if (
                len(prev_line) >= 2
                and prev_line[-1] in "-\u00ad"
                and prev_line[-2].isalpha()
            ):
                edits.append((prev_end - 1, next_start, ""))  # конфиска- | 12 | цией
            else:
                edits.append((prev_end, next_start, "\n"))
        elif m.group("dash") is not None:
            # ``- 12 -`` between sentences: drop the furniture lines, keep the break.
            edits.append((prev_end, after[0], "\n"))
    return edits


def normalize(raw: str, *, html_mode: bool | None = None) -> Normalized:
    """Normalise ``raw`` (already decoded text); ``html_mode`` None means detect it."""
    is_html = looks_like_html(raw) if html_mode is None else html_mode
    text = raw
    total = OffsetMap()
    if is_html:
        text, total = _html_edits(text)
    text, m2 = _rewrite(text, _TEXT_EDITS, _TEXT_REPLACE)
    total = m2.then(total)
    text, m3 = apply_edits(text, _page_breaks(text))
    total = m3.then(total)
    return Normalized(text=text, offsets=total, html=is_html)
