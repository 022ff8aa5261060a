"""Diff two parsed statutes: align articles, parts and circumstances by meaning.

The approach follows sqlglot's ``diff``: matched pairs first (equal normalised text),
then similarity (rapidfuzz scores, best pair first, above a threshold) for the rest,
then moves. Articles are aligned by number first and by content only for the
leftovers (so a whole code costs O(n) comparisons, not O(n²)); two single-article
inputs are aligned with each other whatever their numbers. Parts are aligned by
content and structure (number, ``refers_to``), circumstances by what they say;
circumstances left over in one part are matched against those left over in other
parts and reported as moves (``moved_out`` / ``moved_in``).

Before any comparison text is normalised (:func:`normalize_text`): editorial
annotations, line wraps, dash and quote variants, ``№``/``N`` and ``127¹``/``127.1``
make no difference, so a version that differs only in formatting diffs as unchanged.

Guarantees: :func:`diff` is deterministic and symmetric (``diff(b, a)`` mirrors
``diff(a, b)``: added↔removed, moved_in↔moved_out, old↔new, harsher↔milder);
``diff(x, x)`` has every article and part ``unchanged`` and an empty summary;
:meth:`Diff.to_dict` is valid against ``schemas/diff.schema.json``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict, deque
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, Literal, TypeVar

import attrs
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from . import serialize
from .gravity import Gravity, categorize
from .model import Additional, Article, Circumstance, Document, Note, Part, Penalty, Quantity
from .summary import render_kind, render_range, shorten, templates

__all__ = [
    "DIFF_SCHEMA_ID",
    "Diff",
    "ArticleDiff",
    "PartDiff",
    "CircumstancesDiff",
    "Move",
    "PenaltyChange",
    "PenaltyRange",
    "AdditionalChange",
    "GravityChange",
    "NotesDiff",
    "WordOp",
    "diff",
    "diff_articles",
    "format_text",
    "normalize_text",
    "similarity",
    "item_similarity",
    "BOILERPLATE_WORDS",
]

DIFF_SCHEMA_ID = "statuteparse/diff/1"

Status = Literal["unchanged", "changed", "added", "removed", "repealed"]

#: Minimum similarity (0-100) for two parts to be aligned by content.
PART_THRESHOLD = 55.0
#: Bonus added to a part pair's score when the numbers agree / the ``refers_to`` agree.
PART_NUMBER_BONUS = 12.0
PART_REFERS_BONUS = 5.0
#: Minimum similarity for two circumstances (or notes) to be the same item reworded.
ITEM_THRESHOLD = 65.0
#: Minimum similarity for a renumbered article to be aligned by content.
ARTICLE_THRESHOLD = 80.0

# ---------------------------------------------------------------------------------------
# normalisation and similarity
# ---------------------------------------------------------------------------------------

_EDITORIAL = re.compile(
    r"\(\s*(?:в\s+редакции|в\s+ред\.|с\s+изменениями|дополнен|введен|исключен|изменен|внесены\s+изменения"
    r"|as\s+amended|amended\s+by|introduced\s+by)"
    r"[^()]*(?:\([^()]*\)[^()]*)*\)",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"Сноска\.[^\n]*", re.IGNORECASE)
_TAGS = re.compile(r"</?[a-zA-Z][^<>]*>")
_DASHES = re.compile(r"[\u2010-\u2015\u2212\u2E3A\u2E3B]")
_SPACED_DASH = re.compile(r"\s*-\s+|\s+-\s*")
_QUOTES = str.maketrans(
    {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "‟": '"', "’": "'", "‘": "'", "`": "'"}
)
_QUOTE_CHARS = re.compile("[«»“”„‟’‘`]")
_SUPER_CHARS = re.compile("[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_SUPER = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_SUPER_RUN = re.compile(r"(\w)([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")
_NUMERO = re.compile(r"(?:№|\bN)\s*(?=\d)")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:)])")
_SPACE_AFTER_OPEN = re.compile(r"\(\s+")


@lru_cache(maxsize=16384)
def normalize_text(text: str) -> str:
    """``text`` with formatting differences removed (case kept).

    Drops editorial annotations and tags; joins line wraps; makes every dash ``-``,
    every quote ``"``/``'``, ``№ 5``/``N5`` ``N 5`` and ``127¹`` ``127.1``; collapses
    spaces and strips trailing ``;``/``,``/``.``.
    """
    t = text.replace("\u00ad", "").replace("\u00a0", " ")
    # each rewrite only when its trigger is present: most texts need few of them
    if "<" in t:
        t = _TAGS.sub(" ", t)
    if "Сноска" in t or "сноска" in t:
        t = _FOOTNOTE.sub(" ", t)
    if "(" in t:
        t = _EDITORIAL.sub(" ", t)
    t = _DASHES.sub("-", t)
    if _QUOTE_CHARS.search(t):
        t = t.translate(_QUOTES)
    if _SUPER_CHARS.search(t):
        t = _SUPER_RUN.sub(lambda m: m.group(1) + "." + m.group(2).translate(_SUPER), t)
    t = _NUMERO.sub("N ", t)
    t = _SPACE.sub(" ", t)
    t = _SPACED_DASH.sub(" - ", t)
    t = _SPACE_BEFORE_PUNCT.sub(r"\1", t)
    t = _SPACE_AFTER_OPEN.sub("(", t)
    return t.strip().rstrip(";,.:- ").strip()


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    """Comparison key: normalised and case-folded."""
    return normalize_text(text).casefold()


def similarity(a: str, b: str) -> float:
    """How alike two (normalised, case-folded) texts are, 0-100; symmetric.

    The mean of rapidfuzz's plain ratio (order and length matter) and token-set ratio
    (a reworded or extended clause still scores high).
    """
    if a == b:
        return 100.0
    if not a or not b:
        return 0.0
    return (fuzz.ratio(a, b) + fuzz.token_set_ratio(a, b)) / 2.0


#: Words that say nothing about *which* circumstance an item is: function words and the
#: stock phrases items share (``with regard to … if the guilty party was aware of this
#: fact`` / ``в отношении … заведомо для виновного``). Two items that differ only in what
#: remains (``a minor`` / ``a pregnant woman``) are different items, not a rewording.
BOILERPLATE_WORDS: frozenset[str] = frozenset(
    """a an the of to with by for or and in on at if was were is are who which that this these her his
    its their as be been being such other another any regard means guilty party aware fact condition
    committed commissioned
    в во на с со и или либо а также равно по для от до из к о об при что это его ее её их лица лицом
    лицу лиц отношении путем путём заведомо виновного совершенные совершенное совершены иной иных иные
    иного""".split()
)
_TOKEN = re.compile(r"\w+")


def _content(key: str) -> str:
    return " ".join(w for w in _TOKEN.findall(key) if w not in BOILERPLATE_WORDS)


def item_similarity(a: str, b: str) -> float:
    """Similarity of two items (circumstances, notes), 0-100; symmetric.

    The mean of :func:`similarity` and rapidfuzz's token-set ratio of the words left
    once :data:`BOILERPLATE_WORDS` are dropped, so shared stock phrases do not make two
    different circumstances look alike.
    """
    if a == b:
        return 100.0
    base = similarity(a, b)
    ca, cb = _content(a), _content(b)
    if not ca or not cb:
        return base
    return (base + fuzz.token_set_ratio(ca, cb)) / 2.0


T = TypeVar("T")
U = TypeVar("U")

#: The most item pairs :func:`_align` scores by similarity (a constant bound on the quadratic step).
MAX_SCORED_PAIRS = 250_000


def _align(
    olds: Sequence[T],
    news: Sequence[U],
    key_old: Callable[[T], str],
    key_new: Callable[[U], str],
    score: Callable[[int, int], float],
    threshold: float,
) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Pairs ``(i, j)`` of aligned items, then the unmatched old and new indexes.

    Equal keys pair first (in order); the rest by ``score`` best-first (greedy on the
    score matrix, ties broken by position), keeping pairs at or above ``threshold``.
    The score matrix is computed only when it has at most :data:`MAX_SCORED_PAIRS`
    cells, so the work stays linear in the input (thousands of unmatched items on both
    sides, as hostile or degenerate input has, are left unmatched rather than scored).
    """
    pairs: list[tuple[int, int]] = []
    by_key: dict[str, deque[int]] = defaultdict(deque)
    for j, n in enumerate(news):
        by_key[key_new(n)].append(j)
    used_new: set[int] = set()
    left_old: list[int] = []
    for i, o in enumerate(olds):
        cands = by_key.get(key_old(o))
        if cands:
            j = cands.popleft()
            pairs.append((i, j))
            used_new.add(j)
        else:
            left_old.append(i)
    left_new = [j for j in range(len(news)) if j not in used_new]
    if left_old and left_new and len(left_old) * len(left_new) <= MAX_SCORED_PAIRS:
        scored = []
        for i in left_old:
            for j in left_new:
                s = score(i, j)
                if s >= threshold:
                    scored.append((-s, abs(i - j), min(i, j), i + j, i, j))
        scored.sort()
        taken_o: set[int] = set()
        taken_n: set[int] = set()
        for *_, i, j in scored:
            if i in taken_o or j in taken_n:
                continue
            taken_o.add(i)
            taken_n.add(j)
            pairs.append((i, j))
        left_old = [i for i in left_old if i not in taken_o]
        left_new = [j for j in left_new if j not in taken_n]
    pairs.sort()
    return pairs, left_old, left_new


