"""Turn grammar trees into model objects: articles, parts, circumstances, sanctions.

Guarantees to the model's users:

* every node carries its span in the normalised text; text fields are the statute
  text of the node with whitespace folded and editorial annotations left out;
* text the grammar could not read is kept (in the ``text`` of its node) and reported
  as a :class:`~statuteparse.model.Diagnostic` with line and column;
* no exception other than :class:`~statuteparse.errors.StatuteParseError` leaves this
  module for any input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs
from lark import Token, Tree
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from . import lang as langdata
from . import numbers, vocab
from .grammar import article_parser, sanction_parser
from .model import (
    Additional,
    Article,
    Circumstance,
    Diagnostic,
    Editorial,
    LawRef,
    Note,
    Part,
    Penalty,
    Quantity,
    Sanction,
    Span,
)
from .programs import lazy_re

_ARTICLE_NUMBER = lazy_re(r"\d+(?:[-.]\d+)*[¹²³⁴⁵⁶⁷⁸⁹⁰]*")
_TRAILING_BOLD = lazy_re(r"\s*(?:\*\*|__)$")
_PART_DIGITS = lazy_re(r"\d+(?:-\d+)?")
_DIGITS = lazy_re(r"\d+")
_LEAD_NUMBER = lazy_re(r"\s*(\d{1,2})\.\s")
_CONDITION_LEAD = lazy_re(r"^(?:а|and|while)\s+")
_LIFE = lazy_re(r"(?i)пожизненн|life")
_LIFE_WORD = lazy_re(r"(?i)^(?:пожизненн\w+|life-?long)\s+")
_FIRST_WORD = lazy_re(r"^\S+\s+(?:of\s+(?:the\s+)?)?")
_TRAIL_ITEM = lazy_re(r"[\s,;:]*(?:[-–—][\s,;:]*)?$")
_LEAD_DASH = lazy_re(r"^[\s\-–—]+")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_LABEL_SUPER = lazy_re(r"([¹²³⁴⁵⁶⁷⁸⁹⁰]+)")

DiagnosticSink = Callable[[str, str, int, int, str], None]
"""``sink(severity, code, start, end, message)`` records a diagnostic at absolute offsets."""


def fold(text: str) -> str:
    """Fold runs of whitespace into one space and strip the ends."""
    return " ".join(text.split())


def normalize_number(raw: str) -> str:
    """An article number as the contract writes it: ``127¹`` -> ``127.1``, ``275-1`` stays."""
    m = _LABEL_SUPER.search(raw)
    if m:
        raw = raw[: m.start()] + "." + m.group(1).translate(_SUPERSCRIPT_DIGITS) + raw[m.end() :]
    return raw.strip(" .:")


def normalize_label(raw: str) -> str:
    """An item label as the contract writes it: ``е¹)`` -> ``е.1``, ``а)`` -> ``а``."""
    raw = raw.rstrip(")").strip()
    m = _LABEL_SUPER.search(raw)
    if m:
        return raw[: m.start()] + "." + m.group(1).translate(_SUPERSCRIPT_DIGITS)
    return raw


# --------------------------------------------------------------------------- pieces
@attrs.define
class _Seg:
    """A token of a part's body, in order: text, editorial, sanction start or item label."""

    kind: str  # "text" | "ed" | "sanction" | "label"
    start: int
    end: int
    value: str
    line_start: bool = False


def _segments(nodes: Iterable[Tree[Token] | Token], base: int) -> list[_Seg]:
    """Flatten a part/notes subtree into ordered segments with absolute offsets."""
    out: list[_Seg] = []

    def walk(node: Tree[Token] | Token, first_in_line: bool) -> None:
        if isinstance(node, Token):
            kind = {
                "TEXT": "text",
                "EDITORIAL": "ed",
                "SANCTION": "sanction",
                "ITEM_LABEL": "label",
            }.get(node.type)
            if kind is None:
                return
            start = base + (node.start_pos or 0)
            out.append(_Seg(kind, start, start + len(node.value), node.value, first_in_line))
            return
        children = node.children
        for idx, child in enumerate(children):
            walk(child, first_in_line=(node.data in ("item", "para") and idx == 0))

    for n in nodes:
        walk(n, False)
    return out


