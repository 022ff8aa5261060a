"""Cross-check a translation against its original: what does not depend on language.

:func:`crosscheck` takes two parsed documents, an ORIGINAL and its TRANSLATION (any two
languages the parser reads; one article, several, or whole codes), and compares what a
faithful translation must keep, never the words:

* articles by number (titles are carried side by side, not compared);
* per article: the parts and their numbers, whether it is repealed, the number of notes;
* per part: the number of circumstances and their order (``а)…к)`` ↔ ``a)…j)``: letters
  are compared by their place in their own alphabet), the references to other parts,
  repealed parts and items;
* per part: every alternative penalty (kind, min, max in comparable units, subject,
  floor and ceiling, whether a condition clause applies) and every add-on (kind, mode,
  term).

Each difference is a :class:`Finding` with a severity: ``serious`` for penalties and
add-ons (what a reader of the translation would get wrong about the punishment),
``structural`` for counts, numbers, order, references and repealed items, and
``unverifiable`` for a part whose sanction one side could not read completely. An
unverifiable part gets exactly that finding and no other about its sanction, so a gap in
the parser never shows up as a disagreement. Both sides of a finding carry their span in
their own document's normalised text (``Document.text``), with line and column.

Units are compared as the differ compares them (:meth:`Quantity.in_base_unit`,
:meth:`Quantity.dimension`, :func:`statuteparse.diff.base_value`): ``от пяти месяцев до
одного года`` of income agrees with ``five to twelve monthly wages``.

Guarantees: :func:`crosscheck` is pure and deterministic; ``crosscheck(x, x)`` has no
finding for any parsed document ``x`` (two sanctions in the same language with the same
wording agree even when the parser could not read them); :meth:`Crosscheck.to_dict` is
valid against ``schemas/crosscheck.schema.json``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, TypeVar

import attrs

from . import serialize
from .diff import base_value, normalize_text
from .model import Additional, Article, Circumstance, Document, Note, Part, Penalty, Quantity, Sanction, Span
from .summary import render_kind, render_range, shorten

__all__ = [
    "CROSSCHECK_SCHEMA_ID",
    "SEVERITIES",
    "FINDING_CODES",
    "Crosscheck",
    "ArticlePair",
    "PartPair",
    "Finding",
    "FindingSide",
    "crosscheck",
    "format_text",
    "label_ordinal",
]

CROSSCHECK_SCHEMA_ID = "statuteparse/crosscheck/1"

Severity = Literal["serious", "structural", "unverifiable"]

#: Severities, gravest first.
SEVERITIES: tuple[Severity, ...] = ("serious", "structural", "unverifiable")

#: Every finding code and its severity.
FINDING_CODES: dict[str, Severity] = {
    "article-missing": "structural",
    "article-extra": "structural",
    "article-number": "structural",
    "part-missing": "structural",
    "part-extra": "structural",
    "circumstance-count": "structural",
    "circumstance-order": "structural",
    "refers-to": "structural",
    "repealed": "structural",
    "notes-count": "structural",
    "sanction-missing": "serious",
    "sanction-extra": "serious",
    "penalty-missing": "serious",
    "penalty-extra": "serious",
    "penalty-range": "serious",
    "penalty-unit": "serious",
    "penalty-subject": "serious",
    "penalty-condition": "serious",
    "addon-missing": "serious",
    "addon-extra": "serious",
    "addon-mode": "serious",
    "addon-term": "serious",
    "addon-condition": "serious",
    "sanction-unverifiable": "unverifiable",
}

#: Item letters in order, per alphabet: an item's place in its alphabet is what a
#: translation keeps (``к)`` is the tenth Russian item letter, as ``j)`` is the tenth
#: English one; Russian lettering skips ё, й, ъ, ы, ь).
LABEL_ALPHABETS: tuple[str, ...] = (
    "абвгдежзиклмнопрстуфхцчшщэюя",
    "abcdefghijklmnopqrstuvwxyz",
)

_LABEL = re.compile(r"^\s*(?P<head>\d+|[^\W\d_])(?P<rest>(?:[.\-]\d+)*)\s*$")


def label_ordinal(label: str) -> tuple[int, str] | None:
    """The place of an item label in its sequence, language aside: ``к`` and ``j`` → ``(10, "")``.

    Numbers are their own place (``12`` → ``(12, "")``); a suffix such as ``.1`` (``е¹``
    is written ``е.1``) is kept as written. None when the label is not a known letter or
    a number.
    """
    m = _LABEL.match(label.lower())
    if m is None:
        return None
    head, rest = m.group("head"), m.group("rest").replace("-", ".")
    if head.isdigit():
        return int(head), rest
    for letters in LABEL_ALPHABETS:
        i = letters.find(head)
        if i >= 0:
            return i + 1, rest
    return None


# ---------------------------------------------------------------------------- result model


@attrs.frozen
class FindingSide:
    """What one text says about a finding, and where."""

    value: Any
    """The compared value on this side, as JSON (a count, labels, a mode, a penalty …); None when absent."""
    span: Span | None
    """Where, in this side's normalised text; None when this side has nothing to point at."""
    line: int | None = None
    column: int | None = None
    text: str | None = None
    """The spanned text, shortened for display."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "value": self.value,
            "span": serialize.span(self.span),
            "line": self.line,
            "column": self.column,
            "text": self.text,
        }


@attrs.frozen
class Finding:
    """One difference between the original and the translation."""

    code: str
    """One of :data:`FINDING_CODES`."""
    severity: Severity
    article: str
    """The article's number (the original's; the translation's when only it has the article)."""
    part: str | None
    """The part's number as written in the original (``4``, ``4-1``), None for an article-level finding."""
    item: str | None
    """The item label (``д``) when the finding is about one item."""
    message: str
    original: FindingSide
    translation: FindingSide

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "code": self.code,
            "severity": self.severity,
            "article": self.article,
            "part": self.part,
            "item": self.item,
            "message": self.message,
            "original": self.original.to_dict(),
            "translation": self.translation.to_dict(),
        }