# ---------------------------------------------------------------------------------------
# result classes
# ---------------------------------------------------------------------------------------


@attrs.frozen
class Move:
    """A circumstance that moved between parts: ``part`` is where it went to (moved_out) or came from."""

    circumstance: Circumstance
    part: int | None

    def to_dict(self, field: str) -> dict[str, Any]:
        """The circumstance's JSON with ``from_part`` / ``to_part`` (``field``) added."""
        d = serialize.circumstance(self.circumstance)
        d[field] = self.part
        return d


@attrs.frozen
class CircumstancesDiff:
    """Circumstances of one aligned part pair: added, removed, reworded, moved in and out."""

    added: tuple[Circumstance, ...] = ()
    removed: tuple[Circumstance, ...] = ()
    changed: tuple[tuple[Circumstance, Circumstance], ...] = ()
    moved_in: tuple[Move, ...] = ()
    moved_out: tuple[Move, ...] = ()

    @property
    def has_changes(self) -> bool:
        """Whether anything is listed."""
        return bool(self.added or self.removed or self.changed or self.moved_in or self.moved_out)

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``circumstances`` object."""
        return {
            "added": [serialize.circumstance(c) for c in self.added],
            "removed": [serialize.circumstance(c) for c in self.removed],
            "changed": [
                {"old": serialize.circumstance(o), "new": serialize.circumstance(n)} for o, n in self.changed
            ],
            "moved_in": [m.to_dict("from_part") for m in self.moved_in],
            "moved_out": [m.to_dict("to_part") for m in self.moved_out],
        }


@attrs.frozen
class PenaltyRange:
    """The range of one penalty kind on one side, as written."""

    min: Quantity | None
    max: Quantity | None

    def to_dict(self) -> dict[str, Any]:
        """``{"min": Q, "max": Q}``."""
        return {"min": serialize.quantity(self.min), "max": serialize.quantity(self.max)}


@attrs.frozen
class PenaltyChange:
    """A penalty kind whose presence or range changed in one part."""

    kind: str
    change: Literal["added", "removed", "changed"]
    old: PenaltyRange | None
    new: PenaltyRange | None
    direction: Literal["harsher", "milder", "mixed"] | None = None
    """For ``changed``: whether the new range is harsher, milder or both (None: not comparable)."""
    subject: str | None = None
    condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's penalty-change object (``direction``, ``subject``, ``condition`` added)."""
        return {
            "kind": self.kind,
            "change": self.change,
            "old": None if self.old is None else self.old.to_dict(),
            "new": None if self.new is None else self.new.to_dict(),
            "direction": self.direction,
            "subject": self.subject,
            "condition": self.condition,
        }