@attrs.define
class ArticleBuilder:
    """Builds one :class:`Article` from the text of an article piece."""

    text: str  # the whole normalised document text
    start: int
    end: int
    lang: str
    sink: DiagnosticSink
    number_hint: str | None = None

    def build(self) -> Article:
        chunk = self.text[self.start : self.end] + "\n"
        try:
            tree = article_parser().parse(chunk)
        except LarkError as exc:  # the grammar accepts any lines; this is a safety net
            pos = self.start + _error_pos(exc)
            self.sink(
                "error", "unparsed-article", pos, self.end, f"article structure not understood: {_short(exc)}"
            )
            return self._fallback()
        return self._from_tree(tree)

    # ------------------------------------------------------------------ tree walk
    def _from_tree(self, tree: Tree[Token]) -> Article:
        number = normalize_number(self.number_hint) if self.number_hint else ""
        title = ""
        article_ed: list[Editorial] = []
        repealed = False
        parts: list[Part] = []
        notes: list[Note] = []
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data == "heading":
                segs = _segments(child.children[1:], self.start)
                head = child.children[0]
                assert isinstance(head, Token)
                m = _ARTICLE_NUMBER.search(head.value)
                if m:
                    number = normalize_number(m.group(0))
                title = fold(" ".join(s.value for s in segs if s.kind != "ed")).strip("* ")
                title = _TRAILING_BOLD.sub("", title).strip()
                title = langdata.LANGUAGES[self.lang].title_prefix.sub("", title)
                for s in segs:
                    if s.kind == "ed":
                        ed = self._editorial(s)
                        article_ed.append(ed)
                        if ed.kind == "repealed":
                            repealed = True
                if langdata.LANGUAGES[self.lang].repealed.match(title) and len(title) < 200:
                    # ``Статья 106. Исключена Законом РК от 09.12.2004 N 10``: no title, a note.
                    start = next((s.start for s in segs if s.kind == "text"), self.start)
                    article_ed.append(
                        Editorial(
                            text=title,
                            kind="repealed",
                            span=Span(start, start + len(title)),
                            laws=extract_laws(title),
                        )
                    )
                    title, repealed = "", True
            elif child.data == "intro":
                segs = _segments(child.children, self.start)
                if not title and not parts and _title_line_follows(segs, tree):
                    # ``Статья 119.`` with the title on the next line (a common publisher layout)
                    cut = next((i for i, s in enumerate(segs) if i and s.line_start), len(segs))
                    title = fold(" ".join(s.value for s in segs[:cut] if s.kind == "text")).strip("* ")
                    article_ed.extend(self._editorial(s) for s in segs[:cut] if s.kind == "ed")
                    segs = segs[cut:]
                if any(s.kind != "ed" for s in segs):
                    groups = _implicit_parts(segs)
                    for index, group in enumerate(groups, start=1):
                        part = self._part(None, None, group, article_ed, parts)
                        if part is not None:
                            if len(groups) > 1:
                                part = attrs.evolve(part, number=index)
                                refs, pts = self._references_of(part, parts)
                                part = attrs.evolve(part, refers_to=refs, refers_to_points=pts)
                            parts.append(part)
                else:
                    article_ed.extend(self._editorial(s) for s in segs)
            elif child.data == "part":
                num_tok = child.children[0]
                assert isinstance(num_tok, Token)
                segs = _segments(child.children[1:], self.start)
                part = self._part(num_tok, num_tok.value, segs, article_ed, parts)
                if part is not None:
                    parts.append(part)
            elif child.data == "notes":
                notes.extend(self._notes(child, article_ed))
        span = Span(self.start, self.end)
        return Article(
            number=number,
            title=title,
            language=self.lang,  # type: ignore[arg-type]
            parts=tuple(parts),
            notes=tuple(notes),
            span=span,
            repealed=repealed,
            editorial=tuple(article_ed),
        )

    def _fallback(self) -> Article:
        body = self.text[self.start : self.end]
        return Article(
            number=normalize_number(self.number_hint or ""),
            title="",
            language=self.lang,  # type: ignore[arg-type]
            parts=(Part(number=None, text=fold(body), span=Span(self.start, self.end)),),
            notes=(),
            span=Span(self.start, self.end),
        )

    # ------------------------------------------------------------------ parts
    def _part(
        self,
        num_tok: Token | None,
        raw_number: str | None,
        segs: list[_Seg],
        article_ed: list[Editorial],
        previous: Sequence[Part],
    ) -> Part | None:
        data = langdata.LANGUAGES[self.lang]
        number: int | None = None
        label: str | None = None
        if raw_number is not None:
            digits = _PART_DIGITS.search(raw_number)
            raw = digits.group(0) if digits else raw_number
            if "-" in raw:
                label = raw
                number = int(raw.split("-")[0])
            else:
                number = int(raw)
        start = (
            (self.start + (num_tok.start_pos or 0))
            if num_tok is not None
            else (segs[0].start if segs else self.start)
        )
        end = max([s.end for s in segs], default=start + len(raw_number or ""))
        if num_tok is None and not segs:
            return None

        editorial: list[Editorial] = []
        # Sanction: from the first sanction token to the end of the part; the first one set
        # off by a dash wins (``если эти действия не влекут уголовной ответственности, –
        # влекут предупреждение``).
        verbs = [i for i, s in enumerate(segs) if s.kind == "sanction"]
        dashed = [i for i in verbs if self._dash_led(segs[i])]
        sanction_at = dashed[0] if dashed else (verbs[0] if verbs else None)
        body = segs if sanction_at is None else segs[:sanction_at]
        tail = [] if sanction_at is None else segs[sanction_at:]

        circumstances, lead = self._circumstances(body, editorial, article_ed)
        lead_text = fold(" ".join(s.value for s in lead if s.kind == "text"))
        sanction = self._sanction(tail, editorial, article_ed) if tail else None
        if sanction is None and tail:
            # not a sanction after all (weak verb that did not parse): keep as text
            lead_text = fold(lead_text + " " + " ".join(s.value for s in tail if s.kind != "ed"))

        text = fold(" ".join(s.value for s in segs if s.kind != "ed"))
        repealed = False
        if not fold(" ".join(s.value for s in segs if s.kind == "text")) and any(
            e.kind == "repealed" for e in editorial
        ):
            repealed = True
        elif data.repealed.match(text) and len(text) < 200 and not circumstances:
            repealed = True
            editorial.append(
                Editorial(text=text, kind="repealed", span=Span(segs[0].start, end), laws=extract_laws(text))
            )
            text = ""
        refers, points = self._references_and_points(lead_text, number, previous)
        return Part(
            number=number,
            text=text,
            span=Span(start, end),
            refers_to=refers,
            circumstances=tuple(circumstances),
            sanction=sanction,
            repealed=repealed,
            editorial=tuple(editorial),
            label=label,
            refers_to_points=points,
        )

    def _circumstances(
        self, body: list[_Seg], part_ed: list[Editorial], article_ed: list[Editorial]
    ) -> tuple[list[Circumstance], list[_Seg]]:
        """Split the part body at item labels; returns the items and the lead segments."""
        groups: list[tuple[_Seg, list[_Seg]]] = []
        lead: list[_Seg] = []
        prev_label: str | None = None
        for s in body:
            if s.kind == "label":
                lab = normalize_label(s.value)
                if s.line_start or prev_label is None and _is_first_label(lab) or _follows(prev_label, lab):
                    groups.append((s, []))
                    prev_label = lab
                    continue
                s = _Seg("text", s.start, s.end, s.value)
            if groups:
                groups[-1][1].append(s)
            else:
                lead.append(s)
        items: list[Circumstance] = []
        data = langdata.LANGUAGES[self.lang]
        for label_seg, segs in groups:
            eds: list[Editorial] = []
            for s in segs:
                if s.kind == "ed":
                    ed = self._editorial(s)
                    (article_ed if ed.kind == "footnote" and s.value.startswith("Сноска") else eds).append(ed)
            raw = " ".join(s.value for s in segs if s.kind == "text")
            text = _TRAIL_ITEM.sub("", fold(raw))
            end = max([s.end for s in segs], default=label_seg.end)
            repealed = any(e.kind == "repealed" for e in eds) and not text
            if not repealed and data.repealed.match(text) and len(text) < 200:
                eds.append(
                    Editorial(
                        text=text, kind="repealed", span=Span(label_seg.end, end), laws=extract_laws(text)
                    )
                )
                text = ""
                repealed = True
            items.append(
                Circumstance(
                    label=normalize_label(label_seg.value),
                    text=text,
                    span=Span(label_seg.start, end),
                    repealed=repealed,
                    editorial=tuple(eds),
                )
            )
        for s in lead:
            if s.kind == "ed":
                ed = self._editorial(s)
                (article_ed if s.value.startswith("Сноска") else part_ed).append(ed)
        return items, lead

    def _references_of(
        self, part: Part, previous: Sequence[Part]
    ) -> tuple[tuple[int, ...], tuple[tuple[int, str], ...]]:
        """References of an implicitly numbered part, once its number is known."""
        lead = part.text
        first = part.circumstances[0].text if part.circumstances else None
        if first and first in lead:
            lead = lead[: lead.find(first)]
        elif part.sanction is not None and part.sanction.text in lead:
            lead = lead[: lead.find(part.sanction.text)]
        return self._references_and_points(lead, part.number, previous)

    def _references(self, lead: str, number: int | None, previous: Sequence[Part]) -> tuple[int, ...]:
        return self._references_and_points(lead, number, previous)[0]

    def _references_and_points(
        self, lead: str, number: int | None, previous: Sequence[Part]
    ) -> tuple[tuple[int, ...], tuple[tuple[int, str], ...]]:
        """The parts (and points of parts) that ``lead`` refers to."""
        data = langdata.LANGUAGES[self.lang]
        refs: list[int] = []
        points: list[tuple[int, str]] = []
        low = lead.lower()
        for hint in data.reference_hints:
            at = low.find(hint)
            while at >= 0:
                named, pts = _reference_list(lead[max(0, at - 400) : at], self.lang)
                refs.extend(named)
                points.extend(pts)
                at = low.find(hint, at + len(hint))
        if not refs and data.same_act.match(lead):
            prev = [p.number for p in previous if p.number is not None]
            if prev:
                refs.append(prev[-1])
        seen: list[int] = []
        for r in refs:
            if r not in seen and (number is None or r < number):
                seen.append(r)
        kept = tuple(dict.fromkeys(p for p in points if p[0] in seen))
        return tuple(seen), kept

    # ------------------------------------------------------------------ sanction
    def _sanction(
        self, tail: list[_Seg], part_ed: list[Editorial], article_ed: list[Editorial]
    ) -> Sanction | None:
        for s in tail:
            if s.kind == "ed":
                ed = self._editorial(s)
                (article_ed if s.value.startswith("Сноска") else part_ed).append(ed)
        words = [s for s in tail if s.kind != "ed"]
        if not words:
            return None
        first = words[0]
        # Skip the dash that leads into the verb.
        lead = _LEAD_DASH.match(first.value)
        start = first.start + (lead.end() if lead else 0)
        end = words[-1].end
        # The clause as the parser sees it: the segments joined with their real gaps, so
        # token offsets map back by adding ``start`` (editorial cut-outs become spaces).
        buf = [" "] * (end - start)
        for s in words:
            a = max(s.start, start)
            buf[a - start : s.end - start] = list(self.text[a : s.end])
        clause = "".join(buf)
        clause = clause.replace("\n", " ")
        # Diagnostics wait until we know this is a sanction: a weak verb (``влечет``,
        # ``entails``) that leads to no penalty is ordinary prose (``влечет
        # уголовную ответственность``), not an unreadable sanction.
        penalties, pending = read_clause(clause, start, self.lang)
        verb = fold(first.value).lstrip("-–— ").lower()
        weak = verb.startswith(("влеч", "влек", "entail", "shall entail"))
        # The genre sets a sanction off with a dash (``… совершенное группой лиц, –
        # влечет …``), on the same line or at the end of the line before.
        dashed = self._dash_led(first)
        verb_end = len(first.value) - (lead.end() if lead else 0)
        liability = langdata.LANGUAGES[self.lang].liability.match(clause, verb_end)
        if not penalties and weak and (not dashed or liability):
            return None  # ``влечет уголовную ответственность``: prose, not a sanction
        for d in pending:
            self.sink(*d)
        complete = not pending
        if not penalties:
            if not pending:
                self.sink(
                    "warning",
                    "unparsed-sanction",
                    start,
                    end,
                    f"no penalty read in the sanction: {fold(clause)[:120]!r}",
                )
            complete = False
            penalties = ()
        return Sanction(
            text=fold(clause).rstrip(" ;,."), penalties=penalties, span=Span(start, end), complete=complete
        )

    def _dash_led(self, seg: _Seg) -> bool:
        """Whether a sanction verb is set off by a dash, on its line or at the end of the line before."""
        lead = _LEAD_DASH.match(seg.value)
        if lead and lead.group(0).strip():
            return True
        return _DASH_BEFORE.search(self.text, max(0, seg.start - 40), seg.start) is not None

    # ------------------------------------------------------------------ notes
    def _notes(self, tree: Tree[Token], article_ed: list[Editorial]) -> list[Note]:
        head = tree.children[0]
        assert isinstance(head, Token)
        items: list[tuple[int | None, int, list[_Seg]]] = []
        first: list[_Seg] = []
        current: list[_Seg] = first
        for child in tree.children[1:]:
            if isinstance(child, Token):
                if child.type in ("TEXT", "EDITORIAL", "SANCTION", "ITEM_LABEL"):
                    current.extend(_segments([child], self.start))
                continue
            if child.data == "note":
                num = child.children[0]
                assert isinstance(num, Token)
                digits = _DIGITS.search(num.value)
                segs = _segments(child.children[1:], self.start)
                current = segs
                items.append(
                    (int(digits.group(0)) if digits else None, self.start + (num.start_pos or 0), segs)
                )
            else:
                current.extend(_segments([child], self.start))
        notes: list[Note] = []
        if any(s.kind != "ed" for s in first):
            start = first[0].start
            # ``Примечания. 1. Лицо, …``: the first of numbered notes on the heading's line
            lead = _LEAD_NUMBER.match(first[0].value) if first[0].kind == "text" else None
            number = None
            if lead is not None and (not items or items[0][0] == int(lead.group(1)) + 1):
                number = int(lead.group(1))
                lead_seg = first[0]
                first = [
                    _Seg("text", lead_seg.start + lead.end(), lead_seg.end, lead_seg.value[lead.end() :]),
                    *first[1:],
                ]
            notes.append(self._note(number, start, first, article_ed))
        elif first:
            self._note(None, first[0].start, first, article_ed)
        for number, start, segs in items:
            notes.append(self._note(number, start, segs, article_ed))
        return notes

    def _note(self, number: int | None, start: int, segs: list[_Seg], article_ed: list[Editorial]) -> Note:
        eds: list[Editorial] = []
        for s in segs:
            if s.kind == "ed":
                ed = self._editorial(s)
                (article_ed if s.value.startswith("Сноска") else eds).append(ed)
        text = fold(" ".join(s.value for s in segs if s.kind != "ed"))
        end = max([s.end for s in segs], default=start)
        data = langdata.LANGUAGES[self.lang]
        repealed = bool(data.repealed.match(text)) and len(text) < 200
        if repealed:
            eds.append(Editorial(text=text, kind="repealed", span=Span(start, end), laws=extract_laws(text)))
            text = ""
        return Note(number=number, text=text, span=Span(start, end), editorial=tuple(eds), repealed=repealed)

    def _editorial(self, seg: _Seg) -> Editorial:
        text = fold(seg.value)
        kind = "amended"
        inner = text.strip("()").strip()
        line_kind = vocab.lookup("*", "editorial_line", inner)
        if line_kind is not None:
            kind = line_kind  # a whole line of publisher's text (``Сноска. …``, ``О судебной практике …``)
        else:
            for pattern, k in langdata.EDITORIAL_KINDS:
                if pattern.search(inner):
                    kind = k
                    break
        return Editorial(text=text, kind=kind, span=Span(seg.start, seg.end), laws=extract_laws(text))