@attrs.frozen
class PartPair:
    """A part of the original and its counterpart in the translation (None when there is none)."""

    original: Part | None
    translation: Part | None
    findings: tuple[Finding, ...] = ()

    @property
    def status(self) -> str:
        """``agrees``, ``disagrees``, ``unverifiable``, ``only_original`` or ``only_translation``."""
        return _status(self.original, self.translation, self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "original": _part_ref(self.original),
            "translation": _part_ref(self.translation),
            "status": self.status,
        }


@attrs.frozen
class ArticlePair:
    """An article of the original and its counterpart in the translation."""

    original: Article | None
    translation: Article | None
    parts: tuple[PartPair, ...]
    findings: tuple[Finding, ...]
    """Every finding of the article, its parts' included, in document order."""

    @property
    def number(self) -> str:
        """The article's number (the original's when it has one)."""
        if self.original is not None and self.original.number:
            return self.original.number
        return self.translation.number if self.translation is not None else ""

    @property
    def status(self) -> str:
        """``agrees``, ``disagrees``, ``unverifiable``, ``only_original`` or ``only_translation``."""
        return _status(self.original, self.translation, self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""

        def ref(a: Article | None) -> dict[str, Any] | None:
            if a is None:
                return None
            span = serialize.span(a.span)
            return {"number": a.number, "title": a.title, "language": a.language, "span": span}

        return {
            "number": self.number,
            "original": ref(self.original),
            "translation": ref(self.translation),
            "status": self.status,
            "parts": [p.to_dict() for p in self.parts],
            "findings": [f.to_dict() for f in self.findings],
        }


@attrs.frozen
class Crosscheck:
    """The result of :func:`crosscheck`: the aligned articles and what differs."""

    original: Document = attrs.field(eq=False, repr=False)
    translation: Document = attrs.field(eq=False, repr=False)
    articles: tuple[ArticlePair, ...]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, article by article."""
        return tuple(f for a in self.articles for f in a.findings)

    @property
    def agrees(self) -> bool:
        """True when there is no finding at all (unverifiable ones included)."""
        return not any(a.findings for a in self.articles)

    def counts(self) -> dict[str, int]:
        """The number of findings of each severity."""
        out: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """The ``statuteparse/crosscheck/1`` document."""

        def side(d: Document) -> dict[str, Any]:
            return {"source": d.source, "language": d.language}

        return {
            "schema": CROSSCHECK_SCHEMA_ID,
            "original": side(self.original),
            "translation": side(self.translation),
            "agrees": self.agrees,
            "counts": self.counts(),
            "articles": [a.to_dict() for a in self.articles],
            "findings": [f.to_dict() for f in self.findings],
        }


def _status(orig: object, trans: object, findings: Sequence[Finding]) -> str:
    if trans is None:
        return "only_original"
    if orig is None:
        return "only_translation"
    if any(f.severity != "unverifiable" for f in findings):
        return "disagrees"
    return "unverifiable" if findings else "agrees"


def _part_ref(p: Part | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"number": p.number, "label": p.label, "span": serialize.span(p.span)}


# ---------------------------------------------------------------------------- comparison


T = TypeVar("T")


def _pair_by_key(
    left: Sequence[T], right: Sequence[T], key: Callable[[T], object]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Pair the i-th element of each key on one side with the i-th of that key on the other."""
    pending: dict[object, list[T]] = defaultdict(list)
    for x in right:
        pending[key(x)].append(x)
    pairs: list[tuple[T, T]] = []
    only_left: list[T] = []
    for x in left:
        bucket = pending.get(key(x))
        if bucket:
            pairs.append((x, bucket.pop(0)))
        else:
            only_left.append(x)
    taken = {id(b) for _, b in pairs}
    only_right = [x for x in right if id(x) not in taken]
    return pairs, only_left, only_right


class _Checker:
    """Builds findings for one pair of documents (keeps each side's line index)."""

    def __init__(self, original: Document, translation: Document) -> None:
        self.docs = (original, translation)
        self.lines = tuple([0, *(m.end() for m in re.finditer(r"\n", d.text))] for d in self.docs)

    # -- findings
    def side(self, which: int, value: Any, span: Span | None) -> FindingSide:
        if span is None:
            return FindingSide(value, None)
        starts = self.lines[which]
        line = bisect.bisect_right(starts, span.start)
        column = span.start - starts[line - 1] + 1
        text = " ".join(span.slice(self.docs[which].text).split())
        return FindingSide(value, span, line, column, shorten(text, 160))

    def finding(
        self,
        code: str,
        art: str,
        part: str | None,
        message: str,
        orig: tuple[Any, Span | None],
        trans: tuple[Any, Span | None],
        item: str | None = None,
    ) -> Finding:
        return Finding(
            code=code,
            severity=FINDING_CODES[code],
            article=art,
            part=part,
            item=item,
            message=message,
            original=self.side(0, *orig),
            translation=self.side(1, *trans),
        )

    # -- articles
    def articles(self) -> tuple[ArticlePair, ...]:
        orig, trans = self.docs[0].articles, self.docs[1].articles
        if len(orig) == 1 and len(trans) == 1:
            # One article each: they are each other's counterpart whatever their numbers
            # (a headless fragment has no number to compare).
            return (self.article(orig[0], trans[0]),)
        pairs, _, only_t = _pair_by_key(orig, trans, lambda a: a.number)
        paired = {id(a): b for a, b in pairs}
        out: list[ArticlePair] = []
        for a in orig:
            b = paired.get(id(a))
            out.append(self.article(a, b) if b is not None else self.lone_article(a, 0))
        for b in only_t:
            out.append(self.lone_article(b, 1))
        return tuple(out)

    def lone_article(self, a: Article, which: int) -> ArticlePair:
        code = "article-missing" if which == 0 else "article-extra"
        where = "translation" if which == 0 else "original"
        f = self.finding(
            code,
            a.number,
            None,
            f"Art. {a.number}: not in the {where}",
            (a.number, a.span) if which == 0 else (None, None),
            (None, None) if which == 0 else (a.number, a.span),
        )
        lone = tuple(PartPair(p, None) if which == 0 else PartPair(None, p) for p in a.parts)
        return ArticlePair(a if which == 0 else None, a if which == 1 else None, lone, (f,))

    def article(self, a: Article, b: Article) -> ArticlePair:
        num = a.number or b.number
        found: list[Finding] = []
        if a.number and b.number and a.number != b.number:
            found.append(
                self.finding(
                    "article-number",
                    num,
                    None,
                    f"Art. {a.number}: numbered {b.number} in the translation",
                    (a.number, a.span),
                    (b.number, b.span),
                )
            )
        if a.repealed != b.repealed:
            found.append(self.repealed(num, None, None, "article", a.repealed, a.span, b.repealed, b.span))
        parts: list[PartPair] = []
        # a repealed article keeps no parts: that it is repealed on one side is the finding
        if not (a.repealed or b.repealed):
            for p, q in self.align_parts(a.parts, b.parts):
                pf = self.part(num, a, b, p, q)
                parts.append(PartPair(p, q, tuple(pf)))
                found.extend(pf)
            found.extend(self.notes(num, a, b))
        return ArticlePair(a, b, tuple(parts), tuple(found))

    def notes(self, num: str, a: Article, b: Article) -> list[Finding]:
        out: list[Finding] = []

        def region(art: Article, notes: Sequence[Note]) -> Span:
            return Span(notes[0].span.start, notes[-1].span.end) if notes else art.span

        if len(a.notes) != len(b.notes):
            out.append(
                self.finding(
                    "notes-count",
                    num,
                    None,
                    f"Art. {num}: {len(a.notes)} note(s) in the original, {len(b.notes)} in the translation",
                    (len(a.notes), region(a, a.notes)),
                    (len(b.notes), region(b, b.notes)),
                )
            )
        for n, m in zip(a.notes, b.notes, strict=False):
            if n.repealed != m.repealed:
                label = f"note {n.number}" if n.number is not None else "note"
                out.append(self.repealed(num, None, None, label, n.repealed, n.span, m.repealed, m.span))
        return out

    def repealed(
        self,
        num: str,
        part: str | None,
        item: str | None,
        what: str,
        ro: bool,
        so: Span,
        rt: bool,
        st: Span,
    ) -> Finding:
        where = _where(num, part)
        state = (
            "repealed in the original, in force in the translation"
            if ro
            else ("in force in the original, repealed in the translation")
        )
        return self.finding("repealed", num, part, f"{where}: {what} {state}", (ro, so), (rt, st), item)

    # -- parts
    @staticmethod
    def align_parts(left: Sequence[Part], right: Sequence[Part]) -> list[tuple[Part | None, Part | None]]:
        """Parts paired by number (label) in the original's order; the translation's extras in place."""
        if len(left) == 1 and len(right) == 1 and (left[0].number is None or right[0].number is None):
            # one unnumbered part (a fragment that does not say which part it is)
            return [(left[0], right[0])]
        pairs, _, only_r = _pair_by_key(left, right, _part_key)
        paired = {id(p): q for p, q in pairs}
        out: list[tuple[Part | None, Part | None]] = []
        for p in left:
            if id(p) in paired:
                out.append((p, paired[id(p)]))
            else:
                out.append((p, None))
        # a part only in the translation goes after the part that precedes it there
        place = {id(q): i for i, q in enumerate(right)}
        for q in only_r:
            i = place[id(q)]
            prev = right[i - 1] if i else None
            at = 0
            for k, (_, r) in enumerate(out):
                if prev is not None and r is prev:
                    at = k + 1
            out.insert(at, (None, q))
        return out

    def part(self, num: str, a: Article, b: Article, p: Part | None, q: Part | None) -> list[Finding]:
        if q is None:
            assert p is not None
            label = _part_label(p)
            return [
                self.finding(
                    "part-missing",
                    num,
                    label,
                    f"{_where(num, label)}: not in the translation",
                    (label, p.span),
                    (None, b.span),
                )
            ]
        if p is None:
            label = _part_label(q)
            return [
                self.finding(
                    "part-extra",
                    num,
                    label,
                    f"{_where(num, label)}: only in the translation",
                    (None, a.span),
                    (label, q.span),
                )
            ]
        label = _part_label(p) or _part_label(q)
        out: list[Finding] = []
        if p.repealed != q.repealed:
            out.append(self.repealed(num, label, None, "part", p.repealed, p.span, q.repealed, q.span))
            return out
        if p.refers_to != q.refers_to or sorted(p.refers_to_points) != sorted(q.refers_to_points):
            out.append(
                self.finding(
                    "refers-to",
                    num,
                    label,
                    f"{_where(num, label)}: builds on {_refs(p)} in the original, "
                    f"on {_refs(q)} in the translation",
                    (list(p.refers_to), p.span),
                    (list(q.refers_to), q.span),
                )
            )
        out.extend(self.circumstances(num, label, p, q))
        out.extend(self.sanction(num, label, p, q))
        return out

    def circumstances(self, num: str, label: str | None, p: Part, q: Part) -> list[Finding]:
        where = _where(num, label)
        co, ct = p.circumstances, q.circumstances
        oo = [label_ordinal(c.label) for c in co]
        ot = [label_ordinal(c.label) for c in ct]
        known = None not in oo and None not in ot
        out: list[Finding] = []
        if len(co) != len(ct):
            missing = [c for c, o in zip(co, oo, strict=True) if known and o not in ot]
            extra = [c for c, o in zip(ct, ot, strict=True) if known and o not in oo]
            detail = ""
            if missing:
                detail += "; not in the translation: " + ", ".join(f"{c.label})" for c in missing)
            if extra:
                detail += "; only in the translation: " + ", ".join(f"{c.label})" for c in extra)
            so = missing[0].span if len(missing) == 1 and not extra else p.span
            st = extra[0].span if len(extra) == 1 and not missing else q.span
            item = missing[0].label if len(missing) == 1 and not extra else None
            out.append(
                self.finding(
                    "circumstance-count",
                    num,
                    label,
                    f"{where}: {len(co)} item(s) in the original ({_labels(co)}), "
                    f"{len(ct)} in the translation ({_labels(ct)}){detail}",
                    ([c.label for c in co], so),
                    ([c.label for c in ct], st),
                    item,
                )
            )
        elif known and oo != ot:
            out.append(
                self.finding(
                    "circumstance-order",
                    num,
                    label,
                    f"{where}: items lettered {_labels(co)} in the original, "
                    f"{_labels(ct)} in the translation",
                    ([c.label for c in co], p.span),
                    ([c.label for c in ct], q.span),
                )
            )
        # repealed items, paired by their place in the sequence
        if known:
            pairs, _, _ = _pair_by_key(
                list(zip(co, oo, strict=True)), list(zip(ct, ot, strict=True)), lambda x: x[1]
            )
            items: Iterable[tuple[Circumstance, Circumstance]] = [(x[0], y[0]) for x, y in pairs]
        else:
            items = zip(co, ct, strict=False)
        for c, d in items:
            if c.repealed != d.repealed:
                out.append(
                    self.repealed(
                        num, label, c.label, f"item {c.label})", c.repealed, c.span, d.repealed, d.span
                    )
                )
        return out

    # -- sanctions
    def sanction(self, num: str, label: str | None, p: Part, q: Part) -> list[Finding]:
        where = _where(num, label)
        so, st = p.sanction, q.sanction
        if so is None and st is None:
            return []
        if so is None or st is None:
            # a side without a sanction: certain only when that side's parser saw no trouble there
            lone, which = (so, 0) if st is None else (st, 1)
            assert lone is not None
            bare = q if which == 0 else p
            troubled = _has_diagnostic(self.docs[1 - which], bare.span)
            if troubled or not lone.complete:
                return [self.unverifiable(num, label, p, q)]
            code = "sanction-missing" if which == 0 else "sanction-extra"
            where_not = "the translation" if which == 0 else "the original"
            return [
                self.finding(
                    code,
                    num,
                    label,
                    f"{where}: sanction ({_sanction_words(lone)}) not in {where_not}",
                    (_sanction_value(so), so.span if so else p.span),
                    (_sanction_value(st), st.span if st else q.span),
                )
            ]
        if not (so.complete and st.complete):
            if self.docs[0].language == self.docs[1].language and normalize_text(so.text) == normalize_text(
                st.text
            ):
                return []  # the same words: whatever they say, they say it on both sides
            return [self.unverifiable(num, label, p, q)]
        return self.penalties(num, label, where, so, st)

    def unverifiable(self, num: str, label: str | None, p: Part, q: Part) -> Finding:
        def why(s: Sanction | None) -> str:
            if s is None:
                return "none read"
            return "read completely" if s.complete else "not read completely"

        so, st = p.sanction, q.sanction
        return self.finding(
            "sanction-unverifiable",
            num,
            label,
            f"{_where(num, label)}: sanction cannot be compared "
            f"(original: {why(so)}; translation: {why(st)})",
            (_sanction_value(so), so.span if so else p.span),
            (_sanction_value(st), st.span if st else q.span),
        )

    def penalties(self, num: str, label: str | None, where: str, so: Sanction, st: Sanction) -> list[Finding]:
        po, pt = list(so.penalties), list(st.penalties)
        co, ct = _condition_ranks(po), _condition_ranks(pt)

        Alt = tuple[Penalty, int | None]  # an alternative and the rank of its condition

        def full(x: Alt) -> tuple[object, ...]:
            return (x[0].kind, _dim(x[0]), x[0].subject, x[1])

        # Pairing goes from the strictest key to the loosest, each first with the same
        # amounts (so that of two fines for legal entities the one with the same range
        # is the counterpart), then without: the same kind, unit, subject and condition;
        # then the same kind differing in one respect (unit, subject or condition).
        passes: list[tuple[str | None, Callable[[Alt], tuple[object, ...]]]] = [
            (None, full),
            ("penalty-unit", lambda x: (x[0].kind, x[0].subject, x[1])),
            ("penalty-subject", lambda x: (x[0].kind, _dim(x[0]), x[1])),
            ("penalty-condition", lambda x: (x[0].kind, _dim(x[0]), x[0].subject)),
        ]
        left: list[Alt] = list(zip(po, co, strict=True))
        right: list[Alt] = list(zip(pt, ct, strict=True))
        out: list[Finding] = []
        matched: list[tuple[Alt, Alt, str | None]] = []
        for how, key in passes:
            for keyed in (lambda x, k=key: (*k(x), _amounts(x[0])), key):
                more, left, right = _pair_by_key(left, right, keyed)
                matched.extend((x, y, how) for x, y in more)
        place = {id(p): i for i, p in enumerate(po)}
        matched.sort(key=lambda m: place[id(m[0][0])])
        for (a, ca), (b, cb), code in matched:
            sa, sb = a.span or so.span, b.span or st.span
            kind = render_kind(a.kind, "en")
            if code == "penalty-unit":
                out.append(
                    self.finding(
                        code,
                        num,
                        label,
                        f"{where}: {kind} {_range(a)} in the original, {_range(b)} in the translation "
                        "(units that do not compare)",
                        (_penalty_value(a), sa),
                        (_penalty_value(b), sb),
                    )
                )
                continue
            if code == "penalty-subject":
                out.append(
                    self.finding(
                        code,
                        num,
                        label,
                        f"{where}: {kind} for {a.subject or 'anyone'} in the original, "
                        f"for {b.subject or 'anyone'} in the translation",
                        (_penalty_value(a), sa),
                        (_penalty_value(b), sb),
                    )
                )
            if code == "penalty-condition":
                out.append(
                    self.finding(
                        code,
                        num,
                        label,
                        f"{where}: {kind} {_conditional(ca)} in the original, "
                        f"{_conditional(cb)} in the translation",
                        (_penalty_value(a), sa),
                        (_penalty_value(b), sb),
                    )
                )
            if not _same_amounts(a, b):
                out.append(
                    self.finding(
                        "penalty-range",
                        num,
                        label,
                        f"{where}: {kind} {_range(a)} in the original, {_range(b)} in the translation",
                        (_penalty_value(a), sa),
                        (_penalty_value(b), sb),
                    )
                )
            out.extend(self.addons(num, label, where, a, b, sa, sb))
        for a, _ in left:
            out.append(
                self.finding(
                    "penalty-missing",
                    num,
                    label,
                    f"{where}: {render_kind(a.kind, 'en')} {_range(a)} not in the translation",
                    (_penalty_value(a), a.span or so.span),
                    (None, st.span),
                )
            )
        for b, _ in right:
            out.append(
                self.finding(
                    "penalty-extra",
                    num,
                    label,
                    f"{where}: {render_kind(b.kind, 'en')} {_range(b)} only in the translation",
                    (None, so.span),
                    (_penalty_value(b), b.span or st.span),
                )
            )
        return out

    def addons(
        self, num: str, label: str | None, where: str, a: Penalty, b: Penalty, sa: Span, sb: Span
    ) -> list[Finding]:
        pairs, left, right = _pair_by_key(list(a.additional), list(b.additional), lambda x: x.kind)
        out: list[Finding] = []
        head = f"{where}: {render_kind(a.kind, 'en')}: additional"
        for x, y in pairs:
            kind = render_kind(x.kind, "en")
            if x.mode != y.mode:
                out.append(
                    self.finding(
                        "addon-mode",
                        num,
                        label,
                        f"{head} {kind} is {x.mode} in the original, {y.mode} in the translation",
                        (x.mode, x.span or sa),
                        (y.mode, y.span or sb),
                    )
                )
            if not (_same_q(x.min, y.min) and _same_q(x.max, y.max) and x.life == y.life):
                out.append(
                    self.finding(
                        "addon-term",
                        num,
                        label,
                        f"{head} {kind} {_term(x)} in the original, {_term(y)} in the translation",
                        (_addon_value(x), x.span or sa),
                        (_addon_value(y), y.span or sb),
                    )
                )
            if (x.condition is None) != (y.condition is None):
                out.append(
                    self.finding(
                        "addon-condition",
                        num,
                        label,
                        f"{head} {kind} {_conditional(0 if x.condition else None)} in the original, "
                        f"{_conditional(0 if y.condition else None)} in the translation",
                        (_addon_value(x), x.span or sa),
                        (_addon_value(y), y.span or sb),
                    )
                )
        for x in left:
            out.append(
                self.finding(
                    "addon-missing",
                    num,
                    label,
                    f"{head} {render_kind(x.kind, 'en')} ({x.mode}) not in the translation",
                    (_addon_value(x), x.span or sa),
                    (None, sb),
                )
            )
        for y in right:
            out.append(
                self.finding(
                    "addon-extra",
                    num,
                    label,
                    f"{head} {render_kind(y.kind, 'en')} ({y.mode}) only in the translation",
                    (None, sa),
                    (_addon_value(y), y.span or sb),
                )
            )
        return out


def _has_diagnostic(doc: Document, span: Span) -> bool:
    return any(span.start <= d.span.start < span.end for d in doc.diagnostics)


def _part_key(p: Part) -> object:
    return p.label or p.number


def _part_label(p: Part) -> str | None:
    if p.label:
        return p.label
    return None if p.number is None else str(p.number)


def _where(num: str, part: str | None) -> str:
    return f"Art. {num}" if part is None else f"Art. {num}, part {part}"


def _refs(p: Part) -> str:
    if not p.refers_to and not p.refers_to_points:
        return "no other part"
    pieces = [str(r) for r in p.refers_to]
    pieces += [f"{n}({pt})" for n, pt in p.refers_to_points]
    return "part(s) " + ", ".join(pieces)


def _labels(items: Sequence[Circumstance]) -> str:
    if not items:
        return "none"
    return " ".join(f"{c.label})" for c in items)


def _dim(p: Penalty) -> str:
    q = p.max or p.min
    return q.dimension() if q is not None else "-"


def _condition_ranks(pens: Sequence[Penalty]) -> list[int | None]:
    """Each alternative's condition as its rank among the sanction's distinct conditions.

    A condition is words in one language (``в военное время`` / ``in wartime``); what a
    translation keeps is that the same alternatives are conditional, and on the first,
    second … condition of the clause.
    """
    seen: dict[str, int] = {}
    out: list[int | None] = []
    for p in pens:
        if p.condition is None:
            out.append(None)
        else:
            out.append(seen.setdefault(p.condition, len(seen)))
    return out


def _conditional(rank: int | None) -> str:
    return "unconditionally" if rank is None else "under a condition"


def _same_q(x: Quantity | None, y: Quantity | None) -> bool:
    if x is None or y is None:
        return x is None and y is None
    return x.dimension() == y.dimension() and abs(base_value(x) - base_value(y)) < 1e-9


def _same_amounts(a: Penalty, b: Penalty) -> bool:
    return (
        _same_q(a.min, b.min)
        and _same_q(a.max, b.max)
        and _same_q(a.not_less_than, b.not_less_than)
        and _same_q(a.not_more_than, b.not_more_than)
    )


def _amounts(p: Penalty) -> tuple[object, ...]:
    """The penalty's amounts as a comparable key (base units, rounded against float noise)."""

    def one(q: Quantity | None) -> object:
        return None if q is None else (q.dimension(), round(base_value(q), 6))

    return (one(p.min), one(p.max), one(p.not_less_than), one(p.not_more_than))


def _range(p: Penalty) -> str:
    text = render_range(p.min, p.max, "en") or "(no term)"
    if p.not_less_than is not None:
        text += f", not less than {render_range(p.not_less_than, p.not_less_than, 'en')}"
    if p.not_more_than is not None:
        text += f", not more than {render_range(p.not_more_than, p.not_more_than, 'en')}"
    return text


def _term(a: Additional) -> str:
    if a.life:
        return "for life"
    return render_range(a.min, a.max, "en") or "with no term"


def _penalty_value(p: Penalty) -> dict[str, Any]:
    return {
        "kind": p.kind,
        "min": serialize.quantity(p.min),
        "max": serialize.quantity(p.max),
        "subject": p.subject,
        "conditional": p.condition is not None,
    }


def _addon_value(a: Additional) -> dict[str, Any]:
    return {
        "kind": a.kind,
        "mode": a.mode,
        "min": serialize.quantity(a.min),
        "max": serialize.quantity(a.max),
        "life": a.life,
    }


def _sanction_value(s: Sanction | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"complete": s.complete, "penalties": [_penalty_value(p) for p in s.penalties]}


def _sanction_words(s: Sanction) -> str:
    if not s.penalties:
        return "no penalty read"
    return " or ".join(f"{render_kind(p.kind, 'en')} {_range(p)}".strip() for p in s.penalties)


# ---------------------------------------------------------------------------- entry points


def crosscheck(original: Document, translation: Document) -> Crosscheck:
    """Compare what does not depend on language between ``original`` and ``translation``.

    Articles are aligned by number (two single-article documents with each other,
    whatever their numbers), parts by number, items by their place in their alphabet,
    alternative penalties by kind, unit dimension, subject and condition, add-ons by
    kind. See the module docstring for what is compared and each finding's severity.
    """
    return Crosscheck(original, translation, _Checker(original, translation).articles())


_COLORS = {"serious": "\x1b[31m", "structural": "\x1b[33m", "unverifiable": "\x1b[36m", "bold": "\x1b[1m"}
_RESET = "\x1b[0m"


def format_text(x: Crosscheck, color: bool = False) -> str:
    """A readable terminal view: per article the titles side by side, then each finding with both texts."""

    def c(name: str, s: str) -> str:
        return f"{_COLORS[name]}{s}{_RESET}" if color else s

    o, t = x.original, x.translation
    out = [
        c("bold", f"original:    {o.source or '(original)'} [{o.language}]"),
        c("bold", f"translation: {t.source or '(translation)'} [{t.language}]"),
    ]
    for a in x.articles:
        if not a.findings:
            continue
        titles = " | ".join(art.title if art is not None else "—" for art in (a.original, a.translation))
        out.append("")
        out.append(c("bold", f"Art. {a.number} [{a.status}]  {titles}"))
        for f in a.findings:
            out.append(f"  {c(f.severity, '[' + f.severity + ']')} {f.code}: {f.message}")
            for name, s in (("original", f.original), ("translation", f.translation)):
                if s.span is not None and s.text:
                    out.append(f"      {name:<11} line {s.line}, column {s.column}: {s.text}")
    counts = x.counts()
    total = sum(counts.values())
    out.append("")
    agree = sum(1 for a in x.articles if a.status == "agrees")
    if total == 0:
        out.append(f"the translation agrees ({agree} article(s) compared)")
    else:
        by = ", ".join(f"{counts[s]} {s}" for s in SEVERITIES)
        out.append(f"{total} finding(s): {by}; {agree} of {len(x.articles)} article(s) agree")
    return "\n".join(out) + "\n"