@attrs.frozen
class AdditionalChange:
    """An add-on penalty whose mode (or term) changed: ``None`` where it is absent."""

    kind: str
    old: str | None
    new: str | None
    old_max: Quantity | None = None
    new_max: Quantity | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's additional-change object (``old_max``/``new_max`` added)."""
        return {
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "old_max": serialize.quantity(self.old_max),
            "new_max": serialize.quantity(self.new_max),
        }


@attrs.frozen
class GravityChange:
    """The gravity of a part on each side (None where the code's rules are unknown)."""

    old: Gravity | None
    new: Gravity | None

    @property
    def changed(self) -> bool:
        """Whether the category (or crime/offence class) differs."""
        return _gravity_label(self.old) != _gravity_label(self.new)

    def to_dict(self) -> dict[str, Any]:
        """``{"old": "small", "new": "medium"}``, plus ``old_kind``/``new_kind`` (crime, criminal_offence)."""
        return {
            "old": None if self.old is None else self.old.category,
            "new": None if self.new is None else self.new.category,
            "old_kind": None if self.old is None else self.old.kind,
            "new_kind": None if self.new is None else self.new.kind,
        }


def _gravity_label(g: Gravity | None) -> str | None:
    if g is None:
        return None
    return g.category if g.kind == "crime" else g.kind


@attrs.frozen
class WordOp:
    """One step of the word-level view of a wording change."""

    op: Literal["equal", "insert", "delete", "replace"]
    old: str
    new: str

    def to_dict(self) -> dict[str, Any]:
        """``{"op": ..., "old": ..., "new": ...}``."""
        return {"op": self.op, "old": self.old, "new": self.new}


@attrs.frozen
class PartDiff:
    """One aligned pair of parts (``old`` None: added; ``new`` None: removed)."""

    old: Part | None
    new: Part | None
    status: Literal["unchanged", "changed", "added", "removed"]
    circumstances: CircumstancesDiff = CircumstancesDiff()
    penalties: tuple[PenaltyChange, ...] = ()
    additional: tuple[AdditionalChange, ...] = ()
    text_changed: bool = False
    words: tuple[WordOp, ...] = ()
    """Word-level view of the wording change (empty when the wording did not change)."""
    gravity: GravityChange | None = None
    summary: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract's PartDiff object (``words``, ``repealed`` and ``summary`` added)."""
        return {
            "old": None if self.old is None else self.old.number,
            "new": None if self.new is None else self.new.number,
            "status": self.status,
            "circumstances": self.circumstances.to_dict(),
            "penalties": [p.to_dict() for p in self.penalties],
            "additional": [a.to_dict() for a in self.additional],
            "text_changed": self.text_changed,
            "words": [w.to_dict() for w in self.words],
            "gravity": None if self.gravity is None else self.gravity.to_dict(),
            "repealed": {
                "old": None if self.old is None else self.old.repealed,
                "new": None if self.new is None else self.new.repealed,
            },
        }


@attrs.frozen
class NotesDiff:
    """Notes added, removed and reworded (aligned by content, not by number)."""

    added: tuple[Note, ...] = ()
    removed: tuple[Note, ...] = ()
    changed: tuple[tuple[Note, Note], ...] = ()

    @property
    def has_changes(self) -> bool:
        """Whether anything is listed."""
        return bool(self.added or self.removed or self.changed)

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``notes`` object."""
        return {
            "added": [serialize.note(n) for n in self.added],
            "removed": [serialize.note(n) for n in self.removed],
            "changed": [{"old": serialize.note(o), "new": serialize.note(n)} for o, n in self.changed],
        }


@attrs.frozen
class ArticleDiff:
    """One aligned pair of articles (``old`` None: added; ``new`` None: removed)."""

    old: Article | None
    new: Article | None
    status: Status
    title_changed: bool = False
    parts: tuple[PartDiff, ...] = ()
    notes: NotesDiff = NotesDiff()
    summary: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The contract's ArticleDiff object."""

        def ref(a: Article | None) -> dict[str, Any] | None:
            return None if a is None else {"number": a.number, "title": a.title}

        return {
            "old": ref(self.old),
            "new": ref(self.new),
            "status": self.status,
            "title_changed": self.title_changed,
            "parts": [p.to_dict() for p in self.parts],
            "notes": self.notes.to_dict(),
            "summary": list(self.summary),
        }


@attrs.frozen
class Diff:
    """The differences between two documents (or two articles)."""

    old_source: str | None
    new_source: str | None
    articles: tuple[ArticleDiff, ...]
    summary: tuple[str, ...]
    code_old: str | None = None
    code_new: str | None = None
    summary_lang: str = "en"

    @property
    def has_changes(self) -> bool:
        """Whether any article is anything but ``unchanged``."""
        return any(a.status != "unchanged" for a in self.articles)

    def changed_articles(self) -> tuple[ArticleDiff, ...]:
        """The article diffs whose status is not ``unchanged``."""
        return tuple(a for a in self.articles if a.status != "unchanged")

    def to_dict(self) -> dict[str, Any]:
        """The contract's ``statuteparse/diff/1`` object."""
        return {
            "schema": DIFF_SCHEMA_ID,
            "old": {"source": self.old_source, "code": self.code_old},
            "new": {"source": self.new_source, "code": self.code_new},
            "articles": [a.to_dict() for a in self.articles],
            "summary": list(self.summary),
        }


# ---------------------------------------------------------------------------------------
# parts: texts, penalties, add-ons
# ---------------------------------------------------------------------------------------


def _disposition(p: Part) -> str:
    """The part's text without its sanction clause (what the part forbids)."""
    text = p.text
    if p.sanction is not None and p.sanction.text and p.sanction.text in text:
        text = text.replace(p.sanction.text, " ")
    return text


_PenKey = tuple[str, str, str | None, str | None]


def _dim(p: Penalty) -> str:
    q = p.max or p.min
    return q.dimension() if q is not None else "-"