_Pending = tuple[tuple[str, str, int, int, str], ...]

#: The diagnostics a sanction reader gives: any of them inside a sanction makes it incomplete.
SANCTION_DIAGNOSTICS: frozenset[str] = frozenset(
    {"unparsed-sanction", "unparsed-number", "unit-missing", "range-reversed"}
)




@functools.lru_cache(maxsize=4096)
def _read_clause_at_zero(clause: str, lang: str) -> tuple[tuple[Penalty, ...] | None, _Pending]:
    pending: list[tuple[str, str, int, int, str]] = []
    penalties = SanctionReader(clause, 0, lang, lambda *d: pending.append(d)).read()
    return penalties, tuple(pending)


def read_clause(clause: str, base: int, lang: str) -> tuple[tuple[Penalty, ...] | None, _Pending]:
    """Read a sanction clause that starts at ``base``: its penalties and pending diagnostics.

    Codes repeat the same sanction wording many times (a third of the 1997 code's
    clauses are repeats), so clauses are read once and their offsets shifted.
    """
    penalties, pending = _read_clause_at_zero(clause, lang)
    if base == 0:
        return penalties, pending
    shifted = None if penalties is None else tuple(_shift_penalty(p, base) for p in penalties)
    return shifted, tuple((sev, code, a + base, b + base, msg) for sev, code, a, b, msg in pending)


