"""Normalise raw input text into the clean text every later stage reads.

Guarantees to ``segment`` and the grammar:

* line breaks are ``\\n`` only; no byte-order mark; no NUL;
* HTML (as legal portals serve it, or as table cells in a briefing paper) is read as
  the text it shows: block tags (``<p>``, ``<br>``, ``<div>``, ``<tr>``, ``<li>``,
  headings) become line breaks, other tags vanish, entities are decoded, and
  ``<sup>1</sup>`` becomes ``¹``;
* non-breaking and other exotic spaces and tabs become plain spaces; soft hyphens and
  zero-width characters are dropped; a word hyphenated across a line break
  (``конфиска-\\nцией``) is joined;
* nothing else changes: words, punctuation, typos and line structure stay as they are.

Every character of the normalised text remembers where it came from: the offset map
(:class:`OffsetMap`) turns an offset in the normalised text back into an offset in the
input, so spans can always be shown against the original.
"""

from __future__ import annotations

import bisect
import html

import attrs
import regex

# An HTML tag that we know; anything else in angle brackets is kept as text.
_BLOCK_TAGS = "p|br|div|tr|li|ul|ol|table|tbody|thead|h[1-6]|blockquote|section|article|hr|dt|dd"
_INLINE_TAGS = "b|i|u|em|strong|span|font|a|td|th|small|big|sub|s|strike|code|tt|abbr|label|center"
_HTML_HINT = regex.compile(rf"</?(?:{_BLOCK_TAGS}|{_INLINE_TAGS}|sup)\b[^<>]{{0,400}}>", regex.I)

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# One pattern finds every place that normalisation rewrites.  Alternatives are
# exclusive by their first character, so scanning is linear.
_HTML_EDITS = regex.compile(
    rf"""
    (?P<sup><sup\b[^<>]{{0,200}}>(?P<supdigits>[0-9]{{1,3}})</sup\s*>)
  | (?P<block></?(?:{_BLOCK_TAGS})\b[^<>]{{0,400}}>)
  | (?P<inline></?(?:{_INLINE_TAGS}|sup)\b[^<>]{{0,400}}>)
  | (?P<comment><!--.{{0,2000}}?-->)
  | (?P<entity>&(?:\#[0-9]{{1,7}}|\#[xX][0-9a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{1,31}});)
    """,
    regex.X | regex.I | regex.S,
)

_TEXT_EDITS = regex.compile(
    r"""
    (?P<crlf>\r\n?)
  | (?P<space>[\t\u00a0\u2007\u202f\u2000-\u200a\u3000\u000b\u000c])
  | (?P<drop>[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00])
  | (?P<hyphen>(?<=[^\W\d_])[-\u00ad](?:[ ]*\n)(?=[ ]*[а-яёa-z]))
  | (?P<linesep>[\u2028\u2029\x85])
    """,
    regex.X,
)


@attrs.frozen
class OffsetMap:
    """Maps offsets in a normalised text back to the text it was made from.

    ``points`` holds ``(normalised_offset, original_offset)`` pairs, sorted; between two
    points the texts run in step.  Identity when empty.
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
        """Compose: ``self`` maps stage-2 to stage-1 offsets, ``inner`` stage-1 to the input."""
        if not inner.points:
            return self
        if not self.points:
            return inner
        # Collect every breakpoint of both maps, expressed in stage-2 coordinates.
        norms = {n for n, _ in self.points}
        for n1, _ in inner.points:
            # stage-1 offset n1 -> the stage-2 offsets that map to it (approximate by search)
            norms.add(_inverse(self, n1))
        pts = sorted((n, inner(self(n))) for n in norms)
        return OffsetMap(tuple(pts))


def _inverse(m: OffsetMap, target: int) -> int:
    """The smallest stage-2 offset whose stage-1 offset is >= ``target``."""
    lo, hi = 0, max(target, m.points[-1][0] if m.points else target) + 1
    while lo < hi:
        mid = (lo + hi) // 2
        if m(mid) < target:
            lo = mid + 1
        else:
            hi = mid
    return lo


@attrs.frozen
class Normalized:
    """The normalised text, its offset map back to the input, and what was detected."""

    text: str
    offsets: OffsetMap
    html: bool


def looks_like_html(text: str) -> bool:
    """Whether ``text`` holds HTML markup that should be read as the text it shows."""
    return _HTML_HINT.search(text, endpos=min(len(text), 200_000)) is not None


def _rewrite(text: str, pattern: regex.Pattern[str], replace: dict[str, object]) -> tuple[str, OffsetMap]:
    """Apply the edits ``pattern`` finds; ``replace`` maps group name to a string or a function."""
    out: list[str] = []
    points: list[tuple[int, int]] = []
    pos = 0
    npos = 0
    for m in pattern.finditer(text):
        name = m.lastgroup
        if name is None:  # pragma: no cover - every alternative is named
            continue
        start, end = m.span()
        out.append(text[pos:start])
        npos += start - pos
        rep = replace[name]
        new = rep(m) if callable(rep) else str(rep)
        out.append(new)
        # Each character of the replacement points at the start of the match; what
        # follows the match points at its end.
        for k in range(len(new)):
            points.append((npos + k, start))
        npos += len(new)
        points.append((npos, end))
        pos = end
    if not points:
        return text, OffsetMap()
    out.append(text[pos:])
    # Compact: keep a point only where the running difference changes.
    compact: list[tuple[int, int]] = []
    for n, o in points:
        if compact and (o - n) == (compact[-1][1] - compact[-1][0]) and n >= compact[-1][0]:
            continue
        if compact and compact[-1][0] == n:
            compact[-1] = (n, o)
            continue
        compact.append((n, o))
    return "".join(out), OffsetMap(tuple(compact))


def _entity(m: regex.Match[str]) -> str:
    decoded = html.unescape(m.group(0))
    return decoded.replace("\u00a0", " ")


_HTML_REPLACE: dict[str, object] = {
    "sup": lambda m: m.group("supdigits").translate(_SUPERSCRIPT),
    "block": "\n",
    "inline": "",
    "comment": "",
    "entity": _entity,
}

_TEXT_REPLACE: dict[str, object] = {
    "crlf": "\n",
    "space": " ",
    "drop": "",
    "hyphen": "",
    "linesep": "\n",
}


def normalize(raw: str, *, html_mode: bool | None = None) -> Normalized:
    """Normalise ``raw`` (already decoded text); ``html_mode`` None means detect it."""
    is_html = looks_like_html(raw) if html_mode is None else html_mode
    text = raw
    total = OffsetMap()
    if is_html:
        text, total = _rewrite(text, _HTML_EDITS, _HTML_REPLACE)
    text2, m2 = _rewrite(text, _TEXT_EDITS, _TEXT_REPLACE)
    if m2.points:
        total = m2.then(total) if total.points else m2
    return Normalized(text=text2, offsets=total, html=is_html)