def _penalty_groups(part: Part | None) -> dict[_PenKey, PenaltyRange]:
    """Alternatives grouped by kind, unit dimension, subject and condition; ranges merged."""
    out: dict[_PenKey, PenaltyRange] = {}
    if part is None or part.sanction is None:
        return out
    for p in part.sanction.penalties:
        key = (p.kind, _dim(p), p.subject, p.condition)
        prev = out.get(key)
        if prev is None:
            out[key] = PenaltyRange(p.min, p.max)
            continue
        lo = prev.min
        if lo is None or p.min is None:
            lo = None if (prev.max is not None and p.max is not None) else (lo or p.min)
        elif base_value(p.min) < base_value(lo):
            lo = p.min
        hi = prev.max
        if hi is None or (p.max is not None and base_value(p.max) > base_value(hi)):
            hi = p.max if p.max is not None else hi
        out[key] = PenaltyRange(lo, hi)
    return out


def base_value(q: Quantity | None) -> float:
    """A quantity in its dimension's base unit (months for time), 0 for None: the differ's yardstick."""
    if q is None:
        return 0.0
    v = q.in_base_unit()
    return q.value if v is None else v


def _same_range(a: PenaltyRange, b: PenaltyRange) -> bool:
    def eq(x: Quantity | None, y: Quantity | None) -> bool:
        if x is None or y is None:
            return x is y
        return x.dimension() == y.dimension() and abs(base_value(x) - base_value(y)) < 1e-9

    return eq(a.min, b.min) and eq(a.max, b.max)


def direction(a: PenaltyRange, b: PenaltyRange) -> Literal["harsher", "milder", "mixed"] | None:
    """Whether range ``b`` is harsher or milder than ``a`` (None when units do not compare)."""
    signs = set()
    for x, y in ((a.min, b.min), (a.max, b.max)):
        if x is None and y is None:
            continue
        if x is not None and y is not None and x.dimension() != y.dimension():
            return None
        bx, by = base_value(x), base_value(y)
        if x is None and y is not None and a.max is None and b.max is not None:
            return None
        if by > bx:
            signs.add(1)
        elif by < bx:
            signs.add(-1)
    if signs == {1}:
        return "harsher"
    if signs == {-1}:
        return "milder"
    return "mixed" if signs else None


def _penalty_changes(old: Part | None, new: Part | None) -> tuple[PenaltyChange, ...]:
    go, gn = _penalty_groups(old), _penalty_groups(new)
    changes: list[PenaltyChange] = []
    left_o = [k for k in go if k not in gn]
    left_n = [k for k in gn if k not in go]
    for k in go:
        if k in gn and not _same_range(go[k], gn[k]):
            changes.append(PenaltyChange(k[0], "changed", go[k], gn[k], direction(go[k], gn[k]), k[2], k[3]))
    # the same kind measured in another unit (a fine in MCI replacing one in income):
    # one kind on each side pairs up as a change that cannot be ranked
    for k in list(left_o):
        same = [m for m in left_n if m[0] == k[0] and m[2:] == k[2:]]
        olds = [m for m in left_o if m[0] == k[0] and m[2:] == k[2:]]
        if len(same) == 1 and len(olds) == 1:
            m = same[0]
            changes.append(PenaltyChange(k[0], "changed", go[k], gn[m], None, k[2], k[3]))
            left_o.remove(k)
            left_n.remove(m)
    for k in left_o:
        changes.append(PenaltyChange(k[0], "removed", go[k], None, None, k[2], k[3]))
    for k in left_n:
        changes.append(PenaltyChange(k[0], "added", None, gn[k], None, k[2], k[3]))
    order = {k: i for i, k in enumerate(serialize_kinds())}
    changes.sort(key=lambda c: (order.get(c.kind, 99), c.subject or "", c.condition or "", c.change))
    return tuple(changes)


def serialize_kinds() -> tuple[str, ...]:
    """Penalty kinds in the contract's stable order (gravest first)."""
    from .model import PENALTY_KINDS

    return PENALTY_KINDS


_MODE_RANK = {None: 0, "optional": 1, "mandatory": 2}


def _addons(part: Part | None) -> dict[str, Additional]:
    """The strongest add-on of each kind over the part's alternatives."""
    out: dict[str, Additional] = {}
    if part is None or part.sanction is None:
        return out
    for p in part.sanction.penalties:
        for a in p.additional:
            prev = out.get(a.kind)
            if prev is None or _MODE_RANK[a.mode] > _MODE_RANK[prev.mode]:
                out[a.kind] = a
    return out


def _additional_changes(old: Part | None, new: Part | None) -> tuple[AdditionalChange, ...]:
    ao, an = _addons(old), _addons(new)
    out = []
    for kind in serialize_kinds():
        o, n = ao.get(kind), an.get(kind)
        if o is None and n is None:
            continue
        om = None if o is None else o.mode
        nm = None if n is None else n.mode
        omax = None if o is None else o.max
        nmax = None if n is None else n.max
        same_max = (omax is None and nmax is None) or (
            omax is not None
            and nmax is not None
            and _same_range(PenaltyRange(None, omax), PenaltyRange(None, nmax))
        )
        if om != nm or not same_max:
            out.append(AdditionalChange(kind, om, nm, omax, nmax))
    return tuple(out)


_WORD = re.compile(r"\S+")


_MIRROR_OP: dict[str, Literal["equal", "insert", "delete", "replace"]] = {
    "equal": "equal",
    "insert": "delete",
    "delete": "insert",
    "replace": "replace",
}


def _word_ops(old: str, new: str) -> tuple[WordOp, ...]:
    """Word-level edit script from ``old`` to ``new`` (both normalised), adjacent runs merged.

    A longest common subsequence is not unique; to keep ``diff(b, a)`` the mirror of
    ``diff(a, b)`` the script is always computed in one direction (smaller text first)
    and mirrored when needed.
    """
    if new < old:
        return tuple(WordOp(_MIRROR_OP[w.op], w.new, w.old) for w in _word_ops_directed(new, old))
    return _word_ops_directed(old, new)