def _shift(span: Span | None, delta: int) -> Span | None:
    return None if span is None else Span(span.start + delta, span.end + delta)


def _shift_penalty(p: Penalty, delta: int) -> Penalty:
    return attrs.evolve(
        p,
        span=_shift(p.span, delta),
        additional=tuple(attrs.evolve(a, span=_shift(a.span, delta)) for a in p.additional),
    )


_CEILING = lazy_re(r"(?i)более|свыше|more")

#: The largest amount kept (see numbers.MAX_DIGITS); anything larger is reported, not kept.
_MAX_AMOUNT = 10**15


def _show_q(q: Quantity | None) -> str:
    if q is None:
        return "-"
    value = int(q.value) if float(q.value).is_integer() else q.value
    return f"{value} {q.unit}".rstrip()


def _reversed(lo: Quantity | None, hi: Quantity | None) -> bool:
    """Whether a range's lower bound exceeds its upper one once units are converted."""
    if lo is None or hi is None:
        return False
    if lo.unit == hi.unit and lo.of == hi.of:  # also units with no conversion (income_month, none yet)
        return lo.value > hi.value
    if lo.dimension() != hi.dimension():
        return False
    a, b = lo.in_base_unit(), hi.in_base_unit()
    return a is not None and b is not None and a > b


@functools.cache
def _alternative_split(lang: str) -> re.Pattern[str]:
    """Where recovery cuts an unreadable clause into alternatives: the language's split
    points, and its alternative words when a penalty kind follows (``, или штрафом``), so an
    unreadable phrase in one alternative never loses the alternatives after it."""
    data = langdata.LANGUAGES[lang]
    words = "|".join(re.escape(w) for w in data.alternative_words)
    kinds = vocab.vocabulary(lang).pattern("kind")
    return re.compile(
        # ``(?<![ \t])``: a blank run is tried from its start only (linear on long runs of
        # blanks, which editorial cut-outs leave; the leftmost match starts there anyway).
        data.alternative_split.pattern
        + rf"|(?:,[ \t]*|(?<![ \t])[ \t]+)(?<!\w)(?:{words})[ \t]+(?={kinds}(?!\w))"
    )

def _title_line_follows(segs: list[_Seg], tree: Tree[Token]) -> bool:
    """Whether the first line of an article's intro is its title: a heading with no title
    of its own, then a short line of plain text that does not run on (no closing ``,``, ``:``,
    ``;`` or dash), with more of the article after it."""
    if not segs or not any(isinstance(c, Tree) and c.data == "heading" for c in tree.children):
        return False
    cut = next((i for i, s in enumerate(segs) if i and s.line_start), len(segs))
    line = segs[:cut]
    if any(s.kind not in ("text", "ed") for s in line):
        return False
    text = fold(" ".join(s.value for s in line if s.kind == "text"))
    more = cut < len(segs) or any(isinstance(c, Tree) and c.data in ("part", "notes") for c in tree.children)
    return bool(text) and len(text) < 300 and not _RUNS_ON.search(text) and more


_RUNS_ON = lazy_re(r"[,:;\-–—]\s*$")

#: A dash closing the text before a sanction verb (searched up to the verb's start).
_DASH_BEFORE = lazy_re(r"[-–—][ \t\u00a0]*(?:\n[ \t\u00a0]*){0,3}\Z")


def _implicit_parts(segs: list[_Seg]) -> list[list[_Seg]]:
    """Cut an article without numbered parts into its paragraphs-as-parts.

    Codes such as Uzbekistan's write parts as unnumbered paragraphs, each closed by its
    own sanction (``… – наказывается …. / Те же действия … – наказываются …``).  A new
    part starts on a line after a sanction whose last sentence has ended.
    """
    groups: list[list[_Seg]] = [[]]
    seen_sanction = False
    last = ""
    for seg in segs:
        if (
            seg.line_start
            and seg.kind == "text"
            and seen_sanction
            and last.rstrip().endswith((".", ";"))
            and groups[-1]
        ):
            groups.append([])
            seen_sanction = False
        groups[-1].append(seg)
        if seg.kind == "sanction":
            seen_sanction = True
        if seg.kind != "ed":
            last = seg.value
    return [g for g in groups if g]


def _is_first_label(label: str) -> bool:
    return label in ("а", "a", "1")


_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"  # Russian item lettering skips ё and й
_EN_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _follows(prev: str | None, label: str) -> bool:
    """Whether ``label`` is the item label right after ``prev`` (``а``→``б``, ``и``→``к``, ``3``→``4``)."""
    if prev is None:
        return False
    base = prev.split(".")[0]
    if base.isdigit() and label.isdigit():
        return int(label) == int(base) + 1
    if label.startswith(base + ".") or label == base:
        return label != prev
    for alphabet in (_RU_LETTERS, _EN_LETTERS):
        if base in alphabet and label in alphabet:
            return alphabet.index(label) == alphabet.index(base) + 1
    return False


_REF_WORDS = lazy_re(r'"[^"\s]{1,6}"|«[^»\s]{1,6}»|“[^”\s]{1,6}”|\([^()\s]{1,4}\)|\w+(?:-\w+)?|[,–—-]')


def _reference_list(before: str, lang: str) -> tuple[list[int], list[tuple[int, str]]]:
    """The parts and points named just before ``настоящей статьи``.

    ``before`` is the text up to the hint.  Its tokens are read backwards as long as they
    can belong to a reference list (part and point words, ordinals, digits, quoted labels,
    joiners, commas, dashes), then forwards: numbers after a part word are parts (dashes
    make ranges); labels after a point word wait for the part named next (``пунктами "а"
    и "б" части пятой``).  Linear in the length of ``before``.
    """
    data = langdata.LANGUAGES[lang]
    tokens = _REF_WORDS.findall(before)
    start = len(tokens)
    while start > 0:
        tok = tokens[start - 1].lower()
        if not (
            tok in ",–—-"
            or tok in data.reference_joiners
            or tok[0] in "\"«“("
            or tok.isdigit()
            or tok.startswith(data.part_stems)
            or tok.startswith(data.point_stems)
            or _ref_number(tok, lang) is not None
        ):
            break
        start -= 1
    parts: list[int] = []
    points: list[tuple[int, str]] = []
    pending: list[str] = []
    before_part: list[int] = []  # ``the first or second part``: numbers waiting for their noun
    mode: str | None = None
    dash = False

    def add(value: int) -> None:
        nonlocal dash
        if dash and parts and value > parts[-1] and value - parts[-1] < 50:
            parts.extend(range(parts[-1] + 1, value + 1))
        else:
            parts.append(value)
        dash = False

    for raw in tokens[start:]:
        tok = raw.lower()
        if tok.startswith(data.point_stems):
            mode, dash = "point", False
            continue
        if tok.startswith(data.part_stems):
            for waiting in before_part:
                add(waiting)
            before_part = []
            mode, dash = "part", False
            continue
        if tok in "–—-":
            dash = True
            continue
        if tok == "," or tok in data.reference_joiners:
            continue
        if mode == "point":
            pending.append(raw.strip("\"«»“”()"))
            continue
        number = _ref_number(tok, lang)
        if number is None:
            continue
        if mode != "part":
            if data.numbers_before_part:
                before_part.append(number)
            continue
        add(number)
        if pending:
            points.extend((number, label) for label in pending)
            pending = []
    return parts, points


def _ref_number(tok: str, lang: str) -> int | None:
    """A part number in a reference: digits, an ordinal, or a small cardinal (``parts one or two``)."""
    if tok.isdigit():
        return int(tok) if len(tok) <= 3 else None
    value = numbers.ordinal(tok, lang)
    if value is None and tok.isalpha():
        card = numbers.cardinal([tok], lang)
        value = int(card) if isinstance(card, int) and 0 < card < 100 else None
    return value


def extract_laws(text: str) -> tuple[LawRef, ...]:
    """The laws an annotation cites: each law number with the date written before it."""
    laws: list[LawRef] = []
    dates = [(m.start(), _iso(m)) for m in langdata.LAW_DATE.finditer(text)]
    used: set[int] = set()
    for m in langdata.LAW_NUMBER.finditer(text):
        date = None
        for pos, iso in reversed(dates):
            if pos < m.start() and pos not in used:
                date = iso
                used.add(pos)
                break
        laws.append(LawRef(date=date, number=m.group("num")))
    for pos, iso in dates:
        if pos not in used:
            laws.append(LawRef(date=iso, number=None))
    return tuple(laws)