def _word_ops_directed(old: str, new: str) -> tuple[WordOp, ...]:
    a, b = _WORD.findall(old), _WORD.findall(new)
    ops: list[WordOp] = []
    for opc in Indel.opcodes(a, b):
        o = " ".join(a[opc.src_start : opc.src_end])
        n = " ".join(b[opc.dest_start : opc.dest_end])
        op: Literal["equal", "insert", "delete", "replace"] = opc.tag  # type: ignore[assignment]
        if ops and ops[-1].op != "equal" and op != "equal":
            prev = ops.pop()
            o2 = " ".join(x for x in (prev.old, o) if x)
            n2 = " ".join(x for x in (prev.new, n) if x)
            op = "replace" if o2 and n2 else ("delete" if o2 else "insert")
            ops.append(WordOp(op, o2, n2))
        elif ops and ops[-1].op == op == "equal":
            prev = ops.pop()
            ops.append(WordOp("equal", prev.old + " " + o, prev.new + " " + n))
        else:
            ops.append(WordOp(op, o, n))
    return tuple(ops)


# ---------------------------------------------------------------------------------------
# the diff
# ---------------------------------------------------------------------------------------


@attrs.define
class _Ctx:
    code_old: str | None
    code_new: str | None
    t: dict[str, str]
    lang: str


def _art_label(ctx: _Ctx, old: Article | None, new: Article | None) -> str:
    if old is not None and new is not None and old.number != new.number:
        return ctx.t["label_art_renumbered"].format(old=old.number, new=new.number)
    a = new or old
    assert a is not None
    return ctx.t["label_art"].format(num=a.number)


def _part_label(ctx: _Ctx, art: str, old: Part | None, new: Part | None) -> str:
    def num(p: Part) -> str:
        return p.label or str(p.number)

    if old is not None and new is not None and num(old) != num(new):
        return ctx.t["label_part_renumbered"].format(art=art, old=num(old), new=num(new))
    p = new or old
    assert p is not None
    if p.number is None and p.label is None:
        return ctx.t["label_part_unnumbered"].format(art=art)
    return ctx.t["label_part"].format(art=art, num=num(p))


def _align_parts(old: Article, new: Article) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    ko = [_key(p.text) for p in old.parts]
    kn = [_key(p.text) for p in new.parts]
    do = [_key(_disposition(p)) for p in old.parts]
    dn = [_key(_disposition(p)) for p in new.parts]

    def score(i: int, j: int) -> float:
        po, pn = old.parts[i], new.parts[j]
        s = similarity(do[i], dn[j])
        if po.number == pn.number:
            s += PART_NUMBER_BONUS
        if po.refers_to == pn.refers_to:
            s += PART_REFERS_BONUS
        return s

    pairs, lo, ln = _align(
        range(len(old.parts)), range(len(new.parts)), ko.__getitem__, kn.__getitem__, score, PART_THRESHOLD
    )
    # a part rewritten beyond recognition keeps its place: pair the leftovers of equal number
    by_num = {new.parts[j].number: j for j in ln if new.parts[j].number is not None}
    free_new = set(ln)
    taken_old: set[int] = set()
    for i in lo:
        j = by_num.get(old.parts[i].number) if old.parts[i].number is not None else None
        if j is not None and j in free_new:
            pairs.append((i, j))
            taken_old.add(i)
            free_new.discard(j)
    lo = [i for i in lo if i not in taken_old]
    ln = [j for j in ln if j in free_new]
    if len(old.parts) == len(new.parts) == 1 and lo and ln:
        pairs.append((lo.pop(), ln.pop()))
    pairs.sort()
    return pairs, lo, ln