def _iso(m: re.Match[str]) -> str | None:
    if m.group("d"):
        d, mo, y = int(m.group("d")), int(m.group("m")), int(m.group("y"))
    else:
        mon = langdata.month_number(m.group("mname"))
        if mon is None:
            return None
        d, mo, y = int(m.group("d2")), mon, int(m.group("y2"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _error_pos(exc: Exception) -> int:
    if isinstance(exc, UnexpectedInput):
        pos = getattr(exc, "pos_in_stream", None)
        if pos is None and isinstance(exc, UnexpectedToken):
            pos = exc.token.start_pos
        return int(pos or 0)
    return 0


def _short(exc: Exception) -> str:
    if isinstance(exc, UnexpectedToken):
        expected = sorted(exc.expected)[:8]
        return f"unexpected {exc.token.type} {exc.token.value!r}; expected one of {', '.join(expected)}"
    if isinstance(exc, UnexpectedCharacters):
        allowed = sorted(exc.allowed or ())[:8]
        return f"unexpected text {exc.char!r}; expected one of {', '.join(allowed)}"
    return str(exc).splitlines()[0][:200]


# --------------------------------------------------------------------------- sanctions
_KINDS = {
    "IMPRISONMENT": "imprisonment",
    "LIFE_IMPRISONMENT": "life_imprisonment",
    "DEATH_PENALTY": "death_penalty",
    "FINE": "fine",
    "CORRECTIONAL_LABOR": "correctional_labor",
    "FORCED_LABOR": "forced_labor",
    "COMPULSORY_WORK": "compulsory_work",
    "COMMUNITY_SERVICE": "community_service",
    "RESTRICTION_OF_LIBERTY": "restriction_of_liberty",
    "ARREST": "arrest",
    "DEPRIVATION_OF_RIGHT": "deprivation_of_right",
    "CONFISCATION": "confiscation",
    "EXPULSION": "expulsion",
    "RESTRICTION_OF_MILITARY_SERVICE": "restriction_of_military_service",
    "DISCIPLINARY_MILITARY_UNIT": "disciplinary_military_unit",
}


@attrs.define
class _Measure:
    min: Quantity | None = None
    max: Quantity | None = None
    same: str | None = None  # "term" | "amount": repeat the previous alternative's range
    income: bool = False
    span: tuple[int, int] | None = None


@attrs.define
class SanctionReader:
    """Reads one sanction clause (verb included) into penalties, recovering per alternative."""

    clause: str
    base: int
    lang: str
    sink: DiagnosticSink

    def read(self) -> tuple[Penalty, ...] | None:
        """The penalties, or None when not even one alternative could be read."""
        parser = sanction_parser(self.lang)
        try:
            tree = parser.parse(self.clause, start="sanction")
            return self._resolve(self._alts(tree))
        except LarkError as exc:
            first_error = exc
        return self._recover(first_error)

    def _recover(self, exc: LarkError) -> tuple[Penalty, ...] | None:
        verb = re.match(
            r"\s*(?:наказыва(?:е|ю)тся|карае?тся|караются|влеч(?:е|ё)т(?:\s+за\s+собой)?|влекут(?:\s+за\s+собой)?"
            r"|shall\s+be\s+\w+|(?:is|are)\s+punish\w+|shall\s+entail|entails?)(?:\s+by\b)?",
            self.clause,
            re.I,
        )
        pos = verb.end() if verb else 0
        pieces: list[tuple[int, int]] = []
        for m in _alternative_split(self.lang).finditer(self.clause, pos):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, len(self.clause)))
        parser = sanction_parser(self.lang)
        alts: list[tuple[Penalty, _Measure]] = []
        for a, b in pieces:
            piece = self.clause[a:b]
            if not piece.strip(" .,;"):
                continue
            sub = SanctionReader(piece, self.base + a, self.lang, self.sink)
            try:
                tree = parser.parse(piece, start="alternative")
            except LarkError as e:
                where = a + _error_pos(e)
                self.sink(
                    "warning",
                    "unparsed-sanction",
                    self.base + where,
                    self.base + b,
                    f"sanction text not understood: {fold(self.clause[where:b])[:120]!r} ({_short(e)})",
                )
                # Keep what could be read before the error (``… лет, а в случаях …``).
                tree = None
                if where > a:
                    try:
                        tree = parser.parse(piece[: where - a], start="alternative")
                    except LarkError:
                        tree = None
            if tree is not None:
                found = sub._alts(tree, condition=alts[-1][0].condition if alts else None)
                if not alts and found and not any(p.kind for p, _ in found):
                    continue  # a bare number before unreadable text is no penalty (``4) по делам …``)
                alts.extend(found)
        if not alts:
            return None
        return self._resolve(alts)

    # -- tree -> values
    def _alts(self, tree: Tree[Token], condition: str | None = None) -> list[tuple[Penalty, _Measure]]:
        """The alternatives of a ``sanction``/``alternative`` tree.

        A ``condition`` (``а в военное время -``) applies to the alternatives after it.
        """
        out: list[tuple[Penalty, _Measure]] = []
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data == "condition":
                tok = child.children[0]
                assert isinstance(tok, Token)
                condition = fold(tok.value).strip(" ,;-–—")
                condition = _CONDITION_LEAD.sub("", condition)
                continue
            if child.data in ("addon_with", "addon_optional"):
                # add-ons that apply only under the condition: attach to the alternative before
                add = attrs.evolve(self._addon(child), condition=condition)
                if out:
                    pen, measure = out[-1]
                    out[-1] = (attrs.evolve(pen, additional=(*pen.additional, add)), measure)
                continue
            pen, measure = self._alt(child)
            out.append((attrs.evolve(pen, condition=condition), measure))
        return out

    def _alt(self, tree: Tree[Token]) -> tuple[Penalty, _Measure]:
        kind: str | None = None
        subject: str | None = None
        measure = _Measure()
        addons: list[Additional] = []
        floor: Quantity | None = None
        ceiling: Quantity | None = None
        per: str | None = None
        increase: Quantity | None = None
        first = _first_pos(tree)
        last = _last_pos(tree)
        for child in tree.children:
            if not isinstance(child, Tree):
                continue
            if child.data == "subject":
                subject = self._subject(child)
            elif child.data in ("penalty", "penalty_after"):
                for c in child.children:
                    if isinstance(c, Tree) and c.data == "kind":
                        kind = _kind(c)
                    elif isinstance(c, Tree) and c.data == "subject":
                        subject = self._subject(c)
                    elif isinstance(c, Tree) and c.data == "term_first":
                        measure = self._measure(c.children[0])  # type: ignore[arg-type]
                    elif isinstance(c, Tree) and c.data == "echo":
                        echoed = _kind(c.children[0])  # type: ignore[arg-type]
                        if echoed != kind:
                            self.sink(
                                "warning",
                                "unparsed-sanction",
                                self.base + (_first_pos(c) or 0),
                                self.base + (_last_pos(c) or 0),
                                f"a second penalty kind after the term: {echoed} after {kind}",
                            )
                    elif isinstance(c, Tree):
                        measure = self._measure(c)
            elif child.data in ("addon_with", "addon_optional"):
                addons.append(self._addon(child))
            elif child.data == "per":
                per = fold(str(child.children[0]))
            elif child.data == "increase":
                bounds = [self._bound(c) for c in child.children if isinstance(c, Tree)]
                increase = bounds[0] if bounds else None
            elif child.data == "limit":
                word = child.children[0]
                of_what = [c for c in child.children if isinstance(c, Tree) and c.data == "of_what"]
                bounds = [
                    self._measure(c).max if c.data == "once" else self._bound(c)
                    for c in child.children
                    if isinstance(c, Tree) and c.data != "of_what"
                ]
                if of_what:
                    of = self._of_what(of_what[0])
                    bounds = [None if b is None else attrs.evolve(b, of=of) for b in bounds]
                if bounds and _CEILING.search(str(word)):
                    ceiling = bounds[0]
                elif bounds:
                    floor = bounds[0]
            else:
                measure = self._measure(child)
        if tree.data == "alt_amount":
            kind = None  # inherited from the previous alternative
        span = Span(self.base + first, self.base + last) if first is not None and last is not None else None
        pen = Penalty(
            kind=kind or "",
            min=measure.min,
            max=measure.max,
            subject=subject,
            additional=tuple(addons),
            span=span,
            not_less_than=floor,
            not_more_than=ceiling,
            per=per,
            increase=increase,
        )
        return pen, measure

    def _subject(self, tree: Tree[Token]) -> str | None:
        """The subject a phrase names; several (``на индивидуального предпринимателя или
        юридическое лицо``) are joined with ``+`` and split into one penalty each by ``_resolve``."""
        tok = tree.children[0]
        assert isinstance(tok, Token)
        qualifier = vocab.find_all(self.lang, "subject_qualifier", tok.value)
        if qualifier:
            return qualifier[0]
        found = vocab.find_all(self.lang, "subject", tok.value)
        if found:
            return "+".join(found)
        return fold(tok.value)

    def _addon(self, tree: Tree[Token]) -> Additional:
        kind = "confiscation"
        measure = _Measure()
        optional = tree.data == "addon_optional"
        detail: str | None = None
        life = False
        shared = False
        for c in tree.children:
            if isinstance(c, Token) and c.type == "OR_WITHOUT":
                optional = True
            elif isinstance(c, Token) and c.type == "WITH":
                shared = c.value.lstrip().startswith(",")
            elif isinstance(c, Tree) and c.data == "kind":
                kind = _kind(c)
                if kind == "deprivation_of_right":
                    tok = c.children[0]
                    assert isinstance(tok, Token)
                    life = bool(_LIFE.match(tok.value))
                    detail = fold(_LIFE_WORD.sub("", tok.value))
                    detail = fold(_FIRST_WORD.sub("", detail))
            elif isinstance(c, Tree) and measure.max is None and measure.min is None:
                measure = self._measure(c)
        first, last = _first_pos(tree), _last_pos(tree)
        span = Span(self.base + first, self.base + last) if first is not None and last is not None else None
        return Additional(
            kind=kind,
            mode="optional" if optional else "mandatory",
            max=measure.max,
            min=measure.min,
            span=span,
            detail=detail,
            life=life,
            shared=shared,
        )

    def _measure(self, tree: Tree[Token]) -> _Measure:
        if tree.data == "same_term":
            return _Measure(same="term")
        if tree.data == "same_amount":
            return _Measure(same="amount")
        if tree.data in ("term", "amount", "income"):
            income = tree.data == "income"
            inner = _Measure()
            for c in tree.children:
                if isinstance(c, Tree):
                    inner = self._measure(c)
            if income:
                inner.income = True
                inner.min = _income_unit(inner.min)
                inner.max = _income_unit(inner.max)
            return inner
        if tree.data.startswith("multiple_"):
            return self._multiple(tree)
        if tree.data == "once":
            tok = tree.children[0]
            of = vocab.find_longest(self.lang, "multiple_of", str(tok)) or "other"
            once = Quantity(1, "multiple", of)
            return _Measure(min=once, max=once)
        if tree.data in ("between", "upto", "fixed"):
            bounds = [self._bound(c) for c in tree.children if isinstance(c, Tree) and c.data == "bound"]
            of_what = [c for c in tree.children if isinstance(c, Tree) and c.data == "of_what"]
            if of_what:
                of = self._of_what(of_what[0])
                bounds = [None if b is None else attrs.evolve(b, of=of) for b in bounds]
            if tree.data == "between" and len(bounds) == 2:
                lo, hi = bounds
                if lo is not None and hi is not None and not lo.unit and hi.unit:
                    lo = Quantity(lo.value, hi.unit)
                lo = _shared_scale(lo, hi, tree, self.lang)
                if _reversed(lo, hi):
                    self.sink(
                        "warning",
                        "range-reversed",
                        self.base + (_first_pos(tree) or 0),
                        self.base + (_last_pos(tree) or 0),
                        f"the lower bound is above the upper one: {_show_q(lo)} > {_show_q(hi)}",
                    )
                return _Measure(min=lo, max=hi)
            if tree.data == "upto" and bounds:
                return _Measure(max=bounds[0])
            if bounds:
                return _Measure(min=bounds[0], max=bounds[0])
        return _Measure()

    def _of_what(self, tree: Tree[Token]) -> str:
        """What a percentage is taken of (``от стоимости предмета …`` → ``value``)."""
        tok = tree.children[0]
        return vocab.find_longest(self.lang, "multiple_of", str(tok)) or "other"

    def _multiple(self, tree: Tree[Token]) -> _Measure:
        """``от десятикратной до пятидесятикратной суммы взятки`` → 10 to 50 multiples of a bribe.

        A multiple of a unit (``двукратного размера базовой величины``) is that many units.
        """
        toks = [c for c in tree.children if isinstance(c, Token)]
        of_tok = toks[-1]
        of_text = _MULTIPLE_OF_LEAD.sub("", fold(of_tok.value))
        unit = vocab.lookup(self.lang, "unit", of_text)
        of = None if unit else (vocab.find_longest(self.lang, "multiple_of", of_text) or "other")
        values: list[Quantity | None] = []
        for tok in toks[:-1]:
            value = _multiplier_value(tok.value, self.lang)
            if value is None:
                self.sink(
                    "warning",
                    "unparsed-number",
                    self.base + (tok.start_pos or 0),
                    self.base + (tok.end_pos or 0),
                    f"multiplier not understood: {tok.value!r}",
                )
                values.append(None)
            else:
                values.append(Quantity(value, unit) if unit else Quantity(value, "multiple", of))
        if tree.data == "multiple_between":
            return _Measure(min=values[0], max=values[1])
        if tree.data == "multiple_upto":
            return _Measure(max=values[0])
        return _Measure(min=values[0], max=values[0])

    def _bound(self, tree: Tree[Token]) -> Quantity | None:
        words: list[str] = []
        unit = ""
        for c in tree.children:
            if isinstance(c, Tree) and c.data == "number":
                words = [t.value for t in c.children if isinstance(t, Token)]
            elif isinstance(c, Tree) and c.data == "unit":
                tok = c.children[0]
                assert isinstance(tok, Token)
                unit = self._unit(tok.value)
        value = numbers.cardinal(_split_number_words(words), self.lang)
        if value is None or value > _MAX_AMOUNT:
            pos = _first_pos(tree) or 0
            shown = " ".join(words)
            shown = shown if len(shown) <= 60 else shown[:40] + f"… ({len(shown)} characters)"
            self.sink(
                "warning",
                "unparsed-number",
                self.base + pos,
                self.base + (_last_pos(tree) or pos),
                f"number not understood or out of range: {shown!r}",
            )
            return None
        return Quantity(value, unit)

    def _unit(self, word: str) -> str:
        return vocab.lookup(self.lang, "unit", word) or ""

    def _resolve(self, alts: list[tuple[Penalty, _Measure]]) -> tuple[Penalty, ...]:
        """Inherit kinds (``или в размере …``), repeat anaphoric ranges, distribute units."""
        # An add-on set off by a comma after the last of several alternatives applies to
        # all of them (``…, либо лишением свободы на тот же срок, с конфискацией имущества``).
        if len(alts) > 1:
            last_pen = alts[-1][0]
            trailing = [a for a in last_pen.additional if a.shared and a.condition is None]
            if trailing and last_pen.condition is None:
                alts = [
                    (
                        p
                        if p is last_pen or p.condition is not None
                        else attrs.evolve(p, additional=(*p.additional, *trailing)),
                        m,
                    )
                    for p, m in alts
                ]
        out: list[Penalty] = []
        prev: Penalty | None = None
        subject: str | None = None
        for pen, measure in alts:
            if not pen.kind:
                pen = attrs.evolve(pen, kind=_inherited_kind(out, pen))
            if measure.same and prev is not None:
                pen = attrs.evolve(pen, min=prev.min, max=prev.max)
            # Once a subject is named, the alternatives after it are that subject's
            # (``на индивидуального предпринимателя – …, или лишение права …``).
            if pen.subject is None and subject is not None and pen.condition is None:
                pen = attrs.evolve(pen, subject=subject)
            subject = pen.subject or subject
            # ``на индивидуального предпринимателя или юридическое лицо – …``: one penalty each
            if pen.subject and "+" in pen.subject:
                for one in pen.subject.split("+"):
                    out.append(attrs.evolve(pen, subject=one))
            else:
                out.append(pen)
            prev = pen
        # A unit written once at the end of a list of amounts applies to all of them
        # (``на физических лиц в размере тридцати, на должностных лиц - … пятидесяти … МРП``).
        unit: str | None = None
        for i in range(len(out) - 1, -1, -1):
            pen = out[i]
            u = (pen.max or pen.min).unit if (pen.max or pen.min) is not None else None  # type: ignore[union-attr]
            if u:
                unit = u
                continue
            if unit and (pen.min is not None or pen.max is not None):
                out[i] = attrs.evolve(
                    pen,
                    min=Quantity(pen.min.value, unit)
                    if pen.min is not None and not pen.min.unit
                    else pen.min,
                    max=Quantity(pen.max.value, unit)
                    if pen.max is not None and not pen.max.unit
                    else pen.max,
                )
        return tuple(self._name_missing_units(p) for p in out)

    def _name_missing_units(self, pen: Penalty) -> Penalty:
        """An amount whose unit the clause never says (``в размере ста``) gets the unit
        ``unspecified`` and a diagnostic: never an empty unit, never silently."""

        reported: list[float] = []

        def fix(q: Quantity | None) -> Quantity | None:
            if q is None or q.unit:
                return q
            if q.value not in reported:
                reported.append(q.value)
                start = pen.span.start if pen.span else self.base
                end = pen.span.end if pen.span else self.base
                message = f"no unit for the amount {_show_q(q)} ({pen.kind})"
                self.sink("warning", "unit-missing", start, end, message)
            return attrs.evolve(q, unit="unspecified")

        adds = tuple(attrs.evolve(a, min=fix(a.min), max=fix(a.max)) for a in pen.additional)
        return attrs.evolve(
            pen,
            min=fix(pen.min),
            max=fix(pen.max),
            additional=adds,
            not_less_than=fix(pen.not_less_than),
            not_more_than=fix(pen.not_more_than),
            increase=fix(pen.increase),
        )