def _diff_article(ctx: _Ctx, old: Article | None, new: Article | None) -> ArticleDiff:
    """Diff one aligned pair of articles."""
    t = ctx.t
    art = _art_label(ctx, old, new)
    if old is None or new is None:
        a = new or old
        assert a is not None
        added = old is None
        parts = tuple(
            PartDiff(
                old=None if added else p,
                new=p if added else None,
                status="added" if added else "removed",
                circumstances=CircumstancesDiff(added=p.circumstances)
                if added
                else CircumstancesDiff(removed=p.circumstances),
                penalties=_penalty_changes(None, p) if added else _penalty_changes(p, None),
                additional=_additional_changes(None, p) if added else _additional_changes(p, None),
                text_changed=True,
                gravity=_gravity(ctx, None if added else p, p if added else None),
            )
            for p in a.parts
        )
        notes = NotesDiff(added=a.notes) if added else NotesDiff(removed=a.notes)
        line = t["article_added" if added else "article_removed"].format(where=art, title=a.title)
        return ArticleDiff(old, new, "added" if added else "removed", False, parts, notes, (line,))

    if _identical(old, new):
        same = tuple(
            PartDiff(po, pn, "unchanged", gravity=_gravity(ctx, po, pn))
            for po, pn in zip(old.parts, new.parts, strict=True)
        )
        if not any(p.gravity is not None and p.gravity.changed for p in same):
            return ArticleDiff(old, new, "unchanged", False, same, NotesDiff(), ())

    title_changed = normalize_text(old.title) != normalize_text(new.title)
    pairs, lo, ln = _align_parts(old, new)

    # circumstances inside each aligned pair
    per_pair: dict[tuple[int | None, int | None], dict[str, list[Any]]] = {}
    spare_old: list[tuple[int, Circumstance]] = []  # (old part index, circumstance)
    spare_new: list[tuple[int, Circumstance]] = []
    for i, j in pairs:
        co, cn = old.parts[i].circumstances, new.parts[j].circumstances
        kco, kcn = [_key(c.text) for c in co], [_key(c.text) for c in cn]
        cp, clo, cln = _align(
            range(len(co)),
            range(len(cn)),
            kco.__getitem__,
            kcn.__getitem__,
            _item_scorer(kco, kcn),
            ITEM_THRESHOLD,
        )
        # A repealed item keeps its label and loses its text ("в) исключен …"): it is the
        # old item with that label, repealed, not a new empty item.
        for y in [y for y in cln if cn[y].repealed]:
            x = next((x for x in clo if co[x].label == cn[y].label and not co[x].repealed), None)
            if x is not None:
                cp.append((x, y))
                clo.remove(x)
                cln.remove(y)
        for x in [x for x in clo if co[x].repealed]:
            match = next((y for y in cln if cn[y].label == co[x].label and not cn[y].repealed), None)
            if match is not None:
                cp.append((x, match))
                clo.remove(x)
                cln.remove(match)
        changed = [(co[x], cn[y]) for x, y in sorted(cp) if _circ_changed(co[x], cn[y])]
        per_pair[(i, j)] = {"changed": changed, "moved_in": [], "moved_out": []}
        spare_old += [(i, co[x]) for x in clo]
        spare_new += [(j, cn[y]) for y in cln]
    for i in lo:
        per_pair[(i, None)] = {"changed": [], "moved_in": [], "moved_out": []}
        spare_old += [(i, c) for c in old.parts[i].circumstances]
    for j in ln:
        per_pair[(None, j)] = {"changed": [], "moved_in": [], "moved_out": []}
        spare_new += [(j, c) for c in new.parts[j].circumstances]

    # moves: leftovers of one part matched with leftovers of another part
    old_pair_of = {i: (i, j) for i, j in pairs} | {i: (i, None) for i in lo}
    new_pair_of = {j: (i, j) for i, j in pairs} | {j: (None, j) for j in ln}
    ks_o = [_key(c.text) for _, c in spare_old]
    ks_n = [_key(c.text) for _, c in spare_new]

    def move_score(x: int, y: int) -> float:
        if old_pair_of[spare_old[x][0]] == new_pair_of[spare_new[y][0]]:
            return -1.0  # same aligned pair: already judged different
        return item_similarity(ks_o[x], ks_n[y])

    mp, mlo, mln = _align(
        range(len(spare_old)),
        range(len(spare_new)),
        lambda x: "\0o" + str(x),
        lambda y: "\0n" + str(y),
        move_score,
        ITEM_THRESHOLD,
    )
    for x, y in mp:
        (pi, c_old), (pj, c_new) = spare_old[x], spare_new[y]
        per_pair[old_pair_of[pi]]["moved_out"].append(Move(c_old, new.parts[pj].number))
        per_pair[new_pair_of[pj]]["moved_in"].append(Move(c_new, old.parts[pi].number))
    removed_by: dict[tuple[int | None, int | None], list[Circumstance]] = defaultdict(list)
    added_by: dict[tuple[int | None, int | None], list[Circumstance]] = defaultdict(list)
    for x in mlo:
        removed_by[old_pair_of[spare_old[x][0]]].append(spare_old[x][1])
    for y in mln:
        added_by[new_pair_of[spare_new[y][0]]].append(spare_new[y][1])

    # build part diffs in document order: by new position, removed parts after their predecessor
    keys: list[tuple[int | None, int | None]] = (
        [(i, j) for i, j in pairs] + [(i, None) for i in lo] + [(None, j) for j in ln]
    )

    after = _after_predecessor(pairs)

    def order(k: tuple[int | None, int | None]) -> tuple[float, float]:
        i, j = k
        if j is not None:
            return (float(j), float(i) if i is not None else -1.0)
        # a removed part goes after the new part aligned with its old predecessor
        return (after(i if i is not None else -1), float(i if i is not None else 0))

    keys.sort(key=order)
    part_diffs: list[PartDiff] = []
    lines: list[str] = []
    if not _same_number(old.number, new.number):
        lines.append(t["article_renumbered"].format(where=art))
    if new.repealed and not old.repealed:
        lines.append(t["article_repealed"].format(where=art))
    if title_changed:
        lines.append(t["title_changed"].format(where=art, old=old.title, new=new.title))
    for k in keys:
        ki, kj = k
        po = None if ki is None else old.parts[ki]
        pn = None if kj is None else new.parts[kj]
        rec = per_pair[k]
        circ = CircumstancesDiff(
            added=tuple(added_by.get(k, ())),
            removed=tuple(removed_by.get(k, ())),
            changed=tuple(rec["changed"]),
            moved_in=tuple(rec["moved_in"]),
            moved_out=tuple(rec["moved_out"]),
        )
        pd = _part_diff(ctx, art, po, pn, circ)
        part_diffs.append(pd)
        lines += pd.summary

    notes = _diff_notes(old.notes, new.notes)
    for n in notes.added:
        lines.append(t["note_added"].format(where=art, text=shorten(normalize_text(n.text), 80)))
    for n in notes.removed:
        lines.append(t["note_removed"].format(where=art, text=shorten(normalize_text(n.text), 80)))
    for _o, n in notes.changed:
        lines.append(t["note_changed"].format(where=art, num="" if n.number is None else f" {n.number}"))

    is_changed = (
        title_changed
        or notes.has_changes
        or not _same_number(old.number, new.number)
        or old.repealed != new.repealed
        or any(p.status != "unchanged" for p in part_diffs)
    )
    status: Status = "unchanged"
    if is_changed:
        status = "repealed" if new.repealed and not old.repealed else "changed"
    return ArticleDiff(old, new, status, title_changed, tuple(part_diffs), notes, tuple(lines))


def _item_scorer(ka: list[str], kb: list[str]) -> Callable[[int, int], float]:
    """Score function over two lists of item keys for :func:`_align`."""
    return lambda x, y: item_similarity(ka[x], kb[y])


def _identical(old: Article, new: Article) -> bool:
    """Cheap check for the common case of a whole code: the same article, character for character."""
    return (
        old.number == new.number
        and old.title == new.title
        and old.repealed == new.repealed
        and len(old.parts) == len(new.parts)
        and len(old.notes) == len(new.notes)
        and all(
            po.text == pn.text
            and po.number == pn.number
            and po.label == pn.label
            and po.repealed == pn.repealed
            for po, pn in zip(old.parts, new.parts, strict=True)
        )
        and all(
            no.text == nn.text and no.repealed == nn.repealed
            for no, nn in zip(old.notes, new.notes, strict=True)
        )
    )


def _same_number(a: str, b: str) -> bool:
    return normalize_text(a) == normalize_text(b)


def _circ_changed(a: Circumstance, b: Circumstance) -> bool:
    return normalize_text(a.text) != normalize_text(b.text) or a.repealed != b.repealed


def _gravity(ctx: _Ctx, old: Part | None, new: Part | None) -> GravityChange | None:
    if ctx.code_old is None and ctx.code_new is None:
        return None
    go = None if old is None else categorize(old, ctx.code_old)
    gn = None if new is None else categorize(new, ctx.code_new)
    return GravityChange(go, gn)