def _inherited_kind(before: list[Penalty], pen: Penalty) -> str:
    """The kind of an alternative that gives only an amount (``или в размере …``, ``а на
    юридическое лицо – до ста базовых величин``): the kind of the latest alternative
    measured in the same unit, else of the latest alternative (a fine when there is none)."""
    unit = (pen.max or pen.min).unit if (pen.max or pen.min) is not None else None  # type: ignore[union-attr]
    for p in reversed(before):
        q = p.max or p.min
        if unit and q is not None and q.unit == unit:
            return p.kind
    return before[-1].kind if before else "fine"


def _shared_scale(lo: Quantity | None, hi: Quantity | None, tree: Tree[Token], lang: str) -> Quantity | None:
    """``от трех до пяти тысяч`` means 3000 to 5000: the scale word of the upper bound
    also scales the lower one, when that keeps the lower bound below the upper."""
    if lo is None or hi is None:
        return lo
    words = [
        t.value.lower() for t in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "NUM_WORD")
    ]
    bounds = [c for c in tree.children if isinstance(c, Tree) and c.data == "bound"]
    if len(bounds) != 2:
        return lo
    lo_words = [t.value.lower() for t in bounds[0].scan_values(lambda v: isinstance(v, Token))]
    hi_words = [t.value.lower() for t in bounds[1].scan_values(lambda v: isinstance(v, Token))]
    del words
    for scale_word, factor in _SCALES:
        if any(w.startswith(scale_word) for w in hi_words) and not any(
            w.startswith(scale_word) for w in lo_words
        ):
            if lo.value * factor <= hi.value and lo.value < factor:
                return Quantity(lo.value * factor, lo.unit)
    return lo


_SCALES = (("тысяч", 1000), ("thousand", 1000), ("миллион", 1_000_000), ("million", 1_000_000))


def _split_number_words(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        out.extend(w.split())
    return out


def _income_unit(q: Quantity | None) -> Quantity | None:
    if q is None:
        return None
    if q.unit == "month":
        return Quantity(q.value, "income_month")
    if q.unit == "year":
        return Quantity(q.value, "income_year")
    return q


_MULTIPLE_OF_LEAD = lazy_re(r"^(?:размер\w*|of)\s+")
_MULTIPLIER_STEM = lazy_re(r"(?i)^(?:в\s+)?(.*?)-?(?:кратн\w*|fold|\s+times)(?:\s+размере)?$")


def _multiplier_value(word: str, lang: str) -> float | None:
    """``десятикратной`` → 10, ``двукратном размере`` → 2, ``10-кратного`` → 10, ``tenfold`` → 10."""
    m = _MULTIPLIER_STEM.match(fold(word))
    if m is None:
        return None
    stem = m.group(1).lower()
    if stem.isdigit():
        return int(stem)
    table = vocab.lookup(lang, "multiplier", stem)
    if table is not None:
        return float(table) if "." in table else int(table)
    value = numbers.cardinal([stem], lang)
    if value is None:
        # compound stems (``двадцатипяти``) are written as one word
        for cut in range(2, len(stem) - 1):
            head, tail = numbers.cardinal([stem[:cut]], lang), numbers.cardinal([stem[cut:]], lang)
            if head is not None and tail is not None:
                value = head + tail
                break
    return value


def _kind(tree: Tree[Token]) -> str:
    tok = tree.children[0]
    assert isinstance(tok, Token)
    return _KINDS.get(tok.type, tok.type.lower())


def _first_pos(tree: Tree[Token]) -> int | None:
    node: Tree[Token] | Token = tree
    while isinstance(node, Tree):
        if not node.children:
            return None
        node = node.children[0]
    return int(node.start_pos or 0)


def _last_pos(tree: Tree[Token]) -> int | None:
    node: Tree[Token] | Token = tree
    while isinstance(node, Tree):
        if not node.children:
            return None
        node = node.children[-1]
    return int(node.end_pos or 0)


def debug_trees(doc: Any) -> str:
    """The parse trees behind a document (``statuteparse parse --stage tree``): per article the
    block tree of ``article.lark``, then the tree of each sanction clause from ``sanction.lark``.
    """
    out: list[str] = []
    for art in doc.articles:
        chunk = doc.text[art.span.start : art.span.end] + "\n"
        out.append(f"== article {art.number or '?'} (offset {art.span.start})")
        try:
            out.append(article_parser().parse(chunk).pretty())
        except LarkError as exc:
            out.append(f"(not parsed: {_short(exc)})")
        for part in art.parts:
            if part.sanction is None:
                continue
            out.append(f"-- sanction of part {part.number if part.number is not None else '-'}")
            clause = " ".join(doc.text[part.sanction.span.start : part.sanction.span.end].split())
            try:
                out.append(sanction_parser(art.language).parse(clause, start="sanction").pretty())
            except LarkError as exc:
                out.append(f"(not parsed as a whole: {_short(exc)})")
    return "\n".join(out) + "\n"


def line_starts_of(text: str) -> list[int]:
    """The offset at which each line of ``text`` starts (for line and column numbers)."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    return starts


def make_sink(
    text: str, diagnostics: list[Diagnostic], line_starts: list[int] | None = None
) -> DiagnosticSink:
    """A diagnostic sink that computes line and column from absolute offsets in ``text``.

    ``line_starts`` (from :func:`line_starts_of`) saves recomputing them for each sink
    over the same text.
    """
    import bisect

    if line_starts is None:
        line_starts = line_starts_of(text)

    def sink(severity: str, code: str, start: int, end: int, message: str) -> None:
        line = bisect.bisect_right(line_starts, start)
        column = start - line_starts[line - 1] + 1
        diagnostics.append(
            Diagnostic(
                severity=severity,  # type: ignore[arg-type]
                code=code,
                message=message,
                span=Span(start, max(start, end)),
                line=line,
                column=column,
            )
        )

    return sink