def _part_diff(ctx: _Ctx, art: str, po: Part | None, pn: Part | None, circ: CircumstancesDiff) -> PartDiff:
    t = ctx.t
    where = _part_label(ctx, art, po, pn)
    lines: list[str] = []
    if po is None or pn is None:
        p = pn or po
        assert p is not None
        added = po is None
        full = CircumstancesDiff(
            added=circ.added if added else (),
            removed=() if added else circ.removed,
            moved_in=circ.moved_in,
            moved_out=circ.moved_out,
        )
        lines.append(t["part_added" if added else "part_removed"].format(where=where))
        what = _what(t, p)
        for m in full.moved_out:
            lines.append(t["circ_moved"].format(where=where, what=what, to=m.part, text=m.circumstance.text))
        pens = _penalty_changes(po, pn)
        return PartDiff(
            po,
            pn,
            "added" if added else "removed",
            full,
            pens,
            _additional_changes(po, pn),
            True,
            (),
            _gravity(ctx, po, pn),
            tuple(lines),
        )
    no, nn = normalize_text(po.text), normalize_text(pn.text)
    text_changed = no != nn
    words = _word_ops(no, nn) if text_changed else ()
    pens = _penalty_changes(po, pn)
    adds = _additional_changes(po, pn)
    grav = _gravity(ctx, po, pn)
    renumbered = (po.label or po.number) != (pn.label or pn.number)
    if renumbered:
        lines.append(t["part_renumbered"].format(where=where))
    if pn.repealed and not po.repealed:
        lines.append(t["part_repealed"].format(where=where))
    what = _what(t, pn)
    for c in circ.added:
        lines.append(t["circ_added"].format(where=where, what=what, text=c.text))
    for c in circ.removed:
        lines.append(t["circ_removed"].format(where=where, what=what, text=c.text))
    for o, n in circ.changed:
        if n.repealed and not o.repealed:
            lines.append(t["circ_repealed"].format(where=where, what=what, label=n.label, old=o.text))
        elif o.repealed and not n.repealed:
            lines.append(t["circ_restored"].format(where=where, what=what, label=n.label, new=n.text))
        else:
            lines.append(t["circ_changed"].format(where=where, what=what, old=o.text, new=n.text))
    for m in circ.moved_out:
        lines.append(t["circ_moved"].format(where=where, what=what, to=m.part, text=m.circumstance.text))
    lines += _penalty_lines(ctx, where, pens, adds)
    if grav is not None and grav.changed:
        lines.append(
            t["gravity_changed"].format(where=where, old=_gname(t, grav.old), new=_gname(t, grav.new))
        )
    structural = bool(circ.has_changes or pens or adds or renumbered or po.repealed != pn.repealed)
    if text_changed and not structural:
        lines.append(t["wording_changed"].format(where=where))
    changed = text_changed or structural or (grav is not None and grav.changed)
    return PartDiff(
        po,
        pn,
        "changed" if changed else "unchanged",
        circ,
        pens,
        adds,
        text_changed,
        words,
        grav,
        tuple(lines),
    )


def _what(t: dict[str, str], p: Part) -> str:
    return t["circ_what_aggravating"] if p.refers_to else t["circ_what_item"]


def _gname(t: dict[str, str], g: Gravity | None) -> str:
    label = _gravity_label(g)
    return t["gravity_none"] if label is None else t["gravity_" + label]


def _penalty_lines(
    ctx: _Ctx, where: str, pens: tuple[PenaltyChange, ...], adds: tuple[AdditionalChange, ...]
) -> list[str]:
    t, lang = ctx.t, ctx.lang
    lines = []
    for c in pens:
        kind = render_kind(c.kind, lang)
        if c.change == "added" and c.new is not None:
            pen = " ".join(x for x in (kind, render_range(c.new.min, c.new.max, lang)) if x)
            lines.append(t["penalty_added"].format(where=where, penalty=pen))
        elif c.change == "removed" and c.old is not None:
            pen = " ".join(x for x in (kind, render_range(c.old.min, c.old.max, lang)) if x)
            lines.append(t["penalty_removed"].format(where=where, penalty=pen))
        elif c.old is not None and c.new is not None:
            direction = "" if c.direction is None else t["direction"].format(direction=t[c.direction])
            lines.append(
                t["penalty_changed"].format(
                    where=where,
                    kind=kind,
                    old=render_range(c.old.min, c.old.max, lang),
                    new=render_range(c.new.min, c.new.max, lang),
                    direction=direction,
                )
            )
    for a in adds:

        def mode(m: str | None, q: Quantity | None) -> str:
            s = t["mode_" + (m or "none")]
            r = render_range(None, q, lang) if q is not None else ""
            return f"{s} {r}".strip() if m else s

        lines.append(
            t["additional_changed"].format(
                where=where,
                kind=render_kind(a.kind, lang),
                old=mode(a.old, a.old_max),
                new=mode(a.new, a.new_max),
            )
        )
    return lines


def _diff_notes(old: tuple[Note, ...], new: tuple[Note, ...]) -> NotesDiff:
    ko = [_key(n.text) for n in old]
    kn = [_key(n.text) for n in new]
    pairs, lo, ln = _align(
        range(len(old)),
        range(len(new)),
        ko.__getitem__,
        kn.__getitem__,
        lambda i, j: item_similarity(ko[i], kn[j]),
        ITEM_THRESHOLD,
    )
    changed = tuple(
        (old[i], new[j])
        for i, j in pairs
        if normalize_text(old[i].text) != normalize_text(new[j].text) or old[i].repealed != new[j].repealed
    )
    return NotesDiff(tuple(new[j] for j in ln), tuple(old[i] for i in lo), changed)


def _after_predecessor(pairs: Sequence[tuple[int, int]]) -> Callable[[int], float]:
    """Where an unpaired old item ``i`` goes among the new ones: just after the new item
    paired with the last old item before it (``max`` of their new indexes), else first.

    Prefix maxima and a binary search: linear overall where a scan per item was quadratic.
    """
    ordered = sorted(pairs)
    olds = [i for i, _ in ordered]
    best: list[int] = []
    for _, j in ordered:
        best.append(max(j, best[-1]) if best else j)

    def place(i: int) -> float:
        k = bisect.bisect_left(olds, i)
        return best[k - 1] + 0.5 if k else -0.5

    return place


def _article_key(a: Article) -> str:
    return _key(a.title + " " + " ".join(_disposition(p) for p in a.parts[:2]))


def _align_articles(
    old: Sequence[Article], new: Sequence[Article]
) -> list[tuple[Article | None, Article | None]]:
    """Aligned article pairs: by number first, content for the leftovers, in document order."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])]
    by_num: dict[str, list[int]] = defaultdict(list)
    for j, a in enumerate(new):
        by_num[normalize_text(a.number)].append(j)
    pairs: list[tuple[int, int]] = []
    lo: list[int] = []
    next_of: dict[str, int] = defaultdict(int)  # how many of each number's new articles are taken
    for i, a in enumerate(old):
        num = normalize_text(a.number)
        c = by_num.get(num)
        if c and next_of[num] < len(c):
            pairs.append((i, c[next_of[num]]))
            next_of[num] += 1
        else:
            lo.append(i)
    used = {j for _, j in pairs}
    ln = [j for j in range(len(new)) if j not in used]
    # renumbered articles: content similarity among the leftovers only (live ones)
    lo_live = [i for i in lo if not old[i].repealed]
    ln_live = [j for j in ln if not new[j].repealed]
    if lo_live and ln_live:
        ko = {i: _article_key(old[i]) for i in lo_live}
        kn = {j: _article_key(new[j]) for j in ln_live}
        sub_pairs, _, _ = _align(
            lo_live,
            ln_live,
            ko.__getitem__,
            kn.__getitem__,
            lambda x, y: similarity(ko[lo_live[x]], kn[ln_live[y]]),
            ARTICLE_THRESHOLD,
        )
        taken_o = {lo_live[x] for x, _ in sub_pairs}
        taken_n = {ln_live[y] for _, y in sub_pairs}
        pairs.extend((lo_live[x], ln_live[y]) for x, y in sub_pairs)
        lo = [i for i in lo if i not in taken_o]
        ln = [j for j in ln if j not in taken_n]
    out: list[tuple[tuple[float, float], Article | None, Article | None]] = []
    pairs.sort()
    for i, j in pairs:
        out.append(((float(j), float(i)), old[i], new[j]))
    for j in ln:
        out.append(((float(j), -1.0), None, new[j]))
    after = _after_predecessor(pairs)
    for i in lo:
        out.append(((after(i), float(i)), old[i], None))
    out.sort(key=lambda x: x[0])
    return [(o, n) for _, o, n in out]


def diff(
    old: Document | Article,
    new: Document | Article,
    *,
    code_old: str | None = None,
    code_new: str | None = None,
    summary_lang: str = "en",
) -> Diff:
    """Compare two documents (or two articles) and describe what changed.

    ``code_old`` / ``code_new`` name the codes whose gravity rules apply (``kz-cc1997``,
    ``kz-cc2014``); when not given they come from :attr:`Document.code`, else gravity is
    null. ``summary_lang`` (``en`` or ``ru``) chooses the language of the summary lines.
    """
    t = templates(summary_lang)
    old_arts, old_src, old_code = _unpack(old)
    new_arts, new_src, new_code = _unpack(new)
    ctx = _Ctx(code_old or old_code, code_new or new_code, t, summary_lang)
    arts = tuple(_diff_article(ctx, o, n) for o, n in _align_articles(old_arts, new_arts))
    summary = tuple(line for a in arts for line in a.summary)
    return Diff(old_src, new_src, arts, summary, ctx.code_old, ctx.code_new, summary_lang)


def diff_articles(
    old: Article,
    new: Article,
    *,
    code_old: str | None = None,
    code_new: str | None = None,
    summary_lang: str = "en",
) -> ArticleDiff:
    """The diff of one pair of articles (aligned with each other whatever their numbers)."""
    ctx = _Ctx(code_old, code_new, templates(summary_lang), summary_lang)
    return _diff_article(ctx, old, new)


def _unpack(x: Document | Article) -> tuple[tuple[Article, ...], str | None, str | None]:
    if isinstance(x, Document):
        return x.articles, x.source, x.code
    return (x,), None, None


# ---------------------------------------------------------------------------------------
# terminal view
# ---------------------------------------------------------------------------------------

_COLORS = {"red": "\x1b[31m", "green": "\x1b[32m", "yellow": "\x1b[33m", "bold": "\x1b[1m", "dim": "\x1b[2m"}
_RESET = "\x1b[0m"


def format_text(d: Diff, color: bool = False) -> str:
    """A readable terminal view: the summary, then each changed article part by part.

    With ``color`` deletions are red, insertions green (ANSI escapes); without it they
    read ``[-old-]`` and ``{+new+}``.
    """

    def c(name: str, s: str) -> str:
        return f"{_COLORS[name]}{s}{_RESET}" if color else s

    out: list[str] = [
        c("bold", f"--- {d.old_source or '(old)'}"),
        c("bold", f"+++ {d.new_source or '(new)'}"),
    ]
    if not d.has_changes:
        out.append("no changes")
        return "\n".join(out) + "\n"
    for a in d.changed_articles():
        ref_o = f"{a.old.number}. {a.old.title}" if a.old else "—"
        ref_n = f"{a.new.number}. {a.new.title}" if a.new else "—"
        out.append("")
        out.append(c("bold", f"[{a.status}] {ref_o}" + ("" if ref_o == ref_n else f"  →  {ref_n}")))
        for line in a.summary:
            out.append("  " + line)
        for p in a.parts:
            if not p.words:
                continue
            label = f"{p.old.number if p.old else '-'}→{p.new.number if p.new else '-'}"
            pieces = []
            for w in p.words:
                if w.op == "equal":
                    pieces.append(shorten(w.old, 60) if len(w.old) > 60 else w.old)
                if w.op in ("delete", "replace"):
                    pieces.append(c("red", w.old) if color else f"[-{w.old}-]")
                if w.op in ("insert", "replace"):
                    pieces.append(c("green", w.new) if color else f"{{+{w.new}+}}")
            out.append(c("dim", f"  part {label}: ") + " ".join(pieces))
    return "\n".join(out) + "\n"
